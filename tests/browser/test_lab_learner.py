"""The learner in JupyterLab: a Russian interface, a lesson that runs, self-checks that answer
in Russian, a widget that responds, and nbgrader's Validate on an assignment."""

from __future__ import annotations

import re

import pytest
from lab_helpers import (
    KERNEL_IDLE,
    PANEL,
    VIEWPORT,
    append_and_run,
    copy_course,
    error_outputs,
    open_notebook,
    run_all,
    running_lab,
    shot,
    wait_until,
)

from promtour.selfcheck import exercises

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

LESSON = "modules/01-strategy.ipynb"
ASSIGNMENT = "assignments/m01-strategy/assignment.ipynb"


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    scratch = tmp_path_factory.mktemp("lab-learner")
    course = copy_course(scratch / "course")
    with running_lab(course, scratch, "lab-learner") as server:
        yield server


@pytest.fixture(scope="module")
def lesson(browser, lab):
    """Module 1 opened and run top to bottom, in one page shared by the lesson's tests."""
    context = browser.new_context(viewport=VIEWPORT, locale="ru-RU", timezone_id="Europe/Moscow")
    context.set_default_timeout(30_000)
    page = context.new_page()
    open_notebook(page, lab, LESSON)
    page.locator(".jp-SideBar .lm-TabBar-tab.lm-mod-current").first.click()  # hide the file browser
    shot(page, "learner-01-lesson-opened")
    run_all(page)
    yield page
    context.close()


def test_interface_is_russian(lesson):
    labels = lesson.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()
    assert {"Файл", "Ядро", "Настройки"} <= set(labels), labels


def test_lesson_runs_without_errors(lesson):
    assert error_outputs(lesson) == []
    lesson.locator(".jp-Notebook .jp-Cell").first.scroll_into_view_if_needed()
    shot(lesson, "learner-02-lesson-ran")


def test_selfchecks_answer_in_russian(lesson):
    # as shipped, a practice cell is not attempted yet
    blank = lesson.locator(".jp-OutputArea-output", has_text="Ещё не решено").first
    blank.scroll_into_view_if_needed()
    assert blank.is_visible()

    ex = exercises("m01")[0]
    wrong = append_and_run(lesson, f"{ex.wrong}\nq1.check()")
    wrong_text = wrong.locator(".jp-OutputArea").inner_text()
    assert "Пока неверно" in wrong_text and ex.var in wrong_text
    assert re.search(r"\d", wrong_text), f"the learner's value is named: {wrong_text}"

    hint = append_and_run(lesson, "q1.hint(1)")
    assert "Подсказка 1 из" in hint.locator(".jp-OutputArea").inner_text()
    hint2 = append_and_run(lesson, "q1.hint()")
    assert "Подсказка 2 из" in hint2.locator(".jp-OutputArea").inner_text()

    right = append_and_run(lesson, f"{ex.solution}\nq1.check()")
    assert "Верно" in right.locator(".jp-OutputArea").inner_text()
    solution = append_and_run(lesson, "q1.solution()")
    assert "Решение задания 1" in solution.locator(".jp-OutputArea").inner_text()
    wrong.evaluate("e => e.scrollIntoView({block: 'start'})")
    lesson.wait_for_timeout(300)
    shot(lesson, "learner-03-selfcheck")
    assert error_outputs(lesson) == []


def test_widget_responds(lesson):
    widget = lesson.locator(".widget-vbox", has=lesson.locator(".widget-dropdown")).first
    widget.scroll_into_view_if_needed()
    summary = widget.locator(".widget-html").first
    figure = widget.locator("img").first  # the matplotlib figure in the widget's output
    figure.wait_for()
    before_text, before_img = summary.inner_text(), figure.get_attribute("src")

    # move the target-year slider with the keyboard, as a learner can
    handle = widget.locator(".widget-slider .noUi-handle, .widget-slider [role=slider]").first
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    moved = wait_until(lambda: summary.inner_text() != before_text, "the summary follows the slider")
    assert moved

    # another region brings its own numbers and a new figure
    select = widget.locator(".widget-dropdown select")
    options = [" ".join(o.split()) for o in select.locator("option").all_inner_texts()]  # nbsp -> space
    current = " ".join(select.evaluate("el => el.options[el.selectedIndex].text").split())
    index = next(i for i, o in enumerate(options) if o != current)
    select.select_option(index=index)
    wait_until(
        lambda: options[index] in " ".join(summary.inner_text().split()),
        f"the summary names {options[index]!r}",
        lambda: summary.inner_text(),
    )
    lesson.wait_for_function(KERNEL_IDLE)
    wait_until(lambda: figure.get_attribute("src") != before_img, "the figure is redrawn")
    figure.evaluate("img => img.decode()")  # fully decoded before the screenshot
    lesson.wait_for_timeout(500)
    widget.scroll_into_view_if_needed()
    lesson.wait_for_timeout(1500)
    # the page as a learner sees it, clipped to the widget (an element screenshot of a
    # notebook cell can catch the windowed notebook mid-paint)
    shot(lesson, "learner-04-widget", clip=widget.bounding_box())
    assert error_outputs(lesson) == []


def test_validate_assignment(page, lab):
    open_notebook(page, lab, ASSIGNMENT)
    page.locator(f"{PANEL} .validate-button").first.click()  # nbgrader's Validate
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=90_000)
    dialog.get_by_text(re.compile("Validat|fail|pass", re.I)).first.wait_for(timeout=90_000)
    shot(page, "learner-05-validate")
    text = dialog.inner_text()
    # the blank release fails its visible tests: nbgrader tells which cells
    assert "NotImplementedError" in text or "failed" in text.lower(), text


def test_language_can_be_switched_back(page, lab):
    page.goto(lab.url("/lab"))
    page.wait_for_selector("#jp-menu-panel")
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Настройки").first.click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel").get_by_text("Язык", exact=True).first.hover()
    english = page.locator(".lm-Menu-content .lm-Menu-itemLabel").get_by_text(re.compile("^English"))
    english.first.wait_for()
    shot(page, "learner-06-language-menu")
    english.first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    dialog.locator("button.jp-mod-accept").click()  # reload the page in English
    page.wait_for_function(
        """() => [...document.querySelectorAll('#jp-menu-panel .lm-MenuBar-itemLabel')]
        .some(e => e.textContent === 'File')""",
        timeout=60_000,
    )
