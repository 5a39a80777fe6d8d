"""Module 6 «Продвижение и оценка результатов»: helpers, datasets, self-checks, widgets, notebooks."""

from __future__ import annotations

import json
import math
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from promtour.course.m06 import dashboard as db  # noqa: E402
from promtour.course.m06 import datasets as m06_data  # noqa: E402
from promtour.course.m06 import roadmap as rm  # noqa: E402
from promtour.course.m06.exercises import EXERCISES  # noqa: E402
from promtour.course.m06.widgets import budget_planner, kpi_dashboard  # noqa: E402
from promtour.datasets import dataset, load  # noqa: E402
from promtour.enterprise import read_profile, write_template  # noqa: E402
from promtour.passport.template import parts_of  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402
from promtour.world import ENTERPRISES, MODEL_PRODUCT, REGION, enterprise, model_enterprise  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "modules" / "06-promotion.ipynb"
SOLUTION = ROOT / "solutions" / "m06-promotion" / "assignment.ipynb"
NAMES = ("campaigns", "reviews", "message_test")
PMK = model_enterprise()


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


def toy_campaigns() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "enterprise_id": ["PMK", "PMK", "PMK", "PMK", "SLK"],
            "channel": [
                "Таргетированная реклама ВКонтакте",
                "Таргетированная реклама ВКонтакте",
                "Выставки и форумы",
                "Школы и профминимум",
                "RUSSPASS",
            ],
            "market": ["внутренний", "внутренний", "внешний", "внутренний", "внутренний"],
            "month": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-02-01", "2025-03-01", "2025-03-01"]),
            "spend_rub": [10_000, 30_000, 100_000, 5_000, 7_000],
            "impressions": [20_000, 60_000, 1_000, 2_000, 9_000],
            "clicks": [200, 400, 100, 200, 90],
            "registrations": [20, 30, 10, 60, 9],
            "visits": [10, 20, 5, 55, 8],
            "revenue_rub": [12_000, 24_000, 12_500, 38_500, 5_000],
            "goal_value": [0, 1, 0, 4, 900],
        }
    )


def toy_reviews() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "enterprise_id": ["PMK", "PMK", "PMK", "PMK"],
            "date": pd.to_datetime(["2025-01-10", "2025-02-11", "2025-02-12", "2025-03-05"]),
            "score": [10, 9, 3, 8],
            "market": ["внутренний", "внутренний", "внешний", "внутренний"],
            "channel": [
                "Таргетированная реклама ВКонтакте",
                "Таргетированная реклама ВКонтакте",
                "Выставки и форумы",
                "Школы и профминимум",
            ],
            "repeat_visit": [True, False, False, False],
        }
    )


# --- dashboard helpers ---


def test_of_keeps_one_enterprise_and_takes_an_own_table_whole():
    """Does `of` keep the enterprise's rows, and take a learner's table without ids as it is?"""
    assert len(db.of(toy_campaigns(), PMK)) == 4
    assert len(db.of(toy_campaigns(), enterprise("SLK"))) == 1
    own = toy_campaigns().drop(columns="enterprise_id")
    assert len(db.of(own, PMK)) == 5


def test_select_filters_by_channel_market_and_inclusive_months():
    """Does select keep only the chosen channels, markets and months, both ends included?"""
    c = db.of(toy_campaigns(), PMK)
    assert len(db.select(c, channels=["Таргетированная реклама ВКонтакте"])) == 2
    assert len(db.select(c, markets=["внешний"])) == 1
    assert len(db.select(c, months=("2025-02", "2025-03"))) == 3
    assert db.select(c, channels=[]).empty


def test_funnel_counts_sums_stages_in_order():
    """Are funnel stages summed and ordered impressions → clicks → registrations → visits?"""
    counts = db.funnel_counts(db.of(toy_campaigns(), PMK))
    assert list(counts.index) == list(db.STAGES.values())
    assert list(counts) == [83_000, 900, 120, 90]


