"""Thin access to nbgrader's gradebook (SQLite or PostgreSQL through ``db_url``)."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from promtour.grading.config import COURSE_ID, default_db_url
from promtour.paths import repo_root

from .errors import CertificateError


def default_gradebook_url() -> str:
    return os.environ.get("PROMTOUR_DB_URL") or default_db_url(repo_root())


def _sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(url[len(prefix):]) if url.startswith(prefix) and url != "sqlite:///:memory:" else None


def _ensure_alembic_on_path() -> None:
    """nbgrader runs the ``alembic`` command when it creates a gradebook; in an
    un-activated virtualenv it is next to the interpreter but not on PATH."""
    if shutil.which("alembic") is None:
        bindir = Path(sys.executable).parent
        if (bindir / "alembic").exists():
            os.environ["PATH"] = f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"


@contextmanager
def open_gradebook(db_url: str | None = None, must_exist: bool = True) -> Iterator["object"]:
    from nbgrader.api import Gradebook

    url = db_url or default_gradebook_url()
    path = _sqlite_path(url)
    if must_exist and path is not None and not path.exists():
        raise CertificateError(f"Журнал оценок не найден: {path} (проверьте --db-url или PROMTOUR_DB_URL)")
    _ensure_alembic_on_path()
    try:
        gb = Gradebook(url, course_id=COURSE_ID)
    except Exception as exc:  # sqlalchemy raises many kinds; the organiser needs one line
        raise CertificateError(f"Не удалось открыть журнал оценок {url}: {exc}") from None
    try:
        yield gb
    finally:
        gb.close()
