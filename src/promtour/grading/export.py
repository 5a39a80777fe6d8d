"""Grades out of the gradebook: a CSV for the LMS and a table for the terminal."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..fsutil import atomic_write_bytes
from .course import Course

COLUMNS = (
    "student_id",
    "last_name",
    "first_name",
    "assignment",
    "score",
    "max_score",
    "auto_score",
    "manual_score",
    "needs_manual_grade",
    "late_seconds",
)


def export_csv(course: Course, path: Path, excel: bool = False) -> int:
    """Write one row per submission atomically; returns the number of rows.

    ``excel``: what Russian Excel opens as it is — UTF-8 with BOM, ``;`` and a decimal comma."""
    rows = course.scores()
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter=";" if excel else ",", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _excel(v) for k, v in row.items()} if excel else row)
    atomic_write_bytes(path, (("\ufeff" if excel else "") + buf.getvalue()).encode("utf-8"))
    return len(rows)


def _excel(value):
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def export_xlsx(course: Course, path: Path) -> int:
    """The same rows as an Excel workbook with Russian headers."""
    from openpyxl import Workbook

    rows = course.scores()
    wb = Workbook()
    ws = wb.active
    ws.title = "Оценки"
    ws.append([RUSSIAN[c] for c in COLUMNS])
    for r in rows:
        ws.append([r[c] for c in COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(path, buf.getvalue())
    return len(rows)


RUSSIAN = {
    "student_id": "Слушатель",
    "last_name": "Фамилия",
    "first_name": "Имя",
    "assignment": "Задание",
    "score": "Балл",
    "max_score": "Максимум",
    "auto_score": "Автопроверка",
    "manual_score": "Ручная оценка",
    "needs_manual_grade": "Ждёт ручной проверки",
    "late_seconds": "Опоздание, с",
}


def export_moodle(course: Course, assignment: str, worksheet: Path, out: Path) -> int:
    """Moodle's grading worksheet filled for one assignment; returns the participants graded."""
    from . import moodle

    sheet = moodle.read_worksheet(worksheet)
    with course.gradebook() as gb:
        emails = {s.email: s.id for s in gb.students if s.email}
    learners = moodle.participants_to_learners(sheet, emails)
    scores = {r["student_id"]: r for r in course.scores() if r["assignment"] == assignment}
    grades = {}
    for row in sheet.rows:
        pid = sheet.participant_id(row)
        r = scores.get(learners.get(pid, ""))
        if r is None or r["needs_manual_grade"] or not r["max_score"]:
            continue
        top = _number(row.get(sheet.columns.get("max_grade", ""), "")) or 100.0
        comment = (
            f"{r['score']:g} из {r['max_score']:g} баллов (автопроверка {r['auto_score']:g}, "
            f"паспорт и открытые ответы {r['manual_score']:g})"
        )
        grades[pid] = (round(r["score"] / r["max_score"] * top, 2), comment)
    return moodle.fill_worksheet(sheet, grades, out)


def _number(text: str) -> float | None:
    try:
        return float(str(text).replace(",", ".").replace("\xa0", "").replace(" ", ""))
    except ValueError:
        return None


def pivot(rows: list[dict]) -> tuple[list[str], dict[str, dict[str, dict]]]:
    """Assignments (columns) and student -> assignment -> row."""
    assignments = list(dict.fromkeys(r["assignment"] for r in rows))
    table: dict[str, dict[str, dict]] = {}
    for r in rows:
        table.setdefault(r["student_id"], {})[r["assignment"]] = r
    return assignments, table
