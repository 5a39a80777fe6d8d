"""Roster import: every kind of bad row is reported with its row number; nothing is
imported from a file with errors unless asked. All names are synthetic."""

from __future__ import annotations

import pytest
from certhelpers import FIXTURES
from openpyxl import Workbook

from promtour.certificates import import_roster
from promtour.certificates.registry import Registry
from promtour.learners import RosterError, check_roster

HEADER = "id;фамилия;имя;отчество;email\n"


def write(tmp_path, text: str, name="roster_synthetic.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def messages(report, row):
    return " | ".join(e.message for e in report.errors if e.row == row)


def roster_in_registry(cfg):
    if not cfg.registry_path.exists():
        return {}
    with Registry(cfg.registry_path) as reg:
        return reg.learners()


def test_good_csv_goes_to_gradebook_and_registry(cfg, gradebook):
    rep = import_roster(cfg, FIXTURES / "roster_synthetic.csv", gradebook.url)
    assert rep.ok and rep.imported == 4 and rep.rows == 4
    learners = roster_in_registry(cfg)
    assert learners["s003"].full_name == "Римская-Корсакова Анастасия-Мария Константиновна"
    assert learners["s004"].full_name == "Ли Юй"  # no patronymic is fine
    with gradebook.open() as gb:
        s = gb.find_student("s003")
        assert (s.last_name, s.first_name, s.email) == (
            "Римская-Корсакова",
            "Анастасия-Мария Константиновна",
            "s003@example.org",
        )


def test_reimport_updates_not_duplicates(cfg, gradebook):
    import_roster(cfg, FIXTURES / "roster_synthetic.csv", gradebook.url)
    p = write(cfg.registry_path.parent.parent, HEADER + "s001;Иванова;Мария;Павловна;new@example.org\n")
    assert import_roster(cfg, p, gradebook.url).imported == 1
    learners = roster_in_registry(cfg)
    assert len(learners) == 4 and learners["s001"].patronymic == "Павловна"
    with gradebook.open() as gb:
        assert len(gb.students) == 4 and gb.find_student("s001").email == "new@example.org"


def test_all_errors_reported_together_nothing_imported(cfg, gradebook):
    rep = import_roster(cfg, FIXTURES / "roster_synthetic_errors.csv", gradebook.url)
    assert rep.imported == 0
    assert rep.bad_rows == [4, 5, 6, 7, 8, 9]  # line 1 is a comment, line 2 the header
    assert "нет поля «фамилия»" in messages(rep, 4)
    assert "повторяется" in messages(rep, 5) and "строке 6" in messages(rep, 5)
    assert "повторяется" in messages(rep, 6) and "строке 5" in messages(rep, 6)
    assert "лишние пробелы" in messages(rep, 7)
    assert "латинские буквы" in messages(rep, 8) and "«o» (позиция 6)" in messages(rep, 8)
    assert "некорректный e-mail" in messages(rep, 9)
    assert roster_in_registry(cfg) == {}
    with gradebook.open() as gb:
        assert gb.students == []


def test_skip_bad_imports_only_good_rows(cfg, gradebook):
    rep = import_roster(cfg, FIXTURES / "roster_synthetic_errors.csv", gradebook.url, skip_bad=True)
    assert rep.imported == 1 and set(roster_in_registry(cfg)) == {"s001"}


def test_fix_repairs_spaces_and_lookalikes(cfg, gradebook):
    rep = import_roster(cfg, FIXTURES / "roster_synthetic_errors.csv", gradebook.url, skip_bad=True, fix=True)
    learners = roster_in_registry(cfg)
    assert set(learners) == {"s001", "s005", "s006"}
    assert learners["s005"].last_name == "Кузнецов"
    assert learners["s006"].last_name == "Смирнова" and all(ord(ch) > 127 for ch in learners["s006"].last_name)
    assert {f.row for f in rep.fixed} == {7, 8}
    assert rep.bad_rows == [4, 5, 6, 9]  # what cannot be fixed is still an error


@pytest.mark.parametrize(
    "value, problem",
    [
        ("Петров  Водкин", "лишние пробелы"),
        ("Петров\u00a0", "лишние пробелы"),
        ("Петров - Водкин", "лишние пробелы"),
        ("Cидоров", "латинские буквы"),  # Latin C
        ("Анна2", "недопустимые символы"),
    ],
)
def test_name_problems(tmp_path, value, problem):
    rep = check_roster(write(tmp_path, HEADER + f"s1;{value};Анна;;a@example.org\n"))
    assert problem in messages(rep, 2)


def test_unknown_id_when_only_known(cfg, gradebook, tmp_path):
    gb = gradebook
    gb.student("s001")
    p = write(
        tmp_path, HEADER + "s001;Иванова;Мария;Петровна;a@example.org\ns009;Орлов;Павел;Андреевич;b@example.org\n"
    )
    rep = import_roster(cfg, p, gb.url, only_known=True)
    assert rep.bad_rows == [3] and "неизвестный id «s009»" in messages(rep, 3)
    assert rep.imported == 0


def test_missing_id_and_bad_id(tmp_path):
    rep = check_roster(write(tmp_path, HEADER + ";Иванова;Мария;;a@example.org\nиван;Иванов;Иван;;b@example.org\n"))
    assert "нет id" in messages(rep, 2) and "недопустимый id" in messages(rep, 3)


def test_cp1251_file_is_read_and_says_so(cfg, gradebook, tmp_path):
    """Is a roster saved by Russian Excel (cp1251) read as it is, with the encoding named?"""
    p = write(
        tmp_path,
        "id;фамилия;имя;отчество;email\ns001;Иванова;Мария;Петровна;a@example.org\n"
        "s002;Петров;Илья;Сергеевич;b@example.org\n",
        encoding="cp1251",
    )
    rep = import_roster(cfg, p, gradebook.url)
    assert rep.ok and rep.imported == 2 and rep.encoding == "cp1251"
    rep = import_roster(cfg, p, gradebook.url, encoding="cp1251")
    assert rep.ok and rep.imported == 2
    assert roster_in_registry(cfg)["s001"].last_name == "Иванова"


def test_one_cp1251_line_in_utf8_file(tmp_path):
    good = (HEADER + "s001;Иванова;Мария;Петровна;a@example.org\n").encode("utf-8")
    bad = "s002;Петров;Илья;Сергеевич;b@example.org\n".encode("cp1251")
    p = tmp_path / "roster_synthetic.csv"
    p.write_bytes(good + bad)
    rep = check_roster(p)
    assert rep.bad_rows == [3] and [le.learner_id for le in rep.learners] == ["s001"]


def test_bom_comma_and_fio_column(tmp_path):
    text = "\ufeffID,ФИО,E-mail\ns001,Иванова Мария Петровна,a@example.org\ns002,Ли Юй,b@example.org\n"
    rep = check_roster(write(tmp_path, text))
    assert rep.ok
    assert [le.full_name for le in rep.learners] == ["Иванова Мария Петровна", "Ли Юй"]


def test_xlsx_with_errors_and_numeric_ids(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["# синтетические данные для теста"])
    ws.append(["Фамилия", "Имя", "Отчество", "ID", "Email"])
    ws.append(["Иванова", "Мария", "Петровна", 1001, "a@example.org"])
    ws.append(["Петров", None, "Сергеевич", 1002, "b@example.org"])
    ws.append(["Сидорова", "Анна", "Олеговна", 1001, "c@example.org"])
    p = tmp_path / "roster_synthetic.xlsx"
    wb.save(p)
    rep = check_roster(p)
    assert rep.bad_rows == [3, 4, 5]
    assert "нет поля «имя»" in messages(rep, 4)
    assert "повторяется" in messages(rep, 3) and "повторяется" in messages(rep, 5)


def test_missing_columns_is_one_clear_error(tmp_path):
    with pytest.raises(RosterError, match="нет столбцов: e-mail"):
        check_roster(write(tmp_path, "id;фамилия;имя\ns1;Иванова;Мария\n"))


def test_wrong_extension(tmp_path):
    p = tmp_path / "roster.pdf"
    p.write_bytes(b"%PDF")
    with pytest.raises(RosterError, match="CSV|csv"):
        check_roster(p)


def test_decomposed_letters_are_normalised(tmp_path):
    decomposed = "Сергеи\u0306 Ёжиков".replace("Ё", "Е\u0308")
    rep = check_roster(write(tmp_path, HEADER + f"s1;{decomposed.split()[1]};{decomposed.split()[0]};;a@example.org\n"))
    assert rep.ok and rep.learners[0].full_name == "Ёжиков Сергей"


def test_unknown_id_is_reported_when_only_known_learners_are_expected(cfg, gradebook):
    """With --only-known, is a roster id that the gradebook lacks reported with its row, and
    is nothing imported?"""
    import_roster(cfg, FIXTURES / "roster_synthetic.csv", gradebook.url)
    p = write(
        cfg.registry_path.parent.parent,
        HEADER + "s001;Иванова;Мария;Петровна;s001@example.org\nzz999;Новикова;Ольга;Игоревна;zz@example.org\n",
        name="roster_synthetic_unknown.csv",
    )
    rep = import_roster(cfg, p, gradebook.url, only_known=True)
    assert rep.imported == 0
    assert "неизвестный id «zz999»" in messages(rep, 3)
    assert not messages(rep, 2)
    with gradebook.open() as gb:
        assert "zz999" not in {s.id for s in gb.students}


def test_one_learner_id_rule_for_roster_and_intake(tmp_path):
    """Is an id the roster accepts also one intake accepts, and is an e-mail refused by both,
    with a hint, before it can reach the gradebook?"""
    from promtour.grading.course import STUDENT_ID
    from promtour.learners import LEARNER_ID, id_problem

    assert STUDENT_ID is LEARNER_ID
    rep = check_roster(
        write(
            tmp_path,
            HEADER + "ivan@corp;Иванов;Иван;Иванович;ivan@corp.example\n"
            "ivan.petrov-2;Петров;Иван;Ильич;p@example.org\n",
        )
    )
    assert [le.learner_id for le in rep.learners] == ["ivan.petrov-2"]
    assert "e-mail — не id" in messages(rep, 2)
    assert id_problem("ivan.petrov-2") is None and "e-mail" in id_problem("ivan@corp")
