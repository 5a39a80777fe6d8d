"""Module 1 «Промышленный туризм и стратегия региона»: helpers, datasets, self-checks, dashboard."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from promtour.course.m01 import datasets as m01_data  # noqa: E402
from promtour.course.m01.exercises import EXERCISES  # noqa: E402
from promtour.course.m01.indicators import INDICATORS, growth_path, region_indicators  # noqa: E402
from promtour.course.m01.widgets import dashboard_view, draw_dashboard, regional_dashboard  # noqa: E402
from promtour.datasets import dataset  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402

NAMES = ("national_visitors", "world_benchmarks", "regions", "regional_visitors")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


# --- datasets ---

def test_datasets_are_registered_to_m01():
    """Are the four datasets declared by module 1 and found in the registry?"""
    assert [ds.name for ds in m01_data.DATASETS] == list(NAMES)
    for name in NAMES:
        assert dataset(name).module == "m01"


def test_published_datasets_cite_sources(frames):
    """Do the published datasets say so and carry a source on every row?"""
    for name in ("national_visitors", "world_benchmarks"):
        assert not dataset(name).synthetic and dataset(name).source
        assert frames[name]["source"].str.len().min() > 5




def test_csv_files_are_small():
    """Is every CSV of the module well under the 2 MB limit?"""
    from promtour.paths import data_dir
    for name in NAMES:
        assert (data_dir() / f"{name}.csv").stat().st_size < 200_000


def test_national_series_matches_published_figures(frames):
    """Does the national series hold the cited figures, with 2021 an estimate and 2025 a forecast?"""
    nat = frames["national_visitors"].set_index("year")
    assert list(nat.index) == [2021, 2022, 2023, 2024, 2025]
    assert nat["visitors_mln"].to_dict() == {2021: 0.27, 2022: 0.8, 2023: 1.4, 2024: 2.0, 2025: 2.24}
    assert nat.loc[2021, "status"] == "оценка"
    assert nat.loc[2025, "status"] == "прогноз"
    assert (nat.loc[[2022, 2023, 2024], "status"] == "факт").all()
    assert nat.loc[2022, "visitors_mln"] / nat.loc[2021, "visitors_mln"] == pytest.approx(3, rel=0.02)


def test_benchmarks_hold_the_cited_figures(frames):
    """Are the world and Russian benchmark figures those of the cited sources?"""
    b = frames["world_benchmarks"]
    by = {(row.name.split(" (")[0], row.year): row for row in b.itertuples()}
    assert by[("Guinness Storehouse", 2023)].visitors == 1_500_000
    assert by[("Heineken Experience", 2016)].foreign_share == pytest.approx(0.95)
    france = by[("Entreprise et Découverte", 2024)]
    assert (france.visitors, france.sites, france.ticket_eur) == (22_000_000, 4_000, 9.0)
    assert by[("Маршрут индустриальной культуры Рура", 2017)].visitors == 7_260_000
    assert (by[("ММК", 2024)].visitors, by[("ММК", 2024)].tours) == (17_000, 900)
    assert (by[("Смоленская АЭС", 2025)].visitors, by[("Смоленская АЭС", 2025)].tours) == (2_834, 187)
    assert b["foreign_share"].dropna().between(0, 1).all()


def test_regional_panel_reproduces_published_anchors(frames):
    """Does the synthetic panel keep the published Chelyabinsk, Tomsk and Lipetsk figures exactly?"""
    r = frames["regions"].set_index("region")
    v = frames["regional_visitors"].set_index(["region", "year"])
    assert v.loc[("Челябинская область", 2021), "visitors"] == 35_000
    assert v.loc[("Челябинская область", 2022), "visitors"] == 56_000
    assert (r.loc["Челябинская область", "target_visitors"], r.loc["Челябинская область", "target_year"]) == \
        (200_000, 2025)
    assert r.loc["Томская область", "enterprises_open"] == 76
    assert v.loc[("Томская область", 2024), "students"] == 12_400
    assert v.loc[("Липецкая область", 2024), "visitors"] == 7_000
    assert r.loc["Липецкая область", "enterprises_open"] == 20


def test_regional_panel_is_calibrated_on_the_national_series(frames):
    """Is the sample of regions a plausible part (40–65%) of Russia's flow every year, growing like it?"""
    totals = frames["regional_visitors"].groupby("year")["visitors"].sum()
    nat = frames["national_visitors"].set_index("year")["visitors_mln"] * 1e6
    share = totals / nat.loc[totals.index]
    assert share.between(0.40, 0.65).all(), share
    assert totals.is_monotonic_increasing
    # the share of enterprises running tours: 3–4% of all in 2021, higher after three programme years
    r = frames["regions"]
    assert 0.07 < r["enterprises_open"].sum() / r["enterprises_total"].sum() < 0.15
    assert 0.4 < r["enterprises_total"].sum() / 18_000 < 0.6


