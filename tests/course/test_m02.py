"""Module 2 «Аудитории и спрос»: datasets, helpers, self-checks, widget and the graded assignment."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from promtour.course import module  # noqa: E402
from promtour.course.m02 import demand, exercises, widgets  # noqa: E402
from promtour.course.m02.datasets import DATASETS, ENTERPRISES, REGION_POPULATION  # noqa: E402
from promtour.datasets import dataset, load  # noqa: E402
from promtour.paths import data_dir, repo_root  # noqa: E402
from promtour.selfcheck import ____  # noqa: E402


@pytest.fixture(scope="module")
def bookings() -> pd.DataFrame:
    return load("bookings")


@pytest.fixture(scope="module")
def schools() -> pd.DataFrame:
    return load("school_population")


def year(frame: pd.DataFrame, y: int) -> pd.DataFrame:
    return frame[frame["date"].dt.year == y]


# ---------------------------------------------------------------- datasets

@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.name)
def test_csv_is_small_and_documented_as_synthetic(ds):
    """Is data/<name>.csv under 2 MB and declared synthetic with notes? (Freshness and determinism
    of every dataset: tests/test_datasets.py.)"""
    assert (data_dir() / ds.filename).stat().st_size < 2_000_000
    assert ds.synthetic and ds.notes


def test_bookings_columns_and_ranges(bookings):
    """Do bookings hold sane values: known segments and channels, positive groups, 2023–2024 dates?"""
    assert len(bookings) > 5000 and bookings["booking_id"].is_unique
    assert set(bookings["segment"]) == set(demand.SEGMENTS)
    assert set(bookings["channel"]) <= set(demand.CHANNELS)
    assert set(bookings["enterprise"]) == set(ENTERPRISES)
    assert bookings["date"].dt.year.isin([2023, 2024]).all()
    assert (bookings["group_size"] >= 1).all() and (bookings["price_paid"] >= 0).all()
    assert (bookings["lead_time_days"] >= 1).all() and bookings["lead_time_days"].max() < 400
    assert (bookings["origin_country"] == "Россия").mean() > 0.85
    foreign = bookings["origin_country"] != "Россия"
    assert (bookings.loc[foreign, "origin_region"] == "за рубежом").all()


def test_age_limits_are_respected(bookings):
    """Does no enterprise receive a segment its minimum age forbids (no pupils at the 18+ brewery)?"""
    brewery = bookings[bookings["min_age"] >= 18]
    assert len(brewery) and not brewery["segment"].isin(["школьники", "семьи"]).any()
    families = bookings[bookings["segment"] == "семьи"]
    assert families["min_age"].max() <= 14
    young = bookings[(bookings["min_age"] < 14) & (bookings["segment"] == "школьники")]
    assert not (young["channel"] == "Пушкинская карта").any()  # the card starts at 14


def test_calibration_steel_like_mmk(bookings):
    """Does «Сталь-Урал» 2024 match ММК 2024: ~900 tours and 17,000+ visitors?"""
    steel = year(bookings[bookings["enterprise"] == "Сталь-Урал"], 2024)
    assert 810 <= len(steel) <= 990
    assert 17_000 <= steel["group_size"].sum() <= 19_500


def test_calibration_delegations_like_kamaz(bookings):
    """Does «АвтоКама» receive ~600 business delegations a year of ~10 people (КАМАЗ)?"""
    deleg = year(bookings[(bookings["enterprise"] == "АвтоКама")
                          & (bookings["segment"] == "деловые делегации")], 2024)
    assert 540 <= len(deleg) <= 660
    assert 9 <= deleg["group_size"].mean() <= 11


def test_calibration_npp_like_smolensk(bookings):
    """Does «Западная АЭС» take ~187 tours and ~2,834 visitors a year (Смоленская АЭС)?"""
    npp = year(bookings[bookings["enterprise"] == "Западная АЭС"], 2024)
    assert 160 <= len(npp) <= 215
    assert 2_400 <= npp["group_size"].sum() <= 3_250


def test_calibration_growth_and_school_dominance(bookings):
    """Do visitors grow ~40 % in 2024 (1.4 → 2 M) and are school groups the largest segment?"""
    growth = year(bookings, 2024)["group_size"].sum() / year(bookings, 2023)["group_size"].sum()
    assert 1.3 <= growth <= 1.55
    by_segment = bookings.groupby("segment", observed=True)["group_size"].sum()
    assert by_segment.idxmax() == "школьники"


def test_brewery_has_few_locals_like_heineken(bookings):
    """Are locals a small minority at the brewery (cf. Heineken Experience: 5 % Dutch) but a majority at plants?"""
    shares = pd.crosstab(bookings["enterprise"], demand.market(bookings),
                         values=bookings["group_size"], aggfunc="sum", normalize="index")
    assert shares.loc["Пивоварня «Северный солод»", "свой регион"] < 0.10
    assert shares.loc["Пивоварня «Северный солод»", "зарубежье"] > 0.2
    assert shares.loc["Сталь-Урал", "свой регион"] > 0.5


def test_seasonality_shapes(bookings):
    """Do pupils vanish in July–August while families peak in summer?"""
    school = demand.seasonal_profile(bookings[bookings["segment"] == "школьники"])["index"]
    family = demand.seasonal_profile(bookings[bookings["segment"] == "семьи"])["index"]
    assert school[7] < 0.15 and school[8] < 0.15 and school[10] > 1.3
    assert family.idxmax() in (6, 7, 8)


def test_lead_times_order(bookings):
    """Do families book latest and foreign tourists earliest, the NPP later than the plant average?"""
    med = bookings.groupby("segment", observed=True)["lead_time_days"].median()
    assert med["семьи"] < med["студенты"] < med["школьники"] < med["организованные туристы"] \
        < med["иностранные туристы"]
    school = bookings[bookings["segment"] == "школьники"]
    assert school.loc[school["enterprise"] == "Западная АЭС", "lead_time_days"].median() > med["школьники"] + 10


def test_school_population(schools):
    """Are there three grade bands per region, ~12 % of residents, and Tomsk's 12,000 pupils ≈ 10 %?"""
    assert len(schools) == 3 * len(REGION_POPULATION)
    assert (schools.groupby("region").size() == 3).all()
    assert set(schools["grade_band"]) == {"1-4", "5-9", "10-11"}
    assert ((schools["age_to"] >= schools["age_from"]) & (schools["pupils"] > 0)).all()
    ratio = schools["pupils"].sum() / (sum(REGION_POPULATION.values()) * 1000)
    assert 0.11 <= ratio <= 0.135
    tomsk = schools.loc[schools["region"] == "Томская область", "pupils"].sum()
    assert 0.08 <= 12_000 / tomsk <= 0.12
    share_senior = schools.groupby("grade_band", observed=True)["pupils"].sum() / schools["pupils"].sum()
    assert 0.08 <= share_senior["10-11"] <= 0.14


