"""Module 5 «Тематические маршруты»: routing helpers, datasets, self-checks, route-builder widget."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from promtour.course.m05 import datasets as m05_data  # noqa: E402
from promtour.course.m05.exercises import EXERCISES  # noqa: E402
from promtour.course.m05.routing import (  # noqa: E402
    DEPOT, leg_minutes, schedule, timetable, to_clock, to_minutes, travel_lookup,
)
from promtour.course.m05.widgets import RouteBuilder, route_builder, route_figure, summary_html  # noqa: E402
from promtour.datasets import dataset  # noqa: E402
from promtour.paths import data_dir  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402

NAMES = ("sites", "travel_times", "bus_tariffs")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


@pytest.fixture
def toy():
    """Three sites around a depot X, with an asymmetric travel matrix."""
    sites = pd.DataFrame({
        "site_id": ["X", "A", "B"], "name": ["депо", "завод", "музей"], "type": ["точка сбора", "предприятие", "музей"],
        "opens": ["00:00", "10:00", "09:00"], "closes": ["24:00", "12:00", "11:30"], "visit_min": [0, 60, 90],
    })
    travel = {("X", "A"): 30, ("A", "X"): 35, ("X", "B"): 20, ("B", "X"): 20, ("A", "B"): 15, ("B", "A"): 10}
    return sites, travel


# --- routing helpers ---

@pytest.mark.parametrize("clock, minutes", [("00:00", 0), ("09:30", 570), ("17:05", 1025), ("24:00", 1440)])
def test_clock_round_trip(clock, minutes):
    """Do "ЧЧ:ММ" strings and minutes since midnight convert both ways?"""
    assert to_minutes(clock) == minutes
    assert to_clock(minutes) == clock


@pytest.mark.parametrize("bad", ["25:00", "10:75", "ten"])
def test_to_minutes_rejects_bad_clock(bad):
    """Is an impossible clock time refused rather than silently converted?"""
    with pytest.raises(ValueError):
        to_minutes(bad)


def test_leg_minutes_same_place_and_missing_pair(toy):
    """Is staying in place free, and does a missing pair name both ends?"""
    _, travel = toy
    assert leg_minutes(travel, "A", "A") == 0
    with pytest.raises(KeyError, match="A → Z"):
        leg_minutes(travel, "A", "Z")


def test_schedule_waits_for_opening_and_sums_up(toy):
    """Does the group wait for opening, and do travel + visits + waits add up to the day?"""
    sites, travel = toy
    plan = schedule(["A", "B"], sites, travel, start="09:00", depot="X")
    a, b = plan.stops.to_dict("records")
    assert (a["arrive"], a["wait_min"], a["start"], a["end"]) == (570, 30, 600, 660)
    assert (b["travel_min"], b["arrive"], b["wait_min"], b["end"]) == (15, 675, 0, 765)
    assert plan.return_leg == 20 and plan.finish == 785
    assert plan.total_minutes == plan.travel_minutes + plan.visit_minutes + plan.wait_minutes == 245
    assert plan.violations == ["B"] and plan.stops.loc[1, "late_min"] == 765 - 690  # museum closes 11:30


def test_schedule_flags_late_visit_and_keeps_going(toy):
    """Is a visit ending after closing flagged with its lateness, and the rest of the route still scheduled?"""
    sites, travel = toy
    plan = schedule(["B", "A"], sites, travel, start="10:10", depot="X")
    assert plan.violations == ["B", "A"]  # B ends 12:00 > 11:30, so A starts 12:10 after its 12:00 closing
    b = plan.stops.iloc[0]
    assert b["end"] == to_minutes("10:30") + 90 and b["late_min"] == b["end"] - to_minutes("11:30")
    assert len(plan.stops) == 2 and not plan.feasible


def test_schedule_exact_closing_is_allowed(toy):
    """Is a visit ending exactly at closing time accepted (boundary tie)?"""
    sites, travel = toy
    plan = schedule(["A"], sites, travel, start="10:30", depot="X")  # 11:00–12:00, closes 12:00
    assert plan.feasible and plan.stops.loc[0, "late_min"] == 0


def test_schedule_empty_route_and_unknown_site(toy):
    """Is an empty route a zero-length day, and an unknown site a clear error?"""
    sites, travel = toy
    plan = schedule([], sites, travel, start="09:00", depot="X")
    assert plan.total_minutes == 0 and plan.feasible and plan.stops.empty
    with pytest.raises(KeyError, match="Z"):
        schedule(["Z"], sites, travel, depot="X")


def test_schedule_without_return(toy):
    """Does switching off the return leg end the day at the last visit?"""
    sites, travel = toy
    plan = schedule(["A"], sites, travel, start="09:00", depot="X", return_to_depot=False)
    assert plan.return_leg == 0 and plan.finish == plan.stops.loc[0, "end"]


def test_schedule_on_real_data_matches_table_lookup(frames):
    """On the course data, do the plan's travel minutes equal the legs read from travel_times?"""
    sites, travel = frames["sites"], frames["travel_times"]
    route = ["S11", "S04", "S21", "S18"]
    plan = schedule(route, sites, travel)
    tt = travel.set_index(["from_id", "to_id"])["minutes"]
    path = [DEPOT, *route, DEPOT]
    assert plan.travel_minutes == sum(tt[(a, b)] for a, b in zip(path, path[1:]))
    table = timetable(plan)
    assert list(table["Прибытие"]) == [to_clock(m) for m in plan.stops["arrive"]]
    assert table["Оценка"].str.startswith("✔").all()


