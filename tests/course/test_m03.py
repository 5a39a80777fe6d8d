"""Module 3 «Готовность предприятия и дизайн экскурсии»: datasets, readiness helpers, plan check,
self-checks, widgets, and the lesson's and assignment's agreement with the course's world."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pandas as pd
import pytest

from promtour.course.m03 import datasets as m03_data
from promtour.course.m03.exercises import EXERCISES
from promtour.course.m03.plan import (
    adults_required,
    check_plan,
    check_table,
    draft_plan,
    foreigners_days,
    group_of,
    plan_for,
    techmap_table,
)
from promtour.course.m03.readiness import (
    block_scores,
    block_table,
    default_block_weights,
    quick_index,
    readiness_card,
    russian,
    screen,
    stop_factors,
    with_enterprise,
)
from promtour.course.m03.widgets import ALL_INDUSTRIES, plan_checker, readiness_scorer
from promtour.datasets import dataset
from promtour.enterprise import READINESS_CRITERIA
from promtour.paths import repo_root
from promtour.selfcheck import ____
from promtour.world import ENTERPRISES, MODEL_PRODUCT, REGION, TOWNS, enterprise

NAMES = ("enterprise_readiness", "readiness_weights", "excursion_plans", "excursion_stops")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


@pytest.fixture(scope="module")
def ent(frames) -> pd.DataFrame:
    return frames["enterprise_readiness"]


@pytest.fixture(scope="module")
def w(frames) -> pd.DataFrame:
    return frames["readiness_weights"]


def _plan(frames, pid):
    stops = frames["excursion_stops"]
    return stops[stops["plan_id"] == pid], group_of(frames["excursion_plans"], pid)


def _codes(problems):
    return [p.code for p in problems]


# --- datasets: the world's enterprises with their facts ---


def test_datasets_are_declared_by_module_3():
    """Are the four datasets registered, synthetic with a source, and owned by m03?"""
    for name in NAMES:
        ds = dataset(name)
        assert ds.module == "m03"
        assert ds.synthetic and ds.source


def test_survey_holds_the_six_world_enterprises_with_their_facts(ent):
    """Do PMK…IZR appear with the same readiness and visitor regulations as in promtour.world?"""
    by_id = ent.set_index("enterprise_id")
    for e in ENTERPRISES:
        row = by_id.loc[e.id]
        assert row["name"] == e.name and row["town"] == e.town and row["industry"] == e.industry
        assert (row["max_group"], row["min_age"], row["children_per_adult"], row["tour_minutes"]) == (
            e.max_group,
            e.min_age,
            e.children_per_adult,
            e.tour_minutes,
        )
        assert (row["tours_year"], row["visitors_year"]) == (e.tours_last_year, e.visitors_last_year)
        assert row["photo"] == e.photo
        for code in READINESS_CRITERIA:
            assert bool(row[code]) == bool(e.readiness[code]), (e.id, code)
    assert set(by_id.loc[["AZT", "GES"], "restricted"]) == {True}
    assert not by_id.loc[["PMK", "MAG", "SLK", "IZR"], "restricted"].any()


def test_survey_more_enterprises_of_the_same_region(ent):
    """Are the other enterprises of the region (R01…) in its towns, with ids not clashing and all industries?"""
    assert len(ent) == 30 and ent["enterprise_id"].is_unique
    others = ent[~ent["enterprise_id"].isin([e.id for e in ENTERPRISES])]
    assert others["enterprise_id"].str.fullmatch(r"R\d\d").all()
    assert set(ent["town"].astype(str)) <= set(TOWNS)
    assert set(ent["industry"].astype(str)) == set(m03_data.INDUSTRIES)
    assert not ent["enterprise_id"].str.fullmatch(r"E\d\d").any()  # the old E01–E40 world is gone


def test_survey_values_plausible_and_consistent(ent):
    """Are regulations in realistic bounds, visitors tied to tours, and children banned where the age is 18?"""
    assert ent["max_group"].between(8, 30).all() and ent["min_age"].between(6, 18).all()
    assert ent["tour_minutes"].between(45, 180).all()
    assert ((ent["tours_year"] > 0) == (ent["visitors_year"] > 0)).all()
    assert ent.loc[ent["tours_year"] > 0, "safety_briefing"].all()
    assert (ent.loc[ent["min_age"] >= 18, "children_per_adult"] == 0).all()
    assert set(ent["photo"].astype(str)) <= {"разрешено", "с ограничениями", "запрещено"}


def test_calibration_selection_bias_and_group_fill(ent):
    """Is the share running tours far above the national 3–4 % (self-selected programme participants)
    and the mean group 10–20 visitors?"""
    assert 0.3 <= (ent["tours_year"] > 0).mean() <= 0.8
    running = ent[ent["tours_year"] > 0]
    assert 10 <= running["visitors_year"].sum() / running["tours_year"].sum() <= 20


def test_weights_cover_the_kit_criteria(ent, w):
    """Are the criterion codes exactly promtour.enterprise.READINESS_CRITERIA, weights summing to 100?"""
    assert w["weight"].sum() == 100
    assert list(w["criterion"]) == list(READINESS_CRITERIA)
    assert list(w["title"]) == list(READINESS_CRITERIA.values())
    assert all(ent[c].dtype == bool for c in w["criterion"])
    assert w.loc[w["must_have"], "criterion"].tolist() == ["safety_briefing"]


def test_model_plan_is_the_model_product(frames):
    """Is P01 the model product at PMK: its name, 18 pupils + 2 adults, 120 minutes?"""
    plans = frames["excursion_plans"].set_index("plan_id")
    p01 = plans.loc["P01"]
    assert p01["enterprise_id"] == "PMK" and f"«{p01['title']}»" == MODEL_PRODUCT.name
    assert (p01["children"], p01["adults"]) == (MODEL_PRODUCT.pupils_per_group, MODEL_PRODUCT.adults_per_group)
    stops, _ = _plan(frames, "P01")
    assert stops["minutes"].sum() == MODEL_PRODUCT.minutes
    assert set(plans["enterprise_id"]) == {e.id for e in ENTERPRISES}  # every world enterprise has a plan


def test_plans_have_consecutive_stops(frames):
    plans, stops = frames["excursion_plans"], frames["excursion_stops"]
    assert set(stops["plan_id"]) == set(plans["plan_id"])
    for _, steps in stops.groupby("plan_id")["step"]:
        assert sorted(steps) == list(range(1, len(steps) + 1))
    assert (stops["minutes"] > 0).all()


# --- the plan check ---

EXPECTED = {
    "P01": [],
    "P02": ["ppe"],
    "P03": ["adults"],
    "P04": ["age"],
    "P05": ["briefing"],
    "P06": ["list", "foreigners"],
    "P07": ["duration"],
    "P08": ["age"],
    "P09": ["photo"],
}


@pytest.mark.parametrize("pid", sorted(EXPECTED))
def test_each_plan_breaks_what_it_was_written_to_show(frames, pid):
    """Does check_plan find exactly the violation each draft was written to teach (P01, the model, none)?"""
    eid = frames["excursion_plans"].set_index("plan_id").loc[pid, "enterprise_id"]
    assert _codes(check_plan(*_plan(frames, pid), enterprise(eid))) == EXPECTED[pid]


def test_stop_without_ppe_is_rejected(frames):
    """Is a production stop, or any stop with a hazard, without PPE rejected?"""
    pmk = enterprise("PMK")
    stops, group = _plan(frames, "P01")
    for step in (3, 4):  # a furnace gallery (production) and a transfer along the railway (hazard)
        bare = stops.assign(ppe_required=stops["ppe_required"] & (stops["step"] != step))
        found = check_plan(bare, group, pmk)
        assert _codes(found) == ["ppe"] and f"шаг {step}" in found[0].text


def test_briefing_must_come_first_and_exist(frames):
    stops, group = _plan(frames, "P01")
    pmk = enterprise("PMK")
    assert _codes(check_plan(stops.iloc[::-1], group, pmk)) == []  # order is the step column, not the rows
    assert "briefing" in _codes(check_plan(stops.iloc[0:0], group, pmk))
    assert "briefing" in _codes(check_plan(stops.assign(step=stops["step"].replace({1: 9})), group, pmk))


def test_group_adults_and_age_follow_the_enterprises_own_regulations(frames):
    """Is the group limit inclusive of adults, the adults rule the enterprise's (not «6+1»), the age rule strict?"""
    stops, group = _plan(frames, "P01")
    pmk = enterprise("PMK")
    assert adults_required(18, pmk) == 2  # one per 10 children at PMK; «6+1» would say 3
    assert _codes(check_plan(stops, {**group, "children": 19}, pmk)) == ["group"]  # 21 > 20
    assert _codes(check_plan(stops, {**group, "children": 21, "adults": 2}, pmk)) == ["group", "adults"]
    assert _codes(check_plan(stops, {**group, "youngest_age": 13}, pmk)) == ["age"]
    assert _codes(check_plan(stops, {**group, "youngest_age": None}, pmk)) == ["age"]
    assert _codes(check_plan(stops, {**group, "youngest_age": pd.NA}, pmk)) == ["age"]
    izr = enterprise("IZR")
    assert adults_required(13, izr) == 3 and adults_required(0, izr) == 0
    assert adults_required(5, enterprise("AZT")) == 0  # AZT admits no children: the age rule catches them


