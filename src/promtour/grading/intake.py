"""Importing learners' notebooks from a plain folder into ``grading/submitted``.

Accepted layouts (one learner per subfolder, named by the learner's id)::

    FOLDER/<student_id>/<any name>.ipynb
    FOLDER/<student_id>/<assignment_id>/<any name>.ipynb
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import KitError
from .course import STUDENT_ID, Course, read_notebook


@dataclass(frozen=True)
class Intake:
    student: str
    ok: bool
    message: str


def _candidates(student_dir: Path, assignment: str) -> list[Path]:
    nested = student_dir / assignment
    where = nested if nested.is_dir() else student_dir
    return sorted(p for p in where.glob("*.ipynb") if not p.name.startswith("."))


def collect_folder(course: Course, folder: Path, assignment: str) -> list[Intake]:
    folder = Path(folder)
    if not folder.is_dir():
        raise KitError(f"Папка {folder} не найдена")
    results = []
    for student_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        student = student_dir.name
        if not STUDENT_ID.match(student):
            results.append(Intake(student, False, "имя папки не годится как id слушателя"))
            continue
        found = _candidates(student_dir, assignment)
        if len(found) != 1:
            what = "нет блокнота .ipynb" if not found else f"несколько блокнотов: {', '.join(p.name for p in found)}"
            results.append(Intake(student, False, what))
            continue
        try:
            nb = read_notebook(found[0])
        except KitError as exc:
            results.append(Intake(student, False, str(exc)))
            continue
        mtime = datetime.fromtimestamp(found[0].stat().st_mtime, tz=timezone.utc)
        course.submit(assignment, student, nb, timestamp=mtime)
        results.append(Intake(student, True, f"принят {found[0].name}"))
    if not results:
        raise KitError(f"В {folder} нет папок слушателей (ожидается FOLDER/<id слушателя>/*.ipynb)")
    return results
