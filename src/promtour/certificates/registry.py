"""The registry: SQLite file with the roster and every certificate ever issued.

One transaction per certificate; a partial unique index keeps at most one active
(not revoked) certificate per learner and course, so a re-run cannot issue twice.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from promtour.fsutil import atomic_write_json, atomic_write_text
from promtour.learners import Learner

from .errors import CertificateError

SCHEMA = """
CREATE TABLE IF NOT EXISTS learners (
    learner_id  TEXT PRIMARY KEY,
    last_name   TEXT NOT NULL,
    first_name  TEXT NOT NULL,
    patronymic  TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS certificates (
    serial         TEXT PRIMARY KEY,
    seq            INTEGER NOT NULL UNIQUE,
    course_id      TEXT NOT NULL,
    learner_id     TEXT NOT NULL,
    full_name      TEXT NOT NULL,
    result         REAL NOT NULL,
    distinction    INTEGER NOT NULL DEFAULT 0,
    token          TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    file_sha256    TEXT NOT NULL,
    issued_at      TEXT NOT NULL,
    revoked_at     TEXT,
    revoke_reason  TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_active_certificate
    ON certificates (course_id, learner_id) WHERE revoked_at IS NULL;
CREATE INDEX IF NOT EXISTS certificates_learner ON certificates (learner_id);
"""


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Record:
    serial: str
    seq: int
    course_id: str
    learner_id: str
    full_name: str
    result: float
    distinction: bool
    token: str
    payload_sha256: str
    file_name: str
    file_sha256: str
    issued_at: str
    revoked_at: str | None = None
    revoke_reason: str | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class Registry:
    def __init__(self, path: Path | str, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise CertificateError(f"Нет реестра сертификатов {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        # WAL: readers (verify) never block the batch; NORMAL sync is crash-safe in WAL
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # ---- roster ----------------------------------------------------------------

    def save_learners(self, learners: Iterable[Learner]) -> int:
        rows = [(le.learner_id, le.last_name, le.first_name, le.patronymic, le.email, now_iso()) for le in learners]
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO learners VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id) DO UPDATE SET "
                "last_name=excluded.last_name, first_name=excluded.first_name, "
                "patronymic=excluded.patronymic, email=excluded.email, imported_at=excluded.imported_at",
                rows,
            )
        return len(rows)

    def learners(self) -> dict[str, Learner]:
        rows = self.db.execute(
            "SELECT learner_id, last_name, first_name, patronymic, email FROM learners ORDER BY learner_id"
        )
        return {r["learner_id"]: Learner(*r) for r in rows}

    # ---- certificates ----------------------------------------------------------

    def next_seq(self) -> int:
        return (self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM certificates").fetchone()[0]) + 1

    def add(self, rec: Record) -> None:
        """Record one issued certificate in its own transaction."""
        try:
            with self.transaction() as db:
                db.execute(
                    "INSERT INTO certificates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        rec.serial,
                        rec.seq,
                        rec.course_id,
                        rec.learner_id,
                        rec.full_name,
                        rec.result,
                        int(rec.distinction),
                        rec.token,
                        rec.payload_sha256,
                        rec.file_name,
                        rec.file_sha256,
                        rec.issued_at,
                        rec.revoked_at,
                        rec.revoke_reason,
                    ),
                )
        except sqlite3.IntegrityError as exc:
            raise CertificateError(
                f"Сертификат {rec.serial} для {rec.learner_id} не записан: он уже есть в реестре ({exc})"
            ) from None

    def get(self, serial: str) -> Record | None:
        row = self.db.execute("SELECT * FROM certificates WHERE serial = ?", (serial.strip().upper(),)).fetchone()
        return _record(row) if row else None

    def active_for(self, course_id: str) -> dict[str, Record]:
        rows = self.db.execute("SELECT * FROM certificates WHERE course_id = ? AND revoked_at IS NULL", (course_id,))
        return {r["learner_id"]: _record(r) for r in rows}

    def revoked_learners(self, course_id: str) -> set[str]:
        rows = self.db.execute(
            "SELECT learner_id FROM certificates WHERE course_id = ? AND revoked_at IS NOT NULL", (course_id,)
        )
        return {r[0] for r in rows}

    def serials(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT serial FROM certificates")}

    def all(self, revoked: bool | None = None) -> list[Record]:
        where = {None: "", True: "WHERE revoked_at IS NOT NULL", False: "WHERE revoked_at IS NULL"}[revoked]
        return [_record(r) for r in self.db.execute(f"SELECT * FROM certificates {where} ORDER BY seq")]

    def revoke(self, serial: str, reason: str) -> Record:
        reason = reason.strip()
        if not reason:
            raise CertificateError("Укажите причину отзыва: --reason «…»")
        with self.transaction() as db:
            row = db.execute("SELECT * FROM certificates WHERE serial = ?", (serial.strip().upper(),)).fetchone()
            if row is None:
                raise CertificateError(f"В реестре нет сертификата № {serial}")
            if row["revoked_at"]:
                raise CertificateError(f"Сертификат № {serial} уже отозван {row['revoked_at']}: {row['revoke_reason']}")
            db.execute(
                "UPDATE certificates SET revoked_at = ?, revoke_reason = ? WHERE serial = ?",
                (now_iso(), reason, row["serial"]),
            )
        return self.get(serial)  # type: ignore[return-value]

    def export(self, path: Path) -> int:
        """Write the registry as CSV or JSON (by extension), atomically."""
        records = self.all()
        fields = [f for f in Record.__dataclass_fields__ if f != "token"] + ["token"]
        if path.suffix.lower() == ".json":
            atomic_write_json(path, [asdict(r) for r in records])
        elif path.suffix.lower() == ".csv":
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=fields)
            w.writeheader()
            for r in records:
                w.writerow(asdict(r))
            atomic_write_text(path, "\ufeff" + buf.getvalue())  # BOM: Excel opens it as UTF-8
        else:
            raise CertificateError(f"Выгрузка поддерживает .csv и .json, а не «{path.suffix}»")
        return len(records)


def _record(row: sqlite3.Row) -> Record:
    d = dict(row)
    d["distinction"] = bool(d["distinction"])
    return Record(**d)
