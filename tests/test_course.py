"""Every module meets the content bar: its lesson runs and teaches, its assignment grades right."""

import pytest

from promtour.course import MODULES
from promtour.grading.check import Report, check_assignment, check_lesson, check_structure
from promtour.grading.course import Course

pytestmark = pytest.mark.slow
IDS = [m.assignment for m in MODULES]


def _explain(report: Report) -> str:
    return "\n".join(f"{'OK ' if ok else 'BAD'} {what}: {detail}" for what, ok, detail in report.lines)


@pytest.mark.parametrize("assignment", IDS)
def test_lesson_runs_and_its_self_checks_work(assignment):
    """Does the lesson run top to bottom without errors, with ≥1,200 words of prose and ≥3
    self-checks that accept their solution, reject a typical wrong answer and start unattempted?"""
    report = Report(assignment)
    check_lesson(Course(), assignment, report)
    assert report.lines and report.ok, _explain(report)


@pytest.mark.parametrize("assignment", IDS)
def test_assignment_meets_the_structure_bar(assignment):
    """4–6 autograded tasks with hidden tests, 1–2 open answers, 10–20 points, Russian failures?"""
    report = Report(assignment)
    check_structure(Course(), assignment, report)
    assert report.ok, _explain(report)


@pytest.mark.parametrize("assignment", IDS)
def test_solution_full_marks_blank_zero_release_in_sync(assignment):
    """Through the real nbgrader autograde: does the instructor solution earn full marks, the
    blank student version zero (without crashing the grader), and is assignments/ in sync?"""
    report = Report(assignment)
    check_assignment(Course(), assignment, report)
    assert len(report.lines) >= 4 and report.ok, _explain(report)
