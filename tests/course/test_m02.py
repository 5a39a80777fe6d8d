"""Module 2 «Аудитории и спрос»: datasets, helpers, self-checks, widget, lesson and the graded assignment."""

from __future__ import annotations

import dataclasses
import math
import re

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from promtour.course import module  # noqa: E402
from promtour.course.m02 import demand, exercises, widgets  # noqa: E402
from promtour.course.m02.datasets import DATASETS, GROWTH, LAST_YEAR, PUPILS_PER_RESIDENT  # noqa: E402
from promtour.datasets import load  # noqa: E402
from promtour.paths import data_dir, repo_root  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402
from promtour.world import ENTERPRISES, MODEL_PRODUCT, PEER_REGIONS, REGION, TOWNS, enterprise  # noqa: E402


@pytest.fixture(scope="module")
def bookings() -> pd.DataFrame:
    return load("bookings")


@pytest.fixture(scope="module")
def schools() -> pd.DataFrame:
    return load("school_population")


def year(frame: pd.DataFrame, y: int) -> pd.DataFrame:
    return frame[frame["date"].dt.year == y]


def own_enterprise(**changes):
    """A learner's own enterprise (not in the course data), built from a world profile."""
    return dataclasses.replace(enterprise("PMK"), id="MY1", name="Моё предприятие", short="Моё", **changes)


# ---------------------------------------------------------------- datasets


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.name)
def test_csv_is_small_and_documented_as_synthetic(ds):
    """Is data/<name>.csv under 2 MB and declared synthetic with notes? (Freshness and determinism
    of every dataset: tests/test_datasets.py.)"""
    assert (data_dir() / ds.filename).stat().st_size < 2_000_000
    assert ds.synthetic and ds.notes


def test_bookings_are_the_six_world_enterprises(bookings):
    """Do bookings carry exactly the world's six enterprise ids with their world names?"""
    assert set(bookings["enterprise_id"]) == {e.id for e in ENTERPRISES}
    names = bookings.groupby("enterprise_id")["enterprise"].unique()
    for e in ENTERPRISES:
        assert list(names[e.id]) == [e.name]


def test_bookings_columns_and_ranges(bookings):
    """Do bookings hold sane values: known segments and channels, positive groups, 2024–2025 dates?"""
    assert len(bookings) > 3000 and bookings["booking_id"].is_unique
    assert set(bookings["segment"]) == set(demand.SEGMENTS)
    assert set(bookings["channel"]) == set(demand.CHANNELS)
    assert bookings["date"].dt.year.isin([2024, 2025]).all()
    assert (bookings["group_size"] >= 1).all() and (bookings["price_paid"] >= 0).all()
    assert (bookings["lead_time_days"] >= 1).all() and bookings["lead_time_days"].max() < 400
    local = bookings["origin_region"] == REGION.name
    assert set(bookings.loc[local, "origin"]) <= set(TOWNS)
    peers = ~local & (bookings["origin_region"] != demand.FOREIGN)
    assert set(bookings.loc[peers, "origin_region"]) <= set(PEER_REGIONS)
    assert (bookings.loc[peers, "origin"] == bookings.loc[peers, "origin_region"]).all()


def test_groups_follow_each_enterprises_regulations(bookings):
    """Does every group fit max_group with one accompanying adult per children_per_adult pupils?"""
    for e in ENTERPRISES:
        rows = bookings[bookings["enterprise_id"] == e.id]
        assert (rows["group_size"] <= e.max_group).all(), e.id
        school = rows[rows["segment"] == "школьники"]
        if not e.admits_children:
            assert school.empty and not (rows["segment"] == "семьи").any(), e.id
            continue
        pupils = school["group_size"] - school["adults"]
        assert (school["adults"] == np.ceil(pupils / e.children_per_adult)).all(), e.id
        assert (school["grade"] >= demand.youngest_grade(e)).all(), e.id
        assert (rows.loc[rows["segment"] != "школьники", ["grade", "adults"]] == 0).all().all()


def test_foreigners_follow_the_regulations(bookings):
    """No foreigners where they are not admitted; foreign groups book no later than the profile says."""
    foreign = bookings[bookings["origin_region"] == demand.FOREIGN]
    assert "AZT" not in set(foreign["enterprise_id"])
    assert (foreign.loc[foreign["enterprise_id"] == "PMK", "lead_time_days"] >= 30).all()
    assert (foreign.loc[foreign["enterprise_id"] == "GES", "lead_time_days"] >= 45).all()