def test_regions_counts_are_consistent(frames):
    """Are the ASI-style counts nested (readiness ≤ open ≤ total) and targets above the baseline?"""
    r = frames["regions"]
    assert len(r) == r["region"].nunique() >= 20
    assert (r["enterprises_open"] <= r["enterprises_total"]).all()
    for col in ("with_museum", "with_staff", "with_souvenirs"):
        assert (r[col] <= r["enterprises_open"]).all() and (r[col] >= 0).all()
    v24 = frames["regional_visitors"].query("year == 2024").set_index("region")["visitors"]
    with_target = r.dropna(subset=["target_visitors"]).set_index("region")
    assert (with_target["target_visitors"] > v24.loc[with_target.index]).all()
    assert (with_target["target_year"] > 2024).all()
    assert r["target_visitors"].isna().sum() == 1  # one region without an adopted target
    assert r["programme_year"].dropna().between(2021, 2024).all()


def test_participant_groups_add_up_and_2021_is_not_split(frames):
    """Do local + out-of-region + students equal visitors, with the split missing (not zero) in 2021?"""
    v = frames["regional_visitors"]
    split = v[v["year"] >= 2022]
    assert (split["local"] + split["out_of_region"] + split["students"] == split["visitors"]).all()
    assert (split[["local", "out_of_region", "students"]] >= 0).all().all()
    assert v.loc[v["year"] == 2021, ["local", "out_of_region", "students"]].isna().all().all()
    assert v["visitors"].isna().sum() == 1  # Murmansk 2021: accounting began in 2022
    assert v.loc[v["visitors"].isna(), "region"].item() == "Мурманская область"


# --- indicators ---

def test_region_indicators_derive_shares_from_counts(frames):
    """Are the derived indicators the documented ratios of the raw counts?"""
    t = region_indicators(frames["regions"], frames["regional_visitors"], 2024)
    assert set(INDICATORS) <= set(t.columns)
    row = t.loc["Томская область"]
    assert row["enterprises_open"] == 76
    assert row["open_share"] == pytest.approx(76 / 260)
    assert row["per_open"] == pytest.approx(row["visitors"] / 76)
    assert row["students_share"] == pytest.approx(12_400 / row["visitors"])
    assert t[["open_share", "museum_share", "staff_share", "souvenir_share", "out_share"]].stack() \
        .between(0, 1).all()


def test_region_indicators_keep_missing_values_missing(frames):
    """Does a missing count give a missing indicator rather than a zero or a crash?"""
    t = region_indicators(frames["regions"], frames["regional_visitors"], 2021)
    assert math.isnan(t.loc["Мурманская область", "visitors"])
    assert math.isnan(t.loc["Мурманская область", "per_open"])
    assert t["out_share"].isna().all()  # no split in 2021


def test_region_indicators_do_not_divide_by_zero():
    """Is visitors per open enterprise NaN, not infinite, for a region with no open enterprise?"""
    regions = pd.DataFrame({"region": ["А"], "enterprises_total": [10], "enterprises_open": [0],
                            "with_museum": [0], "with_staff": [0], "with_souvenirs": [0]})
    flows = pd.DataFrame({"region": ["А"], "year": [2024], "visitors": [100], "local": [100],
                          "out_of_region": [0], "students": [0]})
    t = region_indicators(regions, flows, 2024)
    assert math.isnan(t.loc["А", "per_open"]) and math.isnan(t.loc["А", "museum_share"])