def test_origin_regions_are_in_school_population(bookings, schools):
    """Can every Russian origin region of the bookings be looked up in school_population?"""
    russian = set(bookings.loc[bookings["origin_country"] == "Россия", "origin_region"])
    assert russian <= set(schools["region"])


# ---------------------------------------------------------------- helpers

def tiny() -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.to_datetime(["2023-01-10", "2023-07-10", "2024-01-10", "2024-07-10", "2024-07-11"]),
        "segment": ["школьники", "семьи", "школьники", "семьи", "семьи"],
        "enterprise": ["A", "A", "A", "B", "A"],
        "enterprise_region": ["R1", "R1", "R1", "R2", "R1"],
        "origin_region": ["R1", "R3", "R1", "за рубежом", "R1"],
        "origin_country": ["Россия", "Россия", "Россия", "Китай", "Россия"],
        "group_size": [10, 10, 20, 15, 5],
        "lead_time_days": [30, 5, 40, 60, np.nan],
    })


def test_market_classifies_local_domestic_foreign():
    """Is a booking from the enterprise's region local, from another region domestic, from abroad foreign?"""
    assert list(demand.market(tiny())) == ["свой регион", "другие регионы России", "свой регион",
                                           "зарубежье", "свой регион"]


def test_select_filters_segments_and_enterprise():
    """Does select() keep all rows for no filter and only the chosen segment/enterprise otherwise?"""
    assert len(demand.select(tiny())) == 5
    assert len(demand.select(tiny(), ["семьи"], "A")) == 2
    assert len(demand.select(tiny(), [], "B")) == 1


