"""Batch issuing: eligible learners -> signed, numbered PDFs + registry records.

Order of work for each certificate, so that a crash at any moment is harmless:
1. the PDF (and badge files) are written to temp files and renamed into place;
2. one registry transaction records the certificate (serial, learner, hashes).
Until step 2 commits, the certificate does not exist: a re-run deletes files whose
serial is not in the registry (and temp files), then issues whoever is still
missing. Learners with an active certificate are never issued another one.
Rendering runs in a process pool; records are committed in serial order.
"""

from __future__ import annotations

import fcntl
import hashlib
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from promtour.cpus import default_workers
from promtour.fsutil import atomic_write_bytes, remove_partial_files

from . import badges
from . import tokens as token
from .config import CertConfig
from .eligibility import Decision, evaluate, whole_percent
from .errors import CertificateError
from .keys import check_pair, key_id, load_private_key, load_public_key
from .registry import Record, Registry, now_iso
from .render import CertificateData, Layout, Renderer

Progress = Callable[[int, int], None]
POOL_MIN_JOBS = 24  # below this a pool costs more than it saves


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to produce one certificate's files."""

    data: CertificateData
    learner_id: str
    badge_json: bytes | None = None
    badge_jwt: bytes | None = None


@dataclass(frozen=True)
class Issued:
    serial: str
    learner_id: str
    full_name: str
    path: Path


@dataclass
class IssueReport:
    decisions: list[Decision] = field(default_factory=list)
    issued: list[Issued] = field(default_factory=list)
    already: list[Record] = field(default_factory=list)  # had an active certificate
    held_revoked: list[str] = field(default_factory=list)  # revoked before; not re-issued
    cleaned: list[Path] = field(default_factory=list)  # leftovers of an interrupted run
    seconds: float = 0.0

    @property
    def eligible(self) -> list[Decision]:
        return [d for d in self.decisions if d.eligible]

    @property
    def not_eligible(self) -> list[Decision]:
        return [d for d in self.decisions if not d.eligible]


def check(config: CertConfig, gradebook_url: str | None = None) -> IssueReport:
    """Dry run: who qualifies, who does not and why, who already has a certificate."""
    with Registry(config.registry_path) as reg:
        learners = _roster(reg)
        report = IssueReport(decisions=evaluate(config, learners, gradebook_url))
        _split_done(report, reg, config, reissue_revoked=False)
    return report


def issue_batch(
    config: CertConfig,
    gradebook_url: str | None = None,
    *,
    workers: int | None = None,
    badges_too: bool = False,
    reissue_revoked: bool = False,
    issued_on: date | None = None,
    progress: Progress | None = None,
) -> IssueReport:
    """Issue a certificate to every eligible learner who has none; safe to re-run."""
    check_pair(load_private_key(config), load_public_key(config))  # fail before the gradebook read
    with Registry(config.registry_path) as reg:
        learners = _roster(reg)
    decisions = evaluate(config, learners, gradebook_url)
    return issue_decisions(
        config,
        decisions,
        workers=workers,
        badges_too=badges_too,
        reissue_revoked=reissue_revoked,
        issued_on=issued_on,
        progress=progress,
    )


def issue_decisions(
    config: CertConfig,
    decisions: list[Decision],
    *,
    workers: int | None = None,
    badges_too: bool = False,
    reissue_revoked: bool = False,
    issued_on: date | None = None,
    progress: Progress | None = None,
) -> IssueReport:
    """Issue for already evaluated decisions (``issue_batch`` without the gradebook read)."""
    t0 = time.perf_counter()
    private = load_private_key(config)
    public = load_public_key(config)
    check_pair(private, public)
    kid = key_id(public)
    signing = token.jwk(private)  # parsed once for the whole batch
    badge_issuer = badges.did_key(public) if badges_too else None
    issued_on = issued_on or date.today()
    with _batch_lock(config), Registry(config.registry_path) as reg:
        report = IssueReport(decisions=decisions)
        report.cleaned = sweep(config, reg)
        todo = _split_done(report, reg, config, reissue_revoked)
        seq = reg.next_seq()
        jobs = []
        for i, d in enumerate(todo):
            serial = f"{config.serial_prefix}-{issued_on.year}-{seq + i:06d}"
            jobs.append(_job(config, d, serial, issued_on, signing, kid, badge_issuer))
        for job, (file_sha, path) in zip(jobs, _produce(config, jobs, workers, progress)):
            data = job.data
            reg.add(
                Record(
                    serial=data.serial,
                    seq=int(data.serial.rsplit("-", 1)[1]),
                    course_id=config.course_id,
                    learner_id=job.learner_id,
                    full_name=data.full_name,
                    result=whole_percent(data.overall),
                    distinction=data.distinction,
                    token=data.token,
                    payload_sha256=token.payload_hash(data.token),
                    file_name=path.name,
                    file_sha256=file_sha,
                    issued_at=now_iso(),
                )
            )
            report.issued.append(Issued(data.serial, job.learner_id, data.full_name, path))
            if progress:
                progress(len(report.issued), len(jobs))
    report.seconds = time.perf_counter() - t0
    return report


def _roster(reg: Registry):
    learners = reg.learners()
    if not learners:
        raise CertificateError("Список слушателей пуст: сначала импортируйте его (promtour cert roster ФАЙЛ)")
    return learners