def test_growth_path_is_geometric_and_hits_both_ends():
    """Does the path start at the baseline, end at the target and grow at one constant rate?"""
    p = growth_path(2021, 35_000, 2025, 200_000)
    assert list(p.index) == [2021, 2022, 2023, 2024, 2025]
    assert p.iloc[0] == pytest.approx(35_000) and p.iloc[-1] == pytest.approx(200_000)
    ratios = (p / p.shift()).dropna()
    assert np.allclose(ratios, ratios.iloc[0])
    assert ratios.iloc[0] - 1 == pytest.approx((200 / 35) ** 0.25 - 1)
    assert list(growth_path(2024, 10, 2024, 20).index) == [2024]


# --- self-checks ---

@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.var)
def test_exercise_solution_accepted_wrong_rejected(exercise):
    """Does each self-check accept its own solution, reject its typical wrong answer and see the blank?"""
    ns: dict = {}
    exec(exercise.solution, ns)
    assert exercise.evaluate(ns).status == "correct"
    wrong: dict = {}
    exec(exercise.wrong, wrong)
    outcome = exercise.evaluate(wrong)
    assert outcome.status == "incorrect", outcome
    assert exercise.evaluate({exercise.var: ____}).status == "unattempted"
    assert 2 <= len(exercise.hints) <= 3


def test_percent_answer_gets_the_units_hint():
    """Is a percentage given instead of a share explained as such by the out-of-region check?"""
    ex = next(e for e in EXERCISES if e.var == "out_share_2024")
    ns: dict = {}
    exec(ex.wrong, ns)
    assert "проценты" in ex.evaluate(ns).message


# --- dashboard ---

def test_dashboard_view_for_chelyabinsk(frames):
    """Does the view compute the cited target's path and say the target needs a sharp acceleration?"""
    view = dashboard_view(frames["regions"], frames["regional_visitors"], "Челябинская область")
    assert (view.baseline_year, view.target, view.target_year) == (2024, 200_000, 2025)
    assert view.required_rate == pytest.approx(200_000 / view.baseline - 1)
    assert view.history_rate == pytest.approx((view.baseline / 35_000) ** (1 / 3) - 1)
    assert "резкого ускорения" in view.summary
    assert list(view.indicators.index) == list(INDICATORS)
    assert view.indicators["median"].notna().all()


def test_dashboard_view_edge_cases(frames):
    """Are a reached target, a region without a target and a missing first year handled?"""
    r, v = frames["regions"], frames["regional_visitors"]
    reached = dashboard_view(r, v, "Липецкая область", target=5_000, target_year=2027)
    assert reached.required_rate == 0 and "уже достигнута" in reached.summary
    no_target = dashboard_view(r, v, "Курганская область")
    assert "не утверждена" in no_target.summary and no_target.target == 2 * no_target.baseline
    murmansk = dashboard_view(r, v, "Мурманская область")
    assert murmansk.series.index[0] == 2022  # the missing 2021 is dropped, not read as zero
    with pytest.raises(KeyError):
        dashboard_view(r, v, "Атлантида")


def test_dashboard_figure_has_russian_titles_and_units(frames):
    """Does the figure label both panels in Russian with units?"""
    view = dashboard_view(frames["regions"], frames["regional_visitors"], "Томская область")
    fig = draw_dashboard(view)
    left, right = fig.axes
    assert "медиан" in left.get_xlabel() and "%" in left.get_xlabel()
    assert "тыс. человек" in right.get_ylabel() and right.get_xlabel() == "Год"
    assert right.get_title() and left.get_title()
    plt.close(fig)


def test_widget_reacts_to_controls(frames):
    """Does changing the region, the target or the year recompute the view and the summary?"""
    box = regional_dashboard(frames["regions"], frames["regional_visitors"], region="Томская область")
    c = box.controls
    assert box.view.region == "Томская область"
    assert c.target.value == 38_000 or c.target.value == int(box.view.target)
    first = box.children[1].value

    c.region.value = "Челябинская область"
    assert box.view.region == "Челябинская область"
    assert (c.target.value, c.target_year.value) == (200_000, 2025)  # the region's own target comes in
    assert box.children[1].value != first

    c.target.value = 150_000
    assert box.view.target == 150_000
    assert box.view.required_rate == pytest.approx(150_000 / box.view.baseline - 1)

    c.target_year.value = 2030
    assert box.view.target_year == 2030
    assert box.view.required_rate == pytest.approx((150_000 / box.view.baseline) ** (1 / 6) - 1)
    assert "2030" in box.children[1].value
    plt.close("all")