def test_kpi_summary_puts_the_enterprise_goal_beside_marketing_kpis():
    """Does the KPI table open with the goal metric, its plan and share, then the marketing KPIs?"""
    kpi = db.kpi_summary(db.of(toy_campaigns(), PMK), toy_reviews(), PMK)["Значение"]
    assert list(kpi.index)[0] == f"Цель: {PMK.goal_metric}"
    assert kpi.iloc[0] == 5
    assert kpi["План на год по цели"] == PMK.goal_target
    assert kpi["Доля годового плана по цели"] == pytest.approx(100 * 5 / PMK.goal_target, abs=0.05)
    assert kpi["Затраты на продвижение на единицу цели"] == pytest.approx(145_000 / 5, abs=0.05)
    assert kpi["Визиты"] == 90
    assert kpi["Стоимость визита"] == pytest.approx(145_000 / 90, abs=0.05)
    assert kpi["NPS"] == pytest.approx(100 * (2 / 4 - 1 / 4))
    assert kpi["Доля повторных визитов"] == pytest.approx(25.0)


def test_kpi_summary_empty_slice_is_nan_not_zero():
    """On an empty slice, are ratios NaN (no data) rather than a crash or a misleading zero?"""
    kpi = db.kpi_summary(toy_campaigns().iloc[0:0], toy_reviews().iloc[0:0], PMK)["Значение"]
    assert kpi["Визиты"] == 0
    assert math.isnan(kpi["Стоимость визита"])
    assert math.isnan(kpi["NPS"])
    assert math.isnan(kpi["Затраты на продвижение на единицу цели"])


def test_channel_table_has_russian_headers_and_no_cost_without_result():
    """Is the channel table in Russian, cheapest visit first, with no cost per goal where there is none?"""
    t = db.channel_table(db.of(toy_campaigns(), PMK), PMK)
    assert all(any("а" <= ch.lower() <= "я" for ch in col) for col in t.columns)
    assert t.index[0] == "Школы и профминимум"
    assert math.isnan(t.loc["Выставки и форумы", "Руб. продвижения на единицу цели"])
    assert t.loc["Школы и профминимум", "Руб. продвижения на единицу цели"] == 1_250


def test_plan_visits_scales_visits_and_goal_with_diminishing_returns():
    """Does doubling a channel's budget give 2**e times its visits and goal results?"""
    base = db.channel_baseline(db.of(toy_campaigns(), PMK))
    plan = db.plan_visits(base, {"Таргетированная реклама ВКонтакте": 80_000}, elasticity=0.5)
    assert plan.loc["Таргетированная реклама ВКонтакте", "visits_plan"] == round(30 * 2**0.5)
    assert plan.loc["Таргетированная реклама ВКонтакте", "goal_plan"] == pytest.approx(2**0.5, abs=0.05)
    assert plan.loc["Выставки и форумы", "visits_plan"] == 5
    assert db.plan_visits(base, {"Выставки и форумы": 0}).loc["Выставки и форумы", "visits_plan"] == 0
    with pytest.raises(ValueError):
        db.plan_visits(base, {"Выставки и форумы": -1})
    with pytest.raises(ValueError):
        db.plan_visits(base, {}, elasticity=0)


def test_plot_funnel_labels_in_russian():
    """Does the funnel figure carry a Russian title, axis label with units and stage labels?"""
    ax = db.plot_funnel(db.funnel_counts(toy_campaigns()))
    assert ax.get_title() == "Воронка продвижения"
    assert "чел." in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == list(db.STAGES.values())
    matplotlib.pyplot.close("all")


# --- roadmap, budget, offer ---


def test_roadmap_follows_the_enterprise():
    """Are there school stages only where children are admitted, and does the goal appear in results?"""
    pmk = rm.default_roadmap(PMK, 2026)
    azt = rm.default_roadmap(enterprise("AZT"), 2026)
    assert list(pmk.columns) == rm.STAGE_COLUMNS
    assert pmk["Этап"].str.contains("Школы").any()
    assert not azt["Этап"].str.contains("Школы").any()
    assert pmk["Результат"].str.contains(PMK.goal_metric, regex=False).any()
    assert (pmk["Окончание"] >= pmk["Начало"]).all()
    assert (pmk["Начало"].dt.year == 2026).all()
    fig = rm.plot_roadmap(pmk)
    assert fig.axes[0].get_title() == "Дорожная карта на год"
    matplotlib.pyplot.close("all")


def test_budget_sources_follow_ticket_policy():
    """Is ticket revenue a source only where tickets are sold, and do the source totals add up?"""
    c = load("campaigns")
    pmk = rm.default_budget(PMK, c)
    ges = rm.default_budget(enterprise("GES"), c)
    assert rm.TICKETS in set(pmk["Источник"])
    assert rm.TICKETS not in set(ges["Источник"])
    by = rm.budget_by_source(pmk)
    assert by["Сумма, руб."].sum() == pmk["Сумма, руб."].sum()
    assert by["Доля, %"].sum() == pytest.approx(100, abs=0.2)


