"""The trainer pipeline on a content-independent mini assignment (real nbgrader, real kernels)."""

import csv

import pytest
from mini_assignment import MINI
from typer.testing import CliRunner

from promtour.cli import app
from promtour.errors import KitError
from promtour.grading import synthetic
from promtour.grading.course import read_notebook
from promtour.grading.export import export_csv
from promtour.grading.intake import collect_folder
from promtour.grading.trial import auto_score, submit_profile

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("profile, expected", [("perfect", 5), ("partial", 2), ("blank", 0), ("raising", 2)])
def test_synthetic_learners_get_what_they_deserve(mini_course, profile, expected):
    """Does nbgrader's autograde give each kind of submission the score its structure predicts?"""
    assert submit_profile(mini_course, MINI, profile, profile) == expected
    result = mini_course.autograde(MINI, profile)
    assert result.ok, result.message
    assert auto_score(mini_course, MINI, profile) == expected


def test_edited_locked_test_cell_is_restored(mini_course):
    """Does a learner who rewrites a test cell to `pass` still face the original tests?"""
    release = read_notebook(mini_course.notebook("release", MINI))
    nb = synthetic.fill(release, read_notebook(mini_course.notebook("source", MINI)), {"double"})
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid == "answer":
            cell.source = "answer = 0"
        if gid == "answer_tests":
            cell.source = "pass  # tests removed by the learner"
    mini_course.submit(MINI, "tamperer", nb)
    assert mini_course.autograde(MINI, "tamperer").ok
    assert auto_score(mini_course, MINI, "tamperer") == 2  # only the honest task counts
    graded = read_notebook(mini_course.notebook("autograded", MINI, "tamperer"))
    tests = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_tests")
    assert "expect_number(answer" in tests.source


def test_feedback_and_export(mini_course, tmp_path):
    """Are feedback HTML and a grades CSV produced for an autograded learner?"""
    submit_profile(mini_course, MINI, "learner-1", "perfect")
    assert mini_course.autograde(MINI, "learner-1").ok
    assert mini_course.feedback(MINI, "learner-1").ok
    html = mini_course.dir("feedback") / "learner-1" / MINI / "assignment.html"
    assert html.is_file() and "double" in html.read_text(encoding="utf-8")
    out = tmp_path / "grades.csv"
    assert export_csv(mini_course, out) == 1
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["student_id"] == "learner-1" and float(row["auto_score"]) == 5


def test_folder_intake_reports_each_bad_submission(mini_course, tmp_path):
    """Does intake accept good notebooks and explain every bad one, without stopping?"""
    release = mini_course.notebook("release", MINI)
    inbox = tmp_path / "inbox"
    (inbox / "good-1").mkdir(parents=True)
    (inbox / "good-1" / "Задание 1 (копия).ipynb").write_bytes(release.read_bytes())
    (inbox / "nested" / MINI).mkdir(parents=True)
    (inbox / "nested" / MINI / "x.ipynb").write_bytes(release.read_bytes())
    (inbox / "broken").mkdir()
    (inbox / "broken" / "a.ipynb").write_text("{not json", encoding="utf-8")
    (inbox / "empty").mkdir()
    (inbox / "two").mkdir()
    for name in ("a.ipynb", "b.ipynb"):
        (inbox / "two" / name).write_bytes(release.read_bytes())
    (inbox / "плохое имя").mkdir()
    results = {r.student: r for r in collect_folder(mini_course, inbox, MINI)}
    assert results["good-1"].ok and results["nested"].ok
    assert not results["broken"].ok and "не читается" in results["broken"].message
    assert not results["empty"].ok and "нет блокнота" in results["empty"].message
    assert not results["two"].ok and "несколько" in results["two"].message
    assert not results["плохое имя"].ok
    assert mini_course.submitted_students(MINI) == ["good-1", "nested"]


def test_intake_of_missing_folder_is_an_error(mini_course, tmp_path):
    with pytest.raises(KitError, match="не найдена"):
        collect_folder(mini_course, tmp_path / "nowhere", MINI)


def test_cli_errors_are_one_line(mini_course):
    """Does the CLI print one clear line and exit 1 instead of a traceback?"""
    runner = CliRunner()
    result = runner.invoke(app, ["autograde", "--course", str(mini_course.root)])
    assert result.exit_code == 1
    assert "нет сданных работ" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["build", "m99", "--course", str(mini_course.root)])
    assert result.exit_code == 1 and "Нет модуля" in result.output


def test_cli_full_cycle(mini_course, tmp_path):
    """Do collect → autograde → feedback → export → summary work from the command line?"""
    inbox = tmp_path / "inbox" / "cli-learner"
    inbox.mkdir(parents=True)
    nb, _ = synthetic.submission(
        "perfect",
        read_notebook(mini_course.notebook("release", MINI)),
        read_notebook(mini_course.notebook("source", MINI)),
    )
    import nbformat

    nbformat.write(nb, str(inbox / "work.ipynb"))
    runner = CliRunner()
    root = ["--course", str(mini_course.root)]
    for args in (
        ["collect", str(inbox.parent), "-m", "m01"],
        ["autograde", "m01"],
        ["feedback"],
        ["export"],
        ["summary"],
    ):
        result = runner.invoke(app, args + root)
        assert result.exit_code == 0, (args, result.output)
    assert "5/6" in result.output  # m01 column  # 5 auto points of 6; the open answer awaits the trainer
    assert (mini_course.root / "grading" / "grades.csv").is_file()


