"""Graded cells explain failures in Russian, even when the learner's own code raises."""

from __future__ import annotations

import nbformat
import pytest

from promtour import notebooks
from promtour.gradetools import explain


def test_explain_names_the_exception_in_russian():
    """Does a Python exception become one Russian sentence that keeps Python's own message?"""
    text = explain(OverflowError("cannot convert float infinity to integer"))
    assert text.startswith("Ошибка в вашем коде (OverflowError)") and "деление на ноль" in text
    assert "cannot convert float infinity to integer" in text
    assert "нет такого ключа или столбца" in explain(KeyError("visitors"))
    assert "код завершился ошибкой" in explain(type("Odd", (Exception,), {})())


@pytest.mark.slow
def test_raising_learner_code_gets_a_russian_message_in_a_kernel(tmp_path):
    """In a real kernel, does a learner function that raises fail its test cell with a Russian message,
    while the kit's own failed checks keep theirs and later cells still run?"""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from promtour.gradetools import expect_number\nimport math\n"
            "def per_tour(visitors, tours):\n    return int(visitors / tours * math.inf)"
        ),
        nbformat.v4.new_code_cell("expect_number(per_tour(100, 5), 20, 'per_tour(100, 5)')"),
        nbformat.v4.new_code_cell("expect_number(21, 20, 'per_tour(100, 5)')"),
        nbformat.v4.new_code_cell("print('дальше')"),
    ]
    path = tmp_path / "a.ipynb"
    nbformat.write(nb, str(path))
    out = notebooks.execute(path, allow_errors=True)
    raised, checked, after = (c.outputs for c in out.cells[1:])
    assert raised[0].output_type == "error" and raised[0].evalue.startswith("Ошибка в вашем коде (OverflowError)")
    assert "Ошибка в вашем коде" in raised[0].traceback[0]
    assert (
        checked[0].ename == "AssertionError"
        and checked[0].evalue == "per_tour(100, 5): получено 21 — значение неверное"
    )
    assert after[0].text.strip() == "дальше"
