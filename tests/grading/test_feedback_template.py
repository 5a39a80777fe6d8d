"""The learner's feedback page: Russian, offline, formulas as MathML, the right total.

One mini assignment (with a markdown cell of formulas taken from a real assignment), one
synthetic learner: autograded, feedback generated through the kit's Course (nbgrader's API)
before and after the trainer's manual grade and comment.
"""

import html
import re
import runpy

import nbformat
import pytest
from mini_assignment import MINI, mini_source
from nbformat.v4 import new_markdown_cell

from promtour.course import ASSIGNMENT_NOTEBOOK
from promtour.grading.course import Course, read_notebook
from promtour.grading.feedback import FeedbackExporter, latex_to_mathml
from promtour.grading.trial import submit_profile
from promtour.paths import repo_root

STUDENT = "learner-7"
COMMENT = "Верно, но коротко: <b>раскройте</b> причину."
INLINE_MATH = re.compile(r"(?<![$\\])\$([^$]+?)\$")


def _formula_cell() -> str:
    """A markdown cell of a real assignment with inline formulas (m04: the revenue-maximising price)."""
    nb = read_notebook(repo_root() / "assignments" / "m04-economics" / f"{ASSIGNMENT_NOTEBOOK}.ipynb")
    return next(c.source for c in nb.cells if c.cell_type == "markdown" and r"\dfrac" in c.source)


def _feedback(course: Course) -> str:
    result = course.feedback(MINI, STUDENT)
    assert result.ok, result.message
    return (course.dir("feedback") / STUDENT / MINI / f"{ASSIGNMENT_NOTEBOOK}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """The feedback page before and after the trainer grades the open answer."""
    course = Course(tmp_path_factory.mktemp("feedback") / "course")
    source = mini_source()
    source.cells.insert(1, new_markdown_cell(_formula_cell()))
    path = course.notebook("source", MINI)
    path.parent.mkdir(parents=True)
    nbformat.write(source, str(path))
    assert course.build(MINI).ok
    assert submit_profile(course, MINI, STUDENT, "perfect") == 5
    assert course.autograde(MINI, STUDENT).ok
    before = _feedback(course)
    course.set_manual_score(MINI, STUDENT, "explain", 0.5)
    with course.gradebook() as gb:
        gb.find_comment("explain", ASSIGNMENT_NOTEBOOK, MINI, STUDENT).manual_comment = COMMENT
        gb.db.commit()
    return {"before": before, "after": _feedback(course)}


@pytest.mark.slow
def test_labels_are_russian(pages):
    page = pages["after"].split("<body", 1)[1]  # what the learner reads, not the embedded CSS
    for label in ("Ответ слушателя", "Проверка (автотест)", "Баллы: 2 из 2", "Комментарий преподавателя"):
        assert label in page
    assert f"<dd>{STUDENT}</dd>" in page and f"<dd>{MINI}</dd>" in page
    for stock in ("Student's answer", "Grade cell", "Comments", "In&nbsp;[", "Out["):
        assert stock not in page


@pytest.mark.slow
def test_score_summary(pages):
    """5 autograded points, the open answer waits; then 5 + 0,5 of 6."""
    assert "Итого: 5 из 6" in pages["before"]
    assert "ждут проверки преподавателем" in pages["before"]
    assert "Итого: 5,5 из 6" in pages["after"]
    assert "Баллы: 0,5 из 1" in pages["after"] and "ждут проверки" not in pages["after"]


@pytest.mark.slow
def test_trainer_comment_is_escaped(pages):
    assert html.escape(COMMENT, quote=False) in pages["after"]
    assert "<b>раскройте</b>" not in pages["after"]


@pytest.mark.slow
def test_nothing_is_fetched_from_the_network(pages):
    page = pages["after"]
    assert not re.search(r"<script[^>]*\bsrc=|<link\b|@import|\burl\(\s*['\"]?https?:", page, re.I)
    assert "mathjax" not in page.lower() and "require.js" not in page


@pytest.mark.slow
def test_formulas_are_mathml(pages):
    formulas = INLINE_MATH.findall(_formula_cell())
    assert len(formulas) >= 3  # the real cell still has its formulas
    page = pages["after"]
    assert page.count("<math") >= len(formulas)
    assert "<mfrac>" in page  # \dfrac{a}{2b}
    for tex in formulas:
        assert f"${tex}$" not in page and f"${html.escape(tex, quote=False)}$" not in page


def test_code_cells_keep_their_dollars():
    """Only markdown math is converted: code spans keep their text."""
    page = FeedbackExporter().markdown2html({"cell": {}}, "Цена $x^2$ и `cost = $5$`")
    assert "<math" in page and "<code>cost = $5$</code>" in page


def test_broken_formula_stays_readable():
    assert latex_to_mathml(r"\frac{a}{b}").startswith('<math display="inline">')
    broken = latex_to_mathml(r"\left( \dfrac{a}{b}")  # no \right: latex2mathml refuses it
    assert "<math" not in broken and "$\\left( \\dfrac{a}{b}$" in broken


def test_hub_grader_uses_the_kit_template(monkeypatch, tmp_path):
    """The formgrader's «Generate feedback» reads deploy/hub/grader/nbgrader_config.py."""
    from traitlets.config import Config

    monkeypatch.setenv("PROMTOUR_HUB_COURSE", str(tmp_path))
    c = Config()
    runpy.run_path(str(repo_root() / "deploy" / "hub" / "grader" / "nbgrader_config.py"), {"get_config": lambda: c})
    assert c.GenerateFeedback.exporter_class is FeedbackExporter
    assert c.FeedbackExporter.template_name == "feedback"