def test_feedback_hides_hidden_tests_but_shows_their_message(mini_course):
    """Does a learner's feedback say a hidden test failed, with its message, but not its code?"""
    release = read_notebook(mini_course.notebook("release", MINI))
    nb = synthetic.fill(release, read_notebook(mini_course.notebook("source", MINI)), set())
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "double":
            cell.source = "def double(x):\n    return 4 if x == 2 else 0  # fits the visible test only"
    mini_course.submit(MINI, "hardcoder", nb)
    assert mini_course.autograde(MINI, "hardcoder").ok
    assert auto_score(mini_course, MINI, "hardcoder") == 0
    assert mini_course.feedback(MINI, "hardcoder").ok
    html = (mini_course.dir("feedback") / "hardcoder" / MINI / "assignment.html").read_text(encoding="utf-8")
    assert "double(-3)" in html  # the hidden test's Russian message reaches the learner
    assert "expect_number(double(-3)" not in html  # its code does not
    assert "скрытые тесты" in html
    graded = read_notebook(mini_course.notebook("autograded", MINI, "hardcoder"))
    assert any("expect_number(double(-3)" in c.source for c in graded.cells)  # the trainer still sees them


def _pending(course, student):
    with course.gradebook() as gb:
        nb = gb.find_submission_notebook("assignment", MINI, student)
        return {g.cell.name: (g.manual_score, g.needs_manual_grade) for g in nb.grades if g.cell.name == "explain"}


def test_regrade_keeps_the_trainers_grades(mini_course):
    """After manual grading, a late submission and another autograde: are earlier manual grades and
    comments kept with nothing pending, is only new or changed work graded, and does a changed answer
    get graded again?"""
    from promtour.cli import app  # noqa: F811 - the CLI is what a trainer runs

    submit_profile(mini_course, MINI, "early", "perfect")
    assert mini_course.autograde(MINI, "early").ok
    mini_course.set_manual_score(MINI, "early", "explain", 1)
    with mini_course.gradebook() as gb:
        gb.find_comment("explain", "assignment", MINI, "early").manual_comment = "Хорошо объяснено."
        gb.db.commit()
    submit_profile(mini_course, MINI, "late", "perfect")  # late work arrives
    assert not mini_course.needs_autograde(MINI, "early") and mini_course.needs_autograde(MINI, "late")

    runner = CliRunner()
    args = ["autograde", MINI, "--course", str(mini_course.root), "--db-url", mini_course.db_url, "-j", "1"]
    out = runner.invoke(app, args)
    assert out.exit_code == 0 and "Проверено 1 из 1" in out.output, out.output
    assert _pending(mini_course, "early") == {"explain": (1.0, False)}

    out = runner.invoke(app, [*args, "--force"])  # everything again: still nothing pending for "early"
    assert out.exit_code == 0 and "Проверено 2 из 2" in out.output, out.output
    assert _pending(mini_course, "early") == {"explain": (1.0, False)}
    with mini_course.gradebook() as gb:
        assert gb.find_comment("explain", "assignment", MINI, "early").manual_comment == "Хорошо объяснено."
    assert "Новых и изменённых работ нет" in runner.invoke(app, args).output

    nb = read_notebook(mini_course.notebook("submitted", MINI, "early"))
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "explain":
            cell.source = "Иначе: потому что так сказано в условии."
    mini_course.submit(MINI, "early", nb)  # resubmitted with a changed answer
    assert runner.invoke(app, args).exit_code == 0
    assert _pending(mini_course, "early")["explain"][1] is True  # the changed answer waits for the trainer


def test_infrastructure_failure_is_retried_and_never_a_zero(mini_course, monkeypatch):
    """Is a kernel that fails to start retried, and after repeated failures reported «не проверено»
    with no zero written, while a retry that succeeds grades normally?"""
    submit_profile(mini_course, MINI, "unlucky", "perfect")
    real = mini_course.api.autograde
    calls = []

    def flaky(*args, fails: int, **kwargs):
        calls.append(1)
        if len(calls) <= fails:
            return {"success": False, "log": "[ERROR] RuntimeError: Kernel died before replying to kernel_info"}
        return real(*args, **kwargs)

    monkeypatch.setattr(mini_course.api, "autograde", lambda *a, **k: flaky(*a, fails=99, **k))
    r = mini_course.autograde(MINI, "unlucky")
    assert not r.ok and r.message.startswith("не проверено") and len(calls) == 3
    from nbgrader.api import MissingEntry

    with mini_course.gradebook() as gb:  # nothing recorded, so nothing to mistake for a zero
        with pytest.raises(MissingEntry):
            gb.find_submission(MINI, "unlucky")
    calls.clear()
    monkeypatch.setattr(mini_course.api, "autograde", lambda *a, **k: flaky(*a, fails=1, **k))
    assert mini_course.autograde(MINI, "unlucky").ok and len(calls) == 2
    assert auto_score(mini_course, MINI, "unlucky") == 5


def test_synthetic_fill_leaves_plain_cells_alone(mini_course):
    """Does a synthetic learner's crashing line go only into the named answer cell, never into the
    plain cells (without nbgrader metadata) that assignments use to choose the enterprise?"""
    import nbformat

    release = read_notebook(mini_course.notebook("release", MINI))
    release.cells.insert(1, nbformat.v4.new_code_cell("my = 'PMK'"))
    source = read_notebook(mini_course.notebook("source", MINI))
    perfect = synthetic.fill(release, source, {"double"}, raise_in=None)
    assert perfect.cells[1].source == "my = 'PMK'"
    crashing = synthetic.fill(release, source, {"double"}, raise_in="double")
    assert crashing.cells[1].source == "my = 'PMK'"
    assert any(
        "ошибка в коде слушателя" in c.source
        for c in crashing.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "double"
    )
