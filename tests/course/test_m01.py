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
from promtour.course.m01.strategy import (  # noqa: E402
    QUADRANTS,
    draw_team_grid,
    enterprise_baseline,
    place,
    quadrant,
    team_map,
    team_table,
)
from promtour.course.m01.widgets import baseline_table, dashboard_view, draw_dashboard, regional_dashboard, team_widget  # noqa: E402  # noqa: E402
from promtour.datasets import dataset  # noqa: E402
from promtour.enterprise import read_profile, write_template  # noqa: E402
from promtour.passport.template import parts_of  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402
from promtour.world import ENTERPRISES, MODEL_PRODUCT, PEER_REGIONS, REGION, TOWNS, enterprise, model_enterprise  # noqa: E402

NAMES = ("national_visitors", "world_benchmarks", "region_open_enterprises", "regions", "regional_visitors")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


# --- datasets ---


def test_datasets_are_registered_to_m01():
    """Are the five datasets declared by module 1 and found in the registry?"""
    assert [ds.name for ds in m01_data.DATASETS] == list(NAMES)
    for name in NAMES:
        assert dataset(name).module == "m01"


def test_published_datasets_cite_sources(frames):
    """Do the published datasets say so and carry a source on every row?"""
    for name in ("national_visitors", "world_benchmarks"):
        assert not dataset(name).synthetic and dataset(name).source
        assert frames[name]["source"].str.len().min() > 5
    for name in ("region_open_enterprises", "regions", "regional_visitors"):
        assert dataset(name).synthetic and "синтетические" in dataset(name).notes.lower()


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


def test_regions_are_the_world_region_and_its_peers(frames):
    """Are the regions exactly the course region and the world's fictional peers (no real names)?"""
    r = frames["regions"]
    assert list(r["region"]) == [REGION.name, *PEER_REGIONS]
    assert set(frames["regional_visitors"]["region"]) == set(r["region"])


def test_world_enterprises_recur_with_their_facts(frames):
    """Do the six enterprises of the world appear with the same ids and facts as their profiles?"""
    sites = frames["region_open_enterprises"].set_index("id")
    assert sites.index.is_unique
    assert list(sites.index[:6]) == [e.id for e in ENTERPRISES]
    assert sites["world"].sum() == 6
    for e in ENTERPRISES:
        row = sites.loc[e.id]
        assert (row["name"], row["town"], row["industry"]) == (e.name, e.town, e.industry)
        assert (row["visitors_2024"], row["tours_2024"]) == (e.visitors_last_year, e.tours_last_year)
        assert row["museum"] == e.readiness["museum"] and row["souvenirs"] == e.readiness["souvenirs"]
        assert row["restricted"] == ("режимный" in e.access)
    assert set(sites["town"]) <= set(TOWNS)


def test_region_row_is_the_sum_of_its_open_enterprises(frames):
    """Are the course region's counts and 2024 visitors the totals of its open enterprises?"""
    sites = frames["region_open_enterprises"]
    own = frames["regions"].set_index("region").loc[REGION.name]
    v = frames["regional_visitors"].set_index(["region", "year"])
    assert own["enterprises_open"] == len(sites)
    assert own["with_museum"] == sites["museum"].sum()
    assert own["with_staff"] == sites["trained_guide"].sum()
    assert own["with_souvenirs"] == sites["souvenirs"].sum()
    assert v.loc[(REGION.name, 2024), "visitors"] == sites["visitors_2024"].sum()
    assert own["target_visitors"] > v.loc[(REGION.name, 2024), "visitors"]


def test_regional_panel_is_calibrated_on_the_national_series(frames):
    """Does the panel grow like the national series and stay a plausible part of it?"""
    totals = frames["regional_visitors"].groupby("year")["visitors"].sum()
    nat = frames["national_visitors"].set_index("year")["visitors_mln"] * 1e6
    share = totals / nat.loc[totals.index]
    assert share.between(0.1, 0.4).all(), share
    assert totals.is_monotonic_increasing
    r = frames["regions"]
    assert 0.05 < r["enterprises_open"].sum() / r["enterprises_total"].sum() < 0.15


def test_regions_counts_are_consistent(frames):
    """Are the counts nested (readiness ≤ open ≤ total) and targets above the baseline?"""
    r = frames["regions"]
    assert len(r) == r["region"].nunique() == 1 + len(PEER_REGIONS)
    assert (r["enterprises_open"] <= r["enterprises_total"]).all()
    for col in ("with_museum", "with_staff", "with_souvenirs"):
        assert (r[col] <= r["enterprises_open"]).all() and (r[col] >= 0).all()
    v24 = frames["regional_visitors"].query("year == 2024").set_index("region")["visitors"]
    with_target = r.dropna(subset=["target_visitors"]).set_index("region")
    assert (with_target["target_visitors"] > v24.loc[with_target.index]).all()
    assert (with_target["target_year"] > 2024).all()
    assert r.loc[r["target_visitors"].isna(), "region"].tolist() == [m01_data.NO_TARGET]
    assert r["programme_year"].dropna().between(2021, 2024).all()


