"""Module 3 «Готовность предприятия и дизайн экскурсии»: datasets, readiness helpers, self-checks, widget."""

from __future__ import annotations

import pandas as pd
import pytest

from promtour.course.m03 import datasets as m03_data
from promtour.course.m03.exercises import EXERCISES
from promtour.course.m03.readiness import (
    block_scores, default_block_weights, quick_index, screen, stop_factors,
)
from promtour.course.m03.widgets import ALL_INDUSTRIES, readiness_scorer
from promtour.datasets import dataset
from promtour.selfcheck import ____

NAMES = ("enterprises", "readiness_weights", "excursion_plans", "excursion_stops")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


@pytest.fixture(scope="module")
def ent(frames) -> pd.DataFrame:
    return frames["enterprises"]


@pytest.fixture(scope="module")
def w(frames) -> pd.DataFrame:
    return frames["readiness_weights"]


# --- datasets ---

def test_datasets_are_declared_by_module_3():
    """Are the four datasets registered, typed and owned by m03?"""
    for name in NAMES:
        ds = dataset(name)
        assert ds.module == "m03"
        assert ds.synthetic and ds.source



def test_enterprises_shape_and_industries(ent):
    """Are there 40 enterprises with unique ids spread over all six industries?"""
    assert len(ent) == 40
    assert ent["enterprise_id"].is_unique
    assert set(ent["industry"].astype(str)) == set(m03_data.INDUSTRIES)
    assert ent.groupby("industry", observed=True).size().min() >= 5


def test_enterprise_values_in_plausible_ranges(ent):
    """Are capacities, ages, durations and staff counts within realistic bounds?"""
    assert ent["group_capacity"].between(8, 30).all()
    assert ent["min_age"].between(6, 18).all()
    assert ent["max_tour_minutes"].between(45, 180).all()
    assert (ent["employees"] > 0).all()
    assert (ent["restricted_zones"] >= 0).all()
    assert set(ent["photo_policy"].astype(str)) <= {"разрешено", "с ограничениями", "запрещено"}


def test_enterprises_internally_consistent(ent):
    """Do guides agree with trained_guide, visitors with tours, and does everyone running tours brief guests?"""
    assert ((ent["guides"] > 0) == ent["trained_guide"]).all()
    assert ((ent["tours_year"] > 0) == (ent["visitors_year"] > 0)).all()
    assert ent.loc[ent["tours_year"] > 0, "safety_briefing"].all()
    assert (ent.loc[ent["name"].str.contains("Пивоварня"), "min_age"] == 18).all()


def test_calibration_on_published_anchors(ent):
    """Do the anchors reproduce ММК 2024 (~900 tours, 17,000+), Смоленская АЭС 2025 (187, 2,834), КАМАЗ (~600 × ~10)?"""
    by_id = ent.set_index("enterprise_id")
    assert 850 <= by_id.loc["E01", "tours_year"] <= 950 and by_id.loc["E01", "visitors_year"] > 17000
    assert by_id.loc["E30", "tours_year"] == 187 and by_id.loc["E30", "visitors_year"] == 2834
    assert by_id.loc["E30", "industry"] == "энергетика"
    assert 550 <= by_id.loc["E08", "tours_year"] <= 650
    assert 9 <= by_id.loc["E08", "visitors_year"] / by_id.loc["E08", "tours_year"] <= 11


def test_calibration_group_fill_and_selection_bias(ent):
    """Is the mean group 10–20 visitors, and is the share running tours far above the national 3–4 % (self-selected sample)?"""
    running = ent[ent["tours_year"] > 0]
    fill = running["visitors_year"] / running["tours_year"]
    assert fill.between(8, 22).all()
    assert 10 <= ent["visitors_year"].sum() / ent["tours_year"].sum() <= 20
    share = (ent["tours_year"] > 0).mean()
    assert 0.3 <= share <= 0.6


def test_weights_cover_criteria_and_sum_to_100(ent, w):
    """Does every weighted criterion exist as a boolean column, with weights summing to 100 and one must-have?"""
    assert w["weight"].sum() == 100
    assert set(w["criterion"]) == set(m03_data.CRITERION_CODES)
    assert all(ent[c].dtype == bool for c in w["criterion"])
    assert set(w["block"].astype(str)) == set(m03_data.BLOCKS)
    assert w.loc[w["must_have"], "criterion"].tolist() == ["safety_briefing"]


