"""Module 6 «Продвижение и оценка результатов»: helpers, datasets, self-checks, widgets."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from promtour.course.m06 import dashboard as db  # noqa: E402
from promtour.course.m06 import datasets as m06_data  # noqa: E402
from promtour.course.m06.exercises import EXERCISES  # noqa: E402
from promtour.course.m06.widgets import budget_planner, kpi_dashboard  # noqa: E402
from promtour.datasets import dataset, load  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402

NAMES = ("campaigns", "reviews", "message_test")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


def toy_campaigns() -> pd.DataFrame:
    return pd.DataFrame({
        "channel": ["VK Реклама", "VK Реклама", "Выставки", "Рассылка по школам"],
        "market": ["внутренний", "внутренний", "внешний", "внутренний"],
        "month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-02-01", "2024-03-01"]),
        "spend_rub": [10_000, 30_000, 100_000, 5_000],
        "impressions": [20_000, 60_000, 1_000, 2_000],
        "clicks": [200, 400, 100, 200],
        "registrations": [20, 30, 10, 60],
        "visits": [10, 20, 5, 55],
        "revenue_rub": [12_000, 24_000, 12_500, 38_500],
    })


def toy_reviews() -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.to_datetime(["2024-01-10", "2024-02-11", "2024-02-12", "2024-03-05"]),
        "score": [10, 9, 3, 8],
        "market": ["внутренний", "внутренний", "внешний", "внутренний"],
        "channel": ["VK Реклама", "VK Реклама", "Выставки", "Рассылка по школам"],
        "repeat_visit": [True, False, False, False],
    })


# --- dashboard helpers ---

def test_select_filters_by_channel_market_and_inclusive_months():
    """Does select keep only the chosen channels, markets and months, both ends included?"""
    c = toy_campaigns()
    assert len(db.select(c, channels=["VK Реклама"])) == 2
    assert len(db.select(c, markets=["внешний"])) == 1
    assert len(db.select(c, months=("2024-02", "2024-03"))) == 3
    assert len(db.select(c)) == 4
    assert db.select(c, channels=[]).empty


def test_select_works_on_reviews_by_date():
    """Can the same slice be applied to reviews through their date column?"""
    r = db.select(toy_reviews(), channels=["VK Реклама"], months=("2024-02", "2024-02"), date_column="date")
    assert list(r["score"]) == [9]


def test_funnel_counts_sums_stages_in_order():
    """Are funnel stages summed and ordered impressions → clicks → registrations → visits?"""
    counts = db.funnel_counts(toy_campaigns())
    assert list(counts.index) == list(db.STAGES.values())
    assert list(counts) == [83_000, 900, 120, 90]


def test_kpi_summary_values():
    """Does the KPI table compute visits, external share, cost per visit, NPS and repeat rate?"""
    kpi = db.kpi_summary(toy_campaigns(), toy_reviews())["значение"]
    assert kpi["Визиты"] == 90
    assert kpi["Доля внешнего рынка"] == pytest.approx(100 * 5 / 90, abs=0.05)
    assert kpi["Стоимость визита"] == pytest.approx(145_000 / 90, abs=0.05)
    assert kpi["NPS"] == pytest.approx(100 * (2 / 4 - 1 / 4))
    assert kpi["Доля повторных визитов"] == pytest.approx(25.0)
    assert kpi["Анкет в выборке"] == 4


def test_kpi_summary_empty_slice_is_nan_not_zero():
    """On an empty slice, are ratios NaN (no data) rather than a crash or a misleading zero?"""
    kpi = db.kpi_summary(toy_campaigns().iloc[0:0], toy_reviews().iloc[0:0])["значение"]
    assert kpi["Визиты"] == 0
    assert math.isnan(kpi["Стоимость визита"])
    assert math.isnan(kpi["NPS"])
    assert math.isnan(kpi["Доля внешнего рынка"])


def test_plan_visits_diminishing_returns():
    """Does doubling a channel's budget give 2**e times its visits, and keep untouched channels?"""
    base = db.channel_baseline(toy_campaigns())
    plan = db.plan_visits(base, {"VK Реклама": 80_000}, elasticity=0.5)
    assert plan.loc["VK Реклама", "visits_plan"] == round(30 * 2 ** 0.5)
    assert plan.loc["Выставки", "visits_plan"] == 5
    assert plan.loc["Выставки", "spend_plan"] == 100_000
    zero = db.plan_visits(base, {"Выставки": 0})
    assert zero.loc["Выставки", "visits_plan"] == 0


