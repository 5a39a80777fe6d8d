"""Standard JOSE around the certificates: did:key encoding (the specification's test vectors), key
rotation that keeps old certificates verifying, the signed revocation list offline, the site files."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from promtour.certificates import issue_batch, revocations, revoke, verify
from promtour.certificates.badges import did_key, public_of_did
from promtour.certificates.errors import CertificateError
from promtour.certificates.keys import jwks, key_ring, rotate_keys
from promtour.certificates.site import build_site

# W3C CCG did:key method, test-vectors/ed25519-x25519.json: seed -> (did, publicKeyBase58)
DID_KEY_VECTORS = {
    "00" * 32: "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
    "00" * 31 + "01": "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
    "00" * 31 + "02": "did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf",
    "00" * 31 + "03": "did:key:z6MkvqoYXQfDDJRv8L4wKzxYeuKyVZBfi9Qo6Ro8MiLH3kDQ",
    "00" * 31 + "04": "did:key:z6MkwW6aqMnjgrhJXFUko3NnZPGzVpkNzhYK7yEhnsibmLwL",
}


@pytest.mark.parametrize("seed, did", DID_KEY_VECTORS.items())
def test_did_key_matches_the_specification_vectors(seed, did):
    public = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed)).public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert did_key(public) == did
    assert (
        public_of_did(f"{did}#{did[8:]}").public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        == raw
    )
    with pytest.raises(ValueError):
        public_of_did("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")  # secp256k1, not Ed25519


def test_rotation_keeps_old_certificates_verifying(course):
    """After cert init --rotate, do certificates signed with the old key still verify, new ones use
    the new key, and does the JWKS list both with their kid?"""
    first = issue_batch(course.cfg, course.url).issued[0]
    old = key_ring(course.cfg)
    info = rotate_keys(course.cfg)
    ring = key_ring(course.cfg)
    assert set(old) < set(ring) and info.key_id in ring and len(ring) == 2
    assert verify(course.cfg, first.path).status == "valid"
    assert {k["kid"] for k in jwks(course.cfg)["keys"]} == set(ring)
    assert all(k["kty"] == "OKP" and k["crv"] == "Ed25519" and "d" not in k for k in jwks(course.cfg)["keys"])
    course.gb.submit("s004", "m06-promotion", 90.0)
    later = issue_batch(course.cfg, course.url).issued[0]
    from promtour.certificates.registry import Registry
    from promtour.certificates.tokens import header_of

    with Registry(course.cfg.registry_path, create=False) as reg:
        assert header_of(reg.get(later.serial).token)["kid"] == info.key_id
    assert verify(course.cfg, later.path).status == "valid"


def test_signed_revocation_list_offline(course, tmp_path):
    """Does cert verify --no-registry --revocations tell a revoked certificate from a valid one,
    and refuse a list whose signature does not match?"""
    issued = issue_batch(course.cfg, course.url).issued
    revoke(course.cfg, issued[1].serial, "ошибка в дате")
    path = revocations.write(course.cfg, tmp_path)
    listed = revocations.read(course.cfg, path)
    assert verify(course.cfg, issued[1].path, use_registry=False, revocations=listed).status == "revoked"
    ok = verify(course.cfg, issued[0].path, use_registry=False, revocations=listed)
    assert ok.status == "valid" and "нет в списке отзыва" in ok.details[-1]
    head, body, sig = path.read_text().strip().split(".")
    data = json.loads(__import__("promtour.certificates.tokens", fromlist=["b64d"]).b64d(body))
    data["revoked"] = []
    from promtour.certificates.tokens import b64e, canonical_json

    path.write_text(f"{head}.{b64e(canonical_json(data))}.{sig}")
    with pytest.raises(CertificateError, match="не прошёл проверку подписи"):
        revocations.read(course.cfg, path)


def test_site_has_everything_and_nothing_external(course, tmp_path):
    """Does the site hold its page, script, styles, keys and list, with no CDN or external font?"""
    issue_batch(course.cfg, course.url)
    files = {p.name for p in build_site(course.cfg, tmp_path / "www")}
    assert files == {"index.html", "verify.js", "style.css", "jwks.json", "site.json", "revocations.jws"}
    page = " ".join(
        (tmp_path / "www" / n).read_text(encoding="utf-8") for n in ("index.html", "verify.js", "style.css")
    )
    assert "http://" not in page and "https://" not in page and "@import" not in page
    assert "crypto.subtle.verify" in page


def test_qr_carries_url_with_fragment(course):
    """With a verification URL, is the token after «#» so that no server log sees it?"""
    from promtour.certificates.tokens import qr_text

    assert qr_text("a.b.c", "https://cert.example.org/check/") == "https://cert.example.org/check/#a.b.c"
    assert qr_text("a.b.c", None) == "a.b.c"


def test_tokens_issued_before_kid_headers_still_verify(course):
    """Does a token in the earlier format (header exactly {"alg":"EdDSA"}, key id only in the
    payload) still verify, and fail when its payload changes?"""
    from promtour.certificates import tokens
    from promtour.certificates.keys import load_private_key
    from promtour.certificates.registry import Registry

    first = issue_batch(course.cfg, course.url).issued[0]
    with Registry(course.cfg.registry_path, create=False) as reg:
        payload = tokens.decode(reg.get(first.serial).token)
    header = tokens.b64e(b'{"alg":"EdDSA"}')
    body = f"{header}.{tokens.b64e(tokens.canonical_json(payload))}"
    legacy = f"{body}.{tokens.b64e(load_private_key(course.cfg).sign(body.encode()))}"
    assert "kid" not in tokens.header_of(legacy)
    assert verify(course.cfg, legacy, use_registry=False).status == "valid"
    forged = legacy.replace(body.split(".")[1], tokens.b64e(tokens.canonical_json({**payload, "r": 100})))
    assert verify(course.cfg, forged, use_registry=False).status == "tampered"