def test_pushkin_card_only_where_possible(bookings):
    """Is the Pushkin card used only by pupils of grade 8+ and students, at paid tours with a museum?"""
    card = bookings[bookings["channel"] == "Пушкинская карта"]
    assert len(card) > 20
    assert set(card["segment"]) <= {"школьники", "студенты"}
    assert (card.loc[card["segment"] == "школьники", "grade"] >= 8).all()
    for e in ENTERPRISES:
        if e.ticket_price == 0 or not e.readiness.get("museum"):
            assert e.id not in set(card["enterprise_id"]), e.id


def test_last_year_matches_the_world_profiles(bookings):
    """Do 2025 visitors match each profile's visitors_last_year (±6 %), 2024 smaller by GROWTH?"""
    for e in ENTERPRISES:
        visitors = year(bookings[bookings["enterprise_id"] == e.id], LAST_YEAR)["group_size"].sum()
        assert abs(visitors / e.visitors_last_year - 1) <= 0.06, (e.id, visitors)
    growth = year(bookings, 2025)["group_size"].sum() / year(bookings, 2024)["group_size"].sum()
    assert abs(growth - GROWTH) < 0.05


def test_model_enterprise_main_segment_is_grades_8_9(bookings):
    """Are PMK's school groups its largest segment, mostly grades 8–9, priced as MODEL_PRODUCT?"""
    pmk = bookings[bookings["enterprise_id"] == "PMK"]
    by_segment = pmk.groupby("segment", observed=True)["group_size"].sum()
    assert by_segment.idxmax() == "школьники"
    school = pmk[pmk["segment"] == "школьники"]
    assert school["grade"].isin([8, 9]).mean() > 0.7
    full = year(school, LAST_YEAR)
    full = full[full["group_size"] - full["adults"] == MODEL_PRODUCT.pupils_per_group]
    assert len(full) and (full["adults"] == MODEL_PRODUCT.adults_per_group).all()
    p = MODEL_PRODUCT
    expected = (
        p.pupils_per_group * p.pupil_price
        + (p.adults_per_group - p.pupils_per_group // p.free_per_paid) * p.adult_price
    )
    assert (full["price_paid"] == expected).all()


def test_seasonality_and_lead_time_shapes(bookings):
    """Do pupils vanish in July–August while families peak in summer; do families book latest?"""
    school = demand.seasonal_profile(bookings[bookings["segment"] == "школьники"])["index"]
    family = demand.seasonal_profile(bookings[bookings["segment"] == "семьи"])["index"]
    assert school[7] < 0.15 and school[8] < 0.15 and school[4] > 1.3
    assert family.idxmax() in (6, 7, 8)
    med = bookings.groupby("segment", observed=True)["lead_time_days"].median()
    assert (
        med["семьи"] < med["студенты"] < med["школьники"] < med["организованные туристы"] < med["иностранные туристы"]
    )


def test_school_population(schools):
    """Are there 11 grades per town of the world, ~12.3 % of the region's residents, smaller grades 10–11?"""
    assert set(schools["town"]) == set(TOWNS)
    assert (schools.groupby("town").size() == 11).all()
    assert set(schools["grade"]) == set(range(1, 12)) and (schools["age"] == schools["grade"] + 6).all()
    assert abs(schools["pupils"].sum() / (REGION.population * PUPILS_PER_RESIDENT) - 1) < 0.01
    by_grade = schools.groupby("grade")["pupils"].sum()
    assert by_grade[10] < 0.7 * by_grade[9]


# ---------------------------------------------------------------- helpers


def tiny() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-10", "2024-07-10", "2025-01-10", "2025-07-10", "2025-07-11"]),
            "segment": ["школьники", "семьи", "школьники", "семьи", "семьи"],
            "enterprise_id": ["A", "A", "A", "B", "A"],
            "origin_region": [REGION.name, PEER_REGIONS[0], REGION.name, demand.FOREIGN, REGION.name],
            "group_size": [10, 10, 20, 15, 5],
            "lead_time_days": [30, 5, 40, 60, np.nan],
        }
    )


def test_market_classifies_local_domestic_foreign():
    """Is a booking from the course region local, from a peer region domestic, from abroad foreign?"""
    assert list(demand.market(tiny())) == [
        "свой регион",
        "другие регионы России",
        "свой регион",
        "зарубежье",
        "свой регион",
    ]


