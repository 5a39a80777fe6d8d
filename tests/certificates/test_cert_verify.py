"""Verification: valid, revoked, tampered, unknown — from a PDF, a token, a URL or a serial."""

from __future__ import annotations

import dataclasses
import json

import pytest
from pypdf import PdfReader, PdfWriter

from promtour.certificates import CertificateError, issue_batch, revoke, tokens, verify
from promtour.certificates.keys import init_keys
from promtour.certificates.registry import Registry
from promtour.certificates.render import CertificateData, Layout, Renderer


@pytest.fixture
def issued(course):
    rep = issue_batch(course.cfg, course.url)
    return course.cfg, {i.learner_id: i for i in rep.issued}


def record(cfg, serial):
    with Registry(cfg.registry_path) as reg:
        return reg.get(serial)


def test_pdf_text_contains_exact_cyrillic_name(issued):
    cfg, items = issued
    for lid, name in [("s001", "Иванова Мария Петровна"), ("s003", "Римская-Корсакова Анастасия-Мария Константиновна")]:
        text = PdfReader(items[lid].path).pages[0].extract_text()
        assert name in text.splitlines()  # on one line, exactly
        assert items[lid].serial in text and "Специалист по организации промышленного туризма" in text


def test_valid_by_pdf_token_url_and_serial(issued):
    cfg, items = issued
    item = items["s002"]
    tok = record(cfg, item.serial).token
    for target in (item.path, tok, f"https://verify.example.org/c?t={tok}", item.serial, item.serial.lower()):
        v = verify(cfg, target)
        assert v.status == "valid", (target, v.details)
        assert v.serial == item.serial
    assert verify(cfg, item.path).payload["n"] == "Петров Илья Сергеевич"


def test_one_changed_character_in_payload_is_tampered(issued):
    cfg, items = issued
    tok = record(cfg, items["s001"].serial).token
    head, body, sig = tok.split(".")
    payload = json.loads(tokens.b64d(body))
    payload["n"] = payload["n"].replace("Мария", "Марин")  # one letter
    forged = f"{head}.{tokens.b64e(tokens.canonical_json(payload))}.{sig}"
    assert verify(cfg, forged).status == "tampered"
    flipped = tok[:30] + ("A" if tok[30] != "A" else "B") + tok[31:]  # one character of the raw token
    assert verify(cfg, flipped).status == "tampered"
    assert verify(cfg, tok[:-2] + ("AA" if tok[-2:] != "AA" else "BA")).status == "tampered"


def test_one_changed_character_in_pdf_name_is_tampered(issued, tmp_path):
    """Same signed token, but the name printed in the PDF differs by one letter."""
    cfg, items = issued
    item = items["s001"]
    rec = record(cfg, item.serial)
    payload = tokens.decode(rec.token)
    data = CertificateData(
        item.serial,
        "Иванова Мария Пеьровна",
        "Петровна",
        __import__("datetime").date.fromisoformat(payload["d"]),
        80.0,
        False,
        (80.0,) * 6,
        rec.token,
        rec.token,
    )
    fake = tmp_path / "certificate.pdf"
    fake.write_bytes(Renderer(Layout.from_config(cfg)).render(data))
    v = verify(cfg, fake)
    assert v.status == "tampered" and "имя в документе" in " ".join(v.details)
    assert verify(cfg, fake, use_registry=False).status == "tampered"  # offline too


def test_pdf_token_swapped_or_edited_is_tampered(issued, tmp_path):
    cfg, items = issued
    src = items["s001"].path
    other = record(cfg, items["s002"].serial).token
    for name, tok in [("swapped.pdf", other), ("edited.pdf", other[:40] + "x" + other[41:])]:
        w = PdfWriter(clone_from=src)
        w.add_metadata({"/Keywords": tok})
        out = tmp_path / name
        with open(out, "wb") as fh:
            w.write(fh)
        assert verify(cfg, out).status == "tampered", name


def test_renamed_to_another_serial_is_tampered(issued, tmp_path):
    cfg, items = issued
    fake = tmp_path / f"{items['s002'].serial}.pdf"
    fake.write_bytes(items["s001"].path.read_bytes())
    assert verify(cfg, fake).status == "tampered"
    ok = tmp_path / "Иванова — сертификат.pdf"  # any other name is fine
    ok.write_bytes(items["s001"].path.read_bytes())
    assert verify(cfg, ok).ok


def test_changed_bytes_fail_against_registry_but_signature_alone_passes(issued, tmp_path):
    cfg, items = issued
    w = PdfWriter(clone_from=items["s001"].path)
    w.add_metadata({"/Producer": "кто-то пересохранил"})
    out = tmp_path / "resaved.pdf"
    with open(out, "wb") as fh:
        w.write(fh)
    v = verify(cfg, out)
    assert v.status == "tampered" and "хеш" in " ".join(v.details)
    assert verify(cfg, out, use_registry=False).status == "valid"


def test_garbage_pdf(issued, tmp_path):
    cfg, _ = issued
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really")
    assert verify(cfg, bad).status in ("tampered", "unknown")
    plain = tmp_path / "plain.pdf"
    w = PdfWriter()
    w.add_blank_page(100, 100)
    with open(plain, "wb") as fh:
        w.write(fh)
    assert verify(cfg, plain).status == "unknown"


def test_revoked(issued):
    cfg, items = issued
    item = items["s003"]
    revoke(cfg, item.serial, "ошибка в ФИО")
    for target in (item.path, item.serial, record(cfg, item.serial).token):
        v = verify(cfg, target)
        assert v.status == "revoked" and "ошибка в ФИО" in " ".join(v.details)


def test_unknown_serial_and_unregistered_token(issued):
    cfg, items = issued
    assert verify(cfg, "PT-2026-000999").status == "unknown"
    # validly signed, but never recorded (e.g. a crash before the registry commit)
    from promtour.certificates.keys import load_private_key

    payload = dict(tokens.decode(record(cfg, items["s001"].serial).token), s="PT-2026-000777")
    tok = tokens.sign(payload, load_private_key(cfg), payload["k"])
    assert verify(cfg, tok).status == "unknown"
    assert verify(cfg, tok, use_registry=False).status == "valid"


def test_signed_with_another_key(issued, tmp_path):
    """Is a token signed with a foreign key refused: "key unknown" when it names that key,
    "tampered" when it claims the issuer's key id?"""
    cfg, items = issued
    other = dataclasses.replace(cfg).with_paths(tmp_path / "other")
    info = init_keys(other)
    from promtour.certificates.keys import load_private_key

    payload = tokens.decode(record(cfg, items["s001"].serial).token)
    foreign = verify(cfg, tokens.sign({**payload, "k": info.key_id}, load_private_key(other), info.key_id))
    assert foreign.status == "unknown" and "неизвестен" in foreign.details[0]
    assert verify(cfg, tokens.sign(payload, load_private_key(other), payload["k"])).status == "tampered"


def test_offline_without_registry(issued, tmp_path):
    cfg, items = issued
    offline = cfg.replace(registry_path=tmp_path / "absent.db")
    v = verify(offline, items["s001"].path)
    assert v.status == "valid" and "только подпись" in " ".join(v.details)
    assert verify(offline, items["s001"].serial).status == "unknown"


def test_nonsense_target_is_a_clear_error(issued):
    cfg, _ = issued
    with pytest.raises(CertificateError, match="Не понимаю"):
        verify(cfg, "привет")
