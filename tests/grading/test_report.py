"""The trainer's report: numbers straight from the gradebook, one self-contained HTML file."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest
from mini_assignment import MINI, mini_source
from typer.testing import CliRunner

from promtour.cli import app
from promtour.errors import KitError
from promtour.grading.course import Course
from promtour.grading.report import _ball, build_report
from promtour.grading.trial import submit_profile

# Nobody in this class solves `answer_tests` (partial stops after the first task, blank solves
# nothing, raising crashes in the last one): the report must flag it. The trainer has graded
# the open answer `explain` of two learners; the third waits.
LEARNERS = {"l-partial": "partial", "l-blank": "blank", "l-raising": "raising"}
MANUAL = {"l-partial": 1.0, "l-blank": 0.0}  # explain: 1 point max
TASKS = ("double_tests", "answer_tests", "explain")


def _read_csv(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    key = "task" if "task" in rows[0] else "assignment"
    return {r[key]: r for r in rows}


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory) -> Course:
    """The mini assignment, three learners autograded, the trainer half-way through open answers."""
    course = Course(tmp_path_factory.mktemp("report") / "course")
    src = course.notebook("source", MINI)
    src.parent.mkdir(parents=True)
    nbformat.write(mini_source(), str(src))
    assert course.build(MINI).ok
    for student, profile in LEARNERS.items():
        submit_profile(course, MINI, student, profile)
        result = course.autograde(MINI, student)
        assert result.ok, result.message
    for student, score in MANUAL.items():
        course.set_manual_score(MINI, student, "explain", score)
    return course


def _by_hand(course: Course, share: float) -> dict[str, tuple[int, int, int]]:
    """task -> (graded, passed, waiting), read grade by grade through nbgrader's own lookup."""
    out = {}
    with course.gradebook() as gb:
        for assignment in gb.assignments:
            for nb in assignment.notebooks:
                for cell in nb.grade_cells:
                    graded = passed = waiting = 0
                    for sub in assignment.submissions:
                        grade = gb.find_grade(cell.name, nb.name, assignment.name, sub.student.id)
                        if grade.needs_manual_grade:
                            waiting += 1
                            continue
                        graded += 1
                        passed += grade.score >= share * grade.max_score
                    out[cell.name] = (graded, passed, waiting)
    return out


@pytest.mark.slow
def test_report_is_one_html_with_tasks_and_images(graded_course, tmp_path):
    """Does the trainer get one self-contained HTML naming every task, with embedded figures?"""
    path = build_report(graded_course, tmp_path / "out")
    assert path == tmp_path / "out" / "report.html"
    assert {p.name for p in path.parent.iterdir()} == {
        "report.html",
        "tasks.csv",
        "modules.csv",
        "integrity.csv",
    }  # no temp files
    page = path.read_text(encoding="utf-8")
    for task in TASKS:
        assert task in page
    images = re.findall(r"src=[\"']data:image/png;base64,([A-Za-z0-9+/=]+)[\"']", page)
    assert len(images) == 2  # histogram + pass-rate chart of the one module
    assert all(len(i) > 1000 for i in images)
    assert not re.search(r"""(?:src|href)=['"](?:https?:|file:|/)""", page)  # nothing loaded from elsewhere
    assert "Слушатели × модули" in page and all(s in page for s in LEARNERS)


@pytest.mark.slow
def test_csv_pass_rates_are_those_of_the_grades(graded_course, tmp_path):
    """Do tasks.csv and modules.csv say what the gradebook's grades say?"""
    build_report(graded_course, tmp_path)
    tasks = _read_csv(tmp_path / "tasks.csv")
    assert list(tasks) == list(TASKS)  # notebook order
    for task, (graded, passed, waiting) in _by_hand(graded_course, 0.6).items():
        row = tasks[task]
        assert (int(row["graded"]), int(row["passed"]), int(row["awaiting_manual"])) == (graded, passed, waiting)
        assert float(row["pass_rate"]) == pytest.approx(passed / graded, abs=1e-4)
    # and spelled out: partial and raising solve double, nobody solves answer, 1 of 2 graded explains
    assert [(tasks[t]["passed"], tasks[t]["graded"]) for t in TASKS] == [("2", "3"), ("0", "3"), ("1", "2")]
    assert (tasks["explain"]["kind"], tasks["double_tests"]["kind"]) == ("ручная проверка", "автотест")
    (module,) = _read_csv(tmp_path / "modules.csv").values()
    # totals: partial 2 + 1 = 3, blank 0, raising 2 auto (+ explain waiting); pass mark 0.6 * 6 = 3.6
    assert module["assignment"] == MINI and module["max_score"] == "6" and module["pass_mark"] == "3.6"
    assert (module["submissions"], module["passed"], module["failed"], module["awaiting_manual"]) == (
        "3",
        "0",
        "2",
        "1",
    )
    assert float(module["pass_rate"]) == 0


