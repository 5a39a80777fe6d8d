"""Importing learners' notebooks into ``grading/submitted``: from a folder or an LMS zip.

Folder layouts (one learner per subfolder, named by the learner's id)::

    FOLDER/<student_id>/<any name>.ipynb
    FOLDER/<student_id>/<assignment_id>/<any name>.ipynb

Zip layouts (what LMS exports look like once simplified)::

    <student_id>/…/<any name>.ipynb          a folder per learner, any depth
    <student_id>_<any name>.ipynb            flat; the id ends at the first underscore

and Moodle's «Скачать все ответы» as it is (``Фамилия Имя_<participant>_assignsubmission_file_``
folders or file-name prefixes), with its grading worksheet mapping participants to learners by
e-mail (:mod:`.moodle`).

Any notebook name is accepted (it becomes ``assignment.ipynb``). When a learner has several
notebooks, the newest is taken and the others are reported. With a deadline, late
submissions are reported and nbgrader's late-penalty settings apply to them.
"""

from __future__ import annotations

import functools
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import nbformat

from ..errors import KitError
from ..learners import id_problem
from . import moodle
from .course import Course, read_notebook

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024  # a graded notebook without outputs is far smaller
_FLAT = re.compile(r"^(?P<id>[A-Za-z0-9][A-Za-z0-9.-]*)_.*\.ipynb$")


@dataclass(frozen=True)
class Intake:
    student: str
    ok: bool
    message: str


@dataclass(frozen=True)
class Candidate:
    student: str
    name: str
    when: datetime
    read: Callable[[], nbformat.NotebookNode]  # may raise KitError


def _accept(course: Course, assignment: str, student: str, found: list[Candidate], deadline: datetime | None) -> Intake:
    """Submit the newest of a learner's notebooks; say what else happened."""
    if (problem := id_problem(student)) is not None:
        return Intake(student, False, problem)
    if not found:
        return Intake(student, False, "нет блокнота .ipynb")
    found = sorted(found, key=lambda c: c.when, reverse=True)
    newest = found[0]
    try:
        nb = newest.read()
    except KitError as exc:
        return Intake(student, False, str(exc))
    course.submit(assignment, student, nb, timestamp=newest.when)
    notes = [f"принят {newest.name}"]
    if len(found) > 1:
        notes.append(f"взят самый новый из {len(found)}; пропущены: {', '.join(c.name for c in found[1:])}")
    if deadline and newest.when > deadline:
        notes.append(f"сдан с опозданием на {_late(newest.when - deadline)}")
    return Intake(student, True, "; ".join(notes))


def _late(delta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} ч" if hours < 48 else f"{hours / 24:.1f} дн"


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def collect_folder(course: Course, folder: Path, assignment: str, deadline: datetime | None = None) -> list[Intake]:
    folder = Path(folder)
    if not folder.is_dir():
        raise KitError(f"Папка {folder} не найдена")
    results = []
    for student_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        nested = student_dir / assignment
        where = nested if nested.is_dir() else student_dir
        found = [
            Candidate(student_dir.name, p.name, _mtime(p), functools.partial(read_notebook, p))
            for p in sorted(where.glob("*.ipynb"))
            if not p.name.startswith(".")
        ]
        if len(found) > 1:  # in a folder, several notebooks are ambiguous rather than versions
            results.append(Intake(student_dir.name, False, f"несколько блокнотов: {', '.join(c.name for c in found)}"))
            continue
        results.append(_accept(course, assignment, student_dir.name, found, deadline))
    if not results:
        raise KitError(f"В {folder} нет папок слушателей (ожидается FOLDER/<id слушателя>/*.ipynb)")
    _register_deadline(course, assignment, deadline)
    return results


def collect_zip(
    course: Course, archive: Path, assignment: str, deadline: datetime | None = None, worksheet: Path | None = None
) -> list[Intake]:
    try:
        zf = zipfile.ZipFile(archive)
    except FileNotFoundError:
        raise KitError(f"Архив {archive} не найден") from None
    except zipfile.BadZipFile:
        raise KitError(f"{archive}: не zip-архив или архив повреждён") from None
    by_student: dict[str, list[Candidate]] = {}
    skipped: list[Intake] = []
    moodle_ids = _moodle_learners(course, worksheet) if worksheet else None
    with zf:
        for info in zf.infolist():
            path = PurePosixPath(info.filename)
            if path.is_absolute() or ".." in path.parts:
                skipped.append(Intake(info.filename, False, "недопустимый путь в архиве — пропущен"))
                continue
            if info.is_dir() or any(part.startswith(("__MACOSX", ".")) for part in path.parts):
                continue
            if path.suffix != ".ipynb":
                skipped.append(Intake(info.filename, False, "не блокнот .ipynb — пропущен"))
                continue
            found = moodle.participant(path)
            if found is not None:
                if moodle_ids is None:
                    raise KitError(
                        f"{archive}: это архив Moodle (участник {found[0]}) — укажите таблицу оценок "
                        "Moodle: --worksheet <файл .csv>, по ней участники сопоставляются со слушателями"
                    )
                student = moodle_ids.get(found[0])
                if student is None:
                    skipped.append(
                        Intake(
                            info.filename,
                            False,
                            f"участник Moodle {found[0]}: нет слушателя с его "
                            "e-mail в журнале оценок (импортируйте список слушателей)",
                        )
                    )
                    continue
            else:
                student = path.parts[0] if len(path.parts) > 1 else (m["id"] if (m := _FLAT.match(path.name)) else None)
            if student is None:
                skipped.append(
                    Intake(info.filename, False, "не понять, чей это блокнот: нужен <id>/… или <id>_….ipynb")
                )
                continue
            when = datetime(*info.date_time, tzinfo=UTC)
            by_student.setdefault(student, []).append(
                Candidate(student, info.filename, when, functools.partial(_read_member, zf, info))
            )
        results = [_accept(course, assignment, s, found, deadline) for s, found in sorted(by_student.items())]
    if not results and not skipped:
        raise KitError(f"{archive}: в архиве нет блокнотов")
    _register_deadline(course, assignment, deadline)
    return results + skipped


def _moodle_learners(course: Course, worksheet: Path) -> dict[str, str]:
    """Moodle participant id -> learner id, through the worksheet's e-mails and the gradebook's."""
    sheet = moodle.read_worksheet(worksheet)
    with course.gradebook() as gb:
        emails = {s.email: s.id for s in gb.students if s.email}
    return moodle.participants_to_learners(sheet, emails)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> nbformat.NotebookNode:
    if info.file_size > MAX_NOTEBOOK_BYTES:
        raise KitError(f"{info.filename}: {info.file_size // 2**20} МБ — слишком большой блокнот")
    try:
        return nbformat.reads(zf.read(info).decode("utf-8"), as_version=4)
    except (UnicodeDecodeError, json.JSONDecodeError, nbformat.reader.NotJSONError) as exc:
        raise KitError(f"{info.filename}: не читается как блокнот Jupyter ({type(exc).__name__})") from None


def _register_deadline(course: Course, assignment: str, deadline: datetime | None) -> None:
    """nbgrader computes lateness from the assignment's due date in the gradebook."""
    if deadline:
        with course.gradebook() as gb:
            gb.update_or_create_assignment(assignment, duedate=deadline.replace(tzinfo=None))
