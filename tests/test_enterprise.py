"""The real-enterprise track: a learner's own enterprise profile, its template and its checks."""

from __future__ import annotations

import dataclasses

import pytest

from promtour import world
from promtour.enterprise import FIELDS, choose, read_profile, write_template
from promtour.errors import KitError

OWN = dataclasses.replace(
    world.enterprise("SLK"),
    id="MY1",
    name="Пекарня «Колос» (синтетический пример)",
    short="«Колос»",
    town="Озёрск",
    employees=48,
    max_group=10,
)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_template_round_trip(tmp_path, suffix):
    """Does a filled template (CSV or XLSX) read back as exactly the profile that was written?"""
    path = write_template(tmp_path / f"my.{suffix}", OWN)
    assert read_profile(path) == OWN
    assert choose(str(path)) == OWN  # what a learner writes in the notebook


def test_choose_a_world_enterprise_or_refuse():
    """Is a world code accepted in any case, and a typo refused with the list of codes?"""
    assert choose("pmk") == world.model_enterprise()
    with pytest.raises(KitError, match="PMK, MAG, SLK, AZT, GES, IZR"):
        choose("ПМК")


def _csv(tmp_path, rows, encoding="utf-8"):
    """A CSV as Excel saves it: ``;``, fields with ``;`` quoted."""
    import csv
    import io

    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\n")
    writer.writerow(["код", "поле", "значение", "пояснение"])
    writer.writerows(rows)
    path = tmp_path / "mine.csv"
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def _filled_rows(**changes):
    from promtour.enterprise import template_rows

    return [[code, label, changes.get(code, value), ""] for code, label, value, _ in template_rows(OWN)]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"employees": "много"}, "поле «Сотрудников»: ожидалось целое число, а записано «много»"),
        ({"max_group": "0"}, "меньше допустимого (1)"),
        ({"photo": "можно"}, "допустимо одно из: разрешено, с ограничениями, запрещено"),
        ({"opens": "9.00"}, "время пишется как ЧЧ:ММ"),
        ({"opens": "18:00"}, "должен быть раньше"),
        ({"museum": "возможно"}, "ожидалось «да» или «нет»"),
        ({"id": "Мой"}, "2–8 латинских букв или цифр"),
        ({"tours_last_year": "0"}, "гости за прошлый год есть"),
        ({"name": ""}, "не заполнены поля: Полное название"),
    ],
)
def test_malformed_profile_gets_a_clear_russian_error(tmp_path, changes, message):
    """Does each kind of mistake in an own-enterprise file name the field and what is wrong?"""
    with pytest.raises(KitError) as err:
        read_profile(_csv(tmp_path, _filled_rows(**changes)))
    assert message in str(err.value)


def test_structure_errors(tmp_path):
    """Are a foreign header, an unknown code, a short row and a missing file refused clearly?"""
    bad = tmp_path / "bad.csv"
    bad.write_text("name,value\nx,1\n", encoding="utf-8")
    with pytest.raises(KitError, match="первая строка должна быть заголовком"):
        read_profile(bad)
    with pytest.raises(KitError, match="неизвестный код «salary»"):
        read_profile(_csv(tmp_path, [*_filled_rows(), ["salary", "Зарплата", "1", ""]]))
    with pytest.raises(KitError, match="строка 2: нужно три столбца"):
        read_profile(_csv(tmp_path, [["id", "Код"]]))
    with pytest.raises(KitError, match="не найден"):
        read_profile(tmp_path / "nope.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(KitError, match="не читается как XLSX"):
        read_profile(broken)


def test_excel_cp1251_csv_is_read(tmp_path):
    """Is a CSV saved by Russian Excel (cp1251) read as well as UTF-8?"""
    assert read_profile(_csv(tmp_path, _filled_rows(), encoding="cp1251")) == OWN


def test_every_field_has_a_russian_label_and_help():
    """Does the template explain every field in Russian?"""
    assert all(f.label and f.help and any("а" <= ch <= "я" for ch in f.label.lower()) for f in FIELDS.values())
