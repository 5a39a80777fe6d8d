"""Module 4 «Экономика экскурсионного продукта»: helpers, datasets, self-checks, widget, notebooks."""

from __future__ import annotations

import dataclasses
import json
import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from promtour.course.m04 import datasets as m04_data  # noqa: E402
from promtour.course.m04.economics import (  # noqa: E402
    break_even_figure,
    break_even_point,
    cost_table,
    demand_curve,
    economics_table,
    free_per_paid_of,
    group_problems,
    group_result,
    largest_school_group,
    price_list,
    profit_curve,
    required_adults,
    rub,
    school_group,
)
from promtour.course.m04.exercises import EXERCISES  # noqa: E402
from promtour.course.m04.widgets import (  # noqa: E402
    calculator_state,
    draw_profit_plot,
    price_calculator,
    summary_html,
)
from promtour.datasets import dataset  # noqa: E402
from promtour.paths import repo_root  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402
from promtour.world import ENTERPRISES, MODEL_ENTERPRISE_ID, MODEL_PRODUCT, REGION, enterprise  # noqa: E402

NAMES = ("cost_items", "price_tiers", "price_experiment")
PMK = enterprise(MODEL_ENTERPRISE_ID)


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


# --- economics helpers ---


def test_group_result_adds_up():
    """Do revenue, cost and profit of one tour follow R = p·n, C = F + v·n, Π = R − C?"""
    r = group_result(price=1500, group_size=20, fixed_cost=10000, variable_cost=500)
    assert (r["revenue"], r["cost"], r["profit"], r["unit_margin"], r["profit_per_visitor"]) == (
        30000,
        20000,
        10000,
        1000,
        500,
    )


def test_group_result_commission_reduces_revenue_not_cost():
    """Does an agent's commission cut the enterprise's revenue and unit margin but leave the cost alone?"""
    r = group_result(price=1000, group_size=10, fixed_cost=2000, variable_cost=300, commission=0.2)
    assert r["revenue"] == pytest.approx(8000)
    assert r["cost"] == 5000
    assert r["unit_margin"] == pytest.approx(500)


def test_group_result_empty_group_has_no_per_visitor_profit():
    """Is profit per visitor undefined (NaN) rather than a crash for a group of zero?"""
    r = group_result(price=1000, group_size=0, fixed_cost=2000, variable_cost=300)
    assert r["profit"] == -2000
    assert math.isnan(r["profit_per_visitor"])


@pytest.mark.parametrize("price, expected", [(1000, 20.0), (1300, 12.5), (500, None), (400, None)])
def test_break_even_point(price, expected):
    """Is the fractional break-even F / (p − v), and None when the price does not cover variable cost?"""
    assert break_even_point(price, 10000, 500) == expected


def test_profit_curve_crosses_zero_at_break_even():
    """Does the profit curve run 0…max_group and change sign at the break-even point?"""
    curve = profit_curve(1000, 10000, 500, max_group=30)
    assert list(curve["group_size"]) == list(range(31))
    assert curve.loc[curve["group_size"] == 20, "profit"].item() == 0
    assert (curve.loc[curve["group_size"] < 20, "profit"] < 0).all()
    assert (curve.loc[curve["group_size"] > 20, "profit"] > 0).all()


def test_demand_curve_is_clipped_to_zero_and_capacity():
    """Are visitors along the demand line never negative and never above the group limit?"""
    curve = demand_curve([0, 500, 1000, 3000], intercept=30, slope=-0.02, capacity=20)
    assert list(curve["visitors"]) == [20, 20, 10, 0]
    assert list(curve["revenue"]) == [0, 10000, 10000, 0]


def test_rub_formats_roubles():
    """Are roubles shown with thin-space thousands, a real minus and a dash for missing values?"""
    assert rub(12345.4) == "12\u202f345\u00a0₽"
    assert rub(-7530) == "−7\u202f530\u00a0₽"
    assert rub(float("nan")) == "—"


