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


def expect_number(actual: Any, expected: float, what: str, *, rel: float = 1e-3,
                  abs_tol: float = 1e-9, reveal: bool = False) -> None:
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