def test_monthly_table_has_twelve_months():
    """Does the year × month table have all 12 months, zeros where nobody came, and count bookings on request?"""
    t = demand.monthly_table(tiny())
    assert list(t.columns) == list(range(1, 13)) and list(t.index) == [2023, 2024]
    assert t.loc[2024, 7] == 20 and t.loc[2024, 3] == 0
    assert demand.monthly_table(tiny(), "bookings").loc[2024, 7] == 2
    with pytest.raises(ValueError):
        demand.monthly_table(tiny(), "rubles")


def test_seasonal_profile_ignores_growth():
    """Does the per-year index keep the same seasonal pattern when the second year is twice the first?"""
    months = list(range(1, 13))
    pattern = [1, 1, 2, 2, 1, 1, 0, 0, 1, 2, 2, 1]
    rows = [{"date": pd.Timestamp(y, m, 15), "group_size": v * k}
            for y, k in ((2023, 1), (2024, 2)) for m, v in zip(months, pattern) if v]
    profile = demand.seasonal_profile(pd.DataFrame(rows))
    expected = np.array(pattern) / np.mean(pattern)
    np.testing.assert_allclose(profile["index"].to_numpy(), expected)
    np.testing.assert_allclose(profile["index"].sum(), 12)
    empty = demand.seasonal_profile(pd.DataFrame(rows).iloc[0:0])
    assert empty["index"].isna().all() and len(empty) == 12


def test_lead_time_summary_skips_missing_and_handles_empty():
    """Does the lead-time summary ignore a missing value and return NaN for no data?"""
    s = demand.lead_time_summary(tiny())
    assert s["n"] == 4 and s["median"] == 35
    assert np.isnan(demand.lead_time_summary(tiny().iloc[0:0])["median"])


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
    assert by_var["family_peak_month"].evaluate({"family_peak_month": "7"}).status == "incorrect"
    ns = dict(lesson_namespace)
    exec(by_var["school_share"].solution, ns)
    ns["school_share"] *= 100
    assert "проценты" in by_var["school_share"].evaluate(ns).message


# ---------------------------------------------------------------- widget

def test_explore_computes_the_selection(bookings):
    """Does explore() return the chosen slice's visitors, a 12-month profile and its lead-time median?"""
    r = widgets.explore(bookings, ["школьники"], "Сталь-Урал")
    part = bookings[(bookings["segment"] == "школьники") & (bookings["enterprise"] == "Сталь-Урал")]
    assert r.visitors == part["group_size"].sum() and r.bookings == len(part)
    assert len(r.profile) == 12 and r.profile["index"].sum() == pytest.approx(12)
    assert r.lead["median"] == part["lead_time_days"].median()
    assert r.by_segment.sum().sum() == pytest.approx(part["group_size"].sum() / 2)
    assert r.peak_month in (3, 4, 10, 11) and "Сталь-Урал" in r.summary()


def test_explore_empty_selection_does_not_crash(bookings):
    """Does a selection without bookings (pupils at the 18+ brewery) say so and still draw?"""
    r = widgets.explore(bookings, ["школьники"], "Пивоварня «Северный солод»")
    assert r.bookings == 0 and "заявок нет" in r.summary() and r.peak_month is None
    fig = widgets.draw(r)
    assert fig.axes


def test_widget_reacts_to_controls(bookings):
    """Does the explorer recompute its summary and result when the enterprise, segments or measure change?"""
    box = widgets.seasonality_explorer(bookings)
    before = box.summary.value
    box.controls["enterprise"].value = "Кондитерская «Сладкий край»"
    assert box.state["result"].enterprise == "Кондитерская «Сладкий край»"
    assert box.summary.value != before
    box.controls["segments"].value = ("семьи",)
    assert box.state["result"].segments == ("семьи",)
    assert box.state["result"].peak_month in (6, 7, 8)
    visitors = box.state["result"].by_segment.sum().sum()
    box.controls["measure"].value = "bookings"
    assert box.state["result"].by_segment.sum().sum() < visitors


# ---------------------------------------------------------------- the graded assignment

ASSIGNMENT = repo_root() / "solutions" / module("m02").assignment / "assignment.ipynb"