def test_participant_groups_add_up_and_2021_is_not_split(frames):
    """Do local + out-of-region + students equal visitors, with the split missing (not zero) in 2021?"""
    v = frames["regional_visitors"]
    split = v[v["year"] >= 2022]
    assert (split["local"] + split["out_of_region"] + split["students"] == split["visitors"]).all()
    assert (split[["local", "out_of_region", "students"]] >= 0).all().all()
    assert v.loc[v["year"] == 2021, ["local", "out_of_region", "students"]].isna().all().all()
    assert v["visitors"].isna().sum() == 1  # accounting began in 2022 in one region
    assert v.loc[v["visitors"].isna(), "region"].item() == m01_data.NO_2021_RECORD


# --- indicators ---


def test_region_indicators_derive_shares_from_counts(frames):
    """Are the derived indicators the documented ratios of the raw counts?"""
    t = region_indicators(frames["regions"], frames["regional_visitors"], 2024)
    assert set(INDICATORS) <= set(t.columns)
    own = frames["regions"].set_index("region").loc[REGION.name]
    v = frames["regional_visitors"].set_index(["region", "year"]).loc[(REGION.name, 2024)]
    row = t.loc[REGION.name]
    assert row["open_share"] == pytest.approx(own["enterprises_open"] / own["enterprises_total"])
    assert row["per_open"] == pytest.approx(v["visitors"] / own["enterprises_open"])
    assert row["students_share"] == pytest.approx(v["students"] / v["visitors"])
    assert t[["open_share", "museum_share", "staff_share", "souvenir_share", "out_share"]].stack().between(0, 1).all()


def test_region_indicators_keep_missing_values_missing(frames):
    """Does a missing count give a missing indicator rather than a zero or a crash?"""
    t = region_indicators(frames["regions"], frames["regional_visitors"], 2021)
    gap = m01_data.NO_2021_RECORD
    assert math.isnan(t.loc[gap, "visitors"])
    assert math.isnan(t.loc[gap, "per_open"])
    assert t["out_share"].isna().all()  # no split in 2021


def test_region_indicators_do_not_divide_by_zero():
    """Is visitors per open enterprise NaN, not infinite, for a region with no open enterprise?"""
    regions = pd.DataFrame(
        {
            "region": ["А"],
            "enterprises_total": [10],
            "enterprises_open": [0],
            "with_museum": [0],
            "with_staff": [0],
            "with_souvenirs": [0],
        }
    )
    flows = pd.DataFrame(
        {"region": ["А"], "year": [2024], "visitors": [100], "local": [100], "out_of_region": [0], "students": [0]}
    )
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


# --- the enterprise and its team ---


@pytest.mark.parametrize("ent", ENTERPRISES, ids=lambda e: e.id)
def test_enterprise_baseline_reads_the_profile(ent):
    """Does the baseline table show the profile's goals and figures, and the enterprise's part of the region?"""
    t = enterprise_baseline(ent, region_visitors=40_000, region_target=60_000).set_index("Показатель")["Значение"]
    assert t["Главный результат для предприятия"] == ent.goal_metric
    assert t["Цель по главному результату на следующий год"] == ent.goal_target
    assert t["Гостей за прошлый год, чел."] == ent.visitors_last_year
    assert t["Доля в турпотоке региона, %"] == pytest.approx(100 * ent.visitors_last_year / 40_000, abs=0.051)
    assert t["Закрывает разрыв региона до цели, %"] == pytest.approx(
        100 * (ent.target_visitors - ent.visitors_last_year) / 20_000, abs=0.051
    )
    assert list(enterprise_baseline(ent).columns) == ["Показатель", "Значение"]


def test_quadrants_follow_influence_and_interest():
    """Does each score pair land in the quadrant the lesson teaches, with a missing score flagged?"""
    assert quadrant(5, 5) == "ключевые участники"
    assert quadrant(4, 2) == "держать довольными"
    assert quadrant(2, 4) == "держать в курсе"
    assert quadrant(1, 1) == "наблюдать"
    assert quadrant(3, 3) == "ключевые участники"  # 3 is already high
    assert quadrant(float("nan"), 4) == "нет оценки"
    assert set(QUADRANTS) == {"ключевые участники", "держать довольными", "держать в курсе", "наблюдать"}