@pytest.mark.parametrize("n, free, revenue", [(10, 1, 11700), (6, 2, 10800), (15, 1, 11700), (0, 0, 12600)])
def test_school_group_free_places_follow_the_scheme_not_a_hard_coded_six(n, free, revenue):
    """Does the model group (18 pupils + 2 adults at PMK) get one free adult per N paying pupils, N configurable?"""
    r = school_group(
        PMK,
        MODEL_PRODUCT.pupils_per_group,
        MODEL_PRODUCT.adults_per_group,
        MODEL_PRODUCT.pupil_price,
        MODEL_PRODUCT.adult_price,
        n,
    )
    assert r["free_adults"] == free and r["revenue"] == revenue
    assert r["cost"] == PMK.fixed_cost_per_tour + PMK.variable_cost_per_visitor * 20  # free adults still cost


def test_regulations_are_not_the_discount():
    """Are the required adults the regulations' (one per children_per_adult) and are breaches named?"""
    assert required_adults(PMK, 18) == 2 and required_adults(PMK, 0) == 0
    assert largest_school_group(PMK) == (MODEL_PRODUCT.pupils_per_group, MODEL_PRODUCT.adults_per_group)
    assert group_problems(PMK, 18, 2) == []
    assert any("не меньше 2" in p for p in group_problems(PMK, 18, 1))
    assert any("не больше 20" in p for p in group_problems(PMK, 20, 2))
    azt = enterprise("AZT")
    assert largest_school_group(azt) == (0, 0)
    assert any("не допускаются" in p for p in group_problems(azt, 5, 1))


def test_tools_take_an_own_enterprise_profile():
    """Do the tools run on a learner's own profile that is not in the datasets (derived price list, totals)?"""
    own = dataclasses.replace(
        PMK,
        id="MY1",
        name="Мой завод",
        short="Мой завод",
        ticket_price=1200,
        fixed_cost_per_tour=6000,
        variable_cost_per_visitor=300,
    )
    costs = cost_table(own)
    assert list(costs.columns) == ["Статья", "Вид", "Сумма, ₽", "Из чего складывается"]
    assert list(costs["Сумма, ₽"]) == [6000, 300]
    prices = price_list(own)
    assert dict(zip(prices["Категория"], prices["Цена, ₽"]))["взрослый"] == 1200
    assert free_per_paid_of(own, default=10) == 10
    table = economics_table(own)
    assert list(table.columns) == ["Показатель", "Значение"]
    assert any("7 чел. из 20" in v for v in table["Значение"])  # 6000 / 900 = 6.7 → 7


def test_model_enterprise_summary_matches_the_model_product():
    """Does PMK's summary show break-even 17 of 20 and the school group's subsidy of 4 300 ₽ under 10+1?"""
    table = economics_table(PMK)
    values = " | ".join(table["Значение"])
    assert "17 чел. из 20" in values
    assert rub(-4300) in values
    assert any("10+1" in label for label in table["Показатель"])


def test_passport_figure_has_russian_labels():
    """Does the passport's break-even figure label its axes in Russian with units?"""
    import matplotlib.pyplot as plt

    fig = break_even_figure(PMK)
    ax = fig.axes[0]
    assert "чел." in ax.get_xlabel() and "₽" in ax.get_ylabel()
    assert any(line.get_label().startswith("Безубыточность") for line in ax.get_lines())
    plt.close(fig)


# --- datasets ---


def test_datasets_are_registered_to_m04(frames):
    """Are the three datasets declared by module 4 and typed as declared?"""
    for name in NAMES:
        assert dataset(name).module == "m04"
        assert list(frames[name].columns) == list(dataset(name).columns)


def test_cost_items_add_up_to_the_world_profiles(frames):
    """Do the six world enterprises' items add up exactly to their profiles' fixed and variable costs?"""
    costs = frames["cost_items"]
    assert set(costs["enterprise_id"]) == {e.id for e in ENTERPRISES}
    assert set(costs["kind"]) == {m04_data.FIXED, m04_data.VARIABLE}
    assert (costs["amount_rub"] > 0).all() and (costs["amount_rub"] % 10 == 0).all()
    totals = costs.pivot_table(index="enterprise_id", columns="kind", values="amount_rub", aggfunc="sum", observed=True)
    for e in ENTERPRISES:
        assert totals.loc[e.id, m04_data.FIXED] == e.fixed_cost_per_tour
        assert totals.loc[e.id, m04_data.VARIABLE] == e.variable_cost_per_visitor
        assert set(costs.loc[costs["enterprise_id"] == e.id, "enterprise"]) == {e.short}


