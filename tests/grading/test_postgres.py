"""The grading pipeline with its gradebook in a real PostgreSQL server (see tests/pg.py).

The same learners are graded three times: on PostgreSQL with two workers, on PostgreSQL
serially (URL from $PROMTOUR_DB_URL), on SQLite serially. Grades must agree with each other
and with what the synthetic submissions deserve.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from mini_assignment import MINI, mini_source
from pg import create_database, pg_cluster  # noqa: F401  (pg_cluster is a fixture)

from promtour.grading.course import Course
from promtour.grading.export import export_csv
from promtour.grading.parallel import autograde_many
from promtour.grading.report import build_report
from promtour.grading.trial import auto_score, submit_profile

pytestmark = pytest.mark.slow

LEARNERS = {
    "perfect-1": "perfect",
    "partial-1": "partial",
    "blank-1": "blank",
    "raising-1": "raising",
    "perfect-2": "perfect",
}


def _built(root: Path, db_url: str | None = None) -> Course:
    course = Course(root, db_url)
    src = course.notebook("source", MINI)
    src.parent.mkdir(parents=True)
    nbformat.write(mini_source(), str(src))
    result = course.build(MINI)
    assert result.ok, result.message
    return course


def _graded(course: Course, workers: int) -> dict[str, float]:
    """Submit every learner, autograde them all; returns the autograde score each deserves."""
    expected = {s: submit_profile(course, MINI, s, p) for s, p in LEARNERS.items()}
    results = list(autograde_many(course, [(MINI, s) for s in LEARNERS], workers=workers))
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    return expected


def _scores(course: Course) -> dict:
    return {
        (r["student_id"], r["assignment"]): (r["auto_score"], r["score"], r["max_score"], r["needs_manual_grade"])
        for r in course.scores()
    }


@pytest.fixture(scope="module")
def runs(pg_cluster, tmp_path_factory):  # noqa: F811
    base = tmp_path_factory.mktemp("pg")
    parallel = _built(base / "pg-parallel", create_database(pg_cluster))
    with pytest.MonkeyPatch.context() as mp:  # the serial run finds its gradebook the way a trainer's shell does
        mp.setenv("PROMTOUR_DB_URL", create_database(pg_cluster))
        serial = _built(base / "pg-serial")
    sqlite = _built(base / "sqlite", "sqlite:///" + str(base / "sqlite.db"))
    expected = _graded(parallel, workers=2)
    assert _graded(serial, workers=1) == expected
    assert _graded(sqlite, workers=1) == expected
    return {"parallel": parallel, "serial": serial, "sqlite": sqlite, "expected": expected}


def test_gradebooks_really_are_postgres(runs, pg_cluster):  # noqa: F811
    """Did nbgrader write its grades into PostgreSQL (and not fall back to a file)?"""
    for key in ("parallel", "serial"):
        course = runs[key]
        assert course.db_url.startswith("postgresql+psycopg://")
        assert not (course.root / "grading" / "gradebook.db").exists()
        with pg_cluster.connect(course.db_url.rsplit("/", 1)[1]) as conn:
            (n,) = conn.execute("SELECT count(*) FROM grade").fetchone()
        assert n == 3 * len(LEARNERS)  # two test cells and one open answer per learner


def test_parallel_serial_and_sqlite_grades_agree(runs):
    """Do two workers on PostgreSQL give the grades one worker gives, and SQLite gives?"""
    par, ser, lite = (_scores(runs[k]) for k in ("parallel", "serial", "sqlite"))
    assert len(par) == len(LEARNERS)
    assert par == ser == lite


def test_grades_are_what_submissions_deserve(runs):
    expected = runs["expected"]
    assert expected == {"perfect-1": 5, "partial-1": 2, "blank-1": 0, "raising-1": 2, "perfect-2": 5}
    for student, points in expected.items():
        assert auto_score(runs["parallel"], MINI, student) == points
        assert auto_score(runs["serial"], MINI, student) == points


def test_export_and_report_from_postgres(runs, tmp_path):
    """Is the grades CSV from PostgreSQL byte for byte the one from SQLite, and does the report build?"""
    assert export_csv(runs["parallel"], tmp_path / "pg.csv") == len(LEARNERS)
    assert export_csv(runs["sqlite"], tmp_path / "sqlite.csv") == len(LEARNERS)
    assert (tmp_path / "pg.csv").read_bytes() == (tmp_path / "sqlite.csv").read_bytes()
    html = build_report(runs["parallel"], tmp_path / "report")
    page = html.read_text(encoding="utf-8")
    assert "answer_tests" in page and "data:image/png;base64," in page
    assert runs["parallel"].db_url.split("@")[0].split(":")[-1] not in page  # the password stays out