def test_plans_reference_enterprises_and_stops(frames, ent):
    """Does every plan point to an existing enterprise and own consecutive stops 1..k?"""
    plans, stops = frames["excursion_plans"], frames["excursion_stops"]
    assert set(plans["enterprise_id"]) <= set(ent["enterprise_id"])
    assert set(stops["plan_id"]) == set(plans["plan_id"])
    for _, steps in stops.groupby("plan_id")["step"]:
        assert sorted(steps) == list(range(1, len(steps) + 1))
    assert (stops["minutes"] > 0).all()
    assert plans["youngest_age"].isna().sum() == 1  # P08: lists not received yet


def test_plans_teach_each_constraint(frames, ent):
    """Does each draft plan break the constraint it was written to show (and P01 none)?"""
    plans = frames["excursion_plans"].set_index("plan_id")
    stops = frames["excursion_stops"]
    firms = ent.set_index("enterprise_id")
    total = stops.groupby("plan_id")["minutes"].sum()
    first = stops.sort_values("step").groupby("plan_id")["stop_type"].first().astype(str)
    limit = lambda p: firms.loc[plans.loc[p, "enterprise_id"]]  # noqa: E731
    assert total["P01"] <= limit("P01")["max_tour_minutes"] and first["P01"] == "инструктаж"
    assert first["P05"] != "инструктаж"
    assert total["P06"] > limit("P06")["max_tour_minutes"]
    assert plans.loc["P04", "youngest_age"] < limit("P04")["min_age"]
    p03 = plans.loc["P03"]
    assert p03["children"] + p03["adults"] == limit("P03")["group_capacity"]  # a tie: allowed
    assert total["P03"] == limit("P03")["max_tour_minutes"]  # a tie: allowed
    assert p03["adults"] * 6 < p03["children"]


def test_csv_files_small():
    """Would each CSV stay far below the ~2 MB limit?"""
    for name in NAMES:
        assert len(dataset(name).generate().to_csv(index=False).encode()) < 200_000


# --- readiness helpers ---

def test_block_scores_are_shares(ent, w):
    """Is a block score the share of its criteria met: E01 full safety, no accessibility; E22 nothing?"""
    s = block_scores(ent, w)
    assert list(s.columns) == list(m03_data.BLOCKS)
    assert s.loc["E01", "Безопасность"] == 1.0 and s.loc["E01", "Доступность"] == 0.0
    assert (s.loc["E22"] == 0).all()
    assert s.min().min() >= 0 and s.max().max() <= 1


def test_block_scores_missing_value_is_not_met(w):
    """Does a missing criterion value count as not met instead of crashing?"""
    toy = pd.DataFrame({"enterprise_id": ["A"], **{c: [True] for c in m03_data.CRITERION_CODES}})
    toy = toy.astype({"safety_briefing": object})
    toy.loc[0, "safety_briefing"] = None
    s = block_scores(toy, w)
    assert s.loc["A", "Безопасность"] == pytest.approx(2 / 3)


def test_quick_index_weights_and_zero_weights(ent, w):
    """Is the quick index the weighted mean of block shares ×100, and 0 (not NaN) when all weights are 0?"""
    s = block_scores(ent, w)
    default = default_block_weights(w)
    assert default == {"Безопасность": 35, "Инфраструктура": 20, "Персонал": 15, "Содержание": 20,
                       "Доступность": 10}
    q = quick_index(s, default)
    assert q["E01"] == 90.0
    only_access = quick_index(s, {b: (1 if b == "Доступность" else 0) for b in m03_data.BLOCKS})
    assert only_access["E01"] == 0.0 and only_access["E08"] == 100.0
    assert (quick_index(s, {b: 0 for b in m03_data.BLOCKS}) == 0).all()


def test_stop_factor_overrides_index(ent, w):
    """Is an enterprise without a safety briefing «не готово» even with a high index?"""
    toy = ent[ent["enterprise_id"] == "E08"].copy()
    toy["safety_briefing"] = False
    table = screen(toy, w)
    assert table.loc["E08", "quick_index"] > 80
    assert table.loc["E08", "category"] == "не готово"
    assert "инструктажа" in stop_factors(toy, w)["E08"]


