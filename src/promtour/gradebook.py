"""nbgrader's gradebook (SQLite or PostgreSQL through ``db_url``): opening it and the kit's queries.

Every step that reads or writes the gradebook opens it here, so a missing or unreadable
gradebook is the same one Russian line everywhere, and every query over nbgrader's tables
(rather than its per-object API) lives in this one module.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from promtour.errors import KitError
from promtour.grading.config import COURSE_ID, default_db_url, scripts_on_path, sqlite_path
from promtour.paths import repo_root

if TYPE_CHECKING:
    from nbgrader.api import Gradebook

    from promtour.learners import Learner


class GradebookError(KitError):
    """The gradebook cannot be found, opened or written; the message says which and where."""


def default_gradebook_url() -> str:
    return os.environ.get("PROMTOUR_DB_URL") or default_db_url(repo_root())


@contextmanager
def open_gradebook(
    db_url: str | None = None, must_exist: bool = True, course_id: str = COURSE_ID
) -> Iterator[Gradebook]:
    """The gradebook at ``db_url`` (default: the course's), closed on leaving.

    ``must_exist=False`` lets nbgrader create a new SQLite file (the course's own steps do)."""
    from nbgrader.api import Gradebook

    url = db_url or default_gradebook_url()
    path = sqlite_path(url)
    if must_exist and path is not None and not path.exists():
        raise GradebookError(f"Журнал оценок не найден: {path} (проверьте --db-url или PROMTOUR_DB_URL)")
    scripts_on_path()  # nbgrader shells out to alembic when it creates a gradebook
    try:
        gb = Gradebook(url, course_id=course_id)
    except Exception as exc:  # sqlalchemy raises many kinds; the organiser needs one line
        raise GradebookError(f"Не удалось открыть журнал оценок {url}: {exc}") from None
    try:
        yield gb
    finally:
        gb.close()


@contextmanager
def saving(gb: Gradebook) -> Iterator[Gradebook]:
    """Changes to nbgrader's objects made inside are written together, or not at all."""
    try:
        yield gb
        gb.db.commit()
    except BaseException:
        gb.db.rollback()
        raise


# ---- learners ------------------------------------------------------------------------------


def student_ids(gb: Gradebook) -> set[str]:
    return {s.id for s in gb.students}


def write_students(gb: Gradebook, learners: Iterable[Learner]) -> None:
    """Add or update the roster's learners in one transaction (nbgrader has no patronymic:
    it goes with the first name)."""
    from nbgrader.api import Student

    existing = {s.id: s for s in gb.db.query(Student).all()}
    try:
        with saving(gb):
            for le in learners:
                student = existing.get(le.learner_id) or Student(id=le.learner_id)
                student.last_name = le.last_name
                student.first_name = " ".join(p for p in (le.first_name, le.patronymic) if p)
                student.email = le.email
                if le.learner_id not in existing:
                    gb.db.add(student)
    except Exception as exc:
        raise GradebookError(f"Не удалось записать слушателей в журнал оценок: {exc}") from None


# ---- grades --------------------------------------------------------------------------------


def _grades(gb: Gradebook, *columns: Any) -> Any:
    """A query over every grade of every submission, joined so ``columns`` may name any of
    SubmittedAssignment, Assignment, SubmittedNotebook, Grade and GradeCell."""
    from nbgrader.api import Assignment, Grade, GradeCell, SubmittedAssignment, SubmittedNotebook

    return (
        gb.db.query(*columns)
        .select_from(SubmittedAssignment)
        .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
        .join(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
        .join(Grade, Grade.notebook_id == SubmittedNotebook.id)
        .join(GradeCell, Grade.cell_id == GradeCell.id)
    )


def cell_grades(gb: Gradebook, cell_prefix: str) -> Iterable[tuple[str, str, Any, Any, Any, Any]]:
    """(learner, assignment, auto score, manual score, maximum, needs manual grade) of every
    graded cell named ``cell_prefix…``, across all assignments, in one query."""
    from nbgrader.api import Assignment, Grade, GradeCell, SubmittedAssignment

    return _grades(
        gb,
        SubmittedAssignment.student_id,
        Assignment.name,
        Grade.auto_score,
        Grade.manual_score,
        GradeCell.max_score,
        Grade.needs_manual_grade,
    ).filter(GradeCell.name.like(f"{cell_prefix}%"))


def assignment_grades(gb: Gradebook, assignment: str) -> Iterable[tuple[str, Any, Any, Any]]:
    """(learner, late penalty, auto score, manual score) of every grade in ``assignment``, in one query."""
    from nbgrader.api import Assignment, Grade, SubmittedAssignment

    return _grades(
        gb,
        SubmittedAssignment.student_id,
        SubmittedAssignment.late_submission_penalty,
        Grade.auto_score,
        Grade.manual_score,
    ).filter(Assignment.name == assignment)
