"""An author's check of one module: lesson, self-checks, and the assignment graded both ways."""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.table import Table

from .. import notebooks
from ..course import module
from ..passport.template import parts_of
from . import synthetic
from .course import Course, read_notebook
from .sync import differences
from .trial import auto_score, max_auto, submit_profile

MIN_PROSE_WORDS = 1200


@dataclass
class Report:
    assignment: str
    lines: list[tuple[str, bool, str]] = field(default_factory=list)

    def add(self, what: str, ok: bool, detail: str = "") -> None:
        self.lines.append((what, ok, detail))

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.lines)

    def table(self) -> Table:
        t = Table(title=f"Проверка {self.assignment}")
        t.add_column("Что")
        t.add_column("Итог")
        t.add_column("Подробности")
        for what, ok, detail in self.lines:
            t.add_row(what, "✔" if ok else "✘", detail)
        return t


def check_lesson(course: Course, assignment: str, report: Report) -> None:
    lesson = course.root / module(assignment).lesson  # "m00": the intro lesson
    if not lesson.is_file():
        report.add("урок", False, f"нет файла {lesson}")
        return
    source = read_notebook(lesson)
    report.add("урок без выводов", not notebooks.has_outputs(source))
    words = notebooks.prose_words(source)
    report.add("объём текста урока", words >= MIN_PROSE_WORDS, f"{words} слов (нужно ≥ {MIN_PROSE_WORDS})")
    start = time.perf_counter()
    nb = notebooks.execute(lesson, extra_cells=(notebooks.SELFTEST_CELL,), allow_errors=True)
    errs = notebooks.errors(nb)
    report.add("урок выполняется", not errs, f"{time.perf_counter() - start:.1f} с" + (f"; {errs[0]}" if errs else ""))
    if errs:
        return
    results = notebooks.stdout_json(nb.cells[-1])
    report.add("самопроверок ≥ 3", len(results) >= 3, str(len(results)))
    for r in results:
        ok = (r["shipped"], r["solution"], r["wrong"]) == ("unattempted", "correct", "incorrect")
        report.add(
            f"самопроверка {r['exercise']} ({r['var']})",
            ok,
            f"в уроке: {r['shipped']}, решение: {r['solution']}, ошибка: {r['wrong']}",
        )


def check_structure(course: Course, assignment: str, report: Report) -> None:
    """The content bar: 4–6 autograded tasks with hidden tests, the module's passport parts with
    rubrics that describe their levels, 15–30 points."""
    source = read_notebook(course.notebook("source", assignment))
    groups, manual = synthetic.groups(source), synthetic.manual_cells(source)
    total = sum(t.points for g in groups for t in g) + sum(manual.values())
    report.add("автопроверяемых задач 4–6", 4 <= len(groups) <= 6, str(len(groups)))
    split = [g[0].test_id for g in groups if len(g) > 1]
    report.add("частичный балл: у задач ≥ 2 проверок", len(split) >= len(groups) - 1, f"{len(split)} из {len(groups)}")
    wanted = {p.grade_id for p in parts_of(module(assignment).key)}
    report.add("разделы паспорта модуля", wanted <= set(manual), ", ".join(sorted(wanted - set(manual))))
    report.add("баллов 15–30", 15 <= total <= 30, f"{total:g}")
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in source.cells}
    for gid, points in manual.items():
        problem = rubric_problem(cells.get(f"{gid}_rubric"), points)
        report.add(f"критерии с уровнями: {gid}", problem is None, problem or "")
    tests = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
    }
    unhidden = [gid for gid, src in tests.items() if "BEGIN HIDDEN TESTS" not in src]
    report.add("в каждой проверке есть скрытые тесты", not unhidden, ", ".join(unhidden))
    bare = [gid for gid, src in tests.items() if any(line.lstrip().startswith("assert ") for line in src.splitlines())]
    report.add("проверки объясняют ошибку по-русски (gradetools)", not bare, ", ".join(bare))


RUBRIC_HEADER = re.compile(r"^\|\s*Критерий\s*\|\s*Баллы\s*\|\s*0\s*\|\s*Половина\s*\|\s*Полный балл\s*\|\s*$", re.M)


def rubric_problem(cell, points: float) -> str | None:
    """Why a rubric cell is not a rubric two trainers would apply alike (None when it is)."""
    if cell is None or not cell.metadata.get("nbgrader", {}).get("locked"):
        return "нет закрытой ячейки критериев <grade_id>_rubric"
    if not RUBRIC_HEADER.search(cell.source):
        return "нет таблицы «| Критерий | Баллы | 0 | Половина | Полный балл |»"
    rows = [r for r in cell.source.splitlines() if r.startswith("|")][2:]
    cols = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    if not cols or any(len(c) != 5 or not all(c) for c in cols):
        return "у каждого критерия должны быть баллы и три описания уровня"
    try:
        listed = sum(float(c[1].replace(",", ".")) for c in cols)
    except ValueError:
        return "в столбце «Баллы» не числа"
    return None if abs(listed - points) < 1e-9 else f"сумма баллов критериев {listed:g}, а ячейка стоит {points:g}"


def check_assignment(course: Course, assignment: str, report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="promtour-check-") as tmp:
        scratch = Course(Path(tmp))
        scratch.copy_sources_from(course.root, [assignment])  # the checked course, not necessarily this repo
        built = scratch.build(assignment)
        report.add("сборка студенческой версии", built.ok, built.message)
        if not built.ok:
            return
        committed = course.notebook("release", assignment)
        if committed.is_file():
            diff = differences(read_notebook(scratch.notebook("release", assignment)), read_notebook(committed))
            report.add("assignments/ совпадает с solutions/", not diff, "; ".join(diff[:3]) or "")
        else:
            report.add("assignments/ совпадает с solutions/", False, f"нет {committed}: `promtour build`")
        total = max_auto(scratch, assignment)
        for profile, student in (("perfect", "reference"), ("blank", "blank")):
            expected = submit_profile(scratch, assignment, student, profile)
            r = scratch.autograde(assignment, student)
            got = auto_score(scratch, assignment, student) if r.ok else None
            report.add(
                f"автопроверка: {'эталон' if profile == 'perfect' else 'пустая версия'}",
                got == expected,
                f"{got} из {total} (ожидалось {expected}) {r.message}",
            )


def check_module(course: Course, assignment: str) -> Report:
    report = Report(assignment)
    check_lesson(course, assignment, report)
    check_structure(course, assignment, report)
    check_assignment(course, assignment, report)
    return report
