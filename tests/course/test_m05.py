"""Module 5 «Тематические маршруты»: routing helpers, datasets, self-checks, route-builder widget, notebooks."""

from __future__ import annotations

import math
from dataclasses import replace

import matplotlib
import nbformat
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from promtour.course.m05 import datasets as m05_data  # noqa: E402
from promtour.course.m05.exercises import DEMO_ROUTE, EXERCISES, PRISTAN_SET  # noqa: E402
from promtour.course.m05.routing import (  # noqa: E402
    DEPOT,
    add_enterprise,
    constraints,
    leg_minutes,
    nearest_order,
    schedule,
    suggest_route,
    timetable,
    to_clock,
    to_minutes,
    travel_lookup,
)
from promtour.course.m05.widgets import RouteBuilder, route_builder, route_figure, summary_html  # noqa: E402
from promtour.datasets import dataset  # noqa: E402
from promtour.errors import KitError  # noqa: E402
from promtour.paths import repo_root  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402
from promtour.world import ENTERPRISES, MODEL_PRODUCT, REGION, TOWNS, enterprise  # noqa: E402

NAMES = ("sites", "travel_times", "bus_tariffs")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset(name).generate() for name in NAMES}


@pytest.fixture
def toy():
    """Three sites around a depot X, with an asymmetric travel matrix."""
    sites = pd.DataFrame(
        {
            "site_id": ["X", "A", "B"],
            "name": ["депо", "завод", "музей"],
            "type": ["точка сбора", "предприятие", "музей"],
            "opens": ["00:00", "10:00", "09:00"],
            "closes": ["24:00", "12:00", "11:30"],
            "visit_min": [0, 60, 90],
            "max_group": [200, 20, 30],
            "min_age": [0, 14, 0],
            "booking_days": [0, 14, 3],
        }
    )
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


def test_schedule_flags_group_over_any_site_limit(toy):
    """Is a group bigger than one site's limit flagged at that site only, and equal to it accepted?"""
    sites, travel = toy
    assert schedule(["A", "B"], sites, travel, start="09:30", depot="X", group=20).over_capacity == []
    plan = schedule(["A", "B"], sites, travel, start="09:30", depot="X", group=21)
    assert plan.over_capacity == ["A"] and not plan.feasible and plan.group_limit == 20
    assert "группа больше 20" in timetable(plan)["Оценка"].iloc[0]
    assert list(constraints(plan)["Группа маршрута помещается"]) == ["нет", "да"]


def test_schedule_exact_closing_is_allowed(toy):
    """Is a visit ending exactly at closing time accepted (boundary tie)?"""
    sites, travel = toy
    plan = schedule(["A"], sites, travel, start="10:30", depot="X")  # 11:00–12:00, closes 12:00
    assert plan.feasible and plan.stops.loc[0, "late_min"] == 0


def test_schedule_empty_route_and_unknown_site(toy):
    """Is an empty route a zero-length day, and an unknown site a clear error?"""
    sites, travel = toy
    plan = schedule([], sites, travel, start="09:00", depot="X")
    assert plan.total_minutes == 0 and plan.feasible and plan.stops.empty and plan.group_limit is None
    with pytest.raises(KeyError, match="Z"):
        schedule(["Z"], sites, travel, depot="X")


def test_schedule_on_course_data_matches_table_lookup(frames):
    """On the course data, do the plan's travel minutes equal the legs read from travel_times?"""
    sites, travel = frames["sites"], frames["travel_times"]
    plan = schedule(DEMO_ROUTE, sites, travel, start="08:00")
    tt = travel.set_index(["from_id", "to_id"])["minutes"]
    path = [DEPOT, *DEMO_ROUTE, DEPOT]
    assert plan.travel_minutes == sum(tt[(a, b)] for a, b in zip(path, path[1:]))
    assert list(timetable(plan)["Прибытие"]) == [to_clock(m) for m in plan.stops["arrive"]]


def test_model_route_respects_every_site_and_the_model_product(frames):
    """Does the model route (PMK anchor) fit 18 pupils + 2 adults within every site's limit, and not 25?"""
    group = MODEL_PRODUCT.pupils_per_group + MODEL_PRODUCT.adults_per_group
    pmk = enterprise("PMK")
    assert DEMO_ROUTE[0] == pmk.id and group <= pmk.max_group
    assert MODEL_PRODUCT.adults_per_group >= math.ceil(MODEL_PRODUCT.pupils_per_group / pmk.children_per_adult)
    plan = schedule(DEMO_ROUTE, frames["sites"], frames["travel_times"], start="08:00", group=group)
    assert plan.feasible and plan.total_minutes <= 9 * 60
    types = set(frames["sites"].set_index("site_id").loc[DEMO_ROUTE, "type"])
    assert {"предприятие", "наследие", "креативное пространство"} <= types
    assert "PMK" in schedule(DEMO_ROUTE, frames["sites"], frames["travel_times"], start="08:00", group=25).over_capacity


