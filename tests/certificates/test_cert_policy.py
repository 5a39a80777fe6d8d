"""The shipped pass marks certify the competence: a practitioner who codes little but builds a strong
passport qualifies; a coder who leaves the passport blank does not. Computed on the real assignments."""

from __future__ import annotations

import pytest
from certhelpers import REPO

from promtour.certificates import load_config
from promtour.certificates.eligibility import Decision, ModuleResult, _passport_reasons, _Section
from promtour.course import MODULES
from promtour.grading import synthetic
from promtour.grading.course import Course, read_notebook
from promtour.passport.template import CELL_PREFIX


def _points(m):
    source = read_notebook(Course().notebook("source", m.assignment))
    auto = sum(t.points for t in synthetic.tasks(source))
    manual = synthetic.manual_cells(source)
    passport = sum(p for gid, p in manual.items() if gid.startswith(CELL_PREFIX))
    return auto, passport, sum(manual.values()) - passport


def _decide(code_share: float, passport_share: float) -> Decision:
    cfg = load_config(REPO / "certificates" / "config.toml")
    d = Decision("s001", None)
    sections = {}
    for m in MODULES:
        auto, passport, other = _points(m)
        score = code_share * auto + passport_share * (passport + other)
        percent = score / (auto + passport + other) * 100
        d.modules.append(ModuleResult(m.key, m.assignment, m.title, cfg.pass_marks[m.assignment], percent))
        sections[("s001", m.assignment)] = _Section(passport_share * passport, passport)
        if not d.modules[-1].passed:
            d.reasons.append(f"модуль {m.number}: {percent:.0f} %")
    _passport_reasons(cfg, d, sections, {"s001": (8.0, 10.0, "продукт")})
    d.overall = sum(r.percent for r in d.modules) / len(d.modules)
    if d.overall < cfg.overall_pass:
        d.reasons.append(f"итог {d.overall:.0f} %")
    return d


def test_every_assignment_weighs_its_passport():
    """Is the passport at least a quarter of every assignment's points (a third over the course)?"""
    points = [_points(m) for m in MODULES]
    for m, (auto, passport, other) in zip(MODULES, points):
        assert passport >= (auto + passport + other) / 4 - 0.5, (m.assignment, auto, passport)
    assert sum(p for _, p, _ in points) >= sum(sum(x) for x in points) / 3


@pytest.mark.parametrize("code_share", [0.3, 0.4])
def test_practitioner_who_codes_little_qualifies(code_share):
    """Does a strong passport (80 %) with a third of the code qualify under the shipped marks?"""
    d = _decide(code_share, 0.8)
    assert d.eligible, d.reasons


def test_passport_alone_is_not_enough():
    """Does a learner who writes no code at all still fall short (the tools are part of the job)?"""
    assert not _decide(0.0, 1.0).eligible


def test_coder_without_passport_does_not():
    """Does perfect code with blank passport sections fail, and for the passport?"""
    d = _decide(1.0, 0.0)
    assert not d.eligible and all("паспорт" in r for r in d.reasons[: len(MODULES)])
