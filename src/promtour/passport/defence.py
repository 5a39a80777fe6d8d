"""The passport's defence before the trainer, recorded in nbgrader's gradebook.

The defence is a gradebook assignment of its own (:data:`~.template.DEFENCE_ASSIGNMENT`) whose
manually graded cells are the rubric's criteria, so exports, reports and eligibility read it
like any other grade.
"""

from __future__ import annotations

from ..errors import KitError
from ..gradebook import saving
from .template import DEFENCE, DEFENCE_ASSIGNMENT, DEFENCE_MAX

NOTEBOOK = "defence"
COMMENT_CELL = "defence_comment"
PRODUCT_CELL = "defence_product"  # what was defended: product and enterprise, printed on the certificate


def ensure_structure(gb) -> None:
    """Create the defence assignment, its notebook and one grade cell per criterion (idempotent)."""
    gb.update_or_create_assignment(DEFENCE_ASSIGNMENT)
    gb.update_or_create_notebook(NOTEBOOK, DEFENCE_ASSIGNMENT)
    for c in DEFENCE:
        gb.update_or_create_grade_cell(
            f"defence_{c.key}", NOTEBOOK, DEFENCE_ASSIGNMENT, max_score=float(c.points), cell_type="markdown"
        )
    gb.update_or_create_solution_cell(COMMENT_CELL, NOTEBOOK, DEFENCE_ASSIGNMENT)
    gb.update_or_create_solution_cell(PRODUCT_CELL, NOTEBOOK, DEFENCE_ASSIGNMENT)


def parse_scores(pairs: list[str]) -> dict[str, float]:
    """``["logic=3", "safety=2.5", …]`` → scores, checked against the rubric (Russian errors)."""
    known = {c.key: c for c in DEFENCE}
    scores: dict[str, float] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or key not in known:
            raise KitError(f"«{pair}»: пишите критерий=балл; критерии: {', '.join(known)}")
        try:
            score = float(value.replace(",", "."))
        except ValueError:
            raise KitError(f"«{pair}»: балл должен быть числом") from None
        if not 0 <= score <= known[key].points or (score * 2) % 1:
            raise KitError(f"«{pair}»: балл от 0 до {known[key].points} с шагом 0,5")
        scores[key] = score
    missing = [k for k in known if k not in scores]
    if missing:
        raise KitError(f"Не хватает оценок по критериям: {', '.join(missing)} (оцените все сразу)")
    return scores


def record(gb, learner: str, scores: dict[str, float], comment: str = "", product: str = "") -> float:
    """Record a learner's defence; a second call replaces the first. Returns the total."""
    from nbgrader.api import MissingEntry

    try:
        gb.find_student(learner)
    except MissingEntry:
        raise KitError(f"Слушателя «{learner}» нет в журнале оценок") from None
    ensure_structure(gb)
    try:
        gb.find_submission(DEFENCE_ASSIGNMENT, learner)
    except MissingEntry:
        gb.add_submission(DEFENCE_ASSIGNMENT, learner)
    with saving(gb):
        for c in DEFENCE:
            grade = gb.find_grade(f"defence_{c.key}", NOTEBOOK, DEFENCE_ASSIGNMENT, learner)
            grade.manual_score = scores[c.key]
            grade.needs_manual_grade = False
        note = gb.find_comment(COMMENT_CELL, NOTEBOOK, DEFENCE_ASSIGNMENT, learner)
        note.manual_comment = comment or None
        gb.find_comment(PRODUCT_CELL, NOTEBOOK, DEFENCE_ASSIGNMENT, learner).manual_comment = product or None
    return sum(scores.values())


def results(gb) -> dict[str, tuple[float | None, float, str]]:
    """learner -> (defence score or None while not graded, maximum, defended product)."""
    from nbgrader.api import MissingEntry

    try:
        assignment = gb.find_assignment(DEFENCE_ASSIGNMENT)
    except MissingEntry:
        return {}
    out = {}
    for sub in assignment.submissions:
        graded = not sub.needs_manual_grade
        product = ""
        try:
            product = gb.find_comment(PRODUCT_CELL, NOTEBOOK, DEFENCE_ASSIGNMENT, sub.student.id).manual_comment or ""
        except MissingEntry:
            pass
        out[sub.student.id] = (float(sub.score) if graded else None, float(DEFENCE_MAX), product)
    return out
