"""Shared fixtures. Test data is synthetic: no real learner appears anywhere in tests."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))

from mini_assignment import MINI, mini_source  # noqa: E402
from systools import needs_system  # noqa: E402,F401  (fixtures use it; test modules import it from systools)

from promtour.grading.course import Course  # noqa: E402


@pytest.fixture
def mini_course(tmp_path: Path) -> Course:
    """A scratch course whose only assignment is the two-task mini assignment, built."""
    course = Course(tmp_path / "course")
    src = course.notebook("source", MINI)
    src.parent.mkdir(parents=True)
    nbformat.write(mini_source(), str(src))
    assert course.build(MINI).ok
    return course
