"""Who qualifies for a certificate, from the gradebook and the config's thresholds.

A learner qualifies when every module's assignment is submitted and fully graded
(manual parts included), each module is at or above its pass mark, each module's
product-passport section (its manually graded ``passport_*`` answers) is at or above the
passport pass mark, the passport's defence is recorded and passed, and the overall
result (the mean of the module percentages, each module weighing the same) is at or
above ``overall_pass``. Code alone cannot earn the certificate. ``distinction`` marks results at or above that band.
Late penalties recorded by nbgrader are subtracted; a module never counts above 100 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from promtour.course import MODULES
from promtour.gradebook import assignment_grades, cell_grades, open_gradebook, student_ids
from promtour.learners import Learner

from .config import CertConfig

EPS = 1e-9


@dataclass(frozen=True)
class ModuleResult:
    key: str
    assignment: str
    title: str
    pass_mark: float
    percent: float | None = None  # None when not submitted or not fully graded
    problem: str | None = None  # why this module does not count (Russian)

    @property
    def passed(self) -> bool:
        return self.problem is None and self.percent is not None and self.percent + EPS >= self.pass_mark


@dataclass
class Decision:
    learner_id: str
    learner: Learner | None
    modules: list[ModuleResult] = field(default_factory=list)
    overall: float | None = None
    distinction: bool = False
    reasons: list[str] = field(default_factory=list)
    passport: dict[str, float | None] = field(default_factory=dict)  # module key -> section percent
    defence: float | None = None  # percent
    product: str = ""  # the defended product, printed on the certificate

    @property
    def eligible(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class _Sub:
    score: float
    max_score: float
    needs_manual: bool
    ungraded: int  # grade cells with neither an automatic nor a manual score
    penalty: float


def evaluate(
    config: CertConfig, learners: dict[str, Learner], gradebook_url: str | None = None, include_unrostered: bool = True
) -> list[Decision]:
    """One decision per roster learner (and per gradebook student missing from the roster)."""
    from promtour.passport.defence import results as defence_results

    with open_gradebook(gradebook_url) as gb:
        students = student_ids(gb)
        subs = {m.assignment: _submissions(gb, m.assignment) for m in MODULES}
        sections = _passport_sections(gb)
        defences = defence_results(gb)
    ids = sorted(set(learners) | (students if include_unrostered else set()))
    return [decide(config, lid, learners.get(lid), lid in students, subs, sections, defences) for lid in ids]


def decide(
    config: CertConfig,
    learner_id: str,
    learner: Learner | None,
    in_gradebook: bool,
    subs: dict[str, dict[str, _Sub] | None],
    sections: dict[tuple[str, str], _Section] | None = None,
    defences: dict[str, tuple[float | None, float, str]] | None = None,
) -> Decision:
    d = Decision(learner_id, learner)
    _passport_reasons(config, d, sections or {}, defences or {})
    if learner is None:
        d.reasons.append("нет в списке слушателей: ФИО неизвестно (импортируйте список)")
    if not in_gradebook:
        d.reasons.append("нет в журнале оценок")
    for m in MODULES:
        mr = _module_result(config, m, subs.get(m.assignment), learner_id)
        d.modules.append(mr)
        if mr.problem:
            d.reasons.append(f"модуль {m.number}: {mr.problem}")
        elif not mr.passed:
            d.reasons.append(f"модуль {m.number}: {_pct(mr.percent)} — ниже проходного {_pct(mr.pass_mark)}")
    percents = [mr.percent for mr in d.modules]
    if all(p is not None for p in percents):
        d.overall = sum(percents) / len(percents)  # type: ignore[arg-type]
        if d.overall + EPS < config.overall_pass:
            d.reasons.append(f"итог {_pct(d.overall)} — ниже проходного {_pct(config.overall_pass)}")
        d.distinction = config.distinction is not None and d.overall + EPS >= config.distinction
    if d.reasons:
        d.distinction = False
    return d


@dataclass
class _Section:
    score: float = 0.0
    max_score: float = 0.0
    pending: bool = False
    ungraded: bool = False  # a cell with neither an automatic nor a manual score


def _passport_reasons(
    config: CertConfig,
    d: Decision,
    sections: dict[tuple[str, str], _Section],
    defences: dict[str, tuple[float | None, float, str]],
) -> None:
    """What keeps the product passport or its defence from qualifying (reasons come first)."""
    from promtour.passport.template import parts_of

    for m in MODULES:
        titles = " · ".join(p.title for p in parts_of(m.key))
        sec = sections.get((d.learner_id, m.assignment))
        where = f"модуль {m.number}, паспорт «{titles}»"
        if sec is None or sec.max_score <= 0:
            d.passport[m.key] = None
            d.reasons.append(f"{where}: раздел не сдан")
        elif sec.pending:
            d.passport[m.key] = None
            d.reasons.append(f"{where}: ждёт ручной проверки")
        elif sec.ungraded:
            d.passport[m.key] = None
            d.reasons.append(f"{where}: не проверен")
        else:
            percent = sec.score / sec.max_score * 100
            d.passport[m.key] = percent
            mark = config.passport_marks[m.key]
            if percent + EPS < mark:
                d.reasons.append(f"{where}: {_pct(percent)} — ниже проходного {_pct(mark)}")
    score, top, d.product = defences.get(d.learner_id, (None, 0.0, ""))
    if d.learner_id not in defences:
        d.reasons.append("нет защиты паспорта продукта (тренер записывает её: promtour passport defend)")
    elif score is None:
        d.reasons.append("защита паспорта не оценена")
    else:
        d.defence = score / top * 100
        if d.defence + EPS < config.defence_pass:
            d.reasons.append(f"защита паспорта: {_pct(d.defence)} — ниже проходного {_pct(config.defence_pass)}")


def _passport_sections(gb) -> dict[tuple[str, str], _Section]:
    """(learner, assignment) -> the sum of its passport cells' grades, in one query."""
    from promtour.passport.template import CELL_PREFIX

    out: dict[tuple[str, str], _Section] = {}
    for student, assignment, auto, manual, top, pending in cell_grades(gb, CELL_PREFIX):
        sec = out.setdefault((student, assignment), _Section())
        sec.score += float(manual if manual is not None else auto or 0.0)
        sec.max_score += float(top or 0.0)
        sec.pending = sec.pending or bool(pending)
        sec.ungraded = sec.ungraded or (auto is None and manual is None)
    return out


