"""Do every assignment's hidden tests reject its typical wrong answers, and does a right formula
that misses an edge case earn partial credit?"""

from __future__ import annotations

import importlib
import re

import pytest
from assignment_runner import group_of, run, source

from promtour.course import MODULES

CASES_WRONG, CASES_PARTIAL = [], []
for _m in MODULES:
    _decl = importlib.import_module(f"mistakes.{_m.key}")
    CASES_WRONG += [pytest.param(_m.assignment, *v, id=f"{_m.key}-{k}") for k, v in _decl.WRONG.items()]
    CASES_PARTIAL += [pytest.param(_m.assignment, *v, id=f"{_m.key}-{k}") for k, v in _decl.PARTIAL.items()]

_nb_cache: dict = {}


def _nb(assignment):
    if assignment not in _nb_cache:
        _nb_cache[assignment] = source(assignment)
    return _nb_cache[assignment]


@pytest.mark.parametrize("m", MODULES, ids=[m.key for m in MODULES])
def test_every_assignment_declares_its_mistakes(m):
    """Does each assignment declare at least three typical wrong answers and one partial answer?"""
    decl = importlib.import_module(f"mistakes.{m.key}")
    assert len(decl.WRONG) >= 3 and len(decl.PARTIAL) >= 1


def test_solutions_pass_every_test_in_process():
    """Does each instructor solution pass all its visible and hidden tests (in-process run)?"""
    for m in MODULES:
        assert run(_nb(m.assignment)).failures == {}, m.assignment


@pytest.mark.parametrize("assignment,answer_id,code", CASES_WRONG)
def test_typical_wrong_answer_is_rejected(assignment, answer_id, code):
    """Does the wrong answer lose points on its own task, explained in Russian, and only there?"""
    nb = _nb(assignment)
    r = run(nb, {answer_id: code})
    own = group_of(nb, answer_id)
    failed = [t for t in own if t in r.failures]
    assert failed, f"{answer_id}: the wrong answer passed every test of its task"
    assert set(r.failures) <= set(own), f"other tasks fail too (double penalty?): {set(r.failures) - set(own)}"
    for t in failed:
        assert r.failures[t].startswith("AssertionError") and re.search("[а-яё]", r.failures[t]), r.failures[t]


@pytest.mark.parametrize("assignment,answer_id,code", CASES_PARTIAL)
def test_right_formula_missed_edge_case_earns_part(assignment, answer_id, code):
    """Does a right formula that misses an edge case earn more than zero and less than full marks?"""
    nb = _nb(assignment)
    own = group_of(nb, answer_id)
    full = run(nb).earned(own)
    got = run(nb, {answer_id: code}).earned(own)
    assert 0 < got < full, f"{answer_id}: {got} of {full}"


@pytest.mark.parametrize("m", MODULES, ids=[m.key for m in MODULES])
def test_learner_exceptions_are_explained_in_russian(m):
    """Does every assignment import promtour.gradetools before its first task, so that a learner's own
    exception in a graded cell comes back with a Russian explanation (tests/test_gradetools.py)?"""
    cells = [c for c in _nb(m.assignment).cells if c.cell_type == "code"]
    first_task = next(i for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("grade"))
    assert any("promtour.gradetools" in c.source for c in cells[:first_task])
