"""The roster: learners' ids, full Russian names and e-mails from CSV or XLSX.

Every problem in the file is collected with its row number (the row number a
spreadsheet shows; the header is usually row 1), so the organiser fixes the file once;
``fix=True`` repairs what is safe to repair (stray spaces, Latin look-alike letters in
Cyrillic words). Reading only: the certificates and the hub decide what to write where.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from promtour.errors import KitError

from .ids import id_problem
from .names import Learner, fix_lookalikes, name_problems, normalise_spaces

FIELDS = ("learner_id", "last_name", "first_name", "patronymic", "email")
FIELD_RU = {
    "learner_id": "id",
    "last_name": "фамилия",
    "first_name": "имя",
    "patronymic": "отчество",
    "email": "e-mail",
    "fio": "ФИО",
}
_ALIASES = {
    "learner_id": {"id", "learnerid", "studentid", "идентификатор", "idслушателя", "логин", "login", "код"},
    "last_name": {"фамилия", "lastname", "surname", "familyname"},
    "first_name": {"имя", "firstname", "givenname"},
    "patronymic": {"отчество", "patronymic", "middlename"},
    "email": {"email", "mail", "почта", "электроннаяпочта", "элпочта", "адресэлектроннойпочты"},
    "fio": {"фио", "fullname", "фамилияимяотчество"},
}
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class RosterError(KitError):
    """The roster file as a whole cannot be read (missing, wrong format, no header); Russian."""


@dataclass(frozen=True)
class RowIssue:
    row: int
    message: str
    learner_id: str = ""


@dataclass
class RosterReport:
    path: Path
    learners: list[Learner] = field(default_factory=list)  # rows without errors
    errors: list[RowIssue] = field(default_factory=list)
    fixed: list[RowIssue] = field(default_factory=list)
    rows: int = 0
    imported: int = 0
    encoding: str = "utf-8"  # how the file was read (cp1251 is recognised by itself)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})


# ---- reading -------------------------------------------------------------------


def read_table(path: Path, encoding: str | None = None) -> tuple[list[tuple[int, list[str]]], list[RowIssue]]:
    """(row number, cells) for every non-empty, non-comment row; plus encoding problems.

    Without ``encoding``, a CSV is read as UTF-8, or as cp1251 when no line of it is UTF-8 text
    (what Russian Excel saves); a file that mixes the two is reported line by line."""
    path = Path(path)
    if not path.exists():
        raise RosterError(f"Нет файла {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path), []
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, encoding)
    raise RosterError(f"Список слушателей должен быть .csv или .xlsx, а не «{path.name}»")


def _read_csv(path: Path, encoding: str | None) -> tuple[list[tuple[int, list[str]]], list[RowIssue]]:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    issues: list[RowIssue] = []
    lines: list[str] = []
    if encoding is None and _whole_cp1251(data):
        encoding = "cp1251"
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        if encoding:
            try:
                lines.append(raw.decode(encoding))
            except (UnicodeDecodeError, LookupError):
                raise RosterError(f"{path.name}: строка {number} не читается в кодировке {encoding}") from None
            continue
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            text = raw.decode("cp1251", errors="replace")
            lines.append(text)
            guess = "похоже на cp1251 (Windows)" if re.search("[А-Яа-я]", text) else "неизвестная кодировка"
            issues.append(RowIssue(number, f"строка не в UTF-8, {guess}: «{text.strip()[:40]}»"))
    content = [("\n" if ln.lstrip().startswith("#") else ln) for ln in lines]
    header = next((ln for ln in content if ln.strip()), "")
    delimiter = max((";", ",", "\t"), key=header.count)
    reader = csv.reader(content, delimiter=delimiter)
    rows = [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    return rows, issues


def csv_encoding(path: Path) -> str:
    """The encoding :func:`read_table` reads a CSV in when none is given."""
    data = Path(path).read_bytes()
    return "cp1251" if _whole_cp1251(data.removeprefix(b"\xef\xbb\xbf")) else "utf-8"


def _whole_cp1251(data: bytes) -> bool:
    """No line is non-ASCII UTF-8, some line is not UTF-8, and all of it is cp1251 Cyrillic text."""
    lines = data.splitlines()
    utf8_text = 0
    broken = 0
    for raw in lines:
        try:
            utf8_text += not raw.decode("utf-8").isascii()
        except UnicodeDecodeError:
            broken += 1
    if utf8_text or not broken:
        return False
    try:
        return bool(re.search("[А-Яа-яЁё]", data.decode("cp1251")))
    except UnicodeDecodeError:
        return False


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile/openpyxl errors: one line for the organiser
        raise RosterError(f"{path.name}: не удалось открыть как XLSX ({exc})") from None
    rows = []
    try:
        for number, values in enumerate(wb.active.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            rows.append((number, cells))
    finally:
        wb.close()
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _columns(header: list[str], path: Path) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, name in enumerate(header):
        key = re.sub(r"[\s_.\-]", "", name.replace("\ufeff", "")).casefold()
        for fld, aliases in _ALIASES.items():
            if key in aliases and fld not in cols:
                cols[fld] = i
    has_names = ("last_name" in cols and "first_name" in cols) or "fio" in cols
    missing = [FIELD_RU[f] for f in ("learner_id", "email") if f not in cols]
    if not has_names:
        missing.append("фамилия и имя (или ФИО)")
    if missing:
        raise RosterError(
            f"{path.name}: в заголовке нет столбцов: {', '.join(missing)}. "
            f"Найдены: {', '.join(h for h in header if h.strip()) or 'ничего'}. "
            "Нужны: id; фамилия; имя; отчество; email"
        )
    return cols


# ---- checking ------------------------------------------------------------------


def check_roster(
    path: Path | str, fix: bool = False, known_ids: set[str] | None = None, encoding: str | None = None
) -> RosterReport:
    """Read and check every row; nothing is written."""
    path = Path(path)
    rows, encoding_issues = read_table(path, encoding)
    report = RosterReport(path=path)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        report.encoding = encoding or csv_encoding(path)
    report.errors.extend(encoding_issues)
    if not rows:
        raise RosterError(f"{path.name}: файл пуст")
    (_, header), body = rows[0], rows[1:]
    cols = _columns(header, path)
    report.rows = len(body)
    seen: dict[str, list[int]] = defaultdict(list)
    parsed: list[tuple[int, Learner]] = []
    bad: set[int] = {i.row for i in encoding_issues}
    for number, cells in body:
        learner, errors, fixes = _check_row(number, cells, cols, fix, known_ids)
        report.errors.extend(errors)
        report.fixed.extend(fixes)
        if errors:
            bad.add(number)
        if learner.learner_id:
            seen[learner.learner_id.casefold()].append(number)
        parsed.append((number, learner))
    for numbers in seen.values():
        if len(numbers) > 1:
            for n in numbers:
                lid = next(le.learner_id for m, le in parsed if m == n)
                others = ", ".join(str(m) for m in numbers if m != n)
                report.errors.append(RowIssue(n, f"id «{lid}» повторяется (также в строке {others})", lid))
                bad.add(n)
    report.errors.sort(key=lambda e: e.row)
    report.learners = [le for n, le in parsed if n not in bad]
    return report


def _check_row(
    number: int, cells: list[str], cols: dict[str, int], fix: bool, known_ids: set[str] | None
) -> tuple[Learner, list[RowIssue], list[RowIssue]]:
    def cell(fld: str) -> str:
        i = cols.get(fld)
        # NFC: a "й" typed on some systems arrives as "и" + a combining breve
        return unicodedata.normalize("NFC", cells[i]) if i is not None and i < len(cells) else ""

    errors: list[RowIssue] = []
    fixes: list[RowIssue] = []
    lid_raw = cell("learner_id")
    lid = lid_raw.strip()

    def err(msg: str) -> None:
        errors.append(RowIssue(number, msg, lid))

    if not lid:
        err("нет id слушателя")
    elif lid != lid_raw and not fix:
        err(f"лишние пробелы в id: «{lid_raw}»")
    elif (problem := id_problem(lid)) is not None:
        err(problem)
    elif known_ids is not None and lid not in known_ids:
        err(f"неизвестный id «{lid}»: такого слушателя нет в журнале оценок")

    if "fio" in cols and not (cell("last_name") or cell("first_name")):
        words = normalise_spaces(cell("fio")).split(" ")
        parts = {
            "last_name": words[0] if words else "",
            "first_name": words[1] if len(words) > 1 else "",
            "patronymic": " ".join(words[2:]),
        }
        raw_parts = dict(parts)
        if cell("fio") != normalise_spaces(cell("fio")) and not fix:
            err(f"лишние пробелы в ФИО: «{cell('fio')}»")
    else:
        raw_parts = {f: cell(f) for f in ("last_name", "first_name", "patronymic")}
    names: dict[str, str] = {}
    for fld, value in raw_parts.items():
        label = FIELD_RU[fld]
        if not value.strip():
            if fld != "patronymic":
                err(f"нет поля «{label}»")
            names[fld] = ""
            continue
        if fix:
            fixed = fix_lookalikes(normalise_spaces(value))
            if fixed != value:
                fixes.append(RowIssue(number, f"{label}: «{value}» → «{fixed}»", lid))
            value = fixed
        for problem in name_problems(value):
            err(f"{label}: {problem}")
        names[fld] = value

    email_raw = cell("email")
    email = email_raw.strip()
    if not email:
        err("нет e-mail")
    elif email != email_raw and not fix:
        err(f"лишние пробелы в e-mail: «{email_raw}»")
    elif not _EMAIL_RE.fullmatch(email):
        err(f"некорректный e-mail «{email}»")
    learner = Learner(lid, names.get("last_name", ""), names.get("first_name", ""), names.get("patronymic", ""), email)
    return learner, errors, fixes
