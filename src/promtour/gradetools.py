"""Assertions for nbgrader test cells, failing with Russian explanations.

A graded test reads::

    from promtour.gradetools import expect_number
    expect_number(cagr(100, 200, 5), 0.1487, "cagr(100, 200, 5)", reveal=True)

Visible tests may ``reveal`` the expected value; hidden tests should not.
"""

from __future__ import annotations

from typing import Any

from . import compare


def _fail(what: str, problem: str) -> None:
    raise AssertionError(f"{what}: {problem}")


def expect_number(
    actual: Any, expected: float, what: str, *, rel: float = 1e-3, abs_tol: float = 1e-9, reveal: bool = False
) -> None:
    problem = compare.number(actual, expected, rel=rel, abs_tol=abs_tol, reveal=reveal)
    if problem:
        _fail(what, problem)


def expect_equal(actual: Any, expected: Any, what: str, *, reveal: bool = False) -> None:
    problem = compare.equal(actual, expected, reveal=reveal)
    if problem:
        _fail(what, problem)


def expect_type(actual: Any, expected_type: type | tuple[type, ...], what: str, kind: str) -> None:
    """``kind`` names the type in Russian, e.g. "словарь" or "таблица pandas"."""
    problem = compare.kind(actual, expected_type, kind)
    if problem:
        _fail(what, problem)


def expect(condition: bool, message: str) -> None:
    """A plain check with a ready Russian message."""
    if not condition:
        raise AssertionError(message)


# --- the learner's own code raising inside a graded cell: explain it in Russian ---

_EXPLAIN: dict[type, str] = {
    NotImplementedError: "задача ещё не решена — в функции осталась строка raise NotImplementedError()",
    ZeroDivisionError: "деление на ноль — проверьте знаменатель (пустая выборка, ноль групп или гостей?)",
    OverflowError: "число получилось бесконечным или слишком большим — чаще всего перед этим было деление на ноль",
    KeyError: "нет такого ключа или столбца — проверьте название (регистр, пробелы, ё/е)",
    IndexError: "обращение к элементу, которого нет — возможно, выборка пустая",
    NameError: "имя не определено — выполните ячейки выше по порядку или проверьте опечатку",
    AttributeError: "у объекта нет такого свойства или метода — проверьте тип значения",
    TypeError: "операция над значением неподходящего типа (например, текст вместо числа или None)",
    ValueError: "недопустимое значение для этой операции",
    RecursionError: "функция вызывает сама себя без конца",
    MemoryError: "не хватило памяти — вероятно, слишком большая таблица или бесконечный список",
}


def explain(exc: BaseException) -> str:
    """One Russian sentence about an exception raised by the learner's code."""
    for kind in type(exc).__mro__:
        if kind in _EXPLAIN:
            what = _EXPLAIN[kind]
            break
    else:
        what = "код завершился ошибкой"
    return f"Ошибка в вашем коде ({type(exc).__name__}): {what}. Сообщение Python: «{exc}»"


def _russian_traceback(shell, etype, value, tb, tb_offset=None):
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    if issubclass(etype, AssertionError):  # the kit's own checks already speak Russian
        shell._showtraceback(etype, value, stb)
        return stb
    message = explain(value)
    stb = [message, *stb, message]
    shell._showtraceback(etype, message, stb)
    return stb


def install_russian_errors() -> bool:
    """In an IPython kernel, show every exception of a cell with a Russian explanation."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "_showtraceback"):
        return False
    shell.set_custom_exc((Exception,), _russian_traceback)
    return True


install_russian_errors()