def test_schedule_takes_an_enterprise_even_an_own_one(frames):
    """Does the scheduler take a world Enterprise and a learner's own profile as a stop?"""
    sites, travel = frames["sites"], frames["travel_times"]
    world = schedule([enterprise("IZR"), "S12"], sites, travel, start="09:00")
    assert list(world.stops["site_id"]) == ["IZR", "S12"]
    own = replace(enterprise("SLK"), id="MY1", name="Моя фабрика", town="Сталегорск", max_group=8)
    plan = schedule([own, "S07"], sites, travel, start="09:00", group=10)
    assert plan.over_capacity == ["MY1"] and "MY1" in set(plan.sites["site_id"])
    assert plan.stops.loc[0, "visit_min"] == own.tour_minutes
    far = replace(own, town="Город вне карты")
    with pytest.raises(KitError, match="координаты"):
        schedule([far], sites, travel)
    s2, t2 = add_enterprise(sites, travel, far, xy=(10.0, 10.0))
    assert len(t2) == len(travel) + 2 * len(sites) and s2["site_id"].iloc[-1] == "MY1"


def test_suggest_route_starts_with_the_enterprise(frames):
    """Does the suggestion start at the enterprise and add the nearest lunch, heritage and creative space?"""
    sites, travel = frames["sites"], frames["travel_times"]
    assert suggest_route(enterprise("PMK"), sites, travel) == DEMO_ROUTE
    route = suggest_route(enterprise("IZR"), sites, travel)
    kinds = list(sites.set_index("site_id").loc[route[1:], "type"])
    assert route[0] == "IZR" and kinds == ["питание", "наследие", "креативное пространство"]


# --- datasets ---


def test_datasets_are_registered_to_m05(frames):
    """Are the three module-5 datasets declared by m05, with every column documented?"""
    assert {ds.name for ds in m05_data.DATASETS} == set(NAMES)
    for name in NAMES:
        ds = dataset(name)
        assert ds.module == "m05" and ds.source and ds.synthetic
        assert all(col.description for col in ds.columns.values())


def test_sites_hold_the_worlds_six_enterprises_with_their_rules(frames):
    """Are the six enterprises in sites with the world's ids, towns, hours, tour length and limits?"""
    s = frames["sites"].set_index("site_id")
    for e in ENTERPRISES:
        row = s.loc[e.id]
        assert (row["name"], row["town"], row["opens"], row["closes"]) == (e.name, e.town, e.opens, e.closes)
        assert (row["visit_min"], row["max_group"], row["min_age"], row["ticket_rub"]) == (
            e.tour_minutes,
            e.max_group,
            e.min_age,
            e.ticket_price,
        )
        tx, ty = TOWNS[e.town]
        assert math.dist((row["x_km"], row["y_km"]), (tx, ty)) <= 7
    assert s.loc["PMK", "pupil_rub"] == MODEL_PRODUCT.pupil_price


def test_sites_structure_and_ranges(frames):
    """Do sites have one depot, unique ids, valid windows, towns of the region and all site types?"""
    s = frames["sites"]
    assert s["site_id"].is_unique and (s["site_id"] == DEPOT).sum() == 1
    assert set(s["type"]) == {"точка сбора", "предприятие", "музей", "наследие", "креативное пространство", "питание"}
    assert set(s["town"]) <= set(TOWNS) and REGION.capital in set(s["town"])
    opens, closes = s["opens"].map(to_minutes), s["closes"].map(to_minutes)
    assert (opens < closes).all() and ((closes - opens) >= s["visit_min"]).all()
    rest = s[s["site_id"] != DEPOT]
    assert rest["visit_min"].between(30, 150).all() and rest["ticket_rub"].between(0, 1500).all()
    assert (rest["pupil_rub"] <= rest["ticket_rub"]).all()
    assert rest["anchor"].sum() >= 3
    heritage_towns = set(rest.loc[rest["type"].isin(["наследие", "креативное пространство"]), "town"])
    assert {"Сталегорск", "Старая Пристань", REGION.capital} <= heritage_towns


def test_travel_matrix_is_complete_asymmetric_and_from_coordinates(frames):
    """Does travel_times hold every ordered pair once, slightly asymmetric, and follow the map's distances?"""
    s, t = frames["sites"], frames["travel_times"]
    n = len(s)
    assert len(t) == n * (n - 1) and not t.duplicated(["from_id", "to_id"]).any()
    back = t.merge(t, left_on=["from_id", "to_id"], right_on=["to_id", "from_id"], suffixes=("", "_back"))
    diff = (back["minutes"] - back["minutes_back"]).abs()
    assert diff.max() <= 3 and diff.gt(0).any()
    xy = s.set_index("site_id")[["x_km", "y_km"]]
    straight = [math.dist(xy.loc[a], xy.loc[b]) for a, b in zip(t["from_id"], t["to_id"])]
    ratio = t["km"] / pd.Series(straight)
    assert ratio.between(1.2, 1.4).all()
    bus = t[t["mode"] == "автобус"]
    assert (bus["km"] / (bus["minutes"] / 60)).between(5, 60).all()


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