def _module_result(config: CertConfig, m, subs: dict[str, _Sub] | None, learner_id: str) -> ModuleResult:
    base = dict(key=m.key, assignment=m.assignment, title=m.title, pass_mark=config.pass_marks[m.assignment])
    if subs is None:
        return ModuleResult(**base, problem=f"задания {m.assignment} нет в журнале оценок")
    sub = subs.get(learner_id)
    if sub is None:
        return ModuleResult(**base, problem="задание не сдано")
    if sub.max_score <= 0:
        return ModuleResult(**base, problem="в задании нет оцениваемых ячеек (max_score = 0)")
    if sub.needs_manual:
        return ModuleResult(**base, problem="ждёт ручной проверки")
    if sub.ungraded:
        return ModuleResult(**base, problem="задание не проверено (нет оценок автопроверки)")
    percent = min(100.0, max(0.0, (sub.score - sub.penalty) / sub.max_score * 100))
    return ModuleResult(**base, percent=percent)


def _submissions(gb, assignment: str) -> dict[str, _Sub] | None:
    """All submissions of one assignment in a few queries (not a query per learner)."""
    from nbgrader.api import MissingEntry

    try:
        gb.find_assignment(assignment)
    except MissingEntry:
        return None
    extra: dict[str, tuple[float, int]] = {}
    for student, penalty, auto, manual in assignment_grades(gb, assignment):
        pen, ungraded = extra.get(student, (penalty or 0.0, 0))
        extra[student] = (pen, ungraded + (auto is None and manual is None))
    out = {}
    for s in gb.submission_dicts(assignment):
        pen, ungraded = extra.get(s["student"], (0.0, 0))
        out[s["student"]] = _Sub(
            float(s["score"] or 0), float(s["max_score"] or 0), bool(s["needs_manual_grade"]), ungraded, float(pen or 0)
        )
    return out


def whole_percent(value: float) -> int:
    """The one rounding rule for results people see (check, certificate, token, registry):
    down to a whole percent, so a result is never shown higher than it is (59.9 % is 59 %)."""
    return int(math.floor(value + EPS))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{whole_percent(value)} %"
