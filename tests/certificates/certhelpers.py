"""Helpers for the certificate tests: real nbgrader gradebooks built with its API.

All learners here are synthetic (invented names); no personal data. (A uniquely named
module rather than conftest imports, so test directories never clash.)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook

from promtour.certificates.registry import Registry
from promtour.course import ASSIGNMENT_NOTEBOOK, MODULES
from promtour.grading.config import COURSE_ID, scripts_on_path
from promtour.learners import Learner

REPO = Path(__file__).resolve().parents[2]
scripts_on_path()  # nbgrader shells out to `alembic` when it creates a gradebook
FIXTURES = Path(__file__).parent / "fixtures"
AUTO_MAX, MANUAL_MAX = 6.0, 4.0  # every test assignment: one code cell, one passport section
OPEN = "passport_open"  # the open answer is the module's product-passport section

# synthetic learners: (id, фамилия, имя, отчество, e-mail)
LEARNERS = [
    Learner("s001", "Иванова", "Мария", "Петровна", "s001@example.org"),
    Learner("s002", "Петров", "Илья", "Сергеевич", "s002@example.org"),
    Learner("s003", "Римская-Корсакова", "Анастасия-Мария", "Константиновна", "s003@example.org"),
    Learner("s004", "Ли", "Юй", "", "s004@example.org"),
]


class GradebookBuilder:
    """Build a course gradebook: six assignments, students, graded submissions."""

    def __init__(self, url: str, setup: bool = True):
        self.url = url
        if not setup:
            return
        with self.open() as gb:
            for m in MODULES:
                gb.update_or_create_assignment(m.assignment)
                gb.update_or_create_notebook(ASSIGNMENT_NOTEBOOK, m.assignment)
                gb.update_or_create_grade_cell(
                    "auto", ASSIGNMENT_NOTEBOOK, m.assignment, max_score=AUTO_MAX, cell_type="code"
                )
                gb.update_or_create_grade_cell(
                    OPEN, ASSIGNMENT_NOTEBOOK, m.assignment, max_score=MANUAL_MAX, cell_type="markdown"
                )

    def open(self) -> Gradebook:
        return Gradebook(self.url, course_id=COURSE_ID)

    def student(self, learner_id: str, **kw) -> None:
        with self.open() as gb:
            gb.update_or_create_student(learner_id, **kw)

    def submit(
        self,
        learner_id: str,
        assignment: str,
        percent: float | None = 100.0,
        *,
        manual: str = "graded",
        penalty: float = 0.0,
        extra_credit: float | None = None,
        passport: float | None = None,
    ) -> None:
        """One submission scored at ``percent`` of the maximum (the passport section at ``passport``
        percent when given, else at ``percent`` too).

        ``manual``: "graded" (open answer scored), "pending" (waits for a grader),
        "ungraded" (autograder never ran: no scores at all).
        """
        with self.open() as gb, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbgrader's add_submission trips SQLAlchemy autoflush warnings
            gb.update_or_create_student(learner_id)
            sub = gb.add_submission(assignment, learner_id)
            auto = gb.find_grade("auto", ASSIGNMENT_NOTEBOOK, assignment, learner_id)
            open_ = gb.find_grade(OPEN, ASSIGNMENT_NOTEBOOK, assignment, learner_id)
            frac = (percent or 0.0) / 100
            if manual == "ungraded":
                auto.needs_manual_grade = open_.needs_manual_grade = False
            else:
                auto.auto_score = AUTO_MAX * frac
                auto.needs_manual_grade = False
                if manual == "graded":
                    open_.manual_score = MANUAL_MAX * (frac if passport is None else passport / 100)
                    open_.needs_manual_grade = False
                    open_.extra_credit = extra_credit
                else:
                    open_.needs_manual_grade = True
            if penalty:
                for nb in sub.notebooks:
                    nb.late_submission_penalty = penalty
            gb.db.commit()

    def complete(
        self, learner_id: str, percents: dict[str, float] | float = 100.0, *, defence: float | None = 100.0, **kw
    ) -> None:
        """All six modules submitted and graded, and (unless ``defence=None``) the passport defended."""
        for m in MODULES:
            p = percents if isinstance(percents, (int, float)) else percents.get(m.assignment, 100.0)
            self.submit(learner_id, m.assignment, p, **kw)
        if defence is not None:
            self.defend(learner_id, defence)

    def defend(self, learner_id: str, percent: float = 100.0, product: str = "«Сталь рождается здесь»") -> None:
        """The passport defence recorded at ``percent`` of every rubric criterion."""
        from promtour.passport.defence import record
        from promtour.passport.template import DEFENCE

        with self.open() as gb, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            record(gb, learner_id, {c.key: c.points * percent / 100 for c in DEFENCE}, "", product)


def put_roster(cfg, learners=LEARNERS) -> None:
    with Registry(cfg.registry_path) as reg:
        reg.save_learners(learners)


@dataclass
class Course:
    cfg: object
    gb: GradebookBuilder

    @property
    def url(self) -> str:
        return self.gb.url


def make_decisions(n: int, start: int = 0):
    """``n`` synthetic eligible decisions (no gradebook needed): for batch/crash tests."""
    from promtour.certificates.eligibility import Decision, ModuleResult

    out = []
    for i in range(start, start + n):
        learner = Learner(f"t{i:04d}", "Тестова", "Анна", "Сергеевна", f"t{i:04d}@example.org")
        mods = [ModuleResult(m.key, m.assignment, m.title, 60.0, 80.0 + (i % 20)) for m in MODULES]
        overall = sum(m.percent for m in mods) / len(mods)
        out.append(
            Decision(
                learner.learner_id,
                learner,
                mods,
                overall,
                overall >= 90,
                product="«Сталь рождается здесь» — Приреченский металлургический комбинат",
            )
        )
    return out