def _split_done(report: IssueReport, reg: Registry, config: CertConfig, reissue_revoked: bool) -> list[Decision]:
    active = reg.active_for(config.course_id)
    revoked = reg.revoked_learners(config.course_id)
    todo = []
    for d in report.eligible:
        if d.learner_id in active:
            report.already.append(active[d.learner_id])
        elif d.learner_id in revoked and not reissue_revoked:
            report.held_revoked.append(d.learner_id)
        else:
            todo.append(d)
    return todo


def _job(
    config: CertConfig, d: Decision, serial: str, issued_on: date, private, kid: str, badge_issuer: str | None
) -> Job:
    """One certificate's data; with ``badge_issuer`` (the issuer's did:key) its Open Badge too."""
    learner = d.learner
    assert learner is not None and d.overall is not None
    payload = {
        "v": token.VERSION,
        "s": serial,
        "n": learner.full_name,
        "c": config.course_id,
        "h": config.hours,
        "d": issued_on.isoformat(),
        "r": whole_percent(d.overall),
        "k": kid,
    }
    if d.distinction:
        payload["x"] = 1
    tok = token.sign(payload, private, kid)
    data = CertificateData(
        serial=serial,
        full_name=learner.full_name,
        patronymic=learner.patronymic,
        issued_on=issued_on,
        overall=d.overall,
        distinction=d.distinction,
        module_percents=tuple(m.percent or 0.0 for m in d.modules),
        token=tok,
        qr_text=token.qr_text(tok, config.verify_url),
        product=d.product,
    )
    if badge_issuer is None:
        return Job(data, learner.learner_id)
    cred = badges.credential(
        config,
        serial=serial,
        full_name=learner.full_name,
        email=learner.email,
        issued_on=issued_on,
        result=d.overall,
        distinction=d.distinction,
        key_id=kid,
        issuer_did=badge_issuer,
    )
    files = badges.files(cred, badges.sign_credential(cred, private, badge_issuer))
    return Job(data, learner.learner_id, files[".ob3.json"], files[".ob3.jwt"])


# ---- producing files (in-process or in a pool) -----------------------------------

_worker: dict[str, Any] = {}


def _init_worker(layout: Layout, issued_dir: str) -> None:
    if _worker.get("layout") != layout:  # forked workers inherit a warm renderer
        _worker["renderer"] = Renderer(layout)
        _worker["layout"] = layout
    _worker["dir"] = Path(issued_dir)


def _init_child(layout: Layout, issued_dir: str) -> None:
    """Pool worker start: die with the parent, let go of the batch lock, warm up."""
    _die_with_parent()
    fd = _worker.pop("lock_fd", None)
    if isinstance(fd, int):
        try:
            os.close(fd)  # flock is shared by forked copies of the fd; only the parent holds it
        except OSError:
            pass
    _init_worker(layout, issued_dir)


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the batch process dies, so a crashed batch leaves
    no worker writing files behind the re-run's back."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _write_job(job: Job) -> tuple[str, Path]:
    """Render and write one certificate's files; returns (PDF sha256, PDF path)."""
    renderer: Renderer = _worker["renderer"]
    folder: Path = _worker["dir"]
    serial = job.data.serial
    if job.badge_json is not None:
        atomic_write_bytes(folder / f"{serial}.ob3.json", job.badge_json)
        atomic_write_bytes(folder / f"{serial}.ob3.jwt", job.badge_jwt or b"")
    pdf = renderer.render(job.data)
    path = folder / f"{serial}.pdf"
    atomic_write_bytes(path, pdf)  # the PDF last: its presence means the files are complete
    return hashlib.sha256(pdf).hexdigest(), path


def _produce(
    config: CertConfig, jobs: list[Job], workers: int | None, progress: Progress | None
) -> Iterator[tuple[str, Path]]:
    if not jobs:
        return
    config.issued_dir.mkdir(parents=True, exist_ok=True)
    layout = Layout.from_config(config)
    workers = workers or default_workers()
    _init_worker(layout, str(config.issued_dir))
    _worker["renderer"].warm()
    if workers <= 1 or len(jobs) < POOL_MIN_JOBS:
        if progress:
            progress(0, len(jobs))
        for job in jobs:
            yield _write_job(job)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, min(16, len(jobs) // (workers * 8)))
    with ctx.Pool(workers, initializer=_init_child, initargs=(layout, str(config.issued_dir))) as pool:
        if progress:  # only now: a progress bar may start a thread, and we fork above
            progress(0, len(jobs))
        yield from pool.imap(_write_job, jobs, chunksize=chunk)


# ---- housekeeping --------------------------------------------------------------

_FILE_RE = re.compile(r"(?P<serial>[A-Z]{1,6}-\d{4}-\d{6})(?:\.pdf|\.ob3\.json|\.ob3\.jwt)")


def sweep(config: CertConfig, reg: Registry) -> list[Path]:
    """Delete temp files and files of certificates the registry never recorded."""
    removed = remove_partial_files(config.issued_dir)
    if config.issued_dir.is_dir():
        known = reg.serials()
        for p in sorted(config.issued_dir.iterdir()):
            m = _FILE_RE.fullmatch(p.name)
            if m and m["serial"] not in known:
                p.unlink()
                removed.append(p)
    return removed


@contextmanager
def _batch_lock(config: CertConfig) -> Iterator[None]:
    """One batch at a time per registry (serials are allocated from it)."""
    lock_path = config.registry_path.with_name(config.registry_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CertificateError("Выдача уже идёт в другом процессе (реестр занят); дождитесь её окончания") from None
        _worker["lock_fd"] = fh.fileno()
        try:
            yield
        finally:
            _worker.pop("lock_fd", None)
            fcntl.flock(fh, fcntl.LOCK_UN)
