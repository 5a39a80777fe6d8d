"""Parallel autograde gives exactly the grades serial autograde gives."""

import shutil

import pytest
from mini_assignment import MINI

from promtour.grading.course import Course
from promtour.grading.parallel import autograde_many
from promtour.grading.synthetic import PROFILES
from promtour.grading.trial import submit_profile

pytestmark = pytest.mark.slow


def _scores(course):
    return {(r["student_id"], r["assignment"]): (r["auto_score"], r["score"]) for r in course.scores()}


def test_parallel_grades_equal_serial_grades_on_sqlite(mini_course, tmp_path):
    """With 2 workers on one SQLite gradebook: no 'database is locked', same grades as serial?"""
    students = [f"{p.name}-{i}" for p in PROFILES for i in range(2)]
    for s in students:
        submit_profile(mini_course, MINI, s, s.rsplit("-", 1)[0])
    twin_root = tmp_path / "twin"
    shutil.copytree(mini_course.root, twin_root)
    twin = Course(twin_root)
    jobs = [(MINI, s) for s in students]

    serial = list(autograde_many(mini_course, jobs, workers=1))
    parallel = list(autograde_many(twin, jobs, workers=2))

    assert all(r.ok for r in serial + parallel), [r for r in serial + parallel if not r.ok]
    assert _scores(mini_course) == _scores(twin)
    assert len(_scores(twin)) == len(students)