def test_restricted_sites_list_photo_and_foreigners(frames):
    """Do restricted sites need the visitor list, and are the photo ban and the foreigners rule applied?"""
    stops, group = _plan(frames, "P06")
    ges = enterprise("GES")
    assert foreigners_days(ges) == 45 and foreigners_days(enterprise("SLK")) is None
    fixed = {**group, "visitor_list": True, "days_ahead": 45}
    assert _codes(check_plan(stops, fixed, ges)) == []
    azt = enterprise("AZT")
    s4, g4 = _plan(frames, "P04")
    adults_only = {**g4, "children": 0, "youngest_age": 18}
    assert _codes(check_plan(s4, adults_only, azt)) == []
    assert _codes(check_plan(s4, {**adults_only, "visitor_list": False}, azt)) == ["list"]
    assert _codes(check_plan(s4, {**adults_only, "foreign_guests": 1, "days_ahead": 90}, azt)) == ["foreigners"]
    assert _codes(check_plan(s4.assign(photo_allowed=True), adults_only, azt)) == ["photo"]


def test_check_plan_takes_an_own_profile():
    """Does the check work on a learner's own enterprise (a profile, not a world id), with a drafted plan?"""
    own = replace(enterprise("SLK"), id="MY1", name="Моя фабрика", children_per_adult=5, max_group=18)
    stops, group = draft_plan(own)
    assert _codes(check_plan(stops, group, own)) == []
    assert stops["minutes"].sum() <= own.tour_minutes and group["children"] + group["adults"] <= own.max_group
    assert _codes(check_plan(stops, {**group, "adults": group["adults"] - 1}, own)) == ["adults"]
    for e in ENTERPRISES:
        s, g = draft_plan(e)
        assert _codes(check_plan(s, g, e)) == [], e.id