def test_select_filters_segments_and_enterprise():
    """Does select() keep all rows for no filter and only the chosen segment/enterprise otherwise?"""
    assert len(demand.select(tiny())) == 5
    assert len(demand.select(tiny(), ["семьи"], "A")) == 2
    assert len(demand.select(tiny(), [], "B")) == 1


def test_monthly_table_has_twelve_months():
    """Does the year × month table have all 12 months, zeros where nobody came, and count bookings on request?"""
    t = demand.monthly_table(tiny())
    assert list(t.columns) == list(range(1, 13)) and list(t.index) == [2024, 2025]
    assert t.loc[2025, 7] == 20 and t.loc[2025, 3] == 0
    assert demand.monthly_table(tiny(), "bookings").loc[2025, 7] == 2
    with pytest.raises(ValueError):
        demand.monthly_table(tiny(), "rubles")


def test_seasonal_profile_ignores_growth():
    """Does the per-year index keep the same seasonal pattern when the second year is twice the first?"""
    pattern = [1, 1, 2, 2, 1, 1, 0, 0, 1, 2, 2, 1]
    rows = [
        {"date": pd.Timestamp(y, m, 15), "group_size": v * k}
        for y, k in ((2024, 1), (2025, 2))
        for m, v in zip(range(1, 13), pattern)
        if v
    ]
    profile = demand.seasonal_profile(pd.DataFrame(rows))
    np.testing.assert_allclose(profile["index"].to_numpy(), np.array(pattern) / np.mean(pattern))
    empty = demand.seasonal_profile(pd.DataFrame(rows).iloc[0:0])
    assert empty["index"].isna().all() and len(empty) == 12


def test_lead_time_summary_skips_missing_and_handles_empty():
    """Does the lead-time summary ignore a missing value and return NaN for no data?"""
    s = demand.lead_time_summary(tiny())
    assert s["n"] == 4 and s["median"] == 35
    assert np.isnan(demand.lead_time_summary(tiny().iloc[0:0])["median"])


def test_regulations_decide_grades_and_groups():
    """Do the youngest grade and pupils per group follow min_age, max_group and children_per_adult?"""
    pmk = enterprise("PMK")
    assert demand.youngest_grade(pmk) == 8
    assert demand.pupils_in_group(pmk) == MODEL_PRODUCT.pupils_per_group
    assert demand.youngest_grade(enterprise("AZT")) is None and demand.pupils_in_group(enterprise("AZT")) == 0
    for e in ENTERPRISES:
        p = demand.pupils_in_group(e)
        if p:
            assert p + math.ceil(p / e.children_per_adult) <= e.max_group
            assert (p + 1) + math.ceil((p + 1) / e.children_per_adult) > e.max_group


def test_allowed_segments_read_the_regulations():
    """Does the table say no families at the 14+ combine, no children and no foreigners at the chemical plant?"""
    pmk = demand.allowed_segments(enterprise("PMK"))["допускается"]
    assert pmk["школьники"] and not pmk["семьи"]
    azt = demand.allowed_segments(enterprise("AZT"))["допускается"]
    assert not azt["школьники"] and not azt["семьи"] and not azt["иностранные туристы"] and azt["студенты"]
    assert demand.allowed_segments(enterprise("SLK"))["допускается"].all()


def test_own_enterprise_uses_an_analogue_within_its_rules(bookings):
    """Does an own enterprise get its analogue's bookings, cut to its own minimum age and segments?"""
    mine = own_enterprise(min_age=16, foreigners="не допускаются")
    assert demand.analogue(mine, bookings) == "PMK"
    rows = demand.rows_for(bookings, mine)
    assert set(rows["enterprise_id"]) == {"PMK"}
    school = rows[rows["segment"] == "школьники"]
    assert len(school) and (school["grade"] >= 10).all()
    assert "иностранные туристы" not in set(rows["segment"])
    other = own_enterprise(industry="виноделие", min_age=18, children_per_adult=0)
    assert demand.analogue(other, bookings) == "AZT"


def test_audience_table_for_world_and_own_enterprise(bookings):
    """Does the passport table have Russian headers, shares adding to 100 and the PMK's school segment first?"""
    t = demand.audience_table(bookings, enterprise("PMK"))
    assert t.index[0] == "школьники" and abs(t["доля посетителей, %"].sum() - 100) < 0.5
    assert not any(re.search("[a-z]", str(c)) for c in [t.index.name, *t.columns])
    assert t.loc["школьники", "главный канал"] == "школа и профминимум"
    mine = demand.audience_table(bookings, own_enterprise(min_age=16))
    assert len(mine) >= 3
    ch = demand.channel_table(bookings, enterprise("SLK"))
    assert np.allclose(ch.sum(axis=0), 100, atol=2) and ch.index.name == "канал"


