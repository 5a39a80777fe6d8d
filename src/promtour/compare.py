"""Comparisons that explain themselves in Russian.

Each function returns ``None`` when the learner's value is right, or a sentence
saying what is wrong with it. Self-checks in lessons show the sentence; graded
tests raise it as an ``AssertionError`` (:mod:`promtour.gradetools`).
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any


def describe(value: Any, limit: int = 120) -> str:
    """A short printable form of a learner's value."""
    if isinstance(value, float):
        text = f"{value:.6g}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number(
    actual: Any, expected: float, *, rel: float = 1e-3, abs_tol: float = 1e-9, reveal: bool = False
) -> str | None:
    if actual is None:
        return "получено None — возможно, функция не возвращает значение (нет return?)"
    if isinstance(actual, bool) or not isinstance(actual, Real):
        try:
            actual = float(actual)  # numpy scalars, Decimal
        except (TypeError, ValueError):
            return f"ожидалось число, а получено {type(actual).__name__}: {describe(actual)}"
    if isinstance(actual, Real) and math.isnan(float(actual)):
        return "получено NaN — проверьте деление на ноль и пропуски в данных"
    if math.isclose(float(actual), expected, rel_tol=rel, abs_tol=abs_tol):
        return None
    msg = f"получено {describe(float(actual))}"
    if reveal:
        msg += f", а ожидалось {describe(float(expected))}"
    elif expected and float(actual) and math.isclose(float(actual) / 100, expected, rel_tol=rel):
        msg += " — похоже на проценты, а нужна доля (поделите на 100)"
    elif expected and math.isclose(float(actual), expected * 100, rel_tol=rel):
        msg += " — похоже на проценты, а нужна доля"
    elif expected and math.isclose(float(actual) * 100, expected, rel_tol=rel):
        msg += " — похоже на долю, а нужны проценты (умножьте на 100)"
    else:
        msg += " — значение неверное"
    return msg


def equal(actual: Any, expected: Any, *, reveal: bool = False) -> str | None:
    if actual is None and expected is not None:
        return "получено None — возможно, функция не возвращает значение (нет return?)"
    try:
        same = bool(actual == expected)
    except Exception:  # e.g. comparing a DataFrame to a list
        same = False
    if same:
        return None
    msg = f"получено {describe(actual)}"
    return msg + (f", а ожидалось {describe(expected)}" if reveal else " — значение неверное")


def kind(actual: Any, expected_type: type | tuple[type, ...], what: str) -> str | None:
    if isinstance(actual, expected_type):
        return None
    if actual is None:
        return "получено None — возможно, функция не возвращает значение (нет return?)"
    return f"ожидался {what}, а получен {type(actual).__name__}"
