"""Optional Open Badges 3.0 credential per certificate (W3C VC data model 2.0).

``<serial>.ob3.json`` is the credential; ``<serial>.ob3.jwt`` the same credential
secured as a compact JWS (VC-JOSE, ``alg: EdDSA``) with the issuer's key, so a
wallet or badge verifier can check it with the published public key.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .config import CertConfig
from .tokens import b64e, canonical_json

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def credential(config: CertConfig, *, serial: str, full_name: str, email: str, issued_on: date,
               result: float, distinction: bool, key_id: str) -> dict[str, Any]:
    salt = hashlib.sha256(f"{serial}:{key_id}".encode()).hexdigest()[:16]
    email_hash = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    issuer_id = config.verify_url or f"urn:promtour:issuer:{key_id}"
    return {
        "@context": CONTEXT,
        "id": f"urn:promtour:certificate:{serial}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": config.issuer},
        "validFrom": f"{issued_on.isoformat()}T00:00:00Z",
        "name": f"Сертификат № {serial}: {config.course_title}",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                 "identityHash": f"sha256${email_hash}", "salt": salt},
                {"type": "IdentityObject", "identityType": "name", "hashed": False,
                 "identityHash": full_name},
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
            "activityEndDate": f"{issued_on.isoformat()}T00:00:00Z",
        },
        "description": f"Итоговый результат {int(result)} %" + (", с отличием." if distinction else "."),
    }


def sign_credential(cred: dict[str, Any], private_key: Ed25519PrivateKey, key_id: str) -> str:
    header = b64e(canonical_json({"alg": "EdDSA", "typ": "vc+jwt", "kid": key_id}))
    body = f"{header}.{b64e(canonical_json(cred))}"
    return f"{body}.{b64e(private_key.sign(body.encode('ascii')))}"


def files(cred: dict[str, Any], jws: str) -> dict[str, bytes]:
    """suffix -> bytes of the badge files for one certificate."""
    return {
        ".ob3.json": json.dumps(cred, ensure_ascii=False, indent=2).encode("utf-8"),
        ".ob3.jwt": jws.encode("ascii"),
    }