def test_potential_scenarios(schools):
    """Are scenarios pupils × share, in groups per the regulations, and refused where children are not admitted?"""
    pmk = enterprise("PMK")
    s = demand.potential_scenarios(schools, pmk, grades=[8, 9])
    pupils = schools.loc[schools["grade"].isin([8, 9]), "pupils"].sum()
    assert s.loc["базовый", "посещений в год"] == round(pupils * 0.10)
    assert s.loc["базовый", "групп в год"] == math.ceil(pupils * 0.10 / MODEL_PRODUCT.pupils_per_group)
    assert s.loc["базовый", "слотов в год (мощность)"] == 330
    younger = demand.potential_scenarios(schools, pmk, grades=[6, 7, 8])  # grades 6–7 are below 14
    assert younger.loc["базовый", "школьников в целевых классах"] == schools.loc[schools["grade"] == 8, "pupils"].sum()
    with pytest.raises(ValueError, match="с 8 класса"):
        demand.potential_scenarios(schools, pmk, grades=[5, 6])
    with pytest.raises(ValueError, match="дети не допускаются"):
        demand.potential_scenarios(schools, enterprise("AZT"))


# ---------------------------------------------------------------- self-checks


@pytest.fixture(scope="module")
def lesson_namespace() -> dict:
    return exercises.namespace()


@pytest.mark.parametrize("ex", exercises.EXERCISES, ids=lambda e: e.var)
def test_exercise_solution_accepted_wrong_rejected(ex, lesson_namespace):
    """Does each self-check accept its solution, reject its typical wrong answer and see the blank as unattempted?"""
    assert 2 <= len(ex.hints) <= 3 and ex.wrong
    ns = dict(lesson_namespace)
    assert ex.evaluate({**ns, ex.var: ____}).status == "unattempted"
    exec(ex.solution, ns)
    assert ex.evaluate(ns).status == "correct", ex.evaluate(ns).message
    ns = dict(lesson_namespace)
    exec(ex.wrong, ns)
    outcome = ex.evaluate(ns)
    assert outcome.status == "incorrect" and outcome.message


def test_exercise_checkers_explain_wrong_types(lesson_namespace):
    """Does a month given as text or a share given in percent get an explanation rather than a crash?"""
    by_var = {ex.var: ex for ex in exercises.EXERCISES}
    out = by_var["family_peak_month"].evaluate({"family_peak_month": "июль"})
    assert out.status == "incorrect" and "целое" in out.message
    ns = dict(lesson_namespace)
    exec(by_var["school_share"].solution, ns)
    ns["school_share"] *= 100
    assert "проценты" in by_var["school_share"].evaluate(ns).message


# ---------------------------------------------------------------- widget


def test_explore_computes_the_selection(bookings):
    """Does explore() return the chosen enterprise's visitors, a 12-month profile and its lead-time median?"""
    r = widgets.explore(bookings, ["школьники"], enterprise("PMK"))
    part = bookings[(bookings["segment"] == "школьники") & (bookings["enterprise_id"] == "PMK")]
    assert r.visitors == part["group_size"].sum() and r.bookings == len(part)
    assert len(r.profile) == 12 and r.profile["index"].sum() == pytest.approx(12)
    assert r.lead["median"] == part["lead_time_days"].median()
    assert r.by_segment.sum().sum() == pytest.approx(part["group_size"].sum() / 2)
    assert r.peak_month in (3, 4, 10, 11) and enterprise("PMK").name in r.summary()
    assert widgets.explore(bookings, (), "ALL").visitors == bookings["group_size"].sum()


def test_explore_empty_selection_does_not_crash(bookings):
    """Does a selection without bookings (pupils at the 18+ chemical plant) say so and still draw?"""
    r = widgets.explore(bookings, ["школьники"], "AZT")
    assert r.bookings == 0 and "заявок нет" in r.summary() and r.peak_month is None
    assert widgets.draw(r).axes


def test_widget_reacts_to_controls(bookings):
    """Does the explorer open on the learner's enterprise and recompute when the controls change?"""
    box = widgets.seasonality_explorer(bookings, enterprise("PMK"))
    assert box.state["result"].where == enterprise("PMK").name
    before = box.summary.value
    box.controls["enterprise"].value = "SLK"
    assert box.state["result"].where == enterprise("SLK").name and box.summary.value != before
    box.controls["segments"].value = ("семьи",)
    assert box.state["result"].peak_month in (6, 7, 8)
    visitors = box.state["result"].by_segment.sum().sum()
    box.controls["measure"].value = "bookings"
    assert box.state["result"].by_segment.sum().sum() < visitors