def test_price_tiers_follow_the_world_and_the_model_product(frames):
    """Is each full price the profile's ticket price, PMK's list the model product's, and children's tiers
    present only where the regulations admit children?"""
    tiers = frames["price_tiers"]
    for e in ENTERPRISES:
        own = tiers[tiers["enterprise_id"] == e.id]
        price = dict(zip(own["tier"].astype(str), own["price_rub"]))
        assert price["взрослый"] == e.ticket_price
        assert ("школьник" in price) == e.admits_children
        assert own["free_per_paid"].nunique() == 1
        if e.ticket_price:
            assert price["студент"] < price["взрослый"] < price["делегация"]
            if e.admits_children:
                assert price["школьник"] < price["студент"] and price["сопровождающий"] == price["взрослый"]
    pmk = dict(
        zip(
            tiers.loc[tiers["enterprise_id"] == "PMK", "tier"].astype(str),
            tiers.loc[tiers["enterprise_id"] == "PMK", "price_rub"],
        )
    )
    assert pmk["школьник"] == MODEL_PRODUCT.pupil_price and pmk["сопровождающий"] == MODEL_PRODUCT.adult_price
    assert tiers.loc[tiers["enterprise_id"] == "PMK", "free_per_paid"].iloc[0] == MODEL_PRODUCT.free_per_paid
    assert set(tiers["free_per_paid"]) >= {6, 10, 15}  # the scheme varies between sellers


def test_model_product_breaks_even_for_adults_but_school_groups_are_subsidised(frames):
    """Calibration: do PMK's adult tours pay off within the group limit while its school group needs a subsidy?"""
    adult = math.ceil(PMK.fixed_cost_per_tour / (MODEL_PRODUCT.adult_price - PMK.variable_cost_per_visitor))
    assert adult <= PMK.max_group
    r = school_group(PMK, 18, 2, MODEL_PRODUCT.pupil_price, MODEL_PRODUCT.adult_price, MODEL_PRODUCT.free_per_paid)
    assert r["profit"] < 0


def test_price_experiment_design(frames):
    """Is the experiment at a world enterprise, every price tried four times, seats = tours × group, one week missing?"""
    e = frames["price_experiment"]
    assert len(e) == 40
    assert set(e["enterprise_id"]) == {m04_data.EXPERIMENT_ENTERPRISE}
    assert (e["capacity_per_tour"] == enterprise(m04_data.EXPERIMENT_ENTERPRISE).max_group).all()
    assert e["price_rub"].value_counts().to_dict() == {p: 4 for p in m04_data.PRICE_LEVELS}
    assert enterprise(m04_data.EXPERIMENT_ENTERPRISE).ticket_price in m04_data.PRICE_LEVELS
    assert (e["seats_offered"] == e["tours_offered"] * e["capacity_per_tour"]).all()
    assert e["visitors"].isna().sum() == 1
    known = e.dropna(subset=["visitors"])
    assert (known["visitors"] <= known["seats_offered"]).all()
    assert (known["bookings"] <= known["visitors"]).all()
    assert e["week_start"].is_monotonic_increasing


def test_price_experiment_recovers_demand_line(frames):
    """Does a least-squares fit on the data come back near the generating line 30 − 0.02·p?"""
    known = frames["price_experiment"].dropna(subset=["visitors"])
    per_tour = known["visitors"].astype(float) / known["tours_offered"]
    slope, intercept = np.polyfit(known["price_rub"].astype(float), per_tour, 1)
    assert slope == pytest.approx(m04_data.DEMAND_SLOPE, rel=0.15)
    assert intercept == pytest.approx(m04_data.DEMAND_INTERCEPT + 0.5, abs=2)  # +holiday weeks
    utilisation = known["visitors"].sum() / known["seats_offered"].sum()
    assert 0.55 < utilisation < 0.85


# --- self-checks ---


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.var)
def test_exercise_solution_accepted_wrong_rejected(exercise):
    """Does the checker accept the exercise's solution, reject its typical wrong answer, and treat ____ as not attempted?"""
    assert len(EXERCISES) >= 3
    assert 2 <= len(exercise.hints) <= 3
    ns: dict = {}
    exec(exercise.solution, ns)  # noqa: S102 - the course's own reference code
    assert exercise.evaluate(ns).status == "correct"
    ns = {}
    exec(exercise.wrong, ns)  # noqa: S102
    out = exercise.evaluate(ns)
    assert out.status == "incorrect" and out.message
    assert exercise.evaluate({exercise.var: ____}).status == "unattempted"


