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


def test_notebooks_are_stored_without_outputs():
    """Are all lessons, sources and student versions committed clean (no outputs, no counts)?"""
    from promtour.grading.course import read_notebook
    from promtour.notebooks import has_outputs
    from promtour.paths import repo_root

    root = repo_root()
    paths = [*root.glob("modules/*.ipynb"), *root.glob("solutions/*/*.ipynb"), *root.glob("assignments/*/*.ipynb")]
    assert len(paths) >= 3 * len(MODULES)
    dirty = [str(p.relative_to(root)) for p in paths if has_outputs(read_notebook(p))]
    assert not dirty, f"run `make clean-notebooks`: {dirty}"


def test_every_module_has_its_notebooks():
    """Does each of the six modules have a lesson, an instructor source and a student version?"""
    course = Course()
    for m in MODULES:
        assert (course.root / m.lesson).is_file(), m.lesson
        assert course.notebook("source", m.assignment).is_file(), m.assignment
        assert course.notebook("release", m.assignment).is_file(), m.assignment


def test_intro_lesson_runs_and_its_self_checks_work():
    """Does «Модуль 0» (Jupyter and Python from scratch) run, teach, and have ≥3 working self-checks?"""
    report = Report("m00")
    check_lesson(Course(), "m00", report)
    assert report.lines and report.ok, _explain(report)


GRADED_TASK_VARIANTS = ("итоговое задание", "аттестационное задание", "оцениваемое задание", "проверочное задание")


def _texts():
    from promtour.grading.course import read_notebook
    from promtour.paths import repo_root

    root = repo_root()
    for path in [*root.glob("modules/*.ipynb"), *root.glob("solutions/*/*.ipynb")]:
        yield path, " ".join(c.source for c in read_notebook(path).cells if c.cell_type == "markdown")


def test_one_name_for_the_graded_task():
    """Is the graded assignment called «зачётное задание» everywhere, never by another name?"""
    import re

    for path, text in _texts():
        found = [v for v in GRADED_TASK_VARIANTS if re.search(v.replace(" ", r"\w*\s+"), text, re.I)]
        assert not found, f"{path.name}: {found}"


def test_hours_are_one_figure_from_one_place():
    """Does every lesson state its module's hours, and do they add up to the certificate's?"""
    from promtour.certificates.config import load_config
    from promtour.course import COURSE_HOURS, INTRO
    from promtour.grading.course import read_notebook
    from promtour.paths import repo_root

    for m in (INTRO, *MODULES):
        intro = " ".join(c.source for c in read_notebook(repo_root() / m.lesson).cells[:3])
        assert f"**Объём:** {m.hours} ак. ч." in intro, m.lesson
    assert load_config().hours == COURSE_HOURS == 72
