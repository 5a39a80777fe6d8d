"""Autograding many submissions at once (nbgrader grades one notebook at a time).

Each worker process keeps its own nbgrader API and grades whole submissions; the
gradebook is shared. SQLite serialises writers (the URL carries a busy timeout so
nobody fails with "database is locked"); PostgreSQL takes them concurrently.
Students are registered before the pool starts so that no two workers race to
create the same one.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from ..cpus import default_workers
from .course import Course, StepResult

_course: Course | None = None


def _init(root: str, db_url: str, config) -> None:
    global _course
    _course = Course(Path(root), db_url, config)


def _grade(job: tuple[str, str]) -> StepResult:
    assert _course is not None
    return _course.autograde(*job)


def autograde_many(course: Course, jobs: list[tuple[str, str]], workers: int | None = None) -> Iterator[StepResult]:
    """Grade ``(assignment, student)`` pairs; yields results as they finish."""
    workers = max(1, min(workers or default_workers(), len(jobs) or 1))
    with course.gradebook() as gb:
        for student in sorted({s for _, s in jobs}):
            gb.update_or_create_student(student)
    if workers == 1:
        yield from (course.autograde(a, s) for a, s in jobs)
        return
    # spawn, not fork: each worker starts clean (no inherited DB connections or event loops)
    with ProcessPoolExecutor(
        workers,
        mp_context=get_context("spawn"),
        initializer=_init,
        initargs=(str(course.root), course.db_url, course.config),
    ) as pool:
        futures = {pool.submit(_grade, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a worker died: the grader failed, not the learner
                a, s = futures[future]
                yield StepResult(a, s, False, f"не проверено: сбой проверяющего процесса ({type(exc).__name__}: {exc})")