def test_team_map_includes_the_whole_regional_team():
    """Does the team include schools, the education authority, the tourist information centre and a carrier?"""
    team = team_map(model_enterprise())
    keys = set(team["key"])
    assert {
        "enterprise",
        "education_authority",
        "schools",
        "tic",
        "carrier",
        "college",
        "tour_operator",
        "museum",
        "industry_ministry",
        "tourism_ministry",
    } <= keys
    assert team["coordinator"].sum() == 1
    assert team.loc[team["key"] == "enterprise", "participant"].item().endswith(model_enterprise().short)
    assert (team["quadrant"] == [quadrant(a, b) for a, b in zip(team["influence"], team["interest"])]).all()
    shown = team_table(team)
    assert list(shown.columns) == [
        "Участник",
        "Роль",
        "Что даёт продукту",
        "Что получает (интерес)",
        "Влияние, 1–5",
        "Интерес, 1–5",
        "Квадрант",
        "Что делаем",
    ]
    assert shown["Роль"].str.contains("координатор").sum() == 1


def test_team_map_depends_on_the_enterprise():
    """Does a site closed to children push schools out, and a restricted site need the tour operator less?"""
    azt, pmk = team_map(enterprise("AZT")).set_index("key"), team_map(enterprise("PMK")).set_index("key")
    assert not enterprise("AZT").admits_children
    assert azt.loc["schools", "quadrant"] == "наблюдать"
    assert pmk.loc["education_authority", "quadrant"] == "ключевые участники"
    assert azt.loc["tour_operator", "influence"] < pmk.loc["tour_operator", "influence"]
    assert "кадры" in enterprise("AZT").goals and azt.loc["college", "interest"] == 5


def test_team_map_runs_on_an_own_enterprise_profile(tmp_path):
    """Do the module's tools accept a learner's own profile read from the template?"""
    path = write_template(tmp_path / "my.csv", enterprise("SLK"))
    own = read_profile(path)
    team = team_map(own)
    assert len(team) >= 10
    assert (
        enterprise_baseline(own).set_index("Показатель").loc["Главный результат для предприятия", "Значение"]
        == own.goal_metric
    )
    plt.close(draw_team_grid(team))


def test_place_rescores_a_copy():
    """Does re-scoring move a participant between quadrants without touching the original map?"""
    team = team_map(model_enterprise())
    moved = team.copy()
    moved.loc[moved["key"] == "media", ["influence", "interest"]] = [5, 5]
    moved = place(moved)
    assert moved.loc[moved["key"] == "media", "quadrant"].item() == "ключевые участники"
    assert team.loc[team["key"] == "media", "quadrant"].item() == "наблюдать"


def test_team_grid_has_russian_axes():
    """Does the grid label both axes in Russian with the 1–5 scale and name the quadrants?"""
    fig = draw_team_grid(team_map(model_enterprise()))
    ax = fig.axes[0]
    assert "Влияние" in ax.get_ylabel() and "Интерес" in ax.get_xlabel() and "1–5" in ax.get_xlabel()
    texts = {t.get_text() for t in ax.texts}
    assert set(QUADRANTS) <= texts
    plt.close(fig)


def test_team_widget_moves_a_participant():
    """Does moving a participant's sliders recompute its quadrant and the advice?"""
    box = team_widget(model_enterprise())
    c = box.controls
    c.participant.value = box.team.loc[box.team["key"] == "carrier", "participant"].item()
    c.interest.value = 5
    c.influence.value = 5
    assert box.team.loc[box.team["key"] == "carrier", "quadrant"].item() == "ключевые участники"
    assert "ключевые участники" in box.children[2].value
    plt.close("all")


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


def test_swot_statements_match_the_data(frames):
    """Do the SWOT practice's internal statements quote the course region's actual counts?"""
    from promtour.course.m01.exercises import SWOT_STATEMENTS

    own = frames["regions"].set_index("region").loc[REGION.name]
    n = own["enterprises_open"]
    assert f"у {own['with_staff']} из {n}" in SWOT_STATEMENTS[1]
    assert f"только у {own['with_souvenirs']} из {n}" in SWOT_STATEMENTS[5]
    t = region_indicators(frames["regions"], frames["regional_visitors"])
    assert f"около {round(100 * t.loc[REGION.name, 'out_share'], -1):.0f}%" in SWOT_STATEMENTS[3]
    assert f"около {round(100 * t['out_share'].median(), -1):.0f}%" in SWOT_STATEMENTS[3]


# --- dashboard ---


