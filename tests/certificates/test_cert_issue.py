"""Batch issuing: idempotent re-runs, crash and resume, revocation, badges."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from certhelpers import make_decisions
from pypdf import PdfReader

from promtour.certificates import CertificateError, issue_batch, list_certificates, revoke, tokens, verify
from promtour.certificates.issue import issue_decisions
from promtour.certificates.keys import load_public_key
from promtour.fsutil import TMP_SUFFIX

HERE = Path(__file__).parent


def pdfs(cfg):
    return sorted(p.name for p in cfg.issued_dir.glob("*.pdf"))


def test_issue_then_rerun_issues_nothing(course):
    rep = issue_batch(course.cfg, course.url)
    assert [i.learner_id for i in rep.issued] == ["s001", "s002", "s003"]
    assert [i.serial for i in rep.issued] == [f"PT-{i.serial[3:7]}-00000{n}" for n, i in enumerate(rep.issued, 1)]
    assert pdfs(course.cfg) == [f"{i.serial}.pdf" for i in rep.issued]
    again = issue_batch(course.cfg, course.url)
    assert again.issued == [] and len(again.already) == 3
    assert pdfs(course.cfg) == [f"{i.serial}.pdf" for i in rep.issued]
    records = list_certificates(course.cfg)
    assert len(records) == 3 and len({r.file_sha256 for r in records}) == 3


def test_new_learner_qualifies_later(course):
    issue_batch(course.cfg, course.url)
    course.gb.submit("s004", "m06-promotion", 90.0)
    rep = issue_batch(course.cfg, course.url)
    assert [(i.learner_id, i.serial[-6:]) for i in rep.issued] == [("s004", "000004")]


def test_registry_row_matches_files(course):
    rep = issue_batch(course.cfg, course.url)
    rec = list_certificates(course.cfg)[2]
    assert rec.learner_id == "s003" and rec.distinction and rec.result == pytest.approx(95.0)
    assert rec.full_name == "Римская-Корсакова Анастасия-Мария Константиновна"
    assert rec.payload_sha256 == tokens.payload_hash(rec.token)
    payload = tokens.verify(rec.token, load_public_key(course.cfg))
    assert payload["n"] == rec.full_name and payload["x"] == 1 and payload["r"] == 95
    import hashlib

    assert hashlib.sha256(rep.issued[2].path.read_bytes()).hexdigest() == rec.file_sha256


def test_pool_batch_gives_unique_serials_in_order(keyed_cfg):
    rep = issue_decisions(keyed_cfg, make_decisions(40), workers=2)
    serials = [i.serial for i in rep.issued]
    assert len(serials) == 40 and serials == sorted(serials) and len(set(serials)) == 40
    assert len(pdfs(keyed_cfg)) == 40
    assert all(verify(keyed_cfg, p).ok for p in sorted(keyed_cfg.issued_dir.glob("*.pdf"))[::13])


CRASH = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {here!r})
    from certhelpers import make_decisions
    from promtour.certificates import load_config
    from promtour import fsutil
    from promtour.certificates import issue
    from promtour.certificates.registry import Registry
    cfg = load_config({config!r}).with_paths({base!r})
    mode, k = sys.argv[1], int(sys.argv[2])
    if mode == "after-record":          # die right after the k-th registry commit
        real = Registry.add
        def add(self, rec, n=[0]):
            real(self, rec)
            n[0] += 1
            if n[0] == k:
                os._exit(3)
        Registry.add = add
    else:                               # die while writing the k-th PDF (temp file half written)
        real_write = fsutil.atomic_write_bytes
        def write(path, data, mode=0o644, n=[0]):
            n[0] += 1
            if n[0] == k:
                tmp = path.with_name("." + path.name + ".xyz" + fsutil.TMP_SUFFIX)
                tmp.write_bytes(data[: len(data) // 2])
                os._exit(3)
            real_write(path, data, mode)
        issue.atomic_write_bytes = write
    issue.issue_decisions(cfg, make_decisions(30), workers=int(sys.argv[3]))
""")


def crash(cfg, mode: str, k: int, workers: int) -> int:
    script = CRASH.format(here=str(HERE), config=str(cfg.source), base=str(cfg.registry_path.parent))
    return subprocess.run([sys.executable, "-c", script, mode, str(k), str(workers)], timeout=300).returncode


@pytest.mark.parametrize("workers", [1, 2])
def test_crash_after_some_records_then_resume(keyed_cfg, workers):
    assert crash(keyed_cfg, "after-record", 12, workers) == 3
    assert len(list_certificates(keyed_cfg)) == 12
    rep = issue_decisions(keyed_cfg, make_decisions(30), workers=workers)
    assert len(rep.issued) == 18 and len(rep.already) == 12
    records = list_certificates(keyed_cfg)
    assert [r.seq for r in records] == list(range(1, 31))
    assert sorted(r.learner_id for r in records) == [f"t{i:04d}" for i in range(30)]  # each exactly once
    assert pdfs(keyed_cfg) == sorted(f"{r.serial}.pdf" for r in records)  # no orphans left
    for r in records[10:14]:
        assert verify(keyed_cfg, keyed_cfg.issued_dir / r.file_name).ok


