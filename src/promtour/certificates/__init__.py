"""Completion certificates: roster, eligibility, signed PDFs, registry, verification.

Plain functions for scripts and the demo (the CLI in :mod:`.cli` wraps them)::

    cfg = load_config()                       # certificates/config.toml
    init_keys(cfg)                            # once: Ed25519 key pair
    import_roster(cfg, "roster.xlsx", db_url)  # learners -> gradebook + registry
    check(cfg, db_url)                        # dry run: who qualifies and why not
    issue_batch(cfg, db_url)                  # PDFs + registry; safe to re-run
    verify(cfg, "issued/PT-2026-000001.pdf")  # -> Verdict(status="valid", ...)
    revoke(cfg, "PT-2026-000001", "ошибка в ФИО")
"""

from __future__ import annotations

from pathlib import Path

from promtour.gradebook import open_gradebook, student_ids, write_students
from promtour.learners import RosterReport, check_roster

from .config import CertConfig, load_config
from .eligibility import Decision, evaluate
from .errors import CertificateError
from .issue import IssueReport, check, issue_batch
from .keys import init_keys
from .registry import Record, Registry
from .verify import REVOKED, TAMPERED, UNKNOWN, VALID, Verdict, verify


def import_roster(
    config: CertConfig,
    path: Path | str,
    gradebook_url: str | None = None,
    skip_bad: bool = False,
    fix: bool = False,
    only_known: bool = False,
    encoding: str | None = None,
) -> RosterReport:
    """Check the roster, then write its good learners to the gradebook and the registry.

    With errors and without ``skip_bad`` nothing is written (``report.imported == 0``);
    ``only_known`` reports ids the gradebook lacks."""
    known = None
    if only_known:
        with open_gradebook(gradebook_url) as gb:
            known = student_ids(gb)
    report = check_roster(path, fix=fix, known_ids=known, encoding=encoding)
    if (report.errors and not skip_bad) or not report.learners:
        return report
    with open_gradebook(gradebook_url, must_exist=False) as gb:
        write_students(gb, report.learners)
    with Registry(config.registry_path) as reg:
        report.imported = reg.save_learners(report.learners)
    return report


def revoke(config: CertConfig, serial: str, reason: str) -> Record:
    with Registry(config.registry_path, create=False) as reg:
        return reg.revoke(serial, reason)


def list_certificates(config: CertConfig, revoked: bool | None = None) -> list[Record]:
    if not config.registry_path.exists():
        return []
    with Registry(config.registry_path, create=False) as reg:
        return reg.all(revoked)


def export_registry(config: CertConfig, path: Path | str) -> int:
    with Registry(config.registry_path, create=False) as reg:
        return reg.export(Path(path))


__all__ = [
    "CertConfig",
    "CertificateError",
    "Decision",
    "IssueReport",
    "Record",
    "Verdict",
    "VALID",
    "REVOKED",
    "TAMPERED",
    "UNKNOWN",
    "load_config",
    "init_keys",
    "import_roster",
    "evaluate",
    "check",
    "issue_batch",
    "verify",
    "revoke",
    "list_certificates",
    "export_registry",
]