def test_nearest_neighbour_set_is_in_one_town(frames):
    """Is the practice set Старая Пристань's, and does the heuristic visit each site once?"""
    s = frames["sites"].set_index("site_id")
    assert set(s.loc[PRISTAN_SET, "town"]) == {"Старая Пристань"}
    order = nearest_order(PRISTAN_SET, travel_lookup(frames["travel_times"]))
    assert sorted(order) == sorted(PRISTAN_SET)


# --- widget ---


def test_summary_html_reports_violations_waits_and_group(toy):
    """Does the summary name a late site, a long wait and a site that does not admit the group?"""
    sites, travel = toy
    late = summary_html(schedule(["B", "A"], sites, travel, start="10:10", depot="X"))
    assert "✘ музей" in late and "опоздание" in late
    wait = summary_html(schedule(["A"], sites, travel, start="08:30", depot="X"))
    assert "ожидание" in wait and "✔" in wait
    crowded = summary_html(schedule(["A"], sites, travel, start="09:30", depot="X", group=25))
    assert "не больше 20" in crowded and "ротацией" in crowded
    assert "хотя бы один" in summary_html(schedule([], sites, travel, depot="X"))


def test_route_figure_has_russian_labels(frames):
    """Does the route figure draw a map of the region and a timeline with Russian titles and units?"""
    plan = schedule(DEMO_ROUTE[:2], frames["sites"], frames["travel_times"])
    fig = route_figure(plan)
    ax_map, ax_time = fig.axes
    assert REGION.name in ax_map.get_title() and "км" in ax_map.get_xlabel()
    assert "время" in ax_time.get_xlabel() and len(ax_time.patches) >= 2 * 2
    plt.close(fig)


def test_widget_starts_from_the_enterprise_and_reacts(frames):
    """Does the builder start from the chosen enterprise and recompute on sites, start, group and return?"""
    w = route_builder(frames["sites"], frames["travel_times"], enterprise=enterprise("PMK"), start="08:00")
    assert isinstance(w, RouteBuilder) and w.order == DEMO_ROUTE
    assert w.plan.feasible and w.group_box.value == enterprise("PMK").max_group
    first = w.summary.value
    w.group_box.value = 25
    assert "PMK" in w.plan.over_capacity and "ротацией" in w.summary.value
    w.group_box.value = 20
    w.site_picker.value = "S15"  # a museum up north: far away, closes at 17:00
    w.add_button.click()
    assert w.order[-1] == "S15" and "5. " in w.order_label.value
    w.start_picker.value = "07:00"
    assert w.plan.depart == to_minutes("07:00") and w.summary.value != first
    w.undo_button.click()
    assert w.order == DEMO_ROUTE
    w.return_box.value = False
    assert w.plan.return_leg == 0
    w.clear_button.click()
    assert w.order == [] and "хотя бы один" in w.summary.value
    own = replace(enterprise("MAG"), id="MY2", name="Мой завод")
    w2 = route_builder(frames["sites"], frames["travel_times"], enterprise=own)
    assert w2.order[0] == "MY2" and w2.plan is not None
    plt.close("all")


def test_lookup_covers_every_pair(frames):
    """Can every ordered pair of sites be looked up in the travel dictionary?"""
    lookup = travel_lookup(frames["travel_times"])
    ids = frames["sites"]["site_id"].tolist()
    assert all((a, b) in lookup for a in ids for b in ids if a != b)


# --- notebooks ---


def _prose(path: str) -> str:
    nb = nbformat.read(repo_root() / path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_lesson_names_the_world_and_the_one_graded_task_name():
    """Does the lesson name the world's region and enterprises, state 10 hours and avoid other task names?"""
    text = _prose("modules/05-routes.ipynb")
    assert REGION.name in text and "**Объём:** 10 ак. ч." in text
    low = text.lower()
    for e in ENTERPRISES:
        assert e.name.lower() in low or e.short.strip("«»").lower() in low, e.id
    assert "зачётн" in text
    for banned in (
        "итоговое задание",
        "аттестационное задание",
        "оцениваемое задание",
        "проверочное задание",
        "Автобус на одного",
    ):
        assert banned not in text
    assert "132-ФЗ" in text and "1527" in text and "ERIH" in text


def test_model_answer_matches_the_world():
    """Does the passport model answer use the model product's group, prices and the enterprise's limit?"""
    nb = nbformat.read(repo_root() / "solutions/m05-routes/assignment.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "passport_route")
    pmk, p = enterprise("PMK"), MODEL_PRODUCT
    for fact in (
        pmk.name,
        pmk.town,
        f"{p.pupils_per_group} школьников",
        f"{p.adults_per_group} сопровождающих",
        f"{pmk.max_group} чел.",
        f"школьника {p.pupil_price}",
        f"взрослого {p.adult_price}",
        f"«{p.free_per_paid}+1»",
    ):
        assert fact in cell.source, fact
    plain = [c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata]
    assert 'choose("PMK")' in plain[0].source and 'part="route"' in plain[-1].source
