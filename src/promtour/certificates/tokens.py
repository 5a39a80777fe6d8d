"""The signed payload a certificate carries: a compact JWS (EdDSA / Ed25519).

``<header>.<payload>.<signature>``, each part base64url without padding, so any
JOSE library verifies it with the published public key. The payload is compact
JSON with short keys to keep the QR code small:

    v  format version        s  serial            n  learner's full name
    c  course id             h  hours             d  issue date (ISO)
    r  overall result, %     x  1 if with distinction (absent otherwise)
    k  issuer key id
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

VERSION = 1
_HEADER = {"alg": "EdDSA"}
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


class TokenError(ValueError):
    """The token is malformed or its signature does not match."""


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise TokenError("повреждена кодировка base64") from exc


def canonical_json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


_HEADER_B64 = b64e(canonical_json(_HEADER))


def sign(payload: dict[str, Any], private_key: Ed25519PrivateKey) -> str:
    body = f"{_HEADER_B64}.{b64e(canonical_json(payload))}"
    return f"{body}.{b64e(private_key.sign(body.encode('ascii')))}"


def decode(token: str) -> dict[str, Any]:
    """The payload without checking the signature (for display and lookup only)."""
    parts = token.strip().split(".")
    if len(parts) != 3 or not _TOKEN_RE.fullmatch(token.strip()):
        raise TokenError("это не токен сертификата")
    try:
        header = json.loads(b64d(parts[0]))
        payload = json.loads(b64d(parts[1]).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenError("повреждены данные токена") from exc
    if header != _HEADER or not isinstance(payload, dict) or payload.get("v") != VERSION:
        raise TokenError("неизвестный формат токена")
    return payload


def verify(token: str, public_key: Ed25519PublicKey) -> dict[str, Any]:
    """The payload if the signature is valid, else :class:`TokenError`."""
    token = token.strip()
    payload = decode(token)
    body, _, sig = token.rpartition(".")
    try:
        public_key.verify(b64d(sig), body.encode("ascii"))
    except InvalidSignature:
        raise TokenError("подпись не совпадает с данными") from None
    return payload


def payload_hash(token: str) -> str:
    """SHA-256 of the signed payload bytes, as stored in the registry."""
    return hashlib.sha256(b64d(token.strip().split(".")[1])).hexdigest()


def qr_text(token: str, url_base: str | None) -> str:
    """What the QR code carries: the token, or a verification URL that contains it."""
    if not url_base:
        return token
    if "{token}" in url_base:
        return url_base.replace("{token}", token)
    return f"{url_base}{'&' if '?' in url_base else '?'}t={token}"


def find_token(text: str) -> str | None:
    """The token in a raw token string or in a verification URL (``?t=``, ``#`` or path)."""
    text = text.strip()
    if _TOKEN_RE.fullmatch(text):
        return text
    if "://" in text:
        parts = urlsplit(text)
        for value in parse_qs(parts.query).get("t", []):
            if _TOKEN_RE.fullmatch(value):
                return value
        for candidate in (parts.fragment, parts.path.rsplit("/", 1)[-1]):
            if _TOKEN_RE.fullmatch(candidate):
                return candidate
    return None
