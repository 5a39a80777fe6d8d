"""Shared fixtures. Test data is synthetic: no real learner appears anywhere in tests."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))

from mini_assignment import mini_source  # noqa: E402

from promtour.grading.course import Course  # noqa: E402

MINI = "m01-strategy"  # the mini assignment borrows the first module's id


def needs_system(tool: str, install_hint: str):
    """Skip on a laptop without ``tool``; under CI a missing tool is a failure."""
    if shutil.which(tool):
        return
    message = f"{tool} не найден: установите {install_hint}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def mini_course(tmp_path: Path) -> Course:
    """A scratch course whose only assignment is the two-task mini assignment, built."""
    course = Course(tmp_path / "course")
    src = course.notebook("source", MINI)
    src.parent.mkdir(parents=True)
    nbformat.write(mini_source(), str(src))
    assert course.build(MINI).ok
    return course