def test_widget_offers_an_own_enterprise(bookings):
    """Is a learner's own enterprise offered first and explored by its analogue?"""
    mine = own_enterprise(min_age=16)
    box = widgets.seasonality_explorer(bookings, mine)
    assert box.controls["enterprise"].options[0][1] == "MY1"
    assert box.state["result"].where == mine.name and box.state["result"].bookings > 0


# ---------------------------------------------------------------- lesson text

LESSON = repo_root() / module("m02").lesson


@pytest.fixture(scope="module")
def lesson_text() -> str:
    nb = nbformat.read(str(LESSON), as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_lesson_names_the_world_and_the_hours(lesson_text):
    """Does the lesson name the world's region and enterprises as world.py spells them, and 10 ак. ч.?"""
    assert REGION.name in lesson_text and REGION.genitive in lesson_text
    for short in ("ПМК", "«Сладкий край»", "«Изразец»"):
        assert short in lesson_text
    assert "**Объём:** 10 ак. ч." in lesson_text
    assert f"{MODEL_PRODUCT.pupils_per_group} учеников" in lesson_text


def test_lesson_wording(lesson_text):
    """One name for the graded task, segments credited to the kit, supervision from the regulations."""
    low = lesson_text.lower()
    for banned in (
        "итоговое задание",
        "аттестационное задание",
        "оцениваемое задание",
        "проверочное задание",
        "шестью основными сегментами",
        "в стиле аси",
        "10–12 детей",
    ):
        assert banned not in low, banned
    assert "зачётное задание" in low
    assert "не официальный список программы" in lesson_text
    assert "№ 1527" in lesson_text and "№ АБ-2324/05" in lesson_text and "44-ФЗ" in lesson_text


# ---------------------------------------------------------------- the graded assignment

ASSIGNMENT = repo_root() / "solutions" / module("m02").assignment / "assignment.ipynb"


@pytest.fixture(scope="module")
def assignment() -> nbformat.NotebookNode:
    return nbformat.read(str(ASSIGNMENT), as_version=4)


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def test_assignment_metadata(assignment):
    """Five tasks with a main and an edge test cell each, the passport part for 8 points, 23 in total?"""
    graded = [c for c in assignment.cells if meta(c).get("grade")]
    ids = [meta(c)["grade_id"] for c in assignment.cells if meta(c)]
    assert len(ids) == len(set(ids)) and all(meta(c)["schema_version"] == 3 for c in assignment.cells if meta(c))
    tests = [c for c in graded if c.cell_type == "code"]
    assert [meta(c)["grade_id"].rsplit("_", 1)[1] for c in tests] == ["tests", "edge"] * 5
    assert all(meta(c)["points"] == (2 if meta(c)["grade_id"].endswith("tests") else 1) for c in tests)
    assert all("### BEGIN HIDDEN TESTS" in c.source and "assert " not in c.source for c in tests)
    manual = [c for c in graded if c.cell_type == "markdown"]
    assert [meta(c)["grade_id"] for c in manual] == ["passport_audiences"] and meta(manual[0])["points"] == 8
    assert sum(meta(c)["points"] for c in graded) == 23


def test_assignment_follows_the_passport_layout(assignment):
    """The plain `my = choose(...)` cell after setup; exhibits of part «audiences» after the answer."""
    cells = assignment.cells
    setup = next(i for i, c in enumerate(cells) if meta(c).get("grade_id") == "setup")
    first = cells[setup + 1]
    assert first.cell_type == "code" and not meta(first) and first.source.startswith('my = choose("PMK")')
    answer = next(i for i, c in enumerate(cells) if meta(c).get("grade_id") == "passport_audiences")
    assert meta(cells[answer - 1])["grade_id"] == "passport_audiences_rubric"
    after = [c for c in cells[answer + 1 :] if c.cell_type == "code"]
    assert after and all(not meta(c) for c in after)
    assert all('part="audiences"' in c.source for c in after)
    model = cells[answer].source
    assert enterprise("PMK").name in model and MODEL_PRODUCT.name in model and "8–9 классы" in model
    assert f"{MODEL_PRODUCT.pupils_per_group} учеников" in model
    assert "10–12 детей" not in model