def test_offer_summary_states_cost_and_goal():
    """Does the offer summary give the budget, the expected goal result and the enterprise's plan?"""
    c = load("campaigns")
    budget = rm.default_budget(PMK, c)
    plan = db.plan_visits(db.channel_baseline(db.of(c, PMK)), {})
    s = rm.offer_summary(PMK, budget, plan)["Значение"]
    assert s["План предприятия по цели"].startswith(str(PMK.goal_target))
    assert f"Ожидаемый результат: {PMK.goal_metric}" in s.index


# --- datasets: the world's enterprises, shapes, calibration ---


def test_campaigns_cover_the_six_world_enterprises_with_their_facts(frames):
    """Do campaigns hold the six enterprises, each with about its last year's visitors?"""
    c = frames["campaigns"]
    assert set(c["enterprise_id"]) == {e.id for e in ENTERPRISES}
    visits = c.groupby("enterprise_id", observed=True)["visits"].sum()
    for e in ENTERPRISES:
        assert 0.85 < visits[e.id] / e.visitors_last_year < 1.15, e.id
    goal = c.groupby("enterprise_id", observed=True)["goal_value"].sum()
    for e in ENTERPRISES:
        assert 0 < goal[e.id] <= e.goal_target, e.id  # the goal is still ahead: there is a gap to close


def test_campaigns_respect_regulations_and_funnel(frames):
    """No school channel without children or in summer, no foreign tours where foreigners are barred."""
    c = frames["campaigns"]
    assert (c["clicks"] <= c["impressions"]).all()
    assert (c["registrations"] <= c["clicks"]).all()
    assert (c["visits"] <= c["registrations"]).all()
    assert not c.duplicated(["campaign_id", "month"]).any()
    schools = c[c["channel"] == m06_data.SCHOOLS]
    assert not schools["month"].dt.month.isin([6, 7, 8]).any()
    for e in ENTERPRISES:
        own = c[c["enterprise_id"] == e.id]
        if not e.admits_children:
            assert m06_data.SCHOOLS not in set(own["channel"]), e.id
        if e.foreigners == "не допускаются":
            assert (own["market"] == "внешний").sum() == 0, e.id
        if e.ticket_price == 0:
            assert own["revenue_rub"].sum() == 0, e.id


def test_pmk_cheapest_visit_is_not_cheapest_goal(frames):
    """At PMK, is the cheapest channel per visit different from the cheapest per application?"""
    c = frames["campaigns"]
    g = c[c["enterprise_id"] == "PMK"].groupby("channel", observed=True)[["spend_rub", "visits", "goal_value"]].sum()
    per_visit = (g["spend_rub"] / g["visits"]).idxmin()
    per_goal = (g["spend_rub"] / g["goal_value"].where(g["goal_value"] > 0)).idxmin()
    assert per_visit != per_goal
    assert per_goal == m06_data.COLLEGES


def test_reviews_are_consistent_with_campaigns(frames):
    """Are scores on 0–10, ~8% of visitors answering, reviews' enterprise/channel from campaigns?"""
    r, c = frames["reviews"], frames["campaigns"]
    assert r["score"].between(0, 10).all()
    assert 0.05 < len(r) / c["visits"].sum() < 0.11
    triples = set(zip(c["enterprise_id"].astype(str), c["channel"].astype(str), c["market"].astype(str)))
    assert set(zip(r["enterprise_id"].astype(str), r["channel"].astype(str), r["market"].astype(str))) <= triples
    assert r["review_id"].is_unique
    allowed = {e.id for e in ENTERPRISES if e.photo == "разрешено"}
    assert not r[r["enterprise_id"].isin(allowed)]["text"].str.contains("фотографировать").any()


def test_reviews_nps_school_segment_lowest_at_pmk(frames):
    """Is the PMK school segment's NPS the lowest of its large segments?"""
    r = frames["reviews"]
    pmk = r[r["enterprise_id"] == "PMK"]

    def nps(s: pd.Series) -> float:
        return 100 * ((s >= 9).mean() - (s <= 6).mean())

    by_seg = pmk.groupby("segment", observed=True)["score"].agg(["size", nps])
    big = by_seg[by_seg["size"] >= 30]
    assert big["nps"].idxmin() == "школьники"