def test_tables_for_the_passport_have_russian_headers(frames, w):
    stops, group = _plan(frames, "P01")
    table = techmap_table(stops)
    assert list(table.columns)[:4] == ["№", "Остановка", "Тип", "Минут"] and table["Минут"].iloc[-1] == 120
    assert check_table([]).iloc[0, 1] == "нарушений нет"
    assert list(check_table(check_plan(*_plan(frames, "P02"), enterprise("PMK"))).columns) == ["Проверка", "Итог"]
    card = readiness_card(enterprise("PMK"), w)
    assert len(card) == 11 and (card["Выполнен"] == "нет").sum() == 1
    blocks = block_table(enterprise("PMK"), w)
    assert blocks.iloc[-1, 1] == 90.0
    assert not any(c.isascii() for c in russian(frames["enterprise_readiness"]).columns)
    title, s, _ = plan_for(enterprise("PMK"), frames["excursion_plans"], frames["excursion_stops"])
    assert f"«{title}»" == MODEL_PRODUCT.name and len(s) == 7


# --- readiness helpers ---


def test_block_scores_and_quick_index(ent, w):
    """Is a block score the share of its criteria met, and the quick index their weighted mean ×100?"""
    s = block_scores(ent, w)
    assert list(s.columns) == list(m03_data.BLOCKS)
    assert s.loc["PMK", "Безопасность"] == 1.0 and s.loc["PMK", "Доступность"] == 0.0
    default = default_block_weights(w)
    assert default == {"Безопасность": 35, "Инфраструктура": 20, "Персонал": 15, "Содержание": 20, "Доступность": 10}
    q = quick_index(s, default)
    assert q["PMK"] == 90.0
    assert (quick_index(s, {b: 0 for b in m03_data.BLOCKS}) == 0).all()


def test_block_scores_missing_value_is_not_met(w):
    toy = pd.DataFrame({"enterprise_id": ["A"], **{c: [True] for c in m03_data.CRITERION_CODES}})
    toy = toy.astype({"safety_briefing": object})
    toy.loc[0, "safety_briefing"] = None
    assert block_scores(toy, w).loc["A", "Безопасность"] == pytest.approx(2 / 3)


def test_stop_factor_overrides_index(ent, w):
    toy = ent[ent["enterprise_id"] == "GES"].copy()
    toy["safety_briefing"] = False
    table = screen(toy, w)
    assert table.loc["GES", "quick_index"] > 80 and table.loc["GES", "category"] == "не готово"
    assert "инструктажа" in stop_factors(toy, w)["GES"]


def test_screen_thresholds_ranking_filter_and_empty(ent, w):
    t = screen(ent, w)
    assert list(t["rank"]) == list(range(1, len(t) + 1)) and t["quick_index"].is_monotonic_decreasing
    ok = t[t["stop_factors"] == ""]
    assert (ok.loc[ok["quick_index"] >= 75, "category"] == "готово").all()
    assert (t.loc[t["quick_index"] < 50, "category"] == "не готово").all()
    chem = screen(ent, w, industry="химия")
    assert set(chem["industry"].astype(str)) == {"химия"} and "AZT" in chem.index
    assert screen(ent.iloc[0:0], w).empty


