"""The trainer's report: how learners do per module and per task, in one HTML file.

Everything is read from nbgrader's gradebook (works the same on SQLite and PostgreSQL):
the structure from ``gb.assignments`` → notebooks → grade cells (autograded test cells and
manually graded answers; nbgrader's "task" cells count as manually graded too), the results
from each submission's :class:`nbgrader.api.Grade` rows.

Rules, stated again at the top of the report:

- a task is *solved* when its score (nbgrader's: the manual score if set, else the auto score,
  plus extra credit) is at least ``pass_share`` of its points;
- a module is *passed* when the submission's total is at least ``module_pass_share`` of the
  module's points (``pass_share`` unless given);
- a grade still waiting for the trainer (``needs_manual_grade``) is neither solved nor failed:
  it is counted as waiting and left out of the task's pass rate;
- a submission waiting for manual grading whose total already reaches the pass mark counts as
  passed (its total can only grow); below the mark it is undecided and left out of the
  module's pass rate;
- a task is *hard* when fewer than ``hard_share`` of the learners graded on it solved it.

Output, in ``grading/report/`` by default: ``report.html`` (self-contained: figures are
embedded PNG), ``tasks.csv`` and ``modules.csv``. Every file is written atomically.
"""

from __future__ import annotations

import base64
import csv
import functools
import io
import statistics
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

# Figures are drawn on the Agg canvas directly, without pyplot: no display needed, and the
# process-wide backend (which a trainer's Jupyter session may rely on) stays untouched.
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter
from nbgrader.api import TaskCell

from ..course import ASSIGNMENT_NOTEBOOK, MODULES
from ..errors import KitError
from ..fsutil import atomic_write_bytes
from .course import Course, read_notebook

EPS = 1e-9
TASK_COLUMNS = (
    "assignment",
    "notebook",
    "task",
    "kind",
    "max_score",
    "submissions",
    "graded",
    "passed",
    "failed",
    "awaiting_manual",
    "pass_rate",
    "mean_score",
    "hard",
)
MODULE_COLUMNS = (
    "assignment",
    "title",
    "max_score",
    "pass_mark",
    "submissions",
    "graded",
    "passed",
    "failed",
    "awaiting_manual",
    "pass_rate",
    "mean_score",
    "median_score",
)

OK_COLOR, BAD_COLOR, WAIT_COLOR = "#2e7d32", "#c62828", "#f9a825"


# --- what the gradebook says ---


@dataclass
class TaskStats:
    assignment: str
    notebook: str
    task: str  # the cell's grade_id
    manual: bool  # graded by the trainer (markdown answer or task cell) rather than by tests
    max_score: float
    scores: list[float] = field(default_factory=list)  # graded submissions only
    awaiting: int = 0  # submissions whose grade for this task waits for the trainer

    @property
    def label(self) -> str:
        return self.task if self.notebook == ASSIGNMENT_NOTEBOOK else f"{self.notebook}/{self.task}"

    @property
    def kind(self) -> str:
        return "ручная проверка" if self.manual else "автотест"

    def passed(self, share: float) -> int:
        return sum(s >= share * self.max_score - EPS for s in self.scores)

    def pass_rate(self, share: float) -> float | None:
        return self.passed(share) / len(self.scores) if self.scores else None


@dataclass
class Submission:
    student: str
    name: str
    score: float
    max_score: float
    awaiting: bool  # some grade still needs the trainer


@dataclass
class ModuleStats:
    assignment: str
    title: str
    max_score: float
    tasks: list[TaskStats]
    submissions: list[Submission]

    def is_passed(self, sub: Submission, share: float) -> bool:
        return sub.score >= share * self.max_score - EPS

    def decided(self, share: float) -> list[Submission]:
        """Submissions whose pass/fail is known: fully graded, or already at the pass mark."""
        return [s for s in self.submissions if not s.awaiting or self.is_passed(s, share)]

    def passed(self, share: float) -> int:
        return sum(self.is_passed(s, share) for s in self.submissions)

    def pass_rate(self, share: float) -> float | None:
        decided = self.decided(share)
        return self.passed(share) / len(decided) if decided else None

    @property
    def awaiting(self) -> int:
        return sum(s.awaiting for s in self.submissions)


def _full_name(student) -> str:
    return " ".join(filter(None, (student.last_name, student.first_name))) or ""


def _cell_order(course: Course, assignment: str) -> dict[str, int]:
    """grade_id -> position in the instructor's notebook (the gradebook keeps no order)."""
    path = course.notebook("source", assignment)
    if not path.is_file():
        return {}
    try:
        nb = read_notebook(path)
    except KitError:
        return {}
    ids = (c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb.cells)
    return {gid: i for i, gid in enumerate(ids) if gid}