def test_message_test_b_beats_a_significantly_but_not_every_day(frames):
    """Is B's conversion higher overall (p < 0.05) while A still wins on some days?"""
    m = frames["message_test"]
    assert len(m) == 28 and set(m["variant"]) == {"A", "B"}
    assert set(m["enterprise_id"]) == {"PMK"}
    assert MODEL_PRODUCT.name in m.loc[m["variant"] == "A", "message"].iloc[0]
    t = m.groupby("variant", observed=True)[["shown", "registrations"]].sum()
    pa, pb = t["registrations"] / t["shown"]
    pool = t["registrations"].sum() / t["shown"].sum()
    z = (pb - pa) / math.sqrt(pool * (1 - pool) * (1 / t["shown"]["A"] + 1 / t["shown"]["B"]))
    assert 1.96 < z < 3.5
    rate = m.pivot_table(
        index="date", columns="variant", values="registrations", aggfunc="sum", observed=True
    ) / m.pivot_table(index="date", columns="variant", values="shown", aggfunc="sum", observed=True)
    assert (rate["A"] > rate["B"]).any()


# --- self-checks ---


@pytest.mark.parametrize("ex", EXERCISES, ids=[e.var for e in EXERCISES])
def test_exercise_solution_accepted_wrong_rejected_blank_unattempted(ex):
    """Does each self-check accept its solution, reject its typical wrong answer and see the blank?"""
    assert 2 <= len(ex.hints) <= 3
    ns = {"load": load}
    exec(ex.solution, ns)  # noqa: S102 - the course's own reference code
    assert ex.evaluate(ns).status == "correct"
    ns = {"load": load}
    exec(ex.wrong, ns)  # noqa: S102
    assert ex.evaluate(ns).status == "incorrect"
    assert ex.evaluate({ex.var: ____}).status == "unattempted"


def test_cheapest_visit_instead_of_goal_is_explained():
    """When a learner picks the cheapest channel per visit, does the message say what differs?"""
    ex = next(e for e in EXERCISES if e.var == "cheapest_for_goal")
    ns = {"load": load}
    exec(ex.wrong, ns)  # noqa: S102
    assert "визита" in ex.evaluate(ns).message


# --- widgets react, on a world enterprise and on an own profile ---


def test_kpi_dashboard_shows_goal_and_reacts():
    """Does the dashboard show the goal metric first and react to channels and months?"""
    box = kpi_dashboard(PMK, load("campaigns"), load("reviews"))
    kpi = box.state["kpi"]["Значение"]
    assert kpi.index[0] == f"Цель: {PMK.goal_metric}"
    full_goal, full_visits = kpi.iloc[0], kpi["Визиты"]
    box.controls["channels"].value = (m06_data.COLLEGES,)
    after = box.state["kpi"]["Значение"]
    assert after["Визиты"] < full_visits and 0 < after.iloc[0] < full_goal
    box.controls["months"].value = ("2025-06", "2025-08")
    assert box.state["kpi"].loc["Визиты", "Значение"] == 0
    matplotlib.pyplot.close("all")