# --- datasets ---

def test_datasets_are_registered_to_m05(frames):
    """Are the three module-5 datasets declared by m05, with every column documented?"""
    declared = {ds.name for ds in m05_data.DATASETS}
    assert declared == set(NAMES)
    for name in NAMES:
        ds = dataset(name)
        assert ds.module == "m05" and ds.source
        assert all(col.description for col in ds.columns.values())




def test_sites_structure_and_ranges(frames):
    """Do sites have one depot, unique ids, valid opening windows and realistic visits and prices?"""
    s = frames["sites"]
    assert s["site_id"].is_unique and (s["site_id"] == DEPOT).sum() == 1
    assert set(s["type"]) == {"точка сбора", "предприятие", "музей", "наследие", "креативное пространство", "питание"}
    opens, closes = s["opens"].map(to_minutes), s["closes"].map(to_minutes)
    assert (opens < closes).all()
    rest = s[s["site_id"] != DEPOT]
    assert rest["visit_min"].between(30, 150).all()
    assert (closes - opens)[s["site_id"] != DEPOT].ge(rest["visit_min"]).all()  # every visit fits its window
    assert rest["ticket_rub"].between(0, 1500).all()
    assert rest["x_km"].abs().max() < 60 and rest["y_km"].abs().max() < 60
    assert rest["anchor"].sum() >= 3  # ERIH-style anchor points exist


def test_csv_files_are_small():
    """Is every module-5 CSV well under the 2 MB limit?"""
    for name in NAMES:
        assert (data_dir() / f"{name}.csv").stat().st_size < 2_000_000


def test_enterprise_groups_are_calibrated(frames):
    """Are enterprise group limits around the published 15–19 visitors per tour (Смоленская АЭС, ММК)?"""
    ent = frames["sites"][frames["sites"]["type"] == "предприятие"]
    assert ent["max_group"].between(12, 25).all()
    published = [2834 / 187, 17000 / 900]  # safonovka.ru 2025, kommersant.ru 2024
    assert min(published) - 3 <= ent["max_group"].median() <= max(published) + 3
    assert ent["min_age"].ge(6).all() and ent["booking_days"].ge(7).all()
    assert ent["weekend_open"].sum() <= 2  # factories mostly receive groups on weekdays


def test_travel_matrix_is_complete_asymmetric_and_plausible(frames):
    """Does travel_times hold every ordered pair once, slightly asymmetric, at plausible bus speeds?"""
    s, t = frames["sites"], frames["travel_times"]
    n = len(s)
    assert len(t) == n * (n - 1) and not t.duplicated(["from_id", "to_id"]).any()
    assert (t["from_id"] != t["to_id"]).all()
    back = t.merge(t, left_on=["from_id", "to_id"], right_on=["to_id", "from_id"], suffixes=("", "_back"))
    diff = (back["minutes"] - back["minutes_back"]).abs()
    assert diff.max() <= 3 and diff.gt(0).any()
    bus = t[t["mode"] == "автобус"]
    speed = bus["km"] / (bus["minutes"] / 60)
    assert speed.between(2, 60).all()
    assert t["minutes"].min() >= 3


