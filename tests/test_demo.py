"""`make demo`: the trainer's whole cycle, end to end, on synthetic learners."""

import csv

import pytest
from rich.console import Console

from promtour.course import MODULES
from promtour.demo import LEARNERS, MARKER, run
from promtour.errors import KitError

pytestmark = pytest.mark.slow


def test_demo_grades_every_learner_as_deserved(tmp_path):
    """Does the demo build all six assignments, grade four synthetic learners on each as their
    notebooks deserve, and leave feedback and a grades CSV where it says?"""
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
    assert str(folder / "grading" / "grades.csv") in console.export_text()
    assert (folder / "grading" / "report" / "report.html").is_file()
    assert len(list((folder / "certificates" / "issued").glob("*.pdf"))) == 2  # perfect and raising pass


def test_demo_refuses_a_folder_that_is_not_its_own(tmp_path):
    """Does the demo refuse to wipe a folder it did not create?"""
    (tmp_path / "precious.txt").write_text("data", encoding="utf-8")
    with pytest.raises(KitError, match="не трогаю"):
        run(tmp_path, Console())
    assert (tmp_path / "precious.txt").exists() and not (tmp_path / MARKER).exists()
