"""Moodle in and out: its «Скачать все ответы» zip and its offline grading worksheet.

The zip names each participant ``Фамилия Имя_<participant>_assignsubmission_file_`` — a folder
holding the files, or a prefix of flat file names. The worksheet (CSV, Russian or English
headers) maps «Идентификатор» (``Участник 1234``) to the participant's e-mail, and the e-mail
to a learner of the gradebook. The filled worksheet goes back through Moodle's «Загрузить
таблицу оценок»: the same columns, with «Оценка» and «Отзыв в виде комментария» filled.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import KitError
from ..fsutil import atomic_write_bytes

_PARTICIPANT = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?:file|onlinetext)_(?P<rest>.*)$")

# column role -> the header in a Russian and an English Moodle
HEADERS = {
    "identifier": ("Идентификатор", "Identifier"),
    "full_name": ("Полное имя", "Full name"),
    "email": ("Адрес электронной почты", "Email address"),
    "grade": ("Оценка", "Grade"),
    "max_grade": ("Максимальная оценка", "Maximum Grade"),
    "comment": ("Отзыв в виде комментария", "Feedback comments"),
}


def participant(path: PurePosixPath) -> tuple[str, str] | None:
    """(participant id, file name) of a member of Moodle's download-all zip, else None."""
    first = path.parts[0]
    m = _PARTICIPANT.match(first)
    if not m:
        return None
    if len(path.parts) > 1:  # folder layout: …_assignsubmission_file_/<file>
        return m["id"], path.parts[-1]
    return m["id"], m["rest"]  # flat layout: …_assignsubmission_file_<file>


@dataclass
class Worksheet:
    header: list[str]
    rows: list[dict[str, str]]
    columns: dict[str, str]  # role -> the header used in this file
    delimiter: str
    bom: bool

    def participant_id(self, row: dict[str, str]) -> str:
        return re.sub(r"\D", "", row[self.columns["identifier"]])

    def emails(self) -> dict[str, str]:
        """participant id -> e-mail (lower case)."""
        return {self.participant_id(r): r[self.columns["email"]].strip().lower() for r in self.rows}


def read_worksheet(path: Path) -> Worksheet:
    """Read Moodle's offline grading worksheet (UTF-8 with or without BOM, or cp1251)."""
    data = Path(path).read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = list(reader.fieldnames or [])
    columns = {}
    for role, names in HEADERS.items():
        found = next((h for h in header if h.strip() in names), None)
        if found is None and role in ("identifier", "email", "grade"):
            raise KitError(
                f"{Path(path).name}: нет столбца «{names[0]}» («{names[1]}») — это не таблица "
                "оценок Moodle (Задание → Просмотр всех ответов → Скачать таблицу оценок)"
            )
        if found is not None:
            columns[role] = found
    rows = list(reader)
    if not rows:
        raise KitError(f"{Path(path).name}: в таблице оценок нет участников")
    return Worksheet(header, rows, columns, delimiter, bom)


def participants_to_learners(sheet: Worksheet, learner_emails: dict[str, str]) -> dict[str, str]:
    """participant id -> learner id, through e-mail (``learner_emails``: e-mail -> learner id)."""
    known = {e.strip().lower(): lid for e, lid in learner_emails.items() if e}
    return {pid: known[email] for pid, email in sheet.emails().items() if email in known}


def fill_worksheet(sheet: Worksheet, grades: dict[str, tuple[float, str]], out: Path) -> int:
    """Write the worksheet back with grades and comments (participant id -> (grade, comment))."""
    filled = 0
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=sheet.header, delimiter=sheet.delimiter, lineterminator="\n")
    writer.writeheader()
    for row in sheet.rows:
        got = grades.get(sheet.participant_id(row))
        if got is not None:
            row = dict(row)
            row[sheet.columns["grade"]] = _moodle_number(got[0], comma=sheet.columns["grade"] == "Оценка")
            if "comment" in sheet.columns:
                row[sheet.columns["comment"]] = got[1]
            filled += 1
        writer.writerow(row)
    atomic_write_bytes(out, (("\ufeff" if sheet.bom else "") + buf.getvalue()).encode("utf-8"))
    return filled


def _moodle_number(value: float, comma: bool) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if comma else text  # the decimal separator of the site's language