def test_crash_mid_write_leaves_no_half_pdf(keyed_cfg):
    assert crash(keyed_cfg, "mid-write", 5, 1) == 3
    done = list_certificates(keyed_cfg)
    assert len(done) == 4
    assert pdfs(keyed_cfg) == [f"{r.serial}.pdf" for r in done]  # the 5th has no PDF at all
    for p in keyed_cfg.issued_dir.glob("*.pdf"):
        PdfReader(p)  # every PDF on disk is complete
    assert list(keyed_cfg.issued_dir.glob(f".*{TMP_SUFFIX}"))  # only a hidden temp file
    rep = issue_decisions(keyed_cfg, make_decisions(30), workers=1)
    assert len(rep.issued) == 26 and rep.cleaned
    assert not list(keyed_cfg.issued_dir.glob(f".*{TMP_SUFFIX}"))
    assert len(pdfs(keyed_cfg)) == 30


def test_orphan_file_from_unrecorded_certificate_is_removed(keyed_cfg):
    keyed_cfg.issued_dir.mkdir(parents=True)
    orphan = keyed_cfg.issued_dir / "PT-2026-000001.pdf"
    orphan.write_bytes(b"%PDF-1.4 unfinished business")
    other = keyed_cfg.issued_dir / "notes.txt"
    other.write_text("организатор оставил заметку")
    rep = issue_decisions(keyed_cfg, make_decisions(2), workers=1)
    assert orphan in rep.cleaned and other.exists()
    assert PdfReader(orphan).metadata["/Keywords"]  # replaced by the real certificate


def test_revoked_learner_is_not_reissued_unless_asked(course):
    first = issue_batch(course.cfg, course.url).issued[0]
    revoke(course.cfg, first.serial, "ошибка в ФИО")
    rep = issue_batch(course.cfg, course.url)
    assert rep.issued == [] and rep.held_revoked == ["s001"]
    rep = issue_batch(course.cfg, course.url, reissue_revoked=True)
    assert [i.learner_id for i in rep.issued] == ["s001"] and rep.issued[0].serial != first.serial
    assert verify(course.cfg, first.path).status == "revoked"
    assert verify(course.cfg, rep.issued[0].path).ok


def test_revoke_errors(course):
    serial = issue_batch(course.cfg, course.url).issued[0].serial
    with pytest.raises(CertificateError, match="причину"):
        revoke(course.cfg, serial, "  ")
    with pytest.raises(CertificateError, match="нет сертификата"):
        revoke(course.cfg, "PT-2026-999999", "нет такого")
    revoke(course.cfg, serial, "дубликат")
    with pytest.raises(CertificateError, match="уже отозван"):
        revoke(course.cfg, serial, "ещё раз")


def test_batch_needs_keys(cfg, gradebook):
    with pytest.raises(CertificateError, match="promtour cert init"):
        issue_batch(cfg, gradebook.url)


def test_second_batch_at_once_is_refused(keyed_cfg):
    import fcntl

    lock = keyed_cfg.registry_path.with_name(keyed_cfg.registry_path.name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(CertificateError, match="другом процессе"):
            issue_decisions(keyed_cfg, make_decisions(1), workers=1)


def test_open_badges_credential(course):
    rep = issue_batch(course.cfg, course.url, badges_too=True)
    item = rep.issued[2]
    cred = json.loads((course.cfg.issued_dir / f"{item.serial}.ob3.json").read_text(encoding="utf-8"))
    assert "OpenBadgeCredential" in cred["type"]
    assert cred["credentialSubject"]["achievement"]["name"] == course.cfg.course_title
    names = [i["identityHash"] for i in cred["credentialSubject"]["identifier"] if i["identityType"] == "name"]
    assert names == ["Римская-Корсакова Анастасия-Мария Константиновна"]
    jwt_text = (course.cfg.issued_dir / f"{item.serial}.ob3.jwt").read_text()
    # an independent JOSE library (PyJWT) verifies it with the key the did:key in its header names
    import jwt

    from promtour.certificates.badges import did_key, public_of_did

    header = jwt.get_unverified_header(jwt_text)
    did = did_key(load_public_key(course.cfg))
    assert header["alg"] == "EdDSA" and header["kid"].split("#")[0] == did
    claims = jwt.decode(jwt_text, public_of_did(header["kid"]), algorithms=["EdDSA"])
    assert claims["iss"] == did == cred["issuer"]["id"] and claims["vc"] == cred
    assert claims["jti"] == cred["id"] and claims["sub"] == cred["credentialSubject"]["id"]
    assert claims["nbf"] <= time.time()
    # and the kit's own verifier reads the .ob3.jwt too
    v = verify(course.cfg, str(course.cfg.issued_dir / f"{item.serial}.ob3.jwt"))
    assert v.status == "valid" and v.serial == item.serial