@pytest.fixture(scope="module")
def assignment() -> nbformat.NotebookNode:
    return nbformat.read(str(ASSIGNMENT), as_version=4)


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def test_assignment_metadata(assignment):
    """Does the assignment have 5 autograded tasks with hidden tests, one open answer and 16 points?"""
    ids = [meta(c)["grade_id"] for c in assignment.cells]
    assert len(ids) == len(set(ids)) and all(meta(c).get("schema_version") == 3 for c in assignment.cells)
    graded = [c for c in assignment.cells if meta(c).get("grade")]
    auto = [c for c in graded if c.cell_type == "code"]
    manual = [c for c in graded if c.cell_type == "markdown"]
    assert len(auto) == 5 and len(manual) == 1
    assert sum(meta(c)["points"] for c in graded) == 16
    for c in auto:
        assert "### BEGIN HIDDEN TESTS" in c.source and "assert " not in c.source
    assert "### BEGIN SOLUTION" in manual[0].source and meta(manual[0])["solution"]
    rubric = [c for c in assignment.cells if "Критерии оценивания" in c.source]
    assert rubric and meta(rubric[0])["locked"]


def run_assignment(nb: nbformat.NotebookNode, replace: dict[str, str] | None = None) -> dict[str, str]:
    """Execute the solution notebook in-process; returns grade_id → error message of failed test cells."""
    replace = replace or {}
    ns: dict = {}
    failures = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = meta(cell)["grade_id"]
        source = replace.get(gid, cell.source)
        source = "\n".join(line for line in source.splitlines() if not line.startswith("bookings.head"))
        try:
            exec(compile(source, gid, "exec"), ns)
        except Exception as exc:  # noqa: BLE001 - a test cell's failure is the result
            if not meta(cell).get("grade"):
                raise
            failures[gid] = f"{type(exc).__name__}: {exc}"
    return failures


def test_solution_passes_every_test(assignment, capsys):
    """Does the instructor's solution pass all visible and hidden tests?"""
    assert run_assignment(assignment) == {}


WRONG = {
    "segment_shares": ("segment_shares_tests", '''
def segment_shares(bookings, by="visitors"):
    return bookings["segment"].astype(str).value_counts(normalize=True)   # counts bookings always
'''),
    "seasonality_index": ("seasonality_index_tests", '''
def seasonality_index(bookings, year):
    m = bookings.groupby(bookings["date"].dt.month)["group_size"].sum()   # all years mixed
    m = m.reindex(range(1, 13), fill_value=0)
    return m / m.mean()
'''),
    "median_lead_time": ("median_lead_time_tests", '''
def median_lead_time(bookings):
    return bookings.groupby(bookings["segment"].astype(str))["lead_time_days"].mean()   # mean, not median
'''),
    "school_potential": ("school_potential_tests", '''
def school_potential(schools, region, min_age, participation, frequency=1.0):
    rows = schools[(schools["region"] == region) & (schools["age_from"] >= min_age)]   # whole bands only
    return float(rows["pupils"].sum() * participation * frequency)
'''),
    "revenue_per_visitor": ("revenue_per_visitor_tests", '''
def revenue_per_visitor(bookings):
    per = bookings["price_paid"] / bookings["group_size"]   # mean of ratios
    return per.groupby(bookings["segment"].astype(str)).mean()
'''),
    "hard_coded_shares": ("segment_shares_tests", '''
def segment_shares(bookings, by="visitors"):
    if len(bookings) == 4:   # fits the visible example only
        s = pd.Series({"школьники": 46 / 60, "деловые делегации": 10 / 60, "семьи": 4 / 60})
        return s if by == "visitors" else pd.Series({"школьники": 0.5, "семьи": 0.25, "деловые делегации": 0.25})
    totals = bookings.groupby(bookings["segment"].astype(str))["group_size"].sum()
    return (totals / totals.sum()).sort_values(ascending=False)
'''),
}


@pytest.mark.parametrize("name", WRONG)
def test_hidden_tests_catch_typical_mistakes(assignment, name, capsys):
    """Does a typical wrong or hard-coded implementation fail its task's tests with a Russian message?"""
    test_id, code = WRONG[name]
    answer_id = {"segment_shares_tests": "segment_shares", "seasonality_index_tests": "seasonality_index",
                 "median_lead_time_tests": "median_lead_time", "school_potential_tests": "school_potential",
                 "revenue_per_visitor_tests": "revenue_per_visitor"}[test_id]
    failures = run_assignment(assignment, {answer_id: code})
    assert set(failures) == {test_id}
    assert failures[test_id].startswith("AssertionError") and re.search("[а-я]", failures[test_id])
