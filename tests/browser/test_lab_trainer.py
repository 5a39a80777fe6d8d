"""The trainer in JupyterLab: nbgrader's formgrader lists the course's assignments, and an open
answer of an autograded submission is graded by hand in the browser and lands in the gradebook."""

from __future__ import annotations

import pytest
from lab_helpers import ROOT, running_lab, shot, wait_until

from promtour.course import ASSIGNMENT_NOTEBOOK, MODULES
from promtour.demo import fresh_course
from promtour.grading.course import read_notebook
from promtour.grading.synthetic import manual_cells
from promtour.grading.trial import submit_profile

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

MODULE = MODULES[0].assignment  # m01-strategy
LEARNERS = (("demo-01", "Образцова", "Анна", "perfect"), ("demo-02", "Половинкин", "Пётр", "partial"))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A scratch course like ``promtour demo`` makes: all assignments built, two learners'
    work on module 1 collected and autograded."""
    scratch = tmp_path_factory.mktemp("lab-trainer")
    c = fresh_course(scratch / "course")
    assignments = [m.assignment for m in MODULES if (ROOT / "solutions" / m.assignment).is_dir()]
    c.copy_sources_from(ROOT, assignments)
    for a in assignments:
        assert c.build(a).ok, a
    with c.gradebook() as gb:
        for sid, last, first, _ in LEARNERS:
            gb.update_or_create_student(sid, last_name=last, first_name=first)
    for sid, *_, profile in LEARNERS:
        submit_profile(c, MODULE, sid, profile)
        r = c.autograde(MODULE, sid)
        assert r.ok, r.message
    return c


@pytest.fixture(scope="module")
def lab(browser, course, tmp_path_factory):
    with running_lab(course.root, tmp_path_factory.mktemp("lab-trainer-server"), "lab-trainer") as server:
        yield server


def manual_score(course, grade_id: str) -> float | None:
    """The trainer's score of ``grade_id`` for whichever learner has one."""
    with course.gradebook() as gb:
        for sid, *_ in LEARNERS:
            grade = gb.find_grade(grade_id, ASSIGNMENT_NOTEBOOK, MODULE, sid)
            if grade.manual_score is not None:
                return grade.manual_score
    return None


def open_formgrader(page, lab):
    """Nbgrader → Formgrader in JupyterLab's menu; returns the formgrader's frame, loaded."""
    page.goto(lab.url("/lab"))
    page.locator(".jp-DirListing-item").first.wait_for()  # the app has loaded
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Nbgrader").first.click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text="Formgrader").first.click()
    page.wait_for_selector("iframe")
    for _ in range(150):  # poll with Playwright's own wait: it keeps the frame list current
        if frame := _formgrader(page):
            break
        page.wait_for_timeout(200)
    else:
        raise AssertionError("formgrader не открылся")
    frame.wait_for_load_state()
    return frame


def _formgrader(page):
    return next((f for f in page.frames if "/formgrader" in f.url), None)


def test_formgrader_lists_the_course_assignments(page, lab, course):
    frame = open_formgrader(page, lab)
    for a in course.assignments():
        frame.locator("table a", has_text=a).first.wait_for()
    shot(page, "trainer-01-formgrader-assignments")


def test_manual_grading_in_the_formgrader(page, lab, course):
    frame = open_formgrader(page, lab)
    frame.locator("table a", has_text=MODULE).first.wait_for()
    frame.get_by_text("Manual Grading", exact=True).first.click()
    frame.wait_for_url("**/formgrader/gradebook")
    frame.locator("table a", has_text=MODULE).first.click()
    frame.wait_for_url(f"**/gradebook/{MODULE}")
    frame.locator("table a", has_text="assignment").first.click()
    frame.wait_for_url(f"**/gradebook/{MODULE}/assignment")
    frame.locator("table a", has_text="Submission #").first.wait_for()  # names are hidden by default
    shot(page, "trainer-02-formgrader-submissions")
    frame.locator("table a", has_text="Submission #").first.click()
    frame.wait_for_url("**/formgrader/submissions/**")
    open_answer = next(iter(manual_cells(read_notebook(course.notebook("source", MODULE)))))
    frame.locator("input.score").first.wait_for()
    owners = [e.evaluate("x => x.closest('[id]')?.id") for e in frame.locator("input.score").all()]
    score = frame.locator("input.score").nth(owners.index(open_answer))
    score.evaluate("""x => {  // the comment box of the same cell: the first one after the score
        const all = [...document.querySelectorAll('textarea')];
        all.find(t => x.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)
           ?.setAttribute('data-test', 'comment');
    }""")
    comment = frame.locator("textarea[data-test=comment]")
    score.scroll_into_view_if_needed()
    comment.fill("Хорошо обосновано; добавьте цифры по своему региону.")
    score.fill("3")
    score.press("Tab")  # the formgrader saves on change
    wait_until(
        lambda: manual_score(course, open_answer) == 3,
        "the manual grade is in the gradebook",
        lambda: manual_score(course, open_answer),
    )
    score.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    shot(page, "trainer-03-formgrader-grading")
