"""Module 4 «Экономика экскурсионного продукта»: helpers, datasets, self-checks, widget."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from promtour.course.m04 import datasets as m04_data  # noqa: E402
from promtour.course.m04.economics import (  # noqa: E402
    break_even_point, demand_curve, group_result, profit_curve, rub,
)
from promtour.course.m04.exercises import EXERCISES  # noqa: E402
from promtour.course.m04.widgets import (  # noqa: E402
    calculator_state, draw_profit_plot, price_calculator, summary_html,
)
from promtour.datasets import dataset  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402

NAMES = ("cost_items", "price_tiers", "price_experiment")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


# --- economics helpers ---

def test_group_result_adds_up():
    """Do revenue, cost and profit of one tour follow R = p·n, C = F + v·n, Π = R − C?"""
    r = group_result(price=1500, group_size=20, fixed_cost=10000, variable_cost=500)
    assert r["revenue"] == 30000
    assert r["cost"] == 20000
    assert r["profit"] == 10000
    assert r["unit_margin"] == 1000
    assert r["profit_per_visitor"] == 500


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


def test_break_even_point_with_commission():
    """Does a 20 % commission move the break-even to F / (0.8·p − v)?"""
    assert break_even_point(1000, 6000, 200, commission=0.2) == pytest.approx(10.0)


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


# --- datasets ---

def test_datasets_are_registered_to_m04(frames):
    """Are the three datasets declared by module 4 and typed as declared?"""
    for name in NAMES:
        assert dataset(name).module == "m04"
        assert list(frames[name].columns) == list(dataset(name).columns)




def test_cost_items_structure(frames):
    """Does every product have fixed and variable items with positive, realistic rouble amounts?"""
    costs = frames["cost_items"]
    assert set(costs["product"]) == set(m04_data.CAPACITY)
    assert set(costs["kind"]) == {m04_data.FIXED, m04_data.VARIABLE}
    assert (costs["amount_rub"] > 0).all()
    assert (costs["amount_rub"] % 10 == 0).all()
    totals = costs.pivot_table(index="product", columns="kind", values="amount_rub", aggfunc="sum", observed=True)
    assert totals[m04_data.FIXED].between(5000, 30000).all()  # a guide, a bus, a hall: thousands per tour
    assert totals[m04_data.VARIABLE].between(300, 1200).all()  # PPE, insurance, souvenir: hundreds per visitor


def test_adult_prices_break_even_within_capacity_school_prices_do_not(frames):
    """Calibration: do adult tours pay off at 12–20 people (ММК averages ~19 per tour) while school tours are subsidised?"""
    costs, tiers = frames["cost_items"], frames["price_tiers"]
    for product, capacity in m04_data.CAPACITY.items():
        own = costs[costs["product"] == product]
        fixed = own.loc[own["kind"] == m04_data.FIXED, "amount_rub"].sum()
        variable = own.loc[own["kind"] == m04_data.VARIABLE, "amount_rub"].sum()
        price = dict(zip(tiers.loc[tiers["product"] == product, "tier"].astype(str),
                         tiers.loc[tiers["product"] == product, "price_rub"]))
        adult = math.ceil(fixed / (price["взрослый"] - variable))
        assert 12 <= adult <= 20 and adult < capacity
        assert fixed / (price["школьник"] - variable) > capacity


def test_price_tiers_structure(frames):
    """Has each product the six tiers, with discounts below the adult price and the accompanying adult at it?"""
    tiers = frames["price_tiers"]
    assert len(tiers) == 18
    for _, own in tiers.groupby("product", observed=True):
        price = dict(zip(own["tier"].astype(str), own["price_rub"]))
        assert set(price) == {"взрослый", "студент", "школьник", "пенсионер", "сопровождающий", "делегация"}
        assert price["школьник"] < price["студент"] < price["взрослый"]
        assert price["сопровождающий"] == price["взрослый"]
        assert price["делегация"] > price["взрослый"]
        assert 800 <= price["взрослый"] <= 2500  # Russian factory tours, roubles (cf. Guinness €14.40, France ~€9)


def test_price_experiment_design(frames):
    """Is every price level tried exactly four times, seats = tours × capacity, and one week missing?"""
    e = frames["price_experiment"]
    assert len(e) == 40
    assert e["price_rub"].value_counts().to_dict() == {p: 4 for p in m04_data.PRICE_LEVELS}
    assert (e["seats_offered"] == e["tours_offered"] * e["capacity_per_tour"]).all()
    assert e["visitors"].isna().sum() == 1
    known = e.dropna(subset=["visitors"])
    assert (known["visitors"] <= known["seats_offered"]).all()
    assert (known["bookings"] <= known["visitors"]).all()
    assert e["week_start"].is_monotonic_increasing


def test_price_experiment_recovers_demand_line(frames):
    """Does a least-squares fit on the data come back near the generating line 28.5 − 0.011·p?"""
    known = frames["price_experiment"].dropna(subset=["visitors"])
    per_tour = known["visitors"].astype(float) / known["tours_offered"]
    slope, intercept = np.polyfit(known["price_rub"].astype(float), per_tour, 1)
    assert slope == pytest.approx(m04_data.DEMAND_SLOPE, rel=0.15)
    assert intercept == pytest.approx(m04_data.DEMAND_INTERCEPT + 0.5, abs=1.5)  # +holiday weeks
    utilisation = known["visitors"].sum() / known["seats_offered"].sum()
    assert 0.65 < utilisation < 0.9  # ~19 of 25 at ММК ≈ 0.76


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


def test_agent_price_stub_is_unattempted():
    """Is the lesson's `agent_price` stub (a comment and `pass`) not attempted rather than wrong?"""
    ex = next(e for e in EXERCISES if e.var == "agent_price")

    def agent_price(net, commission):
        # верните цену для клиента, ₽
        pass

    assert ex.evaluate({"agent_price": agent_price}).status == "unattempted"


