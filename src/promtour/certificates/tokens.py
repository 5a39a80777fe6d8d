"""The signed payload a certificate carries: a compact JWS (EdDSA / Ed25519), made and checked
with joserfc.

``<header>.<payload>.<signature>``, each part base64url without padding, so any JOSE library
verifies it with the published public key. The header names the key (``kid``), so keys can be
rotated: tokens issued before carry the key id in the payload (``k``) and keep verifying.
The payload is compact JSON with short keys to keep the QR code small:

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
import warnings
from collections.abc import Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

VERSION = 1
ALG = "EdDSA"  # RFC 8037; what WebCrypto, wallets and VC verifiers accept today
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


class TokenError(ValueError):
    """The token is malformed or its signature does not match."""


class UnknownKey(TokenError):
    """The token names a key the verifier does not have."""


def jwk(key: Ed25519PrivateKey | Ed25519PublicKey) -> OKPKey:
    """The joserfc key for a cryptography Ed25519 key."""
    if isinstance(key, Ed25519PrivateKey):
        raw = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    else:
        raw = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return OKPKey.import_key(raw)


@contextmanager
def _quiet():
    """joserfc warns that RFC 9864 prefers "Ed25519" to "EdDSA"; verifiers still expect EdDSA."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        yield


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise TokenError("повреждена кодировка base64") from exc


def canonical_json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def sign_bytes(data: bytes, key: OKPKey, kid: str, typ: str | None = None) -> str:
    """A compact JWS over ``data`` with header ``{"alg": "EdDSA", "kid": kid[, "typ": typ]}``."""
    header = {"alg": ALG, "kid": kid, **({"typ": typ} if typ else {})}
    with _quiet():
        return jws.serialize_compact(header, data, key, algorithms=[ALG])


def sign(payload: dict[str, Any], private_key: Ed25519PrivateKey | OKPKey, kid: str) -> str:
    key = private_key if isinstance(private_key, OKPKey) else jwk(private_key)
    return sign_bytes(canonical_json(payload), key, kid)


def header_of(token: str) -> dict[str, Any]:
    parts = token.strip().split(".")
    if len(parts) != 3 or not _TOKEN_RE.fullmatch(token.strip()):
        raise TokenError("это не токен сертификата")
    try:
        header = json.loads(b64d(parts[0]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenError("повреждены данные токена") from exc
    if not isinstance(header, dict) or header.get("alg") != ALG:
        raise TokenError("неизвестный формат токена")
    return header


def decode(token: str) -> dict[str, Any]:
    """The payload without checking the signature (for display and lookup only)."""
    header_of(token)
    try:
        payload = json.loads(b64d(token.strip().split(".")[1]).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenError("повреждены данные токена") from exc
    if not isinstance(payload, dict) or payload.get("v") != VERSION:
        raise TokenError("неизвестный формат токена")
    return payload


def key_of(token: str) -> str | None:
    """The id of the key that signed the token: the header's ``kid``, else the payload's ``k``."""
    kid = header_of(token).get("kid")
    if kid:
        return str(kid)
    try:
        return str(decode(token).get("k") or "") or None
    except TokenError:
        return None


def verify_bytes(token: str, keys: Mapping[str, Ed25519PublicKey]) -> bytes:
    """The signed bytes if the signature is valid under the key the token names."""
    token = token.strip()
    kid = key_of(token)
    public = keys.get(kid or "")
    if public is None:
        raise UnknownKey(f"ключ {kid or 'без имени'} неизвестен")
    try:
        with _quiet():
            return jws.deserialize_compact(token, jwk(public), algorithms=[ALG]).payload
    except (JoseError, ValueError) as exc:
        raise TokenError("подпись не совпадает с данными") from exc


def verify(token: str, keys: Mapping[str, Ed25519PublicKey] | Ed25519PublicKey) -> dict[str, Any]:
    """The payload if the signature is valid, else :class:`TokenError` (:class:`UnknownKey`)."""
    if isinstance(keys, Ed25519PublicKey):
        from .keys import key_id

        keys = {key_id(keys): keys}
    payload = decode(token)
    verify_bytes(token, keys)
    return payload


def payload_hash(token: str) -> str:
    """SHA-256 of the signed payload bytes, as stored in the registry."""
    return hashlib.sha256(b64d(token.strip().split(".")[1])).hexdigest()


def qr_text(token: str, url_base: str | None) -> str:
    """What the QR code carries: the token, or the verification page's URL with the token as its
    fragment (``<url>#<token>``: a browser never sends a fragment, so no server logs it)."""
    if not url_base:
        return token
    if "{token}" in url_base:
        return url_base.replace("{token}", token)
    return f"{url_base.split('#')[0]}#{token}"


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
