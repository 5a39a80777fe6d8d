"""Moodle round trip: «Скачать все ответы» in both layouts, worksheets in Russian and English,
grades written back for «Загрузить таблицу оценок». All participants are synthetic."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from mini_assignment import MINI
from typer.testing import CliRunner

from promtour.cli import app
from promtour.errors import KitError
from promtour.grading.intake import collect_zip

pytestmark = pytest.mark.slow
WHEN = (2026, 11, 30, 10, 0, 0)
LEARNERS = {"ivanova-m": "ivanova@example.org", "petrov-i": "petrov@example.org"}  # synthetic
RU = [
    "Идентификатор",
    "Полное имя",
    "Адрес электронной почты",
    "Статус",
    "Оценка",
    "Максимальная оценка",
    "Оценка может быть изменена",
    "Последнее изменение (оценка)",
    "Отзыв в виде комментария",
]
EN = [
    "Identifier",
    "Full name",
    "Email address",
    "Status",
    "Grade",
    "Maximum Grade",
    "Grade can be changed",
    "Last modified (grade)",
    "Feedback comments",
]
PEOPLE = [
    ("1201", "Иванова Мария", "Ivanova@Example.org"),
    ("1202", "Петров Илья", "petrov@example.org"),
    ("1203", "Сидоров Олег", "sidorov@example.org"),
]  # Сидоров is not on the roster


def _worksheet(path, header, word):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for pid, name, email in PEOPLE:
        w.writerow([f"{word} {pid}", name, email, "Ответ для оценки", "", "100,00", "Да", "-", ""])
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    return path


def _moodle_zip(path, nb_bytes, flat: bool):
    with zipfile.ZipFile(path, "w") as zf:
        for pid, name, _ in PEOPLE:
            prefix = f"{name}_{pid}_assignsubmission_file_"
            member = f"{prefix}Задание 1 ({pid}).ipynb" if flat else f"{prefix}/мой ответ.ipynb"
            zf.writestr(zipfile.ZipInfo(member, date_time=WHEN), nb_bytes)
    return path


@pytest.fixture
def roster_course(mini_course):
    with mini_course.gradebook() as gb:
        for lid, email in LEARNERS.items():
            gb.update_or_create_student(lid, email=email)
    return mini_course


@pytest.mark.parametrize("flat", [False, True], ids=["folders", "flat"])
@pytest.mark.parametrize("header, word", [(RU, "Участник"), (EN, "Participant")], ids=["ru", "en"])
def test_moodle_zip_maps_participants_to_learners(roster_course, tmp_path, flat, header, word):
    """Are Moodle's participants taken in under their roster ids (by e-mail, case aside), in either
    layout and with either language of the worksheet, and an unknown participant reported?"""
    nb = roster_course.notebook("release", MINI).read_bytes()
    archive = _moodle_zip(tmp_path / "moodle.zip", nb, flat)
    sheet = _worksheet(tmp_path / "sheet.csv", header, word)
    report = {r.student: r for r in collect_zip(roster_course, archive, MINI, worksheet=sheet)}
    assert report["ivanova-m"].ok and report["petrov-i"].ok
    unknown = [r for s, r in report.items() if "1203" in r.message]
    assert len(unknown) == 1 and not unknown[0].ok and "нет слушателя с его e-mail" in unknown[0].message
    assert sorted(roster_course.submitted_students(MINI)) == ["ivanova-m", "petrov-i"]


def test_moodle_zip_without_worksheet_is_refused(roster_course, tmp_path):
    """Does a Moodle zip without its worksheet stop with an explanation instead of guessing?"""
    archive = _moodle_zip(tmp_path / "moodle.zip", roster_course.notebook("release", MINI).read_bytes(), False)
    with pytest.raises(KitError, match="--worksheet"):
        collect_zip(roster_course, archive, MINI)


@pytest.mark.parametrize("header, word, grade", [(RU, "Участник", "100"), (EN, "Participant", "100")], ids=["ru", "en"])
def test_grades_go_back_into_the_worksheet(roster_course, tmp_path, header, word, grade):
    """Through the CLI: intake, autograde, grade by hand, then the worksheet filled with grade and
    comment for graded learners only, its other columns and rows untouched."""
    from promtour.grading.trial import submit_profile

    for lid in LEARNERS:
        submit_profile(roster_course, MINI, lid, "perfect")
        assert roster_course.autograde(MINI, lid).ok
    roster_course.set_manual_score(MINI, "ivanova-m", "explain", 1)  # petrov-i still waits
    sheet = _worksheet(tmp_path / "sheet.csv", header, word)
    out = tmp_path / "filled.csv"
    res = CliRunner().invoke(
        app,
        [
            "export",
            "--moodle",
            str(sheet),
            "-m",
            MINI,
            "--output",
            str(out),
            "--course",
            str(roster_course.root),
            "--db-url",
            roster_course.db_url,
        ],
    )
    assert res.exit_code == 0 and "1 участников оценено" in res.output, res.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r[header[0]] for r in rows] == [f"{word} {p[0]}" for p in PEOPLE]
    assert rows[0][header[4]] == grade and "6 из 6 баллов" in rows[0][header[8]]
    assert rows[1][header[4]] == "" and rows[2][header[4]] == ""
    assert all(r[header[5]] == "100,00" and r[header[3]] == "Ответ для оценки" for r in rows)


def test_excel_csv_and_xlsx_exports(roster_course, tmp_path):
    """Does Russian Excel get a BOM, «;» and a decimal comma, and does the XLSX hold the same rows?"""
    from openpyxl import load_workbook

    from promtour.grading.export import export_csv, export_xlsx
    from promtour.grading.trial import submit_profile

    submit_profile(roster_course, MINI, "ivanova-m", "partial")
    assert roster_course.autograde(MINI, "ivanova-m").ok
    path = tmp_path / "grades.csv"
    assert export_csv(roster_course, path, excel=True) == 1
    text = path.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    header, row = text.decode("utf-8-sig").splitlines()
    cells = row.split(";")
    assert header.startswith("student_id;") and cells[0] == "ivanova-m" and cells[8] in ("да", "нет")
    from promtour.grading.export import _excel

    assert _excel(2.5) == "2,5" and _excel(True) == "да"
    assert export_xlsx(roster_course, tmp_path / "grades.xlsx") == 1
    ws = load_workbook(tmp_path / "grades.xlsx").active
    assert [c.value for c in ws[1]][:2] == ["Слушатель", "Фамилия"] and ws["A2"].value == "ivanova-m"