def test_dashboard_view_for_the_course_region(frames):
    """Does the view compute the region's target path and the enterprise's part of the gap?"""
    r = frames["regions"].set_index("region").loc[REGION.name]
    view = dashboard_view(frames["regions"], frames["regional_visitors"], REGION.name, enterprise=model_enterprise())
    assert (view.baseline_year, view.target, view.target_year) == (2024, r["target_visitors"], r["target_year"])
    assert view.required_rate == pytest.approx((view.target / view.baseline) ** (1 / (view.target_year - 2024)) - 1)
    pmk = model_enterprise()
    assert view.enterprise_share == pytest.approx(
        (pmk.target_visitors - pmk.visitors_last_year) / (view.target - view.baseline)
    )
    assert pmk.short in view.summary and "разрыва" in view.summary
    assert list(view.indicators.index) == list(INDICATORS)
    assert view.indicators["median"].notna().all()
    table = baseline_table(view)
    assert list(table.columns) == ["Показатель", "Регион", "Медиана регионов", "Регион, % от медианы"]


def test_dashboard_view_edge_cases(frames):
    """Are a reached target, a region without a target and a missing first year handled?"""
    r, v = frames["regions"], frames["regional_visitors"]
    reached = dashboard_view(r, v, REGION.name, target=5_000, target_year=2027)
    assert reached.required_rate == 0 and "уже достигнута" in reached.summary
    no_target = dashboard_view(r, v, m01_data.NO_TARGET)
    assert "не утверждена" in no_target.summary and no_target.target == 2 * no_target.baseline
    gap = dashboard_view(r, v, m01_data.NO_2021_RECORD)
    assert gap.series.index[0] == 2022  # the missing 2021 is dropped, not read as zero
    with pytest.raises(KeyError):
        dashboard_view(r, v, "Атлантида")


def test_dashboard_figure_has_russian_titles_and_units(frames):
    """Does the figure label both panels in Russian with units?"""
    view = dashboard_view(frames["regions"], frames["regional_visitors"], REGION.name)
    fig = draw_dashboard(view)
    left, right = fig.axes
    assert "медиан" in left.get_xlabel() and "%" in left.get_xlabel()
    assert "тыс. человек" in right.get_ylabel() and right.get_xlabel() == "Год"
    assert right.get_title() and left.get_title()
    plt.close(fig)


def test_widget_reacts_to_controls(frames):
    """Does changing the region, the target or the year recompute the view and the summary?"""
    box = regional_dashboard(frames["regions"], frames["regional_visitors"], enterprise=model_enterprise())
    c = box.controls
    assert box.view.region == REGION.name  # the course region comes first
    first = box.children[1].value

    peer = PEER_REGIONS[0]
    own_target = frames["regions"].set_index("region").loc[peer]
    c.region.value = peer
    assert box.view.region == peer
    assert (c.target.value, c.target_year.value) == (own_target["target_visitors"], own_target["target_year"])
    assert box.children[1].value != first

    c.target.value = 150_000
    assert box.view.target == 150_000
    c.target_year.value = 2030
    assert box.view.target_year == 2030
    assert box.view.required_rate == pytest.approx((150_000 / box.view.baseline) ** (1 / 6) - 1)
    assert "2030" in box.children[1].value
    plt.close("all")


# --- notebooks: the world's names and the passport ---


def _nb(path: str):
    import nbformat

    from promtour.paths import repo_root

    return nbformat.read(repo_root() / path, as_version=4)


def test_lesson_and_assignment_name_the_world():
    """Do the lesson's and the model answers' prose use the world's names (not retyped variants)?"""
    lesson = " ".join(" ".join(c.source for c in _nb("modules/01-strategy.ipynb").cells).split())
    assert "10 ак. ч." in lesson and "зачётное задание" in lesson
    for banned in (
        "итоговое задание",
        "аттестационное задание",
        "оцениваемое задание",
        "в стиле АСИ",
        "сопоставимое несопоставимым",
        "50 регионов и 500 предприятий",
        "быстрее почти любого",
    ):
        assert banned not in lesson
    nb = _nb("solutions/m01-strategy/assignment.ipynb")
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
    goals, team = (" ".join(cells[k].split()) for k in ("passport_goals", "passport_team"))
    pmk = model_enterprise()
    for name in (REGION.name, pmk.name, pmk.goal_metric, str(pmk.goal_target), MODEL_PRODUCT.name):
        assert name in goals, name
    assert pmk.goals[0] in goals and pmk.goals[1] in goals
    for who in ("Управление образования", "ТИЦ", "перевозчик", "колледж", "координатор"):
        assert who.lower() in team.lower(), who


def test_assignment_fills_the_module_passport_parts():
    """Are the module's passport parts filled after the enterprise choice, each followed by an exhibit cell?"""
    nb = _nb("solutions/m01-strategy/assignment.ipynb")
    plain = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "nbgrader" not in c.metadata]
    assert 'my = choose("PMK")' in nb.cells[plain[0]].source and plain[0] == 2
    gids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    for p in parts_of("m01"):
        at = gids.index(p.grade_id)
        assert gids[at - 1] == f"{p.grade_id}_rubric"
        assert f'part="{p.key}"' in nb.cells[at + 1].source and at + 1 in plain
