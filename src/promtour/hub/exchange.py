"""nbgrader's exchange and the trainer's course directory on this machine."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

from ..course import COURSE_ID
from ..paths import repo_root
from . import DEFAULT_EXCHANGE, DEFAULT_GROUP, DEFAULT_TRAINER
from .accounts import ensure_group, ensure_user, need_root
from .environment import UserEnv


def prepare_exchange(root: Path | str, trainer: str, group: str, course_id: str = COURSE_ID) -> Path:
    """nbgrader's exchange at ``root``, as its default exchange needs it.

    nbgrader requires the exchange root to be writable by everyone (it checks for mode 777
    and would chmod it), so the root is root-owned ``1777`` (sticky: nobody removes what
    another made); the course folder inside is made in advance, owned by the trainer, so no
    learner can take the course's name first. nbgrader itself makes ``outbound`` (0755),
    ``inbound`` (2733: learners drop, cannot list) and ``feedback`` (0711: fetched by hash).
    The folder holding the exchange, when it is ours (empty or only the exchange), is
    ``root:<group> 0750``: local users outside the course group cannot reach the exchange.
    """
    need_root("подготовить обмен nbgrader")
    root = Path(root)
    gate = root.parent
    gid = ensure_group(group)
    trainer_pw = pwd.getpwnam(trainer)
    gate.mkdir(parents=True, exist_ok=True)
    if {p.name for p in gate.iterdir()} <= {root.name, "hub"} and gate != Path("/"):
        os.chown(gate, 0, gid)
        gate.chmod(0o750)
    root.mkdir(exist_ok=True)
    os.chown(root, 0, 0)
    root.chmod(0o1777)
    course = root / course_id
    course.mkdir(exist_ok=True)
    os.chown(course, trainer_pw.pw_uid, trainer_pw.pw_gid)
    course.chmod(0o755)
    return root


def prepare_course(folder: Path | str, trainer: str, source: Path | None = None) -> Path:
    """The trainer's course directory: this repository's instructor sources of every module, an
    ``nbgrader_config.py``, owned by the trainer, closed to everyone else (solutions, gradebook)."""
    from ..grading.course import Course

    folder = Path(folder)
    pw = pwd.getpwnam(trainer)
    if not (folder / "solutions").is_dir():
        Course.scratch(folder, Course(source or repo_root()).assignments())
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, pw.pw_uid, pw.pw_gid, follow_symlinks=False)
    folder.chmod(0o700)
    return folder


def setup_machine(
    env: UserEnv,
    trainer: str = DEFAULT_TRAINER,
    group: str = DEFAULT_GROUP,
    exchange: Path = DEFAULT_EXCHANGE,
    course: Path | None = None,
) -> Path:
    """Group, trainer, the trainer's course, the exchange; returns the course directory."""
    need_root("подготовить машину для JupyterHub")
    ensure_group(group)
    pw = ensure_user(trainer, group)
    course = Path(course or Path(pw.pw_dir) / COURSE_ID)
    prepare_course(course, trainer)
    prepare_exchange(exchange, trainer, group)
    return course