def test_kpi_dashboard_other_enterprise_and_unknown_profile(tmp_path):
    """Does the dashboard follow another enterprise, and explain when an own profile has no rows?"""
    slk = enterprise("SLK")
    box = kpi_dashboard(slk, load("campaigns"), load("reviews"))
    assert box.state["kpi"].index[0] == f"Цель: {slk.goal_metric}"
    path = write_template(tmp_path / "my.csv", PMK)
    text = path.read_text(encoding="utf-8-sig")
    lines = [
        ("id;Код предприятия;MY1;" + line.split(";", 3)[3]) if line.startswith("id;") else line
        for line in text.splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    own = read_profile(path)
    assert own.id == "MY1"
    box = kpi_dashboard(own, load("campaigns"), load("reviews"))
    assert box.state == {"empty": True}
    mine = load("campaigns").query("enterprise_id == 'PMK'").drop(columns="enterprise_id")
    box = kpi_dashboard(own, mine, load("reviews").drop(columns="enterprise_id").iloc[0:0])
    assert box.state["kpi"].loc["Визиты", "Значение"] == mine["visits"].sum()
    matplotlib.pyplot.close("all")


def test_budget_planner_reacts_to_slider():
    """Does moving a channel's budget change predicted visits and goal results live?"""
    c = load("campaigns")
    box = budget_planner(PMK, c)
    assert box.state["visits_plan"] == c.loc[c["enterprise_id"] == "PMK", "visits"].sum()
    before_goal = box.state["goal_plan"]
    box.controls[m06_data.COLLEGES].value = box.controls[m06_data.COLLEGES].value * 2
    assert box.state["goal_plan"] > before_goal
    before = box.state["visits_plan"]
    box.controls[m06_data.EVENTS].value = 0
    assert box.state["visits_plan"] < before
    low = box.state["visits_plan"]
    box.controls["elasticity"].value = 1.0
    assert box.state["visits_plan"] != low
    matplotlib.pyplot.close("all")


def test_package_does_not_ship_graded_functions():
    """Are the assignment's graded functions absent from the module package?"""
    import promtour.course.m06 as pkg
    import promtour.course.m06.widgets as wdg

    graded = ("funnel_rates", "cost_per_result", "nps", "two_proportion_test", "goal_status")
    for mod in (pkg, db, wdg, m06_data, rm):
        assert not any(hasattr(mod, name) for name in graded)


# --- notebooks: the world's names, the hours, the one name of the graded task ---


def _text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_lesson_names_match_the_world_and_the_course_rules():
    """Does the lesson name the world's region and enterprise, 10 ак. ч., and «зачётное задание» only?"""
    text = _text(LESSON)
    assert REGION.name in text and PMK.name in text and MODEL_PRODUCT.name in text
    assert "**Объём:** 10 ак. ч." in text
    assert "зачётн" in text
    for banned in (
        "итоговое задание",
        "аттестационное задание",
        "оцениваемое задание",
        "проверочное задание",
        "автобус на одного",
        "в стиле аси",
        "выходят на полку",
    ):
        assert banned not in text.lower(), banned
    assert "38-ФЗ" in text and "18.1" in text and "erid" in text
    from promtour.course.m06.exercises import AD_POSTS

    assert all(post in text for post, *_ in AD_POSTS)  # the labelling self-check asks about these very ads


def test_solution_model_answers_follow_the_model_product_and_goal():
    """Do the model answers name PMK, the model product, its prices and the goal target?"""
    nb = json.loads(SOLUTION.read_text(encoding="utf-8"))
    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}
    for p in parts_of("m06"):
        assert p.grade_id in cells and f"{p.grade_id}_rubric" in cells
    answers = "\n".join(cells[p.grade_id] for p in parts_of("m06"))
    assert PMK.name in answers and MODEL_PRODUCT.name in answers
    assert str(PMK.goal_target) in answers and PMK.goal_metric in answers
    assert f"{MODEL_PRODUCT.pupil_price}" in answers
    pmk = load("campaigns").query("enterprise_id == 'PMK'")
    assert f"| {int(pmk['goal_value'].sum())} | {PMK.goal_target} |" in answers  # base → plan in the KPI table
    r = load("reviews").query("enterprise_id == 'PMK' and segment == 'школьники'")["score"]
    assert f"| NPS школьников | {100 * ((r >= 9).mean() - (r <= 6).mean()):+.0f} |" in answers
    text = _text(SOLUTION)
    assert 'my = choose("PMK")' in text
    for banned in ("итоговое задание", "проверочное задание", "аттестационное задание"):
        assert banned not in text


def test_passport_tools_run_on_an_own_profile_without_data():
    """On the real-enterprise track (no rows in the course data), do the passport tools still work?"""
    from dataclasses import replace

    mine = replace(PMK, id="MY1", name="Моё предприятие", short="Моё")
    c = load("campaigns")
    assert db.of(c, mine).empty
    assert db.channel_table(db.of(c, mine), mine).empty
    budget = rm.default_budget(mine, c, {"Школы и профминимум": 200_000})
    assert budget["Сумма, руб."].iloc[0] == 200_000
    plan = db.plan_visits(db.channel_baseline(db.of(c, mine)), {})
    assert rm.offer_summary(mine, budget, plan).loc["Затраты на единицу цели", "Значение"] == "нет результата"
    fig = rm.plot_roadmap(rm.default_roadmap(mine, 2026))
    assert fig.axes
    matplotlib.pyplot.close("all")
