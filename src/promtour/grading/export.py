"""Grades out of the gradebook: a CSV for the LMS and a table for the terminal."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from .course import Course

COLUMNS = ("student_id", "last_name", "first_name", "assignment", "score", "max_score",
           "auto_score", "manual_score", "needs_manual_grade", "late_seconds")


def export_csv(course: Course, path: Path) -> int:
    """Write one row per submission atomically; returns the number of rows."""
    rows = course.scores()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)
    return len(rows)


def pivot(rows: list[dict]) -> tuple[list[str], dict[str, dict[str, dict]]]:
    """Assignments (columns) and student -> assignment -> row."""
    assignments = list(dict.fromkeys(r["assignment"] for r in rows))
    table: dict[str, dict[str, dict]] = {}
    for r in rows:
        table.setdefault(r["student_id"], {})[r["assignment"]] = r
    return assignments, table