def collect(course: Course) -> list[ModuleStats]:
    """Per module (in course order) its tasks with their scores and its submissions."""
    order = {m.assignment: m.number for m in MODULES}
    titles = {m.assignment: m.title for m in MODULES}
    modules = []
    with course.gradebook() as gb:
        for assignment in sorted(gb.assignments, key=lambda a: (order.get(a.name, 99), a.name)):
            positions = _cell_order(course, assignment.name)
            tasks: dict[tuple[str, str], TaskStats] = {}
            for nb in sorted(assignment.notebooks, key=lambda n: n.name):
                cells = sorted(nb.grade_cells + nb.task_cells, key=lambda c: (positions.get(c.name, 10**6), c.name))
                for cell in cells:
                    manual = isinstance(cell, TaskCell) or cell.cell_type == "markdown"
                    tasks[nb.name, cell.name] = TaskStats(
                        assignment.name, nb.name, cell.name, manual, float(cell.max_score)
                    )
            submissions = []
            for sub in assignment.submissions:
                for snb in sub.notebooks:
                    for grade in snb.grades:
                        task = tasks.get((snb.name, grade.name))
                        if task is None:  # a cell removed from the source after grading
                            continue
                        if grade.needs_manual_grade:
                            task.awaiting += 1
                        else:
                            task.scores.append(float(grade.score or 0.0))
                submissions.append(
                    Submission(
                        sub.student.id,
                        _full_name(sub.student),
                        float(sub.score or 0.0),
                        float(sub.max_score or 0.0),
                        bool(sub.needs_manual_grade),
                    )
                )
            submissions.sort(key=lambda s: s.student)
            modules.append(
                ModuleStats(
                    assignment.name,
                    titles.get(assignment.name, assignment.name),
                    float(assignment.max_score or 0.0),
                    list(tasks.values()),
                    submissions,
                )
            )
    return modules


# --- CSV ---


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def task_rows(modules: list[ModuleStats], pass_share: float, hard_share: float) -> list[dict]:
    rows = []
    for m in modules:
        for t in m.tasks:
            rate = t.pass_rate(pass_share)
            rows.append(
                {
                    "assignment": t.assignment,
                    "notebook": t.notebook,
                    "task": t.task,
                    "kind": t.kind,
                    "max_score": f"{t.max_score:g}",
                    "submissions": len(t.scores) + t.awaiting,
                    "graded": len(t.scores),
                    "passed": t.passed(pass_share),
                    "failed": len(t.scores) - t.passed(pass_share),
                    "awaiting_manual": t.awaiting,
                    "pass_rate": _pct(rate),
                    "mean_score": f"{statistics.fmean(t.scores):.2f}" if t.scores else "",
                    "hard": int(rate is not None and rate < hard_share),
                }
            )
    return rows


def module_rows(modules: list[ModuleStats], share: float) -> list[dict]:
    rows = []
    for m in modules:
        scores = [s.score for s in m.submissions if not s.awaiting]
        decided = len(m.decided(share))
        rows.append(
            {
                "assignment": m.assignment,
                "title": m.title,
                "max_score": f"{m.max_score:g}",
                "pass_mark": f"{share * m.max_score:g}",
                "submissions": len(m.submissions),
                "graded": len(scores),
                "passed": m.passed(share),
                "failed": decided - m.passed(share),
                "awaiting_manual": m.awaiting,
                "pass_rate": _pct(m.pass_rate(share)),
                "mean_score": f"{statistics.fmean(scores):.2f}" if scores else "",
                "median_score": f"{statistics.median(scores):g}" if scores else "",
            }
        )
    return rows


