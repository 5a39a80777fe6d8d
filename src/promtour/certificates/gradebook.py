"""Thin access to nbgrader's gradebook (SQLite or PostgreSQL through ``db_url``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from promtour.grading.config import COURSE_ID, default_db_url, scripts_on_path, sqlite_path
from promtour.paths import repo_root

from .errors import CertificateError

if TYPE_CHECKING:
    from nbgrader.api import Gradebook


def default_gradebook_url() -> str:
    return os.environ.get("PROMTOUR_DB_URL") or default_db_url(repo_root())


@contextmanager
def open_gradebook(db_url: str | None = None, must_exist: bool = True) -> Iterator[Gradebook]:
    from nbgrader.api import Gradebook

    url = db_url or default_gradebook_url()
    path = sqlite_path(url)
    if must_exist and path is not None and not path.exists():
        raise CertificateError(f"Журнал оценок не найден: {path} (проверьте --db-url или PROMTOUR_DB_URL)")
    scripts_on_path()
    try:
        gb = Gradebook(url, course_id=COURSE_ID)
    except Exception as exc:  # sqlalchemy raises many kinds; the organiser needs one line
        raise CertificateError(f"Не удалось открыть журнал оценок {url}: {exc}") from None
    try:
        yield gb
    finally:
        gb.close()
