"""Verification of a certificate PDF, a token (or a URL with it) or a serial number.

Statuses: ``valid``, ``revoked``, ``tampered``, ``unknown``. The signature check needs
only the public key (offline); the registry, when present, adds revocation and
"was this really issued" checks.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import tokens as token
from .config import CertConfig
from .errors import CertificateError
from .keys import key_ring
from .registry import Record, Registry
from .revocations import RevocationList

VALID, REVOKED, TAMPERED, UNKNOWN = "valid", "revoked", "tampered", "unknown"
STATUS_RU = {
    VALID: "действителен",
    REVOKED: "отозван",
    TAMPERED: "подделан или изменён",
    UNKNOWN: "неизвестен",
}
_SERIAL_RE = re.compile(r"[A-Z]{1,6}-\d{4}-\d{6}")


@dataclass
class Verdict:
    status: str
    serial: str | None = None
    payload: dict[str, Any] | None = None
    record: Record | None = None
    details: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == VALID

    @property
    def status_ru(self) -> str:
        return STATUS_RU[self.status]

    def summary(self) -> str:
        who = f" — {self.payload['n']}" if self.payload else (f" — {self.record.full_name}" if self.record else "")
        num = f"№ {self.serial}" if self.serial else "Сертификат"
        return f"{num}{who}: {self.status_ru}"


def verify(
    config: CertConfig, target: str | Path, use_registry: bool = True, revocations: RevocationList | None = None
) -> Verdict:
    """Check a PDF path, a token, a verification URL, an Open Badges ``.ob3.jwt`` or a serial number.

    Without the registry, a signed revocation list (``revocations``) tells revoked certificates."""
    text = str(target).strip()
    path = Path(text)
    if text.lower().endswith(".ob3.jwt"):
        from .badges import verify_badge

        return verify_badge(config, path, use_registry, revocations)
    if text.lower().endswith(".pdf") or (path.suffix == "" and path.is_file()):
        return verify_pdf(config, path, use_registry, revocations)
    found = token.find_token(text)
    if found:
        return verify_token(config, found, use_registry, revocations)
    if _SERIAL_RE.fullmatch(text.upper()):
        return verify_serial(config, text.upper())
    raise CertificateError(
        f"Не понимаю, что проверять: «{text[:60]}». Дайте путь к PDF, токен из QR-кода, ссылку или номер вида PT-2026-000001"
    )


def verify_token(
    config: CertConfig, tok: str, use_registry: bool = True, revocations: RevocationList | None = None
) -> Verdict:
    ring = key_ring(config)
    try:
        payload = token.verify(tok, ring)
    except token.UnknownKey as exc:
        if _claimed_key(tok) in ring:  # the payload names our key: the header was altered
            return Verdict(TAMPERED, _claimed_serial(tok), details=["заголовок подписи изменён"])
        return Verdict(UNKNOWN, _claimed_serial(tok), details=[f"{exc}: подписан не ключом организатора"])
    except token.TokenError as exc:
        serial = _claimed_serial(tok)
        return Verdict(TAMPERED, serial, details=[f"подпись не прошла проверку: {exc}"])
    v = Verdict(VALID, str(payload.get("s")), payload, details=["подпись организатора верна"])
    if use_registry:
        _check_registry(config, v, tok)
    elif revocations is not None:
        check_revocations(v, revocations, token.payload_hash(tok))
    return v


def check_revocations(v: Verdict, revocations: RevocationList, payload_sha256: str | None = None) -> None:
    """Apply a signed revocation list to a verdict whose signature is valid."""
    entry = revocations.entry(str(v.serial))
    if entry is not None and (payload_sha256 is None or entry.get("sha256") in (None, payload_sha256)):
        v.status = REVOKED
        v.details.append(f"отозван {entry.get('date')}: {entry.get('reason')} (список отзыва от {revocations.issued})")
    else:
        v.details.append(f"нет в списке отзыва от {revocations.issued}")


def verify_serial(config: CertConfig, serial: str) -> Verdict:
    if not config.registry_path.exists():
        return Verdict(UNKNOWN, serial, details=[f"нет реестра {config.registry_path}: по номеру проверить нельзя"])
    with Registry(config.registry_path, create=False) as reg:
        rec = reg.get(serial)
    if rec is None:
        return Verdict(UNKNOWN, serial, details=["в реестре нет сертификата с таким номером"])
    v = verify_token(config, rec.token)
    v.record = rec
    return v


def verify_pdf(
    config: CertConfig, path: Path, use_registry: bool = True, revocations: RevocationList | None = None
) -> Verdict:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not path.is_file():
        raise CertificateError(f"Нет файла {path}")
    data = path.read_bytes()
    try:
        reader = PdfReader(path)
        meta = dict(reader.metadata or {})
        tok = str(meta.get("/Keywords") or "").strip()
        text = " ".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        return Verdict(TAMPERED, details=[f"файл не читается как PDF: {exc}"])
    if not token.find_token(tok):
        return Verdict(UNKNOWN, details=["в файле нет подписанных данных сертификата"])
    v = verify_token(config, tok, use_registry, revocations)
    if v.status == TAMPERED or v.payload is None:
        return v
    flat = " ".join(text.split())
    name, serial = v.payload.get("n", ""), v.payload.get("s", "")
    if " ".join(str(name).split()) not in flat:
        return _tampered(v, "имя в документе не совпадает с подписанным")
    if serial not in flat:
        return _tampered(v, "номер в документе не совпадает с подписанным")
    stem = path.name.removesuffix(".pdf")
    if _SERIAL_RE.fullmatch(stem) and stem != serial:
        return _tampered(v, f"имя файла {path.name} не совпадает с номером {serial}")
    if v.record is not None and hashlib.sha256(data).hexdigest() != v.record.file_sha256:
        return _tampered(v, "файл изменён после выдачи (хеш не совпадает с реестром)")
    if v.record is not None:
        v.details.append("файл совпадает с выданным")
    return v


def _check_registry(config: CertConfig, v: Verdict, tok: str) -> None:
    if not config.registry_path.exists():
        v.details.append("реестр недоступен: проверена только подпись (отзыв не проверялся)")
        return
    with Registry(config.registry_path, create=False) as reg:
        rec = reg.get(str(v.serial))
    if rec is None:
        v.status = UNKNOWN
        v.details.append("подпись верна, но в реестре такого номера нет")
        return
    v.record = rec
    if rec.payload_sha256 != token.payload_hash(tok):
        _tampered(v, "данные не совпадают с записью в реестре")
    elif rec.revoked:
        v.status = REVOKED
        v.details.append(f"отозван {rec.revoked_at}: {rec.revoke_reason}")
    else:
        v.details.append("есть в реестре, не отозван")


def _tampered(v: Verdict, why: str) -> Verdict:
    v.status = TAMPERED
    v.details.append(why)
    return v


def _claimed_key(tok: str) -> str | None:
    try:
        return str(token.decode(tok).get("k"))
    except token.TokenError:
        return None


def _claimed_serial(tok: str) -> str | None:
    try:
        return str(token.decode(tok).get("s"))
    except token.TokenError:
        return None
