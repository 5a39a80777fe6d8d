"""Fixtures for the certificate tests (helpers live in certhelpers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from certhelpers import LEARNERS, REPO, Course, GradebookBuilder, put_roster

from promtour.certificates import load_config
from promtour.certificates.keys import init_keys
from promtour.course import MODULES


@pytest.fixture(scope="session")
def gradebook_template(tmp_path_factory) -> Path:
    """Creating a gradebook runs nbgrader's alembic (seconds): do it once, copy per test."""
    path = tmp_path_factory.mktemp("gradebook") / "template.db"
    GradebookBuilder(f"sqlite:///{path}")
    return path


@pytest.fixture
def gradebook(tmp_path, gradebook_template) -> GradebookBuilder:
    """An empty course gradebook: six assignments, no students."""
    path = tmp_path / "gradebook.db"
    shutil.copy(gradebook_template, path)
    return GradebookBuilder(f"sqlite:///{path}", setup=False)


@pytest.fixture
def cfg(tmp_path):
    """The repository's config.toml with every file under a temp dir, and the thresholds these tests
    are written for (module 60 %, overall 70 %), whatever an organiser sets in the shipped file."""
    shipped = load_config(REPO / "certificates" / "config.toml").with_paths(tmp_path / "certs")
    return shipped.replace(
        pass_marks={m.assignment: 60.0 for m in MODULES},
        overall_pass=70.0,
        distinction=90.0,
        passport_marks={m.key: 60.0 for m in MODULES},
        defence_pass=60.0,
    )


@pytest.fixture
def keyed_cfg(cfg):
    init_keys(cfg)
    return cfg


@pytest.fixture
def course(keyed_cfg, gradebook) -> Course:
    """Keys, roster of LEARNERS, all of whom completed everything except s004 (module 6 missing)."""
    put_roster(keyed_cfg)
    for le in LEARNERS[:3]:
        gradebook.complete(le.learner_id, 95.0 if le.learner_id == "s003" else 80.0)
    for m in MODULES[:-1]:
        gradebook.submit("s004", m.assignment, 90.0)
    gradebook.defend("s004")
    return Course(keyed_cfg, gradebook)