def test_own_enterprise_joins_the_survey(ent):
    own = replace(enterprise("IZR"), id="MY1", name="Моя мастерская")
    joined = with_enterprise(ent, own)
    assert len(joined) == len(ent) + 1 and joined["enterprise_id"].iloc[-1] == "MY1"
    assert with_enterprise(ent, enterprise("PMK")) is ent


# --- self-checks ---


@pytest.fixture(scope="module")
def lesson_namespace(frames) -> dict:
    return {
        "pd": pd,
        "survey": frames["enterprise_readiness"],
        "weights": frames["readiness_weights"],
        "plans": frames["excursion_plans"],
        "stops": frames["excursion_stops"],
    }


def test_at_least_three_exercises_with_tiered_hints():
    assert len(EXERCISES) >= 3
    for ex in EXERCISES:
        assert 2 <= len(ex.hints) <= 3 and ex.solution and ex.wrong


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.var)
def test_exercise_solution_accepted_wrong_rejected_blank_unattempted(ex, lesson_namespace):
    right = dict(lesson_namespace)
    exec(ex.solution, right)
    assert ex.evaluate(right).status == "correct"
    wrong = dict(lesson_namespace)
    exec(ex.wrong, wrong)
    assert ex.evaluate(wrong).status == "incorrect"
    assert ex.evaluate({**lesson_namespace, ex.var: ____}).status == "unattempted"


def test_exercise_expected_values_from_the_data(ent):
    from promtour.course.m03 import exercises as m

    assert m.expected_share_running() == pytest.approx((ent["tours_year"] > 0).mean())
    assert m.expected_safety_complete() == ent[m.SAFETY].all(axis=1).sum()
    assert m.expected_production_share() == pytest.approx(50 / 120)


# --- widgets ---


def test_readiness_widget_reacts_and_highlights_my_enterprise():
    """Does the scorer recompute on a slider, show the learner's enterprise, and add an own profile?"""
    w = readiness_scorer(my=enterprise("PMK"))
    before_html = w.table.value
    assert w.result.loc["PMK", "quick_index"] == 90.0 and "Ваше предприятие" in w.summary.value
    w.sliders["Доступность"].value = 0
    assert w.result.loc["PMK", "quick_index"] == 100.0 and w.table.value != before_html
    w.industry.value = "энергетика"
    assert set(w.result["industry"].astype(str)) == {"энергетика"}
    w.industry.value = ALL_INDUSTRIES
    own = readiness_scorer(my=replace(enterprise("IZR"), id="MY1", short="Моя"))
    assert "MY1" in own.result.index and len(own.result) == 31


def test_readiness_widget_all_zero_weights_warns():
    w = readiness_scorer()
    for s in w.sliders.values():
        s.value = 0
    assert "нулевые" in w.summary.value and (w.result["quick_index"] == 0).all()


def test_plan_checker_widget_checks_the_chosen_enterprise():
    """Does the plan checker start clean on PMK's model map and flag a stop set «without PPE» and too few adults?"""
    c = plan_checker(enterprise("PMK"))
    assert c.problems == [] and "Нарушений нет" in c.report.value
    c.no_ppe.value = (3,)
    assert _codes(c.problems) == ["ppe"]
    c.no_ppe.value = ()
    c.children_n.value = 19
    c.adults_n.value = 1
    assert _codes(c.problems) == ["adults"] or "adults" in _codes(c.problems)
    own = plan_checker(replace(enterprise("SLK"), id="MY1"))
    assert own.title.startswith("Черновик") and own.problems == []


# --- the lesson and the assignment agree with the world ---


def _text(path) -> str:
    nb = json.loads((repo_root() / path).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_lesson_and_assignment_name_the_world_and_one_graded_task_name():
    lesson, solution = _text("modules/03-excursion.ipynb"), _text("solutions/m03-excursion/assignment.ipynb")
    for text in (lesson, solution):
        assert REGION.name in text or REGION.genitive in text
        assert re.search(r"зачётн\w+ задани", text)
        for banned in ("итоговое задание", "итоговом задании", "аттестационное", "оцениваемое", "проверочное задание"):
            assert banned not in text
    assert "**Объём:** 10 ак. ч." in lesson
    for e in ENTERPRISES:
        assert e.id in lesson
    assert enterprise("PMK").name in solution and MODEL_PRODUCT.name in solution
    for law in ("152-ФЗ", "98-ФЗ", "256-ФЗ", "116-ФЗ", "ГОСТ Р 54604", "ГОСТ Р 50681", "ст. 779"):
        assert law in lesson, law
