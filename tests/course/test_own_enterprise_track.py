"""The real-enterprise track end to end: a learner's own profile file runs through every module's
tools (readiness index, excursion-plan check, break-even, route scheduler, KPI dashboard)."""

from __future__ import annotations

import dataclasses

import pytest

from promtour import world
from promtour.datasets import load
from promtour.enterprise import choose, write_template
from promtour.errors import KitError

# a synthetic "own" enterprise: a dairy, with its own regulations and costs
OWN = dataclasses.replace(
    world.enterprise("SLK"),
    id="MILK1",
    name="Молочный завод «Луговое» (синтетический пример)",
    short="«Луговое»",
    town="Берёзовск",
    employees=310,
    product="молоко и сыры",
    goals=("продажи", "кадры"),
    goal_metric="покупатели фирменного магазина",
    goal_target=4000,
    max_group=16,
    min_age=8,
    children_per_adult=8,
    tour_minutes=80,
    ppe="халат, бахилы",
    hazards="горячие поверхности, погрузчики",
    fixed_cost_per_tour=3500,
    variable_cost_per_visitor=220,
    ticket_price=500,
    readiness={**world.enterprise("SLK").readiness, "museum": False, "trained_guide": False},
)


@pytest.fixture(scope="module")
def mine(tmp_path_factory):
    path = write_template(tmp_path_factory.mktemp("own") / "my_enterprise.xlsx", OWN)
    return choose(str(path))


def test_the_file_is_the_profile(mine):
    assert mine == OWN


def test_readiness_index_runs_on_it(mine):
    """Module 3: is the own enterprise scored with the course weights, its missing criteria counted?"""
    from promtour.course.m03.readiness import readiness_card, screen, with_enterprise

    weights = load("readiness_weights")
    assert len(readiness_card(mine, weights)) == len(weights)  # one row per criterion
    survey = with_enterprise(load("enterprise_readiness"), mine)
    scored = screen(survey, weights)
    assert "MILK1" in scored.index and len(scored) == len(survey)
    full = screen(with_enterprise(load("enterprise_readiness"), world.enterprise("SLK")), weights)
    assert scored.loc["MILK1", "quick_index"] < full.loc["SLK", "quick_index"]  # no museum, no guide


def test_excursion_plan_check_uses_its_own_regulations(mine):
    """Module 3: does the plan check apply the own enterprise's group, age, duration and СИЗ rules?"""
    from promtour.course.m03.plan import check_plan, draft_plan

    stops, group = draft_plan(mine)
    assert check_plan(stops, group, mine) == []
    bad = stops.copy()
    bad.loc[bad["stop_type"].astype(str) == "производство", "ppe_required"] = False
    codes = {p.code for p in check_plan(bad, {**group, "children": 20, "adults": 1}, mine)}
    assert "ppe" in codes and len(codes) >= 3  # СИЗ, group over 16, too few adults for 1 per 8


def test_break_even_on_its_costs(mine):
    """Module 4: is break-even computed from its own fixed and variable costs and price?"""
    from promtour.course.m04.economics import break_even

    assert break_even(mine) == pytest.approx(3500 / (500 - 220), rel=1e-3)


def test_route_scheduler_takes_it_as_a_stop(mine):
    """Module 5: does a day route visit the own enterprise within its hours and group limit?"""
    from promtour.course.m05.routing import schedule

    sites, travel = load("sites"), load("travel_times")
    plan = schedule([mine, "PMK"], sites, travel, start="09:00", group=16)
    assert list(plan.stops["site_id"]) == ["MILK1", "PMK"]
    first = plan.stops.iloc[0]
    assert first["visit_min"] == 80 and first["max_group"] == 16 and bool(first["group_ok"])
    assert not bool(schedule([mine], sites, travel, group=20).stops.iloc[0]["group_ok"])
    far = dataclasses.replace(mine, town="Озёрск")
    with pytest.raises(KitError, match="не отмечен на карте"):
        schedule([far], sites, travel)


def test_kpi_dashboard_opens_with_its_goal(mine):
    """Module 6: does the KPI table start from the own enterprise's goal metric and target?"""
    from promtour.course.m06.dashboard import kpi_summary

    campaigns, reviews = load("campaigns"), load("reviews")
    table = kpi_summary(campaigns.iloc[0:0], reviews.iloc[0:0], mine)
    assert table.index[0] == "Цель: покупатели фирменного магазина"
    assert table.iloc[1, 0] == 4000
