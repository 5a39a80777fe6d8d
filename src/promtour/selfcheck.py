"""Instant self-checks for lesson practice cells, in the spirit of Kaggle's learntools.

A module declares its exercises once (``promtour/course/mNN/exercises.py``)::

    EXERCISES = [
        Exercise(var="growth", title="Рост за два года",
                 checker=number(2.5, rel=0.01),
                 hints=["Поделите…", "2.0 / 0.8"],
                 solution="growth = 2.0 / 0.8",
                 wrong="growth = 0.8 / 2.0"),
    ]

and a lesson binds them::

    from promtour.selfcheck import ____, bind
    bind("m01", globals())      # defines q1, q2, …
    growth = ____               # the learner replaces the placeholder
    q1.check(); q1.hint(); q1.hint(2); q1.solution()
"""

from __future__ import annotations

import dis
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import compare
from .course import module

Checker = Callable[[Any], "str | None"]


class _Placeholder:
    """The blank a learner replaces; tells "not attempted" apart from "wrong"."""

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


____ = _Placeholder()


def _is_stub(fn: Callable) -> bool:
    """A function whose body is only ``pass``, ``...`` and/or a docstring."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    ops = [(i.opname, i.argval) for i in dis.get_instructions(code) if i.opname not in ("RESUME", "NOP")]
    return ops in ([("LOAD_CONST", None), ("RETURN_VALUE", None)], [("RETURN_CONST", None)])


# --- checkers: value -> None (right) or a Russian sentence (what is wrong) ---


def number(expected: float, *, rel: float = 1e-3, abs_tol: float = 1e-9) -> Checker:
    return lambda value: compare.number(value, expected, rel=rel, abs_tol=abs_tol)


def equals(expected: Any) -> Checker:
    return lambda value: compare.equal(value, expected)


def function(cases: Sequence[tuple[tuple, Any]], result: Callable[[Any], Checker] = number) -> Checker:
    """Call the learner's function on each ``(args, expected)`` case."""

    def check(fn: Any) -> str | None:
        if not callable(fn):
            return f"ожидалась функция, а получено {compare.describe(fn)}"
        for args, expected in cases:
            shown = ", ".join(compare.describe(a, 40) for a in args)
            try:
                got = fn(*args)
            except NotImplementedError:
                raise  # a blank stub: not attempted rather than wrong
            except Exception as exc:  # learner code: any failure is feedback
                return f"вызов с аргументами ({shown}) завершился ошибкой {type(exc).__name__}: {exc}"
            problem = result(expected)(got)
            if problem:
                return f"при аргументах ({shown}) {problem}"
        return None

    return check


# --- exercises ---


@dataclass(frozen=True)
class Outcome:
    status: str  # "correct" | "incorrect" | "unattempted"
    message: str

    _STYLE = {
        "correct": ("#1b7f3b", "#eaf6ee", "✔ Верно"),
        "incorrect": ("#b3261e", "#fdecea", "✘ Пока неверно"),
        "unattempted": ("#5f6368", "#f1f3f4", "… Ещё не решено"),
    }

    def _repr_html_(self) -> str:
        color, bg, label = self._STYLE[self.status]
        return (
            f'<div style="border-left:4px solid {color};background:{bg};padding:6px 10px;'
            f'margin:4px 0;color:#202124"><b style="color:{color}">{label}</b> '
            f"{html.escape(self.message)}</div>"
        )

    def __repr__(self) -> str:
        return f"{self._STYLE[self.status][2]} {self.message}"


@dataclass(frozen=True)
class Exercise:
    var: str  # the learner's variable or function name
    title: str
    checker: Checker
    hints: Sequence[str]
    solution: str  # Python code that defines ``var`` correctly
    wrong: str = ""  # Python code that defines ``var`` wrongly (tests the checker)

    def evaluate(self, namespace: dict) -> Outcome:
        value = namespace.get(self.var, ____)
        if value is ____ or (callable(value) and _is_stub(value)):
            return Outcome("unattempted", f"Замените ____ в `{self.var}` своим ответом и запустите ячейку.")
        try:
            problem = self.checker(value)
        except NotImplementedError:
            return Outcome("unattempted", f"Допишите тело функции `{self.var}` и запустите ячейку.")
        except Exception as exc:  # a checker must never crash the lesson
            problem = f"ответ не удалось проверить: {type(exc).__name__}: {exc}"
        if problem:
            return Outcome("incorrect", f"`{self.var}`: {problem}.")
        return Outcome("correct", f"`{self.var}` — {self.title}. Отлично!")


@dataclass
class BoundExercise:
    """An exercise tied to the notebook's namespace: what the learner calls."""

    number: int
    exercise: Exercise
    namespace: dict = field(repr=False)
    _next_hint: int = 0

    def check(self) -> None:
        _show(self.exercise.evaluate(self.namespace))

    def hint(self, n: int | None = None) -> None:
        hints = self.exercise.hints
        if n is None:
            n = min(self._next_hint + 1, len(hints))
        if not 1 <= n <= len(hints):
            _show_text(f"У задания {self.number} подсказок {len(hints)}: hint(1) … hint({len(hints)}).")
            return
        self._next_hint = max(self._next_hint, n)
        more = " Следующая: снова `.hint()`." if n < len(hints) else ""
        _show_markdown(f"**Подсказка {n} из {len(hints)}.** {hints[n - 1]}{more}")

    def solution(self) -> None:
        _show_markdown(
            f"**Решение задания {self.number}.** Попробуйте сначала сами!\n\n"
            f"```python\n{self.exercise.solution.strip()}\n```"
        )

    def __repr__(self) -> str:
        return (
            f"Задание {self.number}: {self.exercise.title}. "
            f"Вызовите q{self.number}.check(), q{self.number}.hint() или q{self.number}.solution()."
        )


def exercises(module_key: str) -> list[Exercise]:
    part = module(module_key).part("exercises")
    return list(getattr(part, "EXERCISES", []))


def bind(module_key: str, namespace: dict) -> list[BoundExercise]:
    """Define ``q1``, ``q2``, … in the notebook's namespace."""
    bound = [BoundExercise(i, ex, namespace) for i, ex in enumerate(exercises(module_key), start=1)]
    for b in bound:
        namespace[f"q{b.number}"] = b
    return bound


# --- display: rich in Jupyter, plain text elsewhere ---


def _show(outcome: Outcome) -> None:
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with the kit
        print(repr(outcome))
    else:
        display(outcome)


def _show_markdown(text: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(text))


def _show_text(text: str) -> None:
    print(text)


def selftest(namespace: dict) -> list[dict]:
    """Test the bound exercises in a lesson's own namespace (used by the kit's tests).

    For each exercise: the lesson as shipped leaves it unattempted, its solution
    is accepted and its typical wrong answer rejected. Prints the results as JSON.
    """
    import json

    results = []
    for name, bound in sorted(namespace.items()):
        if not (name.startswith("q") and isinstance(bound, BoundExercise)):
            continue
        ex = bound.exercise
        row = {"exercise": name, "var": ex.var, "shipped": ex.evaluate(namespace).status}
        for kind, code in (("solution", ex.solution), ("wrong", ex.wrong)):
            trial = dict(namespace)
            try:
                exec(code, trial)  # noqa: S102 - the course's own reference code
                row[kind] = ex.evaluate(trial).status
            except Exception as exc:
                row[kind] = f"error: {type(exc).__name__}: {exc}"
        results.append(row)
    print(json.dumps(results, ensure_ascii=False))
    return results
