"""`make demo`: the trainer's whole cycle, end to end, on synthetic learners."""

import csv

import pytest
from rich.console import Console

from promtour.course import MODULES
from promtour.demo import LEARNERS, MARKER, run
from promtour.errors import KitError

pytestmark = pytest.mark.slow


def test_demo_grades_every_learner_as_deserved(tmp_path):
    """Does the demo build all six assignments, grade five synthetic learners on each as their
    notebooks deserve, leave feedback and a grades CSV where it says, refuse the coder who left the
    passport blank for that reason, and build the eligible learners' passports?"""
    folder = tmp_path / "demo"
    console = Console(record=True, width=160)
    trials = run(folder, console)
    assert len(trials) == len(MODULES) * len(LEARNERS)
    assert all(t.as_expected for t in trials), [t for t in trials if not t.as_expected]
    by_profile = {p: [t for t in trials if t.profile == p] for p in ("perfect", "blank")}
    assert all(t.actual == t.max_auto > 0 for t in by_profile["perfect"])
    assert all(t.actual == 0 for t in by_profile["blank"])
    rows = list(csv.DictReader((folder / "grading" / "grades.csv").open(encoding="utf-8")))
    assert len(rows) == len(trials)
    assert len(list((folder / "grading" / "feedback").rglob("*.html"))) == len(trials)
    text = console.export_text()
    assert str(folder / "grading" / "grades.csv") in text
    assert (folder / "grading" / "report" / "report.html").is_file()
    assert len(list((folder / "certificates" / "issued").glob("*.pdf"))) == 2  # perfect and raising pass
    assert "demo-05" in text and "✘ не допущен: модуль 1, паспорт" in text  # the coder without a passport
    passports = folder / "grading" / "passports"
    assert sorted(p.name for p in passports.iterdir()) == [
        "passport-demo-01.docx",
        "passport-demo-01.pdf",
        "passport-demo-04.docx",
        "passport-demo-04.pdf",
    ]
    assert str(passports / "passport-demo-01.pdf") in text

    from promtour.grading.course import Course
    from promtour.passport.extract import passport_of

    shown = passport_of(Course(folder), "demo-01").as_json()
    assert [s["module"] for s in shown["sections"]] == [m.key for m in MODULES]
    assert all(s["filled"] and s["score"] == s["max"] > 0 for s in shown["sections"])
    assert all(p["exhibits"] > 0 for s in shown["sections"] for p in s["parts"])  # tables and figures too
    assert shown["enterprise"] == "Приреченский металлургический комбинат" and shown["product"]
    coder = passport_of(Course(folder), "demo-05").as_json()
    assert not any(s["filled"] for s in coder["sections"]) and all(s["score"] == 0 for s in coder["sections"])


def test_demo_refuses_a_folder_that_is_not_its_own(tmp_path):
    """Does the demo refuse to wipe a folder it did not create?"""
    (tmp_path / "precious.txt").write_text("data", encoding="utf-8")
    with pytest.raises(KitError, match="не трогаю"):
        run(tmp_path, Console())
    assert (tmp_path / "precious.txt").exists() and not (tmp_path / MARKER).exists()
