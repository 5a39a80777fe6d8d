"""The learners' bundle holds what learners need and nothing of the instructor's."""

from __future__ import annotations

import pytest

from promtour.bundle import build_bundle, leaked
from promtour.course import INTRO, MODULES
from promtour.errors import KitError
from promtour.paths import repo_root


def test_bundle_has_the_learner_material_and_no_instructor_material(tmp_path):
    """Lessons, student versions, data and package are in; solutions, hidden tests, grading, tests are out."""
    out = tmp_path / "learners"
    build_bundle(out)
    for m in (INTRO, *MODULES):
        assert (out / m.lesson).is_file()
    for m in MODULES:
        assert (out / "assignments" / m.assignment / "assignment.ipynb").is_file()
    assert (out / "src" / "promtour" / "world.py").is_file() and (out / "data" / "bookings.csv").is_file()
    assert (out / "pyproject.toml").is_file() and "эталонных решений" in (out / "README.md").read_text(
        encoding="utf-8"
    ).lower()
    for absent in ("solutions", "grading", "tests", "certificates", ".git"):
        assert not (out / absent).exists(), absent
    texts = " ".join(p.read_text(encoding="utf-8") for p in out.rglob("*.ipynb"))
    assert "BEGIN HIDDEN TESTS" not in texts and "BEGIN SOLUTION" not in texts
    assert not list(out.rglob("__pycache__"))


def test_bundle_refuses_to_overwrite_and_to_leak(tmp_path, monkeypatch):
    """Is an existing folder refused, and is a bundle with an instructor notebook never finished?"""
    (tmp_path / "taken").mkdir()
    with pytest.raises(KitError, match="уже существует"):
        build_bundle(tmp_path / "taken")
    monkeypatch.setattr("promtour.bundle.INCLUDED", ("solutions",))
    with pytest.raises(KitError, match="решения или скрытые тесты"):
        build_bundle(tmp_path / "leaky", repo_root())
    assert not (tmp_path / "leaky").exists() and not (tmp_path / "leaky.partial").exists()
    assert leaked(repo_root() / "solutions")  # the scan does see instructor notebooks