def test_plan_visits_rejects_bad_inputs():
    """Are a negative budget and an out-of-range elasticity refused?"""
    base = db.channel_baseline(toy_campaigns())
    with pytest.raises(ValueError):
        db.plan_visits(base, {"VK Реклама": -1})
    with pytest.raises(ValueError):
        db.plan_visits(base, {}, elasticity=0)


def test_plot_funnel_labels_in_russian():
    """Does the funnel figure carry a Russian title, axis label with units and stage labels?"""
    ax = db.plot_funnel(db.funnel_counts(toy_campaigns()))
    assert ax.get_title() == "Воронка продвижения"
    assert "чел." in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == list(db.STAGES.values())
    matplotlib.pyplot.close("all")


# --- datasets: shapes, ranges, calibration ---

def test_committed_csvs_match_generators(frames):
    """Are data/campaigns.csv, reviews.csv and message_test.csv what the generators produce?"""
    for name in NAMES:
        pd.testing.assert_frame_equal(load(name), frames[name], check_dtype=False, obj=name)


def test_campaigns_shape_and_funnel_is_monotone(frames):
    """Do campaigns cover 24 months and 8 channels, with each stage ≤ the previous one?"""
    c = frames["campaigns"]
    assert c["month"].nunique() == 24
    assert set(c["channel"]) == set(m06_data.CHANNELS)
    assert set(c["market"]) == set(m06_data.MARKETS)
    assert (c["clicks"] <= c["impressions"]).all()
    assert (c["registrations"] <= c["clicks"]).all()
    assert (c["visits"] <= c["registrations"]).all()
    assert (c[["spend_rub", "impressions", "visits", "revenue_rub"]] >= 0).all().all()
    assert not c.duplicated(["campaign_id", "month"]).any()


def test_campaigns_calibration(frames):
    """Do visits grow 2023→2024 like the national market (×1.43) and sit at a regional scale?"""
    c = frames["campaigns"]
    by_year = c.groupby(c["month"].dt.year)["visits"].sum()
    growth = by_year[2024] / by_year[2023]
    assert 1.3 < growth < 1.65  # national: 2.0 M / 1.4 M ≈ 1.43
    assert 7_000 < by_year[2024] < 56_000  # between Lipetsk 2024 and Chelyabinsk 2022


def test_external_market_is_a_small_share(frames):
    """Is the external market a small share of visits (unlike Heineken's 95% foreigners)?"""
    c = frames["campaigns"]
    share = c.loc[c["market"] == "внешний", "visits"].sum() / c["visits"].sum()
    assert 0.03 < share < 0.15


def test_school_channel_is_off_in_summer(frames):
    """Is there no school-newsletter campaign in June–August?"""
    c = frames["campaigns"]
    school = c[c["channel"] == "Рассылка по школам"]
    assert not school["month"].dt.month.isin([6, 7, 8]).any()


def test_channel_costs_are_ordered_realistically(frames):
    """Is a school visit the cheapest and an exhibition visit the most expensive?"""
    g = frames["campaigns"].groupby("channel", observed=True)[["spend_rub", "visits"]].sum()
    cost = (g["spend_rub"] / g["visits"]).sort_values()
    assert cost.index[0] == "Рассылка по школам"
    assert cost.index[-1] == "Выставки"


def test_reviews_scale_and_consistency(frames):
    """Are scores on 0–10, ~8% of visitors answering, and each review's channel/market from campaigns?"""
    r, c = frames["reviews"], frames["campaigns"]
    assert r["score"].between(0, 10).all()
    assert 0.05 < len(r) / c["visits"].sum() < 0.11
    pairs = set(zip(c["channel"].astype(str), c["market"].astype(str)))
    assert set(zip(r["channel"].astype(str), r["market"].astype(str))) <= pairs
    assert set(r["language"]) == {"ru", "en"}
    assert r["review_id"].is_unique


def test_reviews_nps_by_segment_is_plausible(frames):
    """Is overall NPS moderately positive and the school segment the lowest?"""
    r = frames["reviews"]

    def nps(s: pd.Series) -> float:
        return 100 * ((s >= 9).mean() - (s <= 6).mean())

    assert 20 < nps(r["score"]) < 50
    by_seg = r.groupby("segment", observed=True)["score"].apply(nps)
    assert by_seg.idxmin() == "школьники"