def _csv_bytes(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


# --- figures ---


def _n(x: float, digits: int | None = None) -> str:
    """A number as Russian readers write it: decimal comma."""
    return (f"{x:g}" if digits is None else f"{x:.{digits}f}").replace(".", ",")


def _png(fig: Figure) -> str:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _ball(n: float) -> str:
    """«балл» agreeing with a number (1 балл, 2 балла, 5 баллов; fractions: балла)."""
    if n != int(n):
        return "балла"
    n = int(n) % 100
    if 11 <= n <= 14:
        return "баллов"
    return {1: "балл", 2: "балла", 3: "балла", 4: "балла"}.get(n % 10, "баллов")


def histogram(m: ModuleStats, share: float) -> str:
    """Total scores of the module's submissions; those waiting for the trainer stacked in yellow."""
    fig = Figure(figsize=(5.3, 3.4))
    ax = fig.add_subplot()
    top = max([m.max_score] + [s.score for s in m.submissions]) or 1.0
    if top <= 25:  # one bar per whole point
        edges = [i - 0.5 for i in range(int(top) + 2)]
    else:
        edges = [top * i / 20 for i in range(21)]
    graded = [s.score for s in m.submissions if not s.awaiting]
    waiting = [s.score for s in m.submissions if s.awaiting]
    ax.hist(
        [graded, waiting],
        bins=edges,
        stacked=True,
        color=["#1565c0", WAIT_COLOR],
        edgecolor="white",
        label=["проверено полностью", "ждёт ручной проверки"],
    )
    mark = share * m.max_score
    ax.axvline(
        mark,
        color=BAD_COLOR,
        linestyle="--",
        linewidth=1.5,
        label=f"порог зачёта: {_n(mark)} {_ball(mark)} ({share:.0%})",
    )
    ax.set_title(f"{m.assignment}: итоговые баллы слушателей", fontsize=11)
    ax.set_xlabel(f"Итоговый балл (максимум {_n(m.max_score)})")
    ax.set_ylabel("Число слушателей")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(edges[0], edges[-1])
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def pass_rate_chart(m: ModuleStats, share: float, hard_share: float) -> str:
    """Share of learners who solved each task; hard tasks in red, tasks not yet graded hatched."""
    tasks = m.tasks
    fig = Figure(figsize=(5.3, 0.9 + 0.42 * max(len(tasks), 1)))
    ax = fig.add_subplot()
    labels, values, colors = [], [], []
    for t in tasks:
        rate = t.pass_rate(share)
        labels.append(f"{t.label} ({_n(t.max_score)} б.{', ручн.' if t.manual else ''})")
        values.append(rate or 0.0)
        colors.append("#bdbdbd" if rate is None else BAD_COLOR if rate < hard_share else OK_COLOR)
    y = list(range(len(tasks)))
    ax.barh(y, values, color=colors, height=0.6)
    for yi, t, v in zip(y, tasks, values):
        text = "не проверено" if not t.scores else f"{t.passed(share)} из {len(t.scores)}"
        if t.awaiting:
            text += f"; ждут: {t.awaiting}"
        ax.text(min(v, 1.0) + 0.01, yi, text, va="center", fontsize=8)
    ax.axvline(hard_share, color="#616161", linestyle=":", linewidth=1)
    ax.set_yticks(y, labels, fontsize=9)
    ax.invert_yaxis()  # notebook order from top to bottom
    ax.set_xlim(0, 1.3)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_title(f"{m.assignment}: доля слушателей, решивших задачу", fontsize=11)
    ax.set_xlabel(f"Решили (балл за задачу ≥ {share:.0%} максимума); красным — меньше {hard_share:.0%}")
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


# --- HTML ---


def _rate(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


INTEGRITY_COLUMNS = ("student_id", "assignment", "kind", "cell", "line", "code", "reason")


def integrity_rows(course: Course) -> list[dict]:
    """Submitted code worth a trainer's look (:mod:`.integrity`): for review, not for penalties."""
    from .integrity import KINDS, scan

    rows = []
    for assignment in course.assignments():
        for student in course.submitted_students(assignment):
            for f in scan(course.notebook("submitted", assignment, student)):
                rows.append(
                    {
                        "student_id": student,
                        "assignment": assignment,
                        "kind": KINDS.get(f.kind, f.kind),
                        "cell": f.grade_id or f.cell,
                        "line": f.line,
                        "code": f.code,
                        "reason": f.reason,
                    }
                )
    return rows


def _overview(modules: list[ModuleStats], share: float) -> dict:
    """The learners × modules grid: one row per learner, one cell per module."""
    learners: dict[str, str] = {}
    cells: dict[tuple[str, str], Submission] = {}
    for m in modules:
        for s in m.submissions:
            learners.setdefault(s.student, s.name)
            cells[s.student, m.assignment] = s
    rows = []
    for student in sorted(learners):
        marks: list[dict[str, str] | None] = []
        for m in modules:
            sub = cells.get((student, m.assignment))
            if sub is None:
                marks.append(None)
                continue
            state = "pass" if m.is_passed(sub, share) else "wait" if sub.awaiting else "fail"
            marks.append(
                {"state": state, "text": f"{_n(sub.score)} / {_n(sub.max_score)}" + (" ✎" if sub.awaiting else "")}
            )
        rows.append({"student": student, "name": learners[student], "cells": marks})
    return {"named": any(learners.values()), "rows": rows}


def _task_rows(m: ModuleStats, share: float, hard_share: float) -> list[dict]:
    out = []
    for t in m.tasks:
        rate = t.pass_rate(share)
        out.append(
            {
                "label": t.label,
                "kind": t.kind,
                "max": _n(t.max_score),
                "graded": len(t.scores),
                "passed": t.passed(share),
                "rate": _rate(rate),
                "awaiting": t.awaiting,
                "hard": rate is not None and rate < hard_share,
                "mean": _n(statistics.fmean(t.scores), 2) if t.scores else "—",
            }
        )
    return out


def render_html(
    modules: list[ModuleStats],
    pass_share: float,
    module_share: float,
    hard_share: float,
    generated: datetime,
    source: str,
    integrity: list[dict] | None = None,
) -> str:
    """The report page from ``templates/report.html.j2`` (Jinja2, autoescaped)."""
    hard = sorted(
        ((r, t) for m in modules for t in m.tasks if (r := t.pass_rate(pass_share)) is not None and r < hard_share),
        key=lambda x: (x[0], x[1].assignment, x[1].task),
    )
    module_rows = []
    for m in modules:
        graded = [s for s in m.submissions if not s.awaiting]
        module_rows.append(
            {
                "assignment": m.assignment,
                "title": m.title,
                "max": _n(m.max_score),
                "threshold": _n(module_share * m.max_score),
                "submitted": len(m.submissions),
                "passed": m.passed(module_share),
                "failed": len(m.decided(module_share)) - m.passed(module_share),
                "rate": _rate(m.pass_rate(module_share)),
                "awaiting": m.awaiting,
                "mean": _n(statistics.fmean(s.score for s in graded), 1) if graded else "—",
                "histogram": histogram(m, module_share),
                "chart": pass_rate_chart(m, pass_share, hard_share),
                "tasks": _task_rows(m, pass_share, hard_share),
            }
        )
    return _template().render(
        css=_CSS,
        generated=generated,
        source=source,
        pass_share=f"{pass_share:.0%}",
        module_share=f"{module_share:.0%}",
        hard_share=f"{hard_share:.0%}",
        learners=len({s.student for m in modules for s in m.submissions}),
        submissions=sum(len(m.submissions) for m in modules),
        waiting=sum(m.awaiting for m in modules),
        wait_by_module=", ".join(f"{m.assignment}: {m.awaiting}" for m in modules if m.awaiting),
        hard=[
            {
                "assignment": t.assignment,
                "label": t.label,
                "kind": t.kind,
                "passed": t.passed(pass_share),
                "graded": len(t.scores),
                "rate": _rate(r),
            }
            for r, t in hard
        ],
        modules=module_rows,
        overview=_overview(modules, module_share),
        assignments=modules,
        integrity=integrity or [],
    )


@functools.lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("promtour.grading", "templates"),
        autoescape=select_autoescape(["j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2")


_CSS = resources.files(__package__).joinpath("templates", "report.css").read_text(encoding="utf-8")


def _safe_url(url: str) -> str:
    """The gradebook URL without a password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy understands: show nothing secret
        return url.split("@")[-1]


def build_report(
    course: Course,
    out_dir: Path | None = None,
    pass_share: float = 0.6,
    *,
    module_pass_share: float | None = None,
    hard_share: float = 0.5,
) -> Path:
    """Write ``report.html``, ``tasks.csv`` and ``modules.csv`` into ``out_dir``
    (``grading/report/`` of the course by default); returns the HTML's path."""
    module_share = pass_share if module_pass_share is None else module_pass_share
    for name, value in (("pass_share", pass_share), ("module_pass_share", module_share), ("hard_share", hard_share)):
        if not 0 < value <= 1:
            raise KitError(f"{name} должен быть в (0, 1], а не {value}")
    modules = collect(course)
    if not any(m.submissions for m in modules):
        raise KitError("в журнале нет сданных работ: отчёт строить не по чему")
    out = Path(out_dir) if out_dir else course.root / "grading" / "report"
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out / "tasks.csv", _csv_bytes(TASK_COLUMNS, task_rows(modules, pass_share, hard_share)))
    atomic_write_bytes(out / "modules.csv", _csv_bytes(MODULE_COLUMNS, module_rows(modules, module_share)))
    flags = integrity_rows(course)
    atomic_write_bytes(out / "integrity.csv", _csv_bytes(INTEGRITY_COLUMNS, flags))
    page = render_html(modules, pass_share, module_share, hard_share, datetime.now(), _safe_url(course.db_url), flags)
    target = out / "report.html"
    atomic_write_bytes(target, page.encode("utf-8"))
    return target
