"""The trainer in JupyterLab: nbgrader's formgrader lists the course's assignments, and an open
answer of an autograded submission is graded by hand in the browser and lands in the gradebook."""

from __future__ import annotations

import pytest
from lab_helpers import ROOT, running_lab, shot, wait_until

from promtour.course import MODULES
from promtour.demo import fresh_course
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


def open_formgrader(page, lab):
    page.goto(lab.url("/lab"))
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Nbgrader").first.click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text="Formgrader").first.click()
    frame = page.frame_locator("iframe").first
    frame.locator("body").wait_for()
    return frame


def test_formgrader_lists_the_course_assignments(page, lab, course):
    frame = open_formgrader(page, lab)
    table = frame.locator("#main_table, table").first
    for a in course.assignments():
        table.get_by_text(a, exact=True).first.wait_for()
    shot(page, "trainer-01-formgrader-assignments")


def test_manual_grading_in_the_formgrader(page, lab, course):
    frame = open_formgrader(page, lab)
    frame.get_by_text("Manual Grading", exact=True).first.click()
    frame.get_by_text(MODULE, exact=True).first.click()
    frame.locator("a", has_text="assignment").first.click()  # the notebook
    page.wait_for_timeout(3000); shot(page, "dbg")
    frame.get_by_text("demo-02", exact=False).first.wait_for()
    shot(page, "trainer-02-formgrader-submissions")
    frame.locator("a", has_text="Submission #").first.click()
    score = frame.locator("input.score").first
    score.wait_for()
    score.scroll_into_view_if_needed()
    shot(page, "trainer-03-formgrader-grading")
