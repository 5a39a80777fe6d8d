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
import html
import io
import statistics
from dataclasses import dataclass, field
from datetime import datetime
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

CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 2em auto; max-width: 1100px;
       color: #212121; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { border-bottom: 2px solid #e0e0e0; padding-bottom: .2em; margin-top: 1.8em; }
.muted { color: #616161; font-size: .9em; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; margin: 1em 0; }
.card { border: 1px solid #e0e0e0; border-radius: 6px; padding: .6em 1em; min-width: 9em; }
.card b { display: block; font-size: 1.6em; }
.card.warn { border-color: #f9a825; background: #fff8e1; }
.alert { border-left: 5px solid #c62828; background: #ffebee; padding: .6em 1em; margin: 1em 0; }
.alert.ok { border-color: #2e7d32; background: #e8f5e9; }
table { border-collapse: collapse; margin: .6em 0; font-size: .92em; }
th, td { border: 1px solid #e0e0e0; padding: .3em .6em; text-align: left; }
th { background: #f5f5f5; } td.num { text-align: right; white-space: nowrap; }
td.pass { background: #e8f5e9; } td.fail { background: #ffebee; } td.wait { background: #fff8e1; }
tr.hard td { color: #b71c1c; font-weight: bold; }
.figs { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
.figs img { box-sizing: border-box; max-width: calc(50% - .5em); height: auto; border: 1px solid #eeeeee; }
@media (max-width: 900px) { .figs img { max-width: 100%; } }
code { background: #f5f5f5; padding: 0 .25em; }
"""


def _e(x) -> str:
    return html.escape(str(x))


def _rate(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def _overview(modules: list[ModuleStats], share: float) -> str:
    learners: dict[str, str] = {}
    cells: dict[tuple[str, str], Submission] = {}
    for m in modules:
        for s in m.submissions:
            learners.setdefault(s.student, s.name)
            cells[s.student, m.assignment] = s
    named = any(learners.values())
    head = "".join(f"<th title='{_e(m.title)}'>{_e(m.assignment)}</th>" for m in modules)
    rows = []
    for student in sorted(learners):
        tds = []
        for m in modules:
            sub = cells.get((student, m.assignment))
            if sub is None:
                tds.append("<td class='num muted'>—</td>")
                continue
            ok = m.is_passed(sub, share)
            cls = "pass" if ok else "wait" if sub.awaiting else "fail"
            mark = " ✎" if sub.awaiting else ""
            tds.append(f"<td class='num {cls}'>{_n(sub.score)} / {_n(sub.max_score)}{mark}</td>")
        name = f"<td>{_e(learners[student])}</td>" if named else ""
        rows.append(f"<tr><td>{_e(student)}</td>{name}{''.join(tds)}</tr>")
    return (
        f"<table><tr><th>Слушатель</th>{'<th>ФИО</th>' if named else ''}{head}</tr>{''.join(rows)}</table>"
        "<p class='muted'>Зелёным — модуль зачтён, красным — не зачтён, жёлтым и ✎ — ждёт ручной "
        "проверки (балл ещё может вырасти), «—» — работа не сдана.</p>"
    )


def _task_table(m: ModuleStats, share: float, hard_share: float) -> str:
    rows = []
    for t in m.tasks:
        rate = t.pass_rate(share)
        hard = rate is not None and rate < hard_share
        mean = f"{_n(statistics.fmean(t.scores), 2)}" if t.scores else "—"
        rows.append(
            f"<tr class='{'hard' if hard else ''}'><td><code>{_e(t.label)}</code></td><td>{_e(t.kind)}</td>"
            f"<td class='num'>{_n(t.max_score)}</td><td class='num'>{len(t.scores)}</td>"
            f"<td class='num'>{t.passed(share)}</td><td class='num'>{_rate(rate)}</td>"
            f"<td class='num'>{mean}</td><td class='num'>{t.awaiting}</td></tr>"
        )
    return (
        "<table><tr><th>Задача</th><th>Проверка</th><th>Баллов</th><th>Проверено</th><th>Решили</th>"
        "<th>Доля решивших</th><th>Средний балл</th><th>Ждут ручной проверки</th></tr>" + "".join(rows) + "</table>"
    )


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


def _integrity_html(rows: list[dict]) -> str:
    head = (
        "<h2>Проверка добросовестности</h2><p class='muted'>Код, который стоит посмотреть: обращения к "
        "builtins, подмена проверочных функций, чтение файлов вне своей папки, запуск процессов, импорт "
        "ответов из пакета курса. Это повод открыть работу, а не основание снизить балл. Таблица — "
        "<a href='integrity.csv'>integrity.csv</a>.</p>"
    )
    if not rows:
        return head + "<p>Замечаний нет.</p>"
    body = "".join(
        f"<tr><td>{_e(r['student_id'])}</td><td>{_e(r['assignment'])}</td><td>{_e(r['kind'])}</td>"
        f"<td>{_e(r['cell'])}, стр. {r['line']}</td><td><code>{_e(r['code'])}</code></td>"
        f"<td>{_e(r['reason'])}</td></tr>"
        for r in rows
    )
    return head + (
        "<table><tr><th>Слушатель</th><th>Модуль</th><th>Что</th><th>Где</th><th>Код</th>"
        "<th>Почему</th></tr>" + body + "</table>"
    )


def render_html(
    modules: list[ModuleStats],
    pass_share: float,
    module_share: float,
    hard_share: float,
    generated: datetime,
    source: str,
    integrity: list[dict] | None = None,
) -> str:
    learners = {s.student for m in modules for s in m.submissions}
    n_subs = sum(len(m.submissions) for m in modules)
    waiting = sum(m.awaiting for m in modules)
    hard = sorted(
        (
            (t.pass_rate(pass_share), t)
            for m in modules
            for t in m.tasks
            if (r := t.pass_rate(pass_share)) is not None and r < hard_share
        ),
        key=lambda x: (x[0], x[1].assignment, x[1].task),
    )
    if hard:
        items = "".join(
            f"<li><code>{_e(t.assignment)}</code> / <code>{_e(t.label)}</code> ({_e(t.kind)}): "
            f"решили {t.passed(pass_share)} из {len(t.scores)} — <b>{_rate(r)}</b></li>"
            for r, t in hard
        )
        hard_html = (
            f"<div class='alert'><h2 style='margin-top:0;border:0'>Задачи, которые чаще всего не решают</h2>"
            f"<p>Решили меньше {hard_share:.0%} проверенных слушателей:</p><ol>{items}</ol></div>"
        )
    else:
        hard_html = (
            f"<div class='alert ok'><b>Задачи, которые чаще всего не решают:</b> нет — каждую задачу "
            f"решили не меньше {hard_share:.0%} проверенных слушателей.</div>"
        )
    wait_by_module = ", ".join(f"{m.assignment}: {m.awaiting}" for m in modules if m.awaiting)
    cards = (
        f"<div class='cards'><div class='card'><b>{len(learners)}</b>слушателей</div>"
        f"<div class='card'><b>{n_subs}</b>сданных работ</div>"
        f"<div class='card{' warn' if waiting else ''}'><b>{waiting}</b>ждут ручной проверки"
        f"{f'<br><span class=muted>{_e(wait_by_module)}</span>' if waiting else ''}</div></div>"
    )

    mod_rows = []
    for m in modules:
        graded = [s for s in m.submissions if not s.awaiting]
        mean = f"{_n(statistics.fmean(s.score for s in graded), 1)}" if graded else "—"
        mod_rows.append(
            f"<tr><td><a href='#{_e(m.assignment)}'>{_e(m.assignment)}</a></td><td>{_e(m.title)}</td>"
            f"<td class='num'>{_n(m.max_score)}</td><td class='num'>{_n(module_share * m.max_score)}</td>"
            f"<td class='num'>{len(m.submissions)}</td><td class='num'>{m.passed(module_share)}</td>"
            f"<td class='num'>{_rate(m.pass_rate(module_share))}</td><td class='num'>{mean}</td>"
            f"<td class='num'>{m.awaiting}</td></tr>"
        )
    modules_table = (
        "<table><tr><th>Модуль</th><th>Название</th><th>Максимум</th><th>Порог зачёта</th>"
        "<th>Сдано работ</th><th>Зачтено</th><th>Доля зачтённых</th><th>Средний балл</th>"
        "<th>Ждут ручной проверки</th></tr>" + "".join(mod_rows) + "</table>"
    )

    sections = []
    for m in modules:
        sections.append(
            f"<section id='{_e(m.assignment)}'><h2>{_e(m.assignment)} — {_e(m.title)}</h2>"
            f"<p class='muted'>Сдано работ: {len(m.submissions)}; зачтено {m.passed(module_share)}, "
            f"не зачтено {len(m.decided(module_share)) - m.passed(module_share)}; ждут ручной проверки: "
            f"{m.awaiting}.</p>"
            f"<div class='figs'><img alt='Распределение итоговых баллов {_e(m.assignment)}' "
            f"src='data:image/png;base64,{histogram(m, module_share)}'>"
            f"<img alt='Доля решивших по задачам {_e(m.assignment)}' "
            f"src='data:image/png;base64,{pass_rate_chart(m, pass_share, hard_share)}'></div>"
            f"{_task_table(m, pass_share, hard_share)}</section>"
        )

    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>Отчёт тренера: результаты слушателей</title>
<style>{CSS}</style></head><body>
<h1>Отчёт тренера: результаты слушателей</h1>
<p class="muted">Курс «Специалист по организации промышленного туризма». Сформирован
{generated:%d.%m.%Y %H:%M} по журналу оценок <code>{_e(source)}</code>.</p>
<p class="muted">Задача решена, если за неё получено не меньше {pass_share:.0%} её баллов; модуль зачтён
при итоговом балле не меньше {module_share:.0%} максимума. Оценки, которые ждут ручной проверки, в долю
решивших не входят; работа, которая ждёт ручной проверки, зачтена, если уже набрала порог, а иначе
в долю зачтённых не входит. Таблицы — в файлах <a href="tasks.csv">tasks.csv</a> и
<a href="modules.csv">modules.csv</a> рядом с этим отчётом.</p>
{cards}
{hard_html}
<h2>Слушатели × модули</h2>
{_overview(modules, module_share)}
<h2>Модули</h2>
{modules_table}
{"".join(sections)}
{_integrity_html(integrity or [])}
</body></html>
"""


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
