"""Grading synthetic learners in a course: the heart of ``promtour demo`` and ``promtour check``."""

from __future__ import annotations

from dataclasses import dataclass

from ..course import ASSIGNMENT_NOTEBOOK
from ..errors import KitError
from . import synthetic
from .course import Course, read_notebook


@dataclass(frozen=True)
class Trial:
    assignment: str
    student: str
    profile: str
    expected: float  # autograded points the notebook deserves
    actual: float | None  # what nbgrader gave (None: grading failed)
    max_auto: float
    message: str = ""

    @property
    def as_expected(self) -> bool:
        return self.actual is not None and abs(self.actual - self.expected) < 1e-6


def submit_profile(course: Course, assignment: str, student: str, profile: str) -> float:
    """Submit what a learner of this profile would; returns the score it deserves."""
    source = read_notebook(course.notebook("source", assignment))
    release_path = course.notebook("release", assignment)
    if not release_path.is_file():
        raise KitError(f"Нет студенческой версии {release_path}: сначала `promtour build`")
    nb, expected = synthetic.submission(profile, read_notebook(release_path), source)
    course.submit(assignment, student, nb)
    return expected


def auto_score(course: Course, assignment: str, student: str) -> float:
    with course.gradebook() as gb:
        return float(gb.find_submission_notebook(ASSIGNMENT_NOTEBOOK, assignment, student).code_score)


def max_auto(course: Course, assignment: str) -> float:
    source = read_notebook(course.notebook("source", assignment))
    return sum(t.points for t in synthetic.tasks(source))


def grade_manually(course: Course, assignment: str, student: str, share: float) -> None:
    """What a trainer does in the formgrader, simulated: ``share`` of each open answer's points."""
    source = read_notebook(course.notebook("source", assignment))
    for grade_id, points in synthetic.manual_cells(source).items():
        course.set_manual_score(assignment, student, grade_id, round(points * share * 2) / 2)
