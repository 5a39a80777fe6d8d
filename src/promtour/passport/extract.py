"""The product passport read back from a learner's notebooks and the gradebook.

Text comes from the ``passport_<key>`` answer cells, tables and figures from the exhibits in the
graded notebook's outputs (``grading/autograded/<learner>/<assignment>/``; the submitted notebook
when it has not been graded yet), scores from the gradebook.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..course import ASSIGNMENT_NOTEBOOK, MODULES
from .exhibit import MIME
from .template import PARTS, Part

MIN_WORDS = 15  # an answer shorter than this is not a filled section
_BLANKS = ("YOUR ANSWER HERE", "ВАШ ОТВЕТ")
_PROMPT = re.compile(r"^\s*\*\*\s*(Ваш ответ|Раздел паспорта)[^\n]*(\n[^\n]+)*\n*")  # the assignment's own lead-in
_PRODUCT = re.compile(r"^\W*(?:Продукт|Название продукта)\W*:\s*\**\s*(.+?)\s*\**\s*$", re.M | re.I)


@dataclass
class Exhibit:
    kind: str  # table | figure
    part: str
    title: str
    note: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    png: bytes | None = None


@dataclass
class PartContent:
    part: Part
    text: str = ""
    exhibits: list[Exhibit] = field(default_factory=list)
    score: float | None = None  # None: not graded (yet)
    max_score: float | None = None
    pending: bool = False  # waits for the trainer's manual grade

    @property
    def filled(self) -> bool:
        text = self.text
        for blank in _BLANKS:
            text = text.replace(blank, "")
        return len(re.findall(r"\w+", text)) >= MIN_WORDS


@dataclass
class Passport:
    learner: str
    enterprise: dict | None = None  # the Enterprise record shown by choose()
    parts: list[PartContent] = field(default_factory=list)

    @property
    def enterprise_name(self) -> str:
        return (self.enterprise or {}).get("name", "")

    @property
    def product(self) -> str:
        """The product's name: the first «Продукт: …» line of the passport's answers."""
        for p in self.parts:
            found = _PRODUCT.search(p.text)
            if found:
                return found.group(1).strip().strip("*").strip()
        return ""

    def sections(self) -> list[dict]:
        """One entry per module, as ``promtour passport show --json`` prints them."""
        out = []
        for m in MODULES:
            mine = [p for p in self.parts if p.part.module == m.key]
            scored = [p for p in mine if p.score is not None and not p.pending]
            out.append(
                {
                    "module": m.key,
                    "title": " · ".join(p.part.title for p in mine),
                    "filled": bool(mine) and all(p.filled for p in mine),
                    "score": sum(p.score for p in scored) if len(scored) == len(mine) else None,  # type: ignore[misc]
                    "max": sum(p.max_score or 0 for p in mine) or None,
                    "parts": [
                        {
                            "key": p.part.key,
                            "title": p.part.title,
                            "filled": p.filled,
                            "score": p.score,
                            "max": p.max_score,
                            "pending": p.pending,
                            "exhibits": len(p.exhibits),
                        }
                        for p in mine
                    ],
                }
            )
        return out

    def as_json(self) -> dict:
        return {
            "learner": self.learner,
            "enterprise": self.enterprise_name or None,
            "product": self.product or None,
            "sections": self.sections(),
        }


def from_notebooks(learner: str, notebooks: dict[str, nbformat.NotebookNode]) -> Passport:
    """A passport from ``{module key: notebook}`` (graded or as the learner saved it)."""
    passport = Passport(learner)
    contents = {p.key: PartContent(p) for p in PARTS}
    for nb in notebooks.values():
        for cell in nb.cells:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            key = gid[len("passport_") :] if gid.startswith("passport_") else ""
            if key in contents and cell.cell_type == "markdown":
                contents[key].text = _PROMPT.sub("", cell.source.strip(), count=1).strip()
            for out in cell.get("outputs", []) if cell.cell_type == "code" else ():
                payload = out.get("data", {}).get(MIME)
                if not isinstance(payload, dict):
                    continue
                if payload.get("kind") == "enterprise":
                    passport.enterprise = passport.enterprise or payload.get("enterprise")
                elif payload.get("part") in contents:
                    contents[payload["part"]].exhibits.append(_exhibit(payload, out.get("data", {})))
    passport.parts = list(contents.values())
    return passport


def _exhibit(payload: dict, data: dict) -> Exhibit:
    png = data.get("image/png")
    return Exhibit(
        kind=str(payload.get("kind", "")),
        part=str(payload["part"]),
        title=str(payload.get("title", "")),
        note=str(payload.get("note", "")),
        columns=list(payload.get("columns", [])),
        rows=list(payload.get("rows", [])),
        png=base64.b64decode(png) if png else None,
    )


def learner_notebooks(course, learner: str) -> dict[str, nbformat.NotebookNode]:
    """The learner's newest notebook of each module: graded if it was, else as submitted."""
    from ..grading.course import read_notebook

    found = {}
    for m in MODULES:
        for step in ("autograded", "submitted"):
            path = Path(course.dir(step)) / learner / m.assignment / f"{ASSIGNMENT_NOTEBOOK}.ipynb"
            if path.is_file():
                found[m.key] = read_notebook(path)
                break
    return found


def add_scores(passport: Passport, course) -> Passport:
    """Fill each part's score from the gradebook (manual score when the trainer gave one)."""
    from nbgrader.api import MissingEntry

    by_key = {m.key: m.assignment for m in MODULES}
    with course.gradebook() as gb:
        for pc in passport.parts:
            try:
                grade = gb.find_grade(pc.part.grade_id, ASSIGNMENT_NOTEBOOK, by_key[pc.part.module], passport.learner)
            except MissingEntry:
                continue
            pc.max_score = float(grade.max_score)
            pc.pending = bool(grade.needs_manual_grade)
            pc.score = None if grade.score is None else float(grade.score)
    return passport


def passport_of(course, learner: str) -> Passport:
    """The learner's passport in a course: content from notebooks, scores from the gradebook."""
    notebooks = learner_notebooks(course, learner)
    if not notebooks:
        from ..errors import KitError

        raise KitError(f"У слушателя «{learner}» нет ни одной сданной работы в {course.root}")
    return add_scores(from_notebooks(learner, notebooks), course)
