"""Module 0 «Jupyter и Python с нуля»: the intro lesson's self-checks and its table of the region."""

from __future__ import annotations

import pytest

from promtour.course.m00.exercises import EXERCISES, GROUPS
from promtour.course.m00.region import COLUMNS, enterprises_table
from promtour.datasets import load
from promtour.selfcheck import ____, bind
from promtour.world import ENTERPRISES, model_enterprise

BY_VAR = {e.var: e for e in EXERCISES}


def _run(code: str) -> dict:
    ns: dict = {}
    exec(code, ns)  # noqa: S102 - the course's own reference code
    return ns


# --- self-checks ---


def test_lesson_binds_five_self_checks_in_order():
    """Does bind("m00") define q1 … q5 for the five exercises, in lesson order?"""
    ns: dict = {}
    bound = bind("m00", ns)
    assert [b.exercise.var for b in bound] == ["per_tour", "group_size", "day_total", "students_2024", "revenue"]
    assert all(f"q{i}" in ns for i in range(1, 6))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.var)
def test_exercise_solution_accepted_wrong_rejected(exercise):
    """Does each self-check accept its own solution, reject its typical wrong answer and see the blank?"""
    assert exercise.evaluate(_run(exercise.solution)).status == "correct"
    outcome = exercise.evaluate(_run(exercise.wrong))
    assert outcome.status == "incorrect", outcome
    assert exercise.evaluate({exercise.var: ____}).status == "unattempted"
    assert exercise.evaluate({}).status == "unattempted"
    assert 2 <= len(exercise.hints) <= 3


def test_per_tour_is_visitors_over_tours_of_the_model_enterprise():
    """Is the answer ПМК's visitors divided by its tours, and is the inverted division explained?"""
    pmk = model_enterprise()
    ex = BY_VAR["per_tour"]
    assert ex.evaluate({"per_tour": pmk.visitors_last_year / pmk.tours_last_year}).status == "correct"
    assert ex.evaluate({"per_tour": pmk.visitors_last_year // pmk.tours_last_year}).status == "incorrect"
    assert "наоборот" in ex.evaluate(_run(ex.wrong)).message


def test_group_size_glued_text_is_explained():
    """Is "182" (texts glued together) rejected with a pointer to int(), and the number 20 accepted?"""
    ex = BY_VAR["group_size"]
    glued = ex.evaluate({"group_size": "182"})
    assert glued.status == "incorrect" and "int()" in glued.message
    assert ex.evaluate({"group_size": "20"}).status == "incorrect"  # right digits, still text
    assert ex.evaluate({"group_size": 20}).status == "correct"
    assert ex.evaluate({"group_size": 20.0}).status == "correct"


def test_day_total_counts_guests_not_groups():
    """Is the sum of the groups accepted and their count (len) rejected as such?"""
    ex = BY_VAR["day_total"]
    assert ex.evaluate({"day_total": sum(GROUPS)}).status == "correct"
    counted = ex.evaluate({"day_total": len(GROUPS)})
    assert counted.status == "incorrect" and "len" in counted.message
    assert ex.evaluate({"day_total": max(GROUPS)}).status == "incorrect"


def test_students_2024_follows_the_dataset():
    """Is the expected value 2024's students summed from the data, and the all-years sum named?"""
    flows = load("regional_visitors")
    ex = BY_VAR["students_2024"]
    expected = flows.loc[flows["year"] == 2024, "students"].sum()
    assert ex.evaluate({"students_2024": int(expected)}).status == "correct"
    all_years = ex.evaluate({"students_2024": flows["students"].sum()})
    assert all_years.status == "incorrect" and "2024" in all_years.message
    assert ex.evaluate({"students_2024": flows.loc[flows["year"] == 2024, "visitors"].sum()}).status == "incorrect"


def test_revenue_print_instead_of_return_is_explained(capsys):
    """Does a function that prints instead of returning get the "нет return?" explanation?"""
    ex = BY_VAR["revenue"]
    outcome = ex.evaluate(_run(ex.wrong))
    capsys.readouterr()
    assert outcome.status == "incorrect" and "return" in outcome.message


def test_revenue_stub_and_hard_coded_answers():
    """Is a `pass` body unattempted, and a function right only on the lesson's example rejected?"""
    ex = BY_VAR["revenue"]
    assert ex.evaluate(_run("def revenue(visitors, price):\n    pass")).status == "unattempted"
    assert ex.evaluate({"revenue": lambda visitors, price: 16_200}).status == "incorrect"
    assert ex.evaluate({"revenue": lambda visitors, price: visitors + price}).status == "incorrect"
    assert ex.evaluate({"revenue": 16_200}).status == "incorrect"  # a number, not a function


def test_hints_end_with_the_answer_and_solutions_show_code():
    """Does the last hint show the code of the answer, so the tiers end at (almost) the solution?"""
    for ex in EXERCISES:
        assert ex.var in ex.hints[-1], ex.var
        assert ex.var in ex.solution, ex.var


# --- the region table ---


def test_enterprises_table_is_the_world():
    """Does the lesson's table hold the six world enterprises, one row each, with their figures?"""
    table = enterprises_table()
    assert list(table.columns) == list(COLUMNS)
    assert list(table["id"]) == [e.id for e in ENTERPRISES]
    assert list(table["visitors_last_year"]) == [e.visitors_last_year for e in ENTERPRISES]
    assert table["visitors_last_year"].dtype.kind == "i"
    row = table.set_index("id").loc[model_enterprise().id]
    assert row["tours_last_year"] == model_enterprise().tours_last_year