@pytest.mark.slow
def test_task_everyone_fails_is_flagged(graded_course, tmp_path):
    """Is the task nobody solves listed at the top, in red, and marked hard in the CSV?"""
    page = build_report(graded_course, tmp_path).read_text(encoding="utf-8")
    tasks = _read_csv(tmp_path / "tasks.csv")
    assert tasks["answer_tests"]["hard"] == "1" and tasks["double_tests"]["hard"] == "0"
    top = page.index("Задачи, которые чаще всего не решают")
    hard_list = page[top : page.index("Слушатели × модули")]
    assert "answer_tests" in hard_list and "double_tests" not in hard_list
    assert page.index("answer_tests") > top  # first mentioned in the list, above everything else
    assert re.search(r"<tr class=[\"']hard[\"']><td><code>answer_tests</code>", page)
    assert "ждут ручной проверки" in page


@pytest.mark.slow
def test_pass_share_is_a_parameter(graded_course, tmp_path):
    """Does a lower pass mark let more learners through, tasks and modules alike?"""
    build_report(graded_course, tmp_path, pass_share=0.3)
    (module,) = _read_csv(tmp_path / "modules.csv").values()
    assert module["pass_mark"] == "1.8" and module["passed"] == "2"  # partial 3 and raising 2 (waiting)
    assert _read_csv(tmp_path / "tasks.csv")["explain"]["passed"] == "1"
    with pytest.raises(KitError):
        build_report(graded_course, tmp_path, pass_share=0)


@pytest.mark.slow
def test_cli_report(graded_course, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["report", "--course", str(graded_course.root), "--output", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "report.html").is_file() and (tmp_path / "r" / "tasks.csv").is_file()
    result = runner.invoke(app, ["report", "--course", str(graded_course.root)])
    assert result.exit_code == 0 and (graded_course.root / "grading" / "report" / "report.html").is_file()


def test_report_of_empty_gradebook_is_a_clear_error(tmp_path):
    with pytest.raises(KitError, match="нет сданных работ"):
        build_report(Course(tmp_path / "course"), tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "n, word", [(1, "балл"), (2, "балла"), (5, "баллов"), (11, "баллов"), (21, "балл"), (3.6, "балла")]
)
def test_points_word_agrees_with_number(n, word):
    assert _ball(n) == word


def test_report_lists_integrity_flags_for_review(mini_course, tmp_path):
    """Does the report show a submission that patches a test helper, for the trainer to review?"""
    from promtour.grading import synthetic
    from promtour.grading.course import read_notebook
    from promtour.grading.report import build_report

    nb = synthetic.fill(
        read_notebook(mini_course.notebook("release", MINI)),
        read_notebook(mini_course.notebook("source", MINI)),
        {"double", "answer"},
    )
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "answer":
            cell.source += "\nimport promtour.gradetools as g\ng.expect_number = lambda *a, **k: None"
    mini_course.submit(MINI, "patcher", nb)
    submit_profile(mini_course, MINI, "honest", "perfect")
    for s in ("patcher", "honest"):
        assert mini_course.autograde(MINI, s).ok
    html = build_report(mini_course, tmp_path / "r").read_text(encoding="utf-8")
    assert "Проверка добросовестности" in html and "patcher" in html.split("Проверка добросовестности")[1]
    rows = (tmp_path / "r" / "integrity.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) > 1 and all(",patcher," in r or r.startswith("patcher,") for r in rows[1:])


def test_report_escapes_what_learners_and_authors_wrote():
    """Is text from the gradebook (names, titles, code) escaped by the template, never run as HTML?"""
    from datetime import datetime

    from promtour.grading.report import ModuleStats, Submission, render_html

    m = ModuleStats(
        "m01-x", "<b>Модуль</b>", 10.0, [], [Submission("s1", "<script>alert(1)</script>", 5.0, 10.0, False)]
    )
    page = render_html(
        [m],
        0.6,
        0.6,
        0.5,
        datetime(2026, 12, 1),
        "sqlite:///gb.db",
        [
            {
                "student_id": "s1",
                "assignment": "m01-x",
                "kind": "builtins",
                "cell": "t1",
                "line": 1,
                "code": "<img src=x onerror=1>",
                "reason": "проверка",
            }
        ],
    )
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Модуль</b>" not in page and "<img src=x" not in page
