"""The signed revocation list: what the verification page and offline verifiers check against.

A compact JWS (issuer key, ``kid`` in the header, ``typ: revocations+jwt``) whose payload is::

    {"iss": "<issuer>", "course": "<course id>", "iat": <unix time>, "issued": "<ISO date-time>",
     "revoked": [{"serial": "PT-2026-000003", "sha256": "<payload hash>",
                  "date": "<revoked at>", "reason": "<why>"}, …]}

Written by ``promtour cert site`` and ``cert export``; read by the page and by
``promtour cert verify --no-registry --revocations FILE``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from promtour.fsutil import atomic_write_text

from . import tokens
from .config import CertConfig
from .errors import CertificateError
from .keys import key_id, key_ring, load_private_key
from .registry import Registry

FILE_NAME = "revocations.jws"
TYP = "revocations+jwt"


def build(config: CertConfig, now: float | None = None) -> str:
    """The current revocation list, signed with the issuer's key."""
    revoked = []
    if config.registry_path.exists():
        with Registry(config.registry_path, create=False) as reg:
            revoked = [
                {"serial": r.serial, "sha256": r.payload_sha256, "date": r.revoked_at, "reason": r.revoke_reason or ""}
                for r in reg.all(True)
            ]
    now = time.time() if now is None else now
    payload = {
        "iss": config.issuer,
        "course": config.course_id,
        "iat": int(now),
        "issued": datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds"),
        "revoked": revoked,
    }
    private = load_private_key(config)
    return tokens.sign_bytes(tokens.canonical_json(payload), tokens.jwk(private), key_id(private.public_key()), TYP)


def write(config: CertConfig, folder: Path, now: float | None = None) -> Path:
    path = Path(folder) / FILE_NAME
    atomic_write_text(path, build(config, now) + "\n")
    return path


@dataclass(frozen=True)
class RevocationList:
    issued: str
    revoked: dict[str, dict]  # serial -> entry

    def entry(self, serial: str) -> dict | None:
        return self.revoked.get(serial)


def read(config: CertConfig, path: Path) -> RevocationList:
    """A revocation list file, its signature checked against the issuer's key ring."""
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise CertificateError(f"Не прочитать список отзыва {path}: {exc}") from None
    try:
        data = json.loads(tokens.verify_bytes(text, key_ring(config)))
    except tokens.TokenError as exc:
        raise CertificateError(f"Список отзыва {Path(path).name} не прошёл проверку подписи: {exc}") from None
    return RevocationList(str(data.get("issued", "")), {e["serial"]: e for e in data.get("revoked", [])})