# --- widget ---

def test_calculator_state_figures():
    """Does the calculator compute profit, break-even, minimum group and utilisation from its inputs?"""
    s = calculator_state(price=1200, group_size=15, fixed_cost=7520, variable_cost=690, capacity=20)
    assert s["profit"] == pytest.approx(1200 * 15 - 7520 - 690 * 15)
    assert s["break_even"] == pytest.approx(7520 / 510)
    assert s["min_group"] == 15 and s["reachable"]
    assert s["utilisation"] == pytest.approx(0.75)
    assert len(s["curve"]) == 21


def test_calculator_state_unreachable_and_impossible():
    """Does the calculator tell a break-even above capacity from a price below variable cost?"""
    school = calculator_state(price=800, group_size=20, fixed_cost=7520, variable_cost=690, capacity=20)
    assert school["min_group"] == 69 and not school["reachable"]
    assert "больше вместимости" in summary_html(school)
    loss = calculator_state(price=600, group_size=20, fixed_cost=7520, variable_cost=690, capacity=20)
    assert loss["break_even"] is None and "не достигается" in summary_html(loss)


def test_calculator_exact_break_even_is_not_rounded_up():
    """Is a whole-number break-even (20.0) reported as 20, not 21?"""
    s = calculator_state(price=1000, group_size=20, fixed_cost=10000, variable_cost=500, capacity=25)
    assert s["min_group"] == 20 and s["profit"] == 0


def test_widget_reacts_to_sliders():
    """Does moving a slider recompute the state, rewrite the summary and keep the group within capacity?"""
    w = price_calculator(price=1200, group_size=15, fixed_cost=7520, variable_cost=690, capacity=20)
    assert set(w.controls) == {"price", "group_size", "fixed_cost", "variable_cost", "capacity", "commission_pct"}
    before_text, before_profit = w.summary.value, w.state["profit"]
    w.controls["price"].value = 1600
    assert w.state["price"] == 1600
    assert w.state["profit"] > before_profit
    assert w.summary.value != before_text
    w.controls["commission_pct"].value = 15
    assert w.state["unit_margin"] == pytest.approx(1600 * 0.85 - 690)
    w.controls["capacity"].value = 10
    assert w.controls["group_size"].value == 10 and w.state["group_size"] == 10
    assert "10 из 10" in w.summary.value


def test_profit_plot_has_russian_labels_and_break_even_marker():
    """Does the live plot draw revenue and cost lines, mark the break-even and label axes in Russian with units?"""
    import matplotlib.pyplot as plt

    state = calculator_state(price=1000, group_size=22, fixed_cost=10000, variable_cost=500, capacity=25)
    ax = draw_profit_plot(state)
    labels = [line.get_label() for line in ax.get_lines()]
    assert "Выручка" in labels and "Затраты" in labels
    assert any(label.startswith("Безубыточность") for label in labels)
    assert "чел." in ax.get_xlabel() and "₽" in ax.get_ylabel()
    plt.close(ax.figure)
