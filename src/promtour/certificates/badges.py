"""Optional Open Badges 3.0 credential per certificate, verifiable without the kit.

``<serial>.ob3.json`` is the credential; ``<serial>.ob3.jwt`` the same credential as a VC-JWT
(Open Badges 3.0 "JSON Web Token proof format"): claims ``iss``, ``sub``, ``nbf``, ``jti`` and
``vc``, header ``kid`` naming the issuer's key as a ``did:key`` verification method. The issuer
is ``did:key:z6Mk…`` derived from the Ed25519 public key (W3C CCG did:key method), so any
verifier resolves the key from the credential itself; ``credentialStatus`` points at the
published revocation list.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import tokens
from .config import CertConfig
from .tokens import canonical_json

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_PUB = b"\xed\x01"  # multicodec varint of ed25519-pub


def _b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        n = n * 58 + _B58.index(ch)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def did_key(public: Ed25519PublicKey) -> str:
    """``did:key:z6Mk…`` for an Ed25519 public key: multibase base58btc of multicodec 0xed + raw key."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "did:key:z" + _b58encode(_ED25519_PUB + raw)


def public_of_did(did: str) -> Ed25519PublicKey:
    """The Ed25519 public key a ``did:key`` names (ValueError if it is not one)."""
    ident = did.split("#")[0].removeprefix("did:key:")
    if not ident.startswith("z"):
        raise ValueError("не did:key в кодировке base58btc")
    data = _b58decode(ident[1:])
    if not data.startswith(_ED25519_PUB) or len(data) != 34:
        raise ValueError("did:key не ключа Ed25519")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def verification_method(did: str) -> str:
    return f"{did}#{did.removeprefix('did:key:')}"


CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def credential(
    config: CertConfig,
    *,
    serial: str,
    full_name: str,
    email: str,
    issued_on: date,
    result: float,
    distinction: bool,
    key_id: str,
    issuer_did: str,
) -> dict[str, Any]:
    salt = hashlib.sha256(f"{serial}:{key_id}".encode()).hexdigest()[:16]
    email_hash = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    status = {}
    if config.verify_url:
        base = config.verify_url.split("#")[0].split("?")[0].rsplit("/", 1)[0]
        status = {"credentialStatus": {"id": f"{base}/revocations.jws#{serial}", "type": "1EdTechRevocationList"}}
    return {
        "@context": CONTEXT,
        "id": f"urn:promtour:certificate:{serial}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_did,
            "type": ["Profile"],
            "name": config.issuer,
            **({"url": config.verify_url.split("#")[0]} if config.verify_url else {}),
        },
        **status,
        "validFrom": f"{issued_on.isoformat()}T00:00:00Z",
        "name": f"Сертификат № {serial}: {config.course_title}",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": f"sha256${email_hash}",
                    "salt": salt,
                },
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": full_name},
            ],
            "achievement": {
                "id": f"urn:promtour:achievement:{config.course_id}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": config.course_title,
                "description": (f"Программа «{config.programme}». " if config.programme else "")
                + f"Объём {config.hours} академических часов.",
                "criteria": {"narrative": "Все модули курса сданы и оценены не ниже проходного балла."},
            },
            "id": f"urn:promtour:learner:{email_hash[:32]}",
            "activityEndDate": f"{issued_on.isoformat()}T00:00:00Z",
        },
        "description": f"Итоговый результат {int(result)} %" + (", с отличием." if distinction else "."),
    }


def sign_credential(cred: dict[str, Any], private_key, issuer_did: str) -> str:
    """The VC-JWT: registered claims beside the credential, signed with the issuer's key."""
    nbf = int(datetime.fromisoformat(cred["validFrom"].replace("Z", "+00:00")).timestamp())
    claims = {
        "iss": issuer_did,
        "sub": cred["credentialSubject"]["id"],
        "nbf": nbf,
        "iat": nbf,
        "jti": cred["id"],
        "vc": cred,
    }
    key = private_key if isinstance(private_key, tokens.OKPKey) else tokens.jwk(private_key)
    return tokens.sign_bytes(canonical_json(claims), key, verification_method(issuer_did), "JWT")


def verify_badge(config: CertConfig, path: Path, use_registry: bool = True, revocations=None):
    """Verify an ``.ob3.jwt``: the key from its did:key, the issuer among ours, revocation."""
    from .keys import key_id, key_ring
    from .verify import REVOKED, TAMPERED, UNKNOWN, VALID, Verdict, check_revocations

    try:
        jwt = Path(path).read_text(encoding="ascii").strip()
        kid = tokens.header_of(jwt).get("kid", "")
        public = public_of_did(str(kid))
    except (OSError, UnicodeDecodeError, ValueError, tokens.TokenError) as exc:
        return Verdict(TAMPERED, details=[f"файл не похож на значок Open Badges: {exc}"])
    try:
        claims = json.loads(tokens.verify_bytes(jwt, {str(kid): public}))
    except tokens.TokenError as exc:
        return Verdict(TAMPERED, details=[f"подпись не прошла проверку: {exc}"])
    serial = str(claims.get("jti", "")).rsplit(":", 1)[-1]
    payload = {"n": _name(claims), "s": serial}
    if key_id(public) not in key_ring(config) or claims.get("iss") != str(kid).split("#")[0]:
        return Verdict(UNKNOWN, serial, payload, details=["подпись верна, но ключ не принадлежит организатору"])
    v = Verdict(VALID, serial, payload, details=["подпись организатора верна (did:key)"])
    if use_registry and config.registry_path.exists():
        from .registry import Registry

        with Registry(config.registry_path, create=False) as reg:
            rec = reg.get(serial)
        if rec is None:
            v.status = UNKNOWN
            v.details.append("в реестре такого номера нет")
        elif rec.revoked:
            v.status, v.record = REVOKED, rec
            v.details.append(f"отозван {rec.revoked_at}: {rec.revoke_reason}")
    elif revocations is not None:
        check_revocations(v, revocations)
    return v


def _name(claims: dict) -> str:
    for ident in claims.get("vc", {}).get("credentialSubject", {}).get("identifier", []):
        if ident.get("identityType") == "name":
            return str(ident.get("identityHash", ""))
    return ""


def files(cred: dict[str, Any], jws: str) -> dict[str, bytes]:
    """suffix -> bytes of the badge files for one certificate."""
    return {
        ".ob3.json": json.dumps(cred, ensure_ascii=False, indent=2).encode("utf-8"),
        ".ob3.jwt": jws.encode("ascii"),
    }
