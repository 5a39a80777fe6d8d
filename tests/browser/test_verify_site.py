"""The static verification page in a real browser: valid, tampered (one character), revoked and
unknown-key tokens; a stale revocation list; a phone-size screenshot. Served on loopback."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "certificates"))  # the certificate tests' helpers
from certhelpers import LEARNERS, GradebookBuilder, put_roster
from lab_helpers import needs_system

from promtour.certificates import issue_batch, load_config, revoke, tokens
from promtour.certificates.keys import init_keys, load_private_key
from promtour.certificates.site import build_site

SHOTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Three issued certificates (one then revoked), the site built and served on 127.0.0.1."""
    from certhelpers import REPO

    root = tmp_path_factory.mktemp("site")
    cfg = load_config(REPO / "certificates" / "config.toml").with_paths(root / "certs")
    init_keys(cfg)
    put_roster(cfg)
    gb = GradebookBuilder(f"sqlite:///{root / 'gradebook.db'}")
    for learner in LEARNERS[:3]:
        gb.complete(learner.learner_id, 90.0)
    issued = {i.learner_id: i for i in issue_batch(cfg, gb.url).issued}
    revoke(cfg, issued["s002"].serial, "ошибка в ФИО")
    out = root / "www"
    build_site(cfg, out)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield cfg, issued, f"http://127.0.0.1:{server.server_port}/", out
    finally:
        server.shutdown()


def _open(page, url: str, tok: str) -> str:
    page.goto(f"{url}#{tok}")
    page.wait_for_selector("#verdict:not([hidden])")
    return page.inner_text("#verdict")


def _token(cfg, serial):
    from promtour.certificates.registry import Registry

    with Registry(cfg.registry_path, create=False) as reg:
        return reg.get(serial).token


def test_valid_certificate_shows_its_data(page, site):
    cfg, issued, url, _ = site
    tok = _token(cfg, issued["s001"].serial)
    assert "Действителен" in _open(page, url, tok)
    fields = page.inner_text("#fields")
    assert "Иванова Мария Петровна" in fields and "72 академических часов" in fields
    assert issued["s001"].serial in fields and "90 %" in fields
    assert page.is_hidden("#revocation-note")


def test_one_changed_character_is_tampered(page, site):
    cfg, issued, url, _ = site
    tok = _token(cfg, issued["s001"].serial)
    head, body, sig = tok.split(".")
    i = len(body) // 2
    forged = f"{head}.{body[:i]}{'A' if body[i] != 'A' else 'B'}{body[i + 1 :]}.{sig}"
    assert "Подделан" in _open(page, url, forged)
    assert page.is_hidden("#fields")


def test_revoked_certificate_says_when_and_why(page, site):
    cfg, issued, url, _ = site
    text = _open(page, url, _token(cfg, issued["s002"].serial))
    assert "Отозван" in text and "ошибка в ФИО" in text


def test_foreign_key_is_unknown(page, site, tmp_path):
    cfg, issued, url, _ = site
    other = cfg.with_paths(tmp_path / "other")
    info = init_keys(other)
    payload = {**tokens.decode(_token(cfg, issued["s001"].serial)), "k": info.key_id}
    assert "Ключ неизвестен" in _open(page, url, tokens.sign(payload, load_private_key(other), info.key_id))


def test_stale_or_missing_revocation_list_is_said(page, site):
    cfg, issued, url, out = site
    good = (out / "revocations.jws").read_text()
    try:
        build_site(cfg, out, now=time.time() - 30 * 86400)  # a month-old list
        _open(page, url, _token(cfg, issued["s001"].serial))
        assert "устарел" in page.inner_text("#revocation-note")
        (out / "revocations.jws").unlink()
        page.goto("about:blank")
        assert "Действителен" in _open(page, url, _token(cfg, issued["s001"].serial))
        assert "не загрузился" in page.inner_text("#revocation-note")
    finally:
        (out / "revocations.jws").write_text(good)


def test_phone_screenshot(browser, site):
    """A 390×844 phone screen shows the verdict and the data without horizontal scrolling."""
    cfg, issued, url, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU", device_scale_factor=2)
    try:
        page = context.new_page()
        _open(page, url, _token(cfg, issued["s001"].serial))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "verify-phone.png"), full_page=True)
    finally:
        context.close()


def test_token_read_from_the_pdf_qr_code_verifies(page, site, tmp_path):
    """Does the token that zbarimg reads from the issued PDF's QR code open as «действителен», and
    as «подделан» with one character changed?"""
    import subprocess

    needs_system("pdftoppm", "poppler-utils (apt-get install poppler-utils)")
    needs_system("zbarimg", "zbar-tools (apt-get install zbar-tools)")
    cfg, issued, url, _ = site
    png = tmp_path / "cert"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(issued["s003"].path), str(png)], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True, text=True).stdout.strip()
    tok = tokens.find_token(scanned)
    assert tok and "Действителен" in _open(page, url, tok)
    assert "Римская-Корсакова" in page.inner_text("#fields")
    i = len(tok) // 2
    page.goto("about:blank")
    assert "Подделан" in _open(page, url, tok[:i] + ("A" if tok[i] != "A" else "B") + tok[i + 1 :])
