"""The issuer's Ed25519 key pair: create once, keep the private half private."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from promtour.fsutil import atomic_write_bytes

from .config import CertConfig
from .errors import CertificateError


@dataclass(frozen=True)
class KeyInfo:
    private_key: Path
    public_key: Path
    key_id: str
    warning: str | None = None


def key_id(public_key: Ed25519PublicKey) -> str:
    """Short fingerprint printed in the payload and by ``init``: 16 hex digits."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def init_keys(config: CertConfig, force_public: bool = False) -> KeyInfo:
    """Create the key pair; never overwrite an existing private key."""
    priv_path, pub_path = config.private_key_path, config.public_key_path
    if priv_path.exists():
        raise CertificateError(
            f"Ключ уже создан: {priv_path}. Новый ключ сделал бы выданные сертификаты "
            "непроверяемыми; если он действительно нужен, сначала перенесите старый в архив."
        )
    if pub_path.exists() and not force_public:
        raise CertificateError(
            f"Открытый ключ {pub_path} уже есть, а закрытого нет. Верните закрытый ключ "
            "или запустите init с --force, чтобы заменить открытый ключ новым."
        )
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_private(priv_path, pem)
    public = private.public_key()
    atomic_write_bytes(pub_path, public_pem(public))
    return KeyInfo(priv_path, pub_path, key_id(public), _git_warning(priv_path))


def public_pem(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _write_private(path: Path, pem: bytes) -> None:
    """Exclusive, atomic, mode 0600 from the first byte (mkstemp creates 0600 files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".issuer.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.link(tmp, path)  # fails if someone created the key meanwhile
    except FileExistsError:
        raise CertificateError(f"Ключ уже создан: {path}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def load_private_key(config: CertConfig) -> Ed25519PrivateKey:
    path = config.private_key_path
    if not path.exists():
        raise CertificateError(f"Нет ключа подписи {path}: сначала выполните «promtour cert init»")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise CertificateError(
            f"Ключ подписи {path} доступен другим пользователям (права {mode:o}); выполните: chmod 600 {path}"
        )
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise CertificateError(f"Файл {path} не похож на закрытый ключ Ed25519: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CertificateError(f"Ключ {path} — не Ed25519")
    return key


def load_public_key(config: CertConfig) -> Ed25519PublicKey:
    path = config.public_key_path
    if not path.exists():
        raise CertificateError(f"Нет открытого ключа {path}: его публикует организатор (promtour cert init)")
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except ValueError as exc:
        raise CertificateError(f"Файл {path} не похож на открытый ключ: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise CertificateError(f"Открытый ключ {path} — не Ed25519")
    return key


def retired_dir(config: CertConfig) -> Path:
    """Where rotated keys go: their public halves stay published so old certificates verify."""
    return config.public_key_path.parent / "retired"


def key_ring(config: CertConfig) -> dict[str, Ed25519PublicKey]:
    """Every public key the issuer has signed with: the current one and the retired ones, by id."""
    ring = {}
    for path in sorted(retired_dir(config).glob("*.pem")):
        key = serialization.load_pem_public_key(path.read_bytes())
        if isinstance(key, Ed25519PublicKey):
            ring[key_id(key)] = key
    current = load_public_key(config)
    ring[key_id(current)] = current
    return ring


def jwks(config: CertConfig) -> dict:
    """The key ring as a JSON Web Key Set (RFC 7517) for the verification page and other verifiers."""
    from .tokens import jwk

    keys = []
    for kid, public in key_ring(config).items():
        entry = jwk(public).as_dict(private=False)
        keys.append({**entry, "kid": kid, "use": "sig", "alg": "EdDSA"})
    return {"keys": keys}


def rotate_keys(config: CertConfig) -> KeyInfo:
    """Retire the current pair (its public key stays in the key ring) and create a new one."""
    old = load_private_key(config)
    kid = key_id(old.public_key())
    folder = retired_dir(config)
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(folder / f"{kid}.pem", public_pem(old.public_key()))
    archived = folder / f"issuer-{kid}.key"
    _write_private(archived, config.private_key_path.read_bytes())
    config.private_key_path.unlink()
    config.public_key_path.unlink()
    return init_keys(config)


def check_pair(private: Ed25519PrivateKey, public: Ed25519PublicKey) -> None:
    if key_id(private.public_key()) != key_id(public):
        raise CertificateError(
            "Закрытый и открытый ключи не из одной пары: сертификаты не прошли бы проверку. "
            "Проверьте пути [paths] в настройках."
        )


def _git_warning(path: Path) -> str | None:
    """A warning if ``path`` sits in a git work tree and is not ignored (read-only check)."""
    try:
        res = subprocess.run(
            ["git", "-C", str(path.parent), "check-ignore", "-q", str(path)],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if res.returncode == 1:  # inside a repository, not ignored
        return f"Внимание: {path} не исключён из git — добавьте его в .gitignore и не коммитьте."
    return None