def test_bus_tariffs_scale_with_size(frames):
    """Do bigger buses have more seats and cost more per hour, with a minimum order?"""
    b = frames["bus_tariffs"]
    assert b["seats"].is_monotonic_increasing and b["rub_per_hour"].is_monotonic_increasing
    assert b["min_hours"].between(3, 5).all() and b["delivery_rub"].ge(0).all()


# --- self-checks ---

@pytest.mark.parametrize("exercise", EXERCISES, ids=[ex.var for ex in EXERCISES])
def test_exercise_solution_accepted_wrong_rejected(exercise):
    """Does each self-check accept its solution, reject its typical mistake and see the placeholder as unattempted?"""
    ns: dict = {}
    exec(exercise.solution, ns)
    assert exercise.evaluate(ns).status == "correct"
    ns = {}
    exec(exercise.wrong, ns)
    assert exercise.evaluate(ns).status == "incorrect"
    assert exercise.evaluate({exercise.var: ____}).status == "unattempted"
    assert 2 <= len(exercise.hints) <= 3


def test_exercise_explains_wrong_type():
    """Does the clock-time check explain that a number is not an "ЧЧ:ММ" string?"""
    ex = next(e for e in EXERCISES if e.var == "last_arrival")
    outcome = ex.evaluate({"last_arrival": 875})
    assert outcome.status == "incorrect" and "строка" in outcome.message


# --- widget ---

def test_summary_html_reports_violations_and_waits(toy):
    """Does the summary name a late site with its lateness and warn about a long wait?"""
    sites, travel = toy
    late = summary_html(schedule(["B", "A"], sites, travel, start="10:10", depot="X"))
    assert "✘ музей" in late and "опоздание" in late
    wait = summary_html(schedule(["A"], sites, travel, start="08:30", depot="X"))
    assert "ожидание" in wait and "✔" in wait
    assert "хотя бы один" in summary_html(schedule([], sites, travel, depot="X"))


def test_route_figure_has_russian_labels(frames):
    """Does the route figure draw a map and a timeline with Russian titles and units?"""
    plan = schedule(["S11", "S04"], frames["sites"], frames["travel_times"])
    fig = route_figure(plan, frames["sites"])
    ax_map, ax_time = fig.axes
    assert "Маршрут" in ax_map.get_title() and "км" in ax_map.get_xlabel()
    assert "время" in ax_time.get_xlabel() and len(ax_time.patches) >= 2 * 2
    plt.close(fig)


def test_widget_reacts_to_controls(frames):
    """Does the route builder recompute the plan and summary when sites are added, removed and the start moved?"""
    w = route_builder(frames["sites"], frames["travel_times"], order=["S11", "S04"], start="09:00")
    assert isinstance(w, RouteBuilder)
    first = w.summary.value
    assert w.plan.feasible and "09:00" in first

    w.site_picker.value = "S09"  # dairy closes at 14:00 and is far away
    w.add_button.click()
    assert w.order == ["S11", "S04", "S09"]
    assert w.plan.violations == ["S09"] and "Луговое" in w.summary.value
    assert "3. " in w.order_label.value

    w.start_picker.value = "07:00"
    assert w.plan.depart == to_minutes("07:00") and w.summary.value != first

    w.undo_button.click()
    assert w.order == ["S11", "S04"] and w.plan.feasible

    w.return_box.value = False
    assert w.plan.return_leg == 0

    w.clear_button.click()
    assert w.order == [] and "хотя бы один" in w.summary.value
    plt.close("all")


def test_lookup_covers_every_pair(frames):
    """Can every ordered pair of sites be looked up in the travel dictionary?"""
    lookup = travel_lookup(frames["travel_times"])
    ids = frames["sites"]["site_id"].tolist()
    assert all((a, b) in lookup for a in ids for b in ids if a != b)
    assert math.isclose(len(lookup), len(ids) * (len(ids) - 1))