def test_screen_thresholds_ranking_and_filter(ent, w):
    """Are categories cut at the thresholds (ties go up), rows ranked best first, and the industry filter applied?"""
    t = screen(ent, w)
    assert list(t["rank"]) == list(range(1, len(t) + 1))
    assert t["quick_index"].is_monotonic_decreasing
    ok = t[t["stop_factors"] == ""]
    assert (ok.loc[ok["quick_index"] >= 75, "category"] == "готово").all()
    mid = ok[(ok["quick_index"] >= 50) & (ok["quick_index"] < 75)]
    assert (mid["category"] == "нужна доработка").all()
    assert (t.loc[t["quick_index"] < 50, "category"] == "не готово").all()
    assert t.loc["E15", "quick_index"] == 50.0 and t.loc["E15", "category"] == "нужна доработка"
    chem = screen(ent, w, industry="химия")
    assert len(chem) == 6 and set(chem["industry"].astype(str)) == {"химия"}


def test_screen_empty_frame(ent, w):
    """Does screening an empty selection give an empty table instead of an error?"""
    assert screen(ent.iloc[0:0], w).empty


# --- self-checks ---

@pytest.fixture(scope="module")
def lesson_namespace(frames) -> dict:
    return {"pd": pd, "enterprises": frames["enterprises"], "weights": frames["readiness_weights"],
            "plans": frames["excursion_plans"], "stops": frames["excursion_stops"]}


def test_at_least_three_exercises_with_tiered_hints():
    """Does the lesson have ≥ 3 self-checks, each with 2–3 hints, a solution and a wrong answer?"""
    assert len(EXERCISES) >= 3
    for ex in EXERCISES:
        assert 2 <= len(ex.hints) <= 3 and ex.solution and ex.wrong


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.var)
def test_exercise_solution_accepted_wrong_rejected_blank_unattempted(ex, lesson_namespace):
    """Is the reference solution accepted, the typical wrong answer rejected and the placeholder «not attempted»?"""
    right = dict(lesson_namespace)
    exec(ex.solution, right)
    assert ex.evaluate(right).status == "correct"
    wrong = dict(lesson_namespace)
    exec(ex.wrong, wrong)
    assert ex.evaluate(wrong).status == "incorrect"
    assert ex.evaluate({**lesson_namespace, ex.var: ____}).status == "unattempted"


def test_exercise_expected_values_from_the_data(ent):
    """Are the expected answers the values a pandas one-liner gives (share, top-3 share, safety count, P01 share)?"""
    from promtour.course.m03 import exercises as m

    assert m.expected_share_running() == pytest.approx((ent["tours_year"] > 0).mean())
    assert m.expected_top3_share() == pytest.approx((902 + 604 + 187) / ent["tours_year"].sum())
    assert m.expected_safety_complete() == ent[m.SAFETY].all(axis=1).sum()
    assert m.expected_production_share() == pytest.approx(50 / 120)


# --- widget ---

def test_widget_reacts_to_block_weights():
    """Does setting the accessibility weight to 0 recompute the index and change the table shown?"""
    w = readiness_scorer()
    before_html, before = w.table.value, w.result.copy()
    assert before.loc["E01", "quick_index"] == 90.0
    w.sliders["Доступность"].value = 0
    assert w.result.loc["E01", "quick_index"] == 100.0
    assert w.table.value != before_html
    assert (w.result["category"] == "готово").sum() > (before["category"] == "готово").sum()


def test_widget_thresholds_and_industry_filter():
    """Do the threshold sliders and the industry dropdown change the categories and the rows shown?"""
    w = readiness_scorer()
    ready_before = (w.result["category"] == "готово").sum()
    w.ready.value = 100
    assert (w.result["category"] == "готово").sum() < ready_before
    w.industry.value = "энергетика"
    assert set(w.result["industry"].astype(str)) == {"энергетика"}
    assert "Предприятий: <b>5</b>" in w.summary.value
    w.industry.value = ALL_INDUSTRIES
    assert len(w.result) == 40


def test_widget_all_zero_weights_warns():
    """Does the summary warn instead of failing when every block weight is zero?"""
    w = readiness_scorer()
    for s in w.sliders.values():
        s.value = 0
    assert "нулевые" in w.summary.value
    assert (w.result["quick_index"] == 0).all()
