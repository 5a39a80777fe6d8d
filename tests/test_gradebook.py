"""Opening the gradebook: one Russian line for the organiser when it is missing; writes all or nothing."""

from __future__ import annotations

import pytest

from promtour.errors import KitError
from promtour.gradebook import GradebookError, open_gradebook, saving, student_ids, write_students
from promtour.learners import Learner


def test_missing_gradebook_is_one_russian_line(tmp_path):
    with (
        pytest.raises(GradebookError, match="Журнал оценок не найден") as err,
        open_gradebook(f"sqlite:///{tmp_path / 'absent.db'}"),
    ):
        pass
    assert isinstance(err.value, KitError)


def test_students_written_and_a_failed_change_rolled_back(tmp_path):
    """Are the roster's learners written with the patronymic after the first name, and is a change
    interrupted by an error left unsaved?"""
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with open_gradebook(url, must_exist=False) as gb:
        write_students(gb, [Learner("s001", "Иванова", "Мария", "Петровна", "a@example.org")])
        assert student_ids(gb) == {"s001"}
        with pytest.raises(RuntimeError), saving(gb):
            gb.find_student("s001").last_name = "Петрова"
            raise RuntimeError("прервано")
    with open_gradebook(url) as gb:
        student = gb.find_student("s001")
        assert (student.last_name, student.first_name) == ("Иванова", "Мария Петровна")