def test_external_reviews_mix_languages(frames):
    """Do external-market guests write both in English and in Russian (Belarus, Kazakhstan)?"""
    ext = frames["reviews"].query("market == 'внешний'")
    assert set(ext["language"]) == {"ru", "en"}


def test_message_test_b_beats_a_significantly_but_not_every_day(frames):
    """Is B's conversion higher overall (p < 0.05) while A still wins on some days?"""
    m = frames["message_test"]
    assert len(m) == 28 and set(m["variant"]) == {"A", "B"}
    assert (m["registrations"] <= m["shown"]).all()
    t = m.groupby("variant", observed=True)[["shown", "registrations"]].sum()
    pa, pb = t["registrations"] / t["shown"]
    pool = t["registrations"].sum() / t["shown"].sum()
    z = (pb - pa) / math.sqrt(pool * (1 - pool) * (1 / t["shown"]["A"] + 1 / t["shown"]["B"]))
    assert 1.96 < z < 3.5
    daily = m.pivot_table(index="date", columns="variant", values="registrations", aggfunc="sum", observed=True)
    shown = m.pivot_table(index="date", columns="variant", values="shown", aggfunc="sum", observed=True)
    rate = daily / shown
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


def test_at_least_three_exercises():
    """Does the lesson have at least three self-checks?"""
    assert len(EXERCISES) >= 3


def test_percent_instead_of_share_is_explained():
    """When a learner gives CTR in percent, does the message say so?"""
    ex = next(e for e in EXERCISES if e.var == "ctr_vk")
    ns = {"load": load}
    exec(ex.wrong, ns)  # noqa: S102
    assert "процент" in ex.evaluate(ns).message


# --- widgets react ---

def test_kpi_dashboard_reacts_to_market_and_channel_choice():
    """Does choosing only the external market change the KPI table and funnel of the dashboard?"""
    box = kpi_dashboard(load("campaigns"), load("reviews"))
    before = box.state["kpi"]["значение"].copy()
    assert before["Доля внешнего рынка"] < 20
    box.controls["markets"].value = ("внешний",)
    after = box.state["kpi"]["значение"]
    assert after["Доля внешнего рынка"] == 100
    assert after["Визиты"] < before["Визиты"]
    box.controls["channels"].value = ("Иностранные туроператоры",)
    assert box.state["selection"]["channels"] == ("Иностранные туроператоры",)
    assert box.state["funnel"].iloc[0] < 200_000
    matplotlib.pyplot.close("all")


def test_kpi_dashboard_month_range_and_empty_slice():
    """Does narrowing the months cut visits, and does an empty slice not crash?"""
    box = kpi_dashboard(load("campaigns"), load("reviews"))
    full = box.state["kpi"].loc["Визиты", "значение"]
    box.controls["months"].value = ("2024-01", "2024-03")
    assert box.state["kpi"].loc["Визиты", "значение"] < full
    box.controls["channels"].value = ()
    assert box.state["kpi"].loc["Визиты", "значение"] == 0
    matplotlib.pyplot.close("all")


def test_budget_planner_reacts_to_slider():
    """Does moving a channel's budget slider change the predicted visits live?"""
    box = budget_planner(load("campaigns"), year=2024)
    c = load("campaigns")
    assert box.state["visits_plan"] == c.loc[c["month"].dt.year == 2024, "visits"].sum()
    before = box.state["visits_plan"]
    box.controls["Выставки"].value = 0
    assert box.state["visits_plan"] < before
    box.controls["Рассылка по школам"].value = box.controls["Рассылка по школам"].value * 2
    assert box.state["plan"].loc["Рассылка по школам", "visits_plan"] > box.state["plan"].loc[
        "Рассылка по школам", "visits_now"]
    low = box.state["visits_plan"]
    box.controls["elasticity"].value = 1.0
    assert box.state["visits_plan"] != low
    matplotlib.pyplot.close("all")


def test_package_does_not_ship_graded_functions():
    """Are the assignment's graded functions absent from the module package?"""
    import promtour.course.m06 as pkg
    import promtour.course.m06.dashboard as d
    import promtour.course.m06.widgets as wdg
    graded = ("funnel_rates", "cost_per_visit", "nps", "two_proportion_test", "external_share")
    for mod in (pkg, d, wdg, m06_data):
        assert not any(hasattr(mod, name) for name in graded)