def test_free_adults_wrong_six_is_explained():
    """Does the «N+1» self-check tell a learner who hard-coded 6 that the scheme is a parameter?"""
    ex = next(e for e in EXERCISES if e.var == "free_adults")
    ns: dict = {}
    exec(ex.wrong, ns)  # noqa: S102
    assert "free_per_paid" in ex.evaluate(ns).message


@pytest.mark.parametrize("var", ["agent_price", "free_adults"])
def test_function_stubs_are_unattempted(var):
    """Is a lesson's function stub (a comment and `pass`) not attempted rather than wrong?"""
    ex = next(e for e in EXERCISES if e.var == var)
    ns: dict = {}
    exec(f"def {var}(*args):\n    # верните ответ\n    pass\n", ns)  # noqa: S102
    assert ex.evaluate(ns).status == "unattempted"


# --- widget ---


def _state(ent=PMK, **kw):
    values = dict(pupils=18, adults=2, pupil_price=600, adult_price=900, free_per_paid=10)
    values.update(kw)
    return calculator_state(ent, **values)


def test_calculator_state_school_group_at_the_model_enterprise():
    """Does the calculator compute the model group's result, free places and utilisation from the enterprise?"""
    s = _state()
    assert (s["revenue"], s["cost"], s["profit"], s["free_adults"]) == (11700, 16000, -4300, 1)
    assert s["min_pupils"] is None  # a school group at 600 ₽ never pays off within 20 people
    assert s["min_group"] == 17 and s["utilisation"] == pytest.approx(1.0)
    assert s["problems"] == []
    assert "не достигается в пределах допустимой группы" in summary_html(s)


def test_calculator_scheme_changes_the_result():
    """Does switching «10+1» to «6+1» cost one more free adult, i.e. 900 ₽ of revenue?"""
    assert _state(free_per_paid=10)["profit"] - _state(free_per_paid=6)["profit"] == 900


def test_calculator_reports_regulation_breaches_and_unreachable_prices():
    """Does the calculator warn about too few adults and say when the price does not cover variable cost?"""
    s = _state(adults=1)
    assert s["problems"] and "Положение о посещении" in summary_html(s)
    low = _state(adult_price=300)
    assert low["break_even"] is None and "не достигается" in summary_html(low)


def test_calculator_overrides_costs_and_finds_min_pupils():
    """With lower costs, does a school group break even, and is the minimum number of pupils found?"""
    s = _state(fixed_cost=3000, variable_cost=300)
    assert s["fixed_cost"] == 3000 and s["min_pupils"] is not None
    r = school_group(
        dataclasses.replace(PMK, fixed_cost_per_tour=3000, variable_cost_per_visitor=300),
        s["min_pupils"],
        required_adults(PMK, s["min_pupils"]),
        600,
        900,
        10,
    )
    assert r["profit"] >= 0


def test_calculator_without_children_uses_adults():
    """At the chemical combine (no children), does the calculator plot adults at the full price?"""
    s = calculator_state(enterprise("AZT"), pupils=0, adults=12, pupil_price=0, adult_price=0, free_per_paid=0)
    assert not s["school"] and s["profit"] == -(12000 + 600 * 12)
    assert list(s["curve"]["size"]) == list(range(13))


@pytest.mark.parametrize("ent", ENTERPRISES, ids=lambda e: e.id)
def test_widget_opens_on_every_world_enterprise(ent):
    """Does the calculator open on each world enterprise with its own limits and without a regulation breach?"""
    w = price_calculator(ent)
    assert w.state["max_group"] == ent.max_group
    assert w.state["problems"] == []
    assert ent.name in w.children[0].value


def test_widget_reacts_to_controls():
    """Does moving a control recompute the state and rewrite the summary?"""
    w = price_calculator(PMK)
    assert w.state["free_per_paid"] == MODEL_PRODUCT.free_per_paid
    before_text, before_profit = w.summary.value, w.state["profit"]
    w.controls["pupil_price"].value = 900
    assert w.state["pupil_price"] == 900 and w.state["profit"] > before_profit
    assert w.summary.value != before_text
    w.controls["free_per_paid"].value = 6
    assert w.state["free_adults"] == 2
    w.controls["commission_pct"].value = 10
    assert w.state["revenue"] == pytest.approx((18 * 900) * 0.9)


