"""The trainer's passport commands on a real graded course: show --json, export, defend."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from promtour.cli import app
from promtour.course import MODULES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Module 1 only: the model answer submitted by one synthetic learner and autograded."""
    from promtour.grading.course import Course
    from promtour.grading.trial import grade_manually, submit_profile

    course = Course.scratch(tmp_path_factory.mktemp("pp") / "course", ["m01-strategy"])
    assert course.build("m01-strategy").ok
    with course.gradebook() as gb:
        gb.update_or_create_student("s001", first_name="Анна", last_name="Образцова")
    submit_profile(course, "m01-strategy", "s001", "perfect")
    assert course.autograde("m01-strategy", "s001").ok
    grade_manually(course, "m01-strategy", "s001", 1.0)
    return course


def _run(course, *args):
    return CliRunner().invoke(app, ["passport", *args, "--course", str(course.root), "--db-url", course.db_url])


def test_show_json_lists_every_module(graded):
    res = _run(graded, "show", "s001", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["learner"] == "s001" and data["enterprise"] == "Приреченский металлургический комбинат"
    assert [s["module"] for s in data["sections"]] == [m.key for m in MODULES]
    first, rest = data["sections"][0], data["sections"][1:]
    assert first["filled"] and first["score"] == first["max"] == 10
    assert not any(s["filled"] for s in rest)


def test_export_and_defend(graded):
    res = _run(graded, "export", "s001")
    assert res.exit_code == 0, res.output
    assert (graded.root / "grading" / "passports" / "passport-s001.pdf").is_file()
    bad = _run(graded, "defend", "s001", "logic=3", "safety=9", "numbers=2", "offer=2")
    assert bad.exit_code == 1 and "от 0 до 3" in bad.output
    ok = _run(graded, "defend", "s001", "logic=3", "safety=2.5", "numbers=2", "offer=1.5", "--comment", "уверенно")
    assert ok.exit_code == 0 and "9 из 10" in ok.output and "Сталь рождается здесь" in ok.output
