"""Synthetic learners' submissions, made from the release and the instructor source.

A submission is the student version with some answer cells replaced by the
instructor's solution, so cell ids, checksums and metadata are exactly what a
learner's JupyterLab would save. The expected autograde score follows from the
notebook's structure: a test cell covers the answer cells since the previous
test cell.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import nbformat
from nbgrader.utils import is_grade, is_solution


@dataclass(frozen=True)
class Task:
    """One graded test cell and the answer cells it relies on."""

    answer_ids: tuple[str, ...]  # solution code cells the test relies on
    test_id: str
    points: float


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def tasks(source: nbformat.NotebookNode) -> list[Task]:
    """Graded test cells in order, each with the answer cells written since the last answer group.

    A task may have several test cells in a row (the formula, then the edge cases, for partial
    credit): they share the answer cells before the first of them.
    """
    found: list[Task] = []
    pending: list[str] = []
    group: tuple[str, ...] = ()
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        if is_solution(cell) and not is_grade(cell):
            pending.append(_meta(cell)["grade_id"])
        elif is_grade(cell):
            if pending:
                group, pending = tuple(pending), []
            found.append(Task(group, _meta(cell)["grade_id"], float(_meta(cell)["points"])))
    return found


def groups(source: nbformat.NotebookNode) -> list[list[Task]]:
    """Autograded tasks as a learner sees them: the test cells of one answer group together."""
    out: list[list[Task]] = []
    for t in tasks(source):
        if out and out[-1][0].answer_ids == t.answer_ids:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def manual_cells(source: nbformat.NotebookNode) -> dict[str, float]:
    """Manually graded answers: grade_id -> points."""
    return {_meta(c)["grade_id"]: float(_meta(c)["points"]) for c in source.cells if is_grade(c) and is_solution(c)}


_DELIMITERS = ("### BEGIN SOLUTION", "### END SOLUTION")
# paragraphs of a model answer meant for the trainer («Образец для преподавателя…», «Заметки для проверки…»)
_TRAINER_NOTE = re.compile(r"^\s*\*{1,2}\s*(Образец|Заметки)")


def _answers(source: nbformat.NotebookNode) -> dict[str, str]:
    """What a learner would type: the solution cells without nbgrader's delimiters or trainer notes."""
    out = {}
    for c in source.cells:
        if not is_solution(c):
            continue
        text = "\n".join(line for line in c.source.splitlines() if line.strip() not in _DELIMITERS)
        if c.cell_type == "markdown":
            text = "\n\n".join(p for p in re.split(r"\n\s*\n", text) if not _TRAINER_NOTE.match(p))
        out[_meta(c)["grade_id"]] = text
    return out


def fill(
    release: nbformat.NotebookNode, source: nbformat.NotebookNode, grade_ids: set[str], raise_in: str | None = None
) -> nbformat.NotebookNode:
    """The release with the listed answer cells solved; ``raise_in`` gets a crashing line."""
    answers = _answers(source)
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        gid = _meta(cell).get("grade_id")
        if gid in grade_ids:
            cell.source = answers[gid]
        if raise_in is not None and gid == raise_in:
            cell.source = "raise RuntimeError('ошибка в коде слушателя')\n" + cell.source
    return nb


@dataclass(frozen=True)
class Profile:
    name: str
    description: str  # Russian, for the demo's printout
    manual_share: float  # what the simulated trainer gives for open answers


PROFILES = (
    Profile("perfect", "всё решено верно", 1.0),
    Profile("partial", "решена первая половина задач", 0.5),
    Profile("blank", "ничего не решено", 0.0),
    Profile("raising", "всё решено, но последняя задача падает с ошибкой", 1.0),
    Profile("coder", "весь код верный, паспорт продукта не заполнен", 0.0),
)


def submission(
    profile: str, release: nbformat.NotebookNode, source: nbformat.NotebookNode
) -> tuple[nbformat.NotebookNode, float]:
    """The notebook such a learner submits, and the autograde score it deserves."""
    all_groups = groups(source)
    manual = set(manual_cells(source))
    if profile == "perfect":
        solved, broken = all_groups, None
    elif profile == "partial":
        solved, broken = all_groups[: len(all_groups) // 2], None
        manual = set()
    elif profile == "blank":
        solved, broken, manual = [], None, set()
    elif profile == "raising":
        solved, broken = all_groups[:-1], all_groups[-1][0]
    elif profile == "coder":
        solved, broken, manual = all_groups, None, set()
    else:
        raise ValueError(f"unknown profile {profile!r}")
    solved_tasks = [t for g in solved for t in g]
    ids = {a for t in solved_tasks for a in t.answer_ids} | manual
    if broken:
        ids |= set(broken.answer_ids)
    nb = fill(release, source, ids, raise_in=broken.answer_ids[-1] if broken else None)
    return nb, sum(t.points for t in solved_tasks)