def test_profit_plot_has_russian_labels():
    """Does the live plot draw revenue and cost lines and label axes in Russian with units?"""
    import matplotlib.pyplot as plt

    ax = draw_profit_plot(_state())
    labels = [line.get_label() for line in ax.get_lines()]
    assert "Выручка" in labels and "Затраты" in labels
    assert "чел." in ax.get_xlabel() and "₽" in ax.get_ylabel()
    plt.close(ax.figure)


# --- notebooks: the world's names, the one name of the graded task, no flagged wording ---


def _text(path: str) -> str:
    nb = json.loads((repo_root() / path).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


LESSON, SOURCE = "modules/04-economics.ipynb", "solutions/m04-economics/assignment.ipynb"


@pytest.mark.parametrize("path", [LESSON, SOURCE])
def test_notebooks_name_the_world_as_declared(path):
    """Do the notebooks name the region, the model enterprise and the model product as `promtour.world` does?"""
    text = _text(path)
    assert REGION.name in text or REGION.genitive in text
    assert PMK.name in text or "ПМК" in text
    if path == SOURCE:
        assert MODEL_PRODUCT.name in text
        for number in ("600", "900", "10+1", "18"):
            assert number in text


@pytest.mark.parametrize("path", [LESSON, SOURCE])
def test_notebooks_use_one_name_and_no_flagged_wording(path):
    """Is the graded assignment always «зачётное задание», with no flagged calques and a 10-hour module?"""
    text = _text(path).lower()
    for banned in (
        "итоговое задание",
        "аттестационное",
        "оцениваемое задание",
        "проверочное задание",
        "выходят на полку",
        "в стиле аси",
        "автобус на одного",
    ):
        assert banned not in text, banned
    assert "зачётн" in text
    if path == LESSON:
        assert "**объём:** 10 ак. ч." in text


def test_lesson_cites_the_sales_law_it_teaches():
    """Does the lesson cite 54-ФЗ, the public offer articles of the Civil Code and 44-ФЗ with their sources?"""
    text = _text(LESSON)
    for needle in ("54-ФЗ", "ст. 435 ГК РФ", "ст. 437 ГК РФ", "44-ФЗ", "п. 4 ч. 1 ст. 93", "art-travel.info"):
        assert needle in text, needle


def test_assignment_starts_with_the_enterprise_choice_and_ends_with_exhibits():
    """Is the first cell after setup a plain `my = choose(...)` cell, and does a plain cell after the passport
    answer record the economics part's exhibits?"""
    nb = json.loads((repo_root() / SOURCE).read_text(encoding="utf-8"))
    cells = nb["cells"]
    ids = [c["metadata"].get("nbgrader", {}).get("grade_id") for c in cells]
    setup = ids.index("setup")
    assert "nbgrader" not in cells[setup + 1]["metadata"]
    assert 'my = choose("PMK")' in "".join(cells[setup + 1]["source"])
    answer = ids.index("passport_economics")
    assert ids[answer - 1] == "passport_economics_rubric"
    after = "".join("".join(c["source"]) for c in cells[answer + 1 :] if "nbgrader" not in c["metadata"])
    assert 'part="economics"' in after and "exhibit.table" in after and "exhibit.figure" in after


def test_prose_numbers_follow_the_world():
    """Do the lesson's and the model answer's figures for the model product (group result, subsidy,
    break-even) agree with what the tools compute from `promtour.world`?"""
    r = school_group(
        PMK,
        MODEL_PRODUCT.pupils_per_group,
        MODEL_PRODUCT.adults_per_group,
        MODEL_PRODUCT.pupil_price,
        MODEL_PRODUCT.adult_price,
        MODEL_PRODUCT.free_per_paid,
    )
    be = math.ceil(break_even_point(MODEL_PRODUCT.adult_price, PMK.fixed_cost_per_tour, PMK.variable_cost_per_visitor))

    def spaced(x: float) -> str:
        return f"{x:,.0f}".replace(",", " ")

    for path in (LESSON, SOURCE):
        text = _text(path)
        for figure in (spaced(r["revenue"]), spaced(r["cost"]), spaced(-r["profit"])):
            assert figure in text, (path, figure)
        assert f"{be} человек" in text, path
