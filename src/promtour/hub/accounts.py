"""Local accounts of the course (Unix group and users) and the invitations of the first sign-in.

An invitation is a one-time code the organiser hands to a learner (``promtour hub roster``
prints a sheet). At the first sign-in the learner types their login, the code and a password of
their own; the hub's :class:`~promtour.hub.auth.InvitationAuthenticator` checks the code, keeps
the password (hashed) and burns the code. A new invitation for the same login (``promtour hub
invite``) lets a learner who forgot their password set a new one. Only hashes of the codes are
kept, in ``<state>/invitations.json`` (root only).
"""

from __future__ import annotations

import fcntl
import grp
import hashlib
import hmac
import json
import os
import pwd
import re
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..errors import KitError
from ..fsutil import atomic_write_json

# a hub user here is a Unix account: what useradd accepts without --badname (Debian), lower case
UNIX_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
UNIX_RULE = "строчная латиница, цифры, _ и -, начинается с буквы, до 32 знаков"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes are typed from paper
CODE_LENGTH = 10  # 31**10 ≈ 8·10^14 codes
MIN_PASSWORD_LENGTH = 8
PASSWORDS = "passwords.dbm"  # in the hub's state: FirstUseAuthenticator's bcrypt hashes (dbm adds suffixes)


def need_root(what: str) -> None:
    if os.geteuid() != 0:
        raise KitError(f"{what}: нужны права root (sudo)")


def ensure_group(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        need_root(f"создать группу {name}")
        subprocess.run(["groupadd", name], check=True, capture_output=True)
        return grp.getgrnam(name).gr_gid


def ensure_user(name: str, group: str) -> pwd.struct_passwd:
    """A local account with a private home, member of ``group``."""
    if not UNIX_NAME.match(name):
        raise KitError(f"«{name}» не годится в имя пользователя Unix: {UNIX_RULE}")
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        need_root(f"создать пользователя {name}")
        subprocess.run(
            ["useradd", "--create-home", "--shell", "/bin/bash", "--groups", group, "--key", "HOME_MODE=0700", name],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(name)
    if name not in grp.getgrnam(group).gr_mem and user.pw_gid != grp.getgrnam(group).gr_gid:
        need_root(f"добавить {name} в группу {group}")
        subprocess.run(["usermod", "--append", "--groups", group, name], check=True, capture_output=True)
    return user


# ---- invitations ------------------------------------------------------------------------------------


def new_code() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str:
    """What a person typed, as issued: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]", "", text).upper()


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def passwords_db(state: Path | str) -> Path:
    return Path(state) / PASSWORDS


def nobody_signed_in(state: Path | str) -> bool:
    """No password has been set on this hub yet (its first start)."""
    return not list(Path(state).glob(f"{PASSWORDS}*"))


def invitations_file(state: Path | str) -> Path:
    return Path(state) / "invitations.json"


@contextmanager
def _invitations(state: Path | str, write: bool) -> Iterator[dict[str, dict[str, str]]]:
    """The pending invitations, under a lock (the hub burns codes while the organiser issues them)."""
    path = invitations_file(state)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
        pending = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        yield pending
        if write:
            atomic_write_json(path, pending, mode=0o600)


def issue_invitations(state: Path | str, names: list[str]) -> dict[str, str]:
    """New one-time codes for ``names`` (replacing their pending ones); name -> code."""
    codes = {name: new_code() for name in names}
    issued = datetime.now(UTC).isoformat(timespec="seconds")
    with _invitations(state, write=True) as pending:
        for name, code in codes.items():
            pending[name] = {"sha256": _hash(code), "issued": issued}
    return codes


def pending_invitations(state: Path | str) -> set[str]:
    with _invitations(state, write=False) as pending:
        return set(pending)


def invitation_matches(state: Path | str, name: str, code: str) -> bool:
    with _invitations(state, write=False) as pending:
        entry = pending.get(name)
    return entry is not None and hmac.compare_digest(entry["sha256"], _hash(code))


def redeem_invitation(state: Path | str, name: str) -> None:
    with _invitations(state, write=True) as pending:
        pending.pop(name, None)
