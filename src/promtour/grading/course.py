"""A course directory and the trainer's steps over nbgrader's Python API."""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import warnings
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from ..course import ASSIGNMENT_NOTEBOOK, MODULES
from ..errors import KitError
from ..fsutil import atomic_write_text
from ..gradebook import open_gradebook, saving
from ..learners import LEARNER_ID
from ..paths import repo_root
from .config import LAYOUT, course_config, scripts_on_path, sqlite_path
from .sandbox import preflight

# nbgrader 0.9 with SQLAlchemy 2 warns on every new submission; the data is written correctly
warnings.filterwarnings("ignore", category=SAWarning, module="nbgrader")

STUDENT_ID = LEARNER_ID  # one rule for every step (promtour.learners)
log = logging.getLogger(__name__)


# Failures of the grading machinery rather than of the learner's code: retried, never scored zero.
INFRA_ATTEMPTS = 3
_INFRA = (
    "before replying to kernel_info",
    "didn't respond in",
    "Address already in use",
    "Invalid Signature",
    "Failed to start the kernel",
    "BrokenProcessPool",
)


def is_infrastructure_failure(message: str) -> bool:
    """A kernel that never started (or a worker that crashed) is the grader's failure, not the learner's."""
    return any(m in message for m in _INFRA)


@dataclass(frozen=True)
class StepResult:
    assignment: str
    student: str | None
    ok: bool
    message: str = ""


class Course:
    """The course at ``root`` (this repository by default) with its gradebook."""

    def __init__(self, root: Path | str | None = None, db_url: str | None = None, config: Config | None = None):
        """``config`` overrides the course's defaults (e.g. a shorter cell timeout)."""
        scripts_on_path()
        self.root = Path(root or repo_root()).resolve()
        self.config = course_config(self.root, db_url)
        if config is not None:
            self.config.merge(config)
        self.db_url: str = self.config.CourseDirectory.db_url
        self._api: NbGraderAPI | None = None
        if path := sqlite_path(self.db_url):  # SQLite will not create the folder itself
            path.parent.mkdir(parents=True, exist_ok=True)

    # --- places ---
    def dir(self, step: str) -> Path:
        """``source``, ``release``, ``submitted``, ``autograded``, ``feedback``."""
        return self.root / LAYOUT[f"{step}_directory"]

    def notebook(self, step: str, assignment: str, student: str | None = None) -> Path:
        base = self.dir(step)
        if student:
            base = base / student
        return base / assignment / f"{ASSIGNMENT_NOTEBOOK}.ipynb"

    @property
    def api(self) -> NbGraderAPI:
        if self._api is None:
            preflight(self.config)  # a missing sandbox fails here once, not in every submission
            self._api = NbGraderAPI(config=self.config)
            self._api.log.setLevel(logging.ERROR)
        return self._api

    def gradebook(self) -> AbstractContextManager[Gradebook]:
        """The course's gradebook (nbgrader creates it on first use)."""
        return open_gradebook(self.db_url, must_exist=False, course_id=self.config.CourseDirectory.course_id)

    def assignments(self) -> list[str]:
        """Assignments with an instructor source, in course order."""
        return [m.assignment for m in MODULES if self.notebook("source", m.assignment).is_file()]

    def resolve(self, names: Iterable[str] | None) -> list[str]:
        """Turn ``m01``/``1``/``m01-strategy`` (or nothing = all) into assignment ids."""
        from ..course import module

        available = self.assignments()
        if not names:
            return available
        chosen = []
        for name in names:
            try:
                assignment = module(name).assignment
            except KeyError as exc:
                raise KitError(str(exc.args[0])) from None
            if assignment not in available:
                raise KitError(f"У задания {assignment} нет исходника {self.notebook('source', assignment)}")
            chosen.append(assignment)
        return chosen

    # --- steps ---
    def build(self, assignment: str) -> StepResult:
        """Generate the student version into ``assignments/`` (and register it in the gradebook)."""
        result = self.api.generate_assignment(assignment, force=True, create=True)
        return _step(assignment, None, result)

    def autograde(self, assignment: str, student: str) -> StepResult:
        """Autograde one submission. If nbgrader cannot finish it (the kernel died or hung),
        its autograded cells get zero and a comment says why, so the batch goes on.

        A regrade keeps the trainer's manual grade and comment of every answer the learner did
        not change since it was graded (nbgrader would mark them all pending again)."""
        kept = self._manual_work(assignment, student)
        for attempt in range(INFRA_ATTEMPTS):
            result = _step(assignment, student, self.api.autograde(assignment, student, force=True, create=True))
            if result.ok or not is_infrastructure_failure(result.message):
                break
            log.warning(
                "autograde %s/%s: infrastructure failure (attempt %d): %s",
                assignment,
                student,
                attempt + 1,
                result.message,
            )
        else:  # the grader, not the learner, failed every time: no score rather than a zero
            return StepResult(assignment, student, False, f"не проверено: {result.message}")
        if not result.ok:
            self._zero_ungraded(assignment, student, result.message)
        elif kept:
            self._restore_manual_work(assignment, student, kept)
        if result.ok:
            atomic_write_text(self._graded_stamp(assignment, student), self.submission_digest(assignment, student))
        return result

    # --- regrading: what changed, what the trainer already did ---
    def submission_digest(self, assignment: str, student: str) -> str:
        """A fingerprint of the submitted folder (notebook and timestamp)."""
        folder = self.dir("submitted") / student / assignment
        h = hashlib.sha256()
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
        return h.hexdigest()

    def _graded_stamp(self, assignment: str, student: str) -> Path:
        return self.dir("autograded") / student / assignment / ".promtour-graded"

    def needs_autograde(self, assignment: str, student: str) -> bool:
        """New or changed since its last autograde by the kit."""
        stamp = self._graded_stamp(assignment, student)
        return not stamp.is_file() or stamp.read_text(encoding="utf-8") != self.submission_digest(assignment, student)

    def _answers(self, assignment: str, student: str) -> dict[str, str]:
        path = self.notebook("autograded", assignment, student)
        if not path.is_file():
            return {}
        return {
            c.metadata["nbgrader"]["grade_id"]: c.source
            for c in read_notebook(path).cells
            if c.get("metadata", {}).get("nbgrader", {}).get("solution")
        }

    def _manual_work(self, assignment: str, student: str) -> dict[str, tuple]:
        """grade cell -> (answer text, manual score, extra credit, manual comment) before a regrade."""
        answers = self._answers(assignment, student)
        if not answers:
            return {}
        kept = {}
        with self.gradebook() as gb:
            try:
                nb = gb.find_submission_notebook(ASSIGNMENT_NOTEBOOK, assignment, student)
            except MissingEntry:
                return {}
            comments = {c.cell.name: c.manual_comment for c in nb.comments}
            for g in nb.grades:
                if g.manual_score is not None and g.cell.name in answers:
                    kept[g.cell.name] = (
                        answers[g.cell.name],
                        g.manual_score,
                        g.extra_credit,
                        comments.get(g.cell.name),
                    )
        return kept

    def _restore_manual_work(self, assignment: str, student: str, kept: dict[str, tuple]) -> None:
        answers = self._answers(assignment, student)
        with self.gradebook() as gb, saving(gb):
            nb = gb.find_submission_notebook(ASSIGNMENT_NOTEBOOK, assignment, student)
            comments = {c.cell.name: c for c in nb.comments}
            for g in nb.grades:
                old = kept.get(g.cell.name)
                if old is None or answers.get(g.cell.name) != old[0]:
                    continue  # a changed answer is graded again
                g.manual_score, g.extra_credit, g.needs_manual_grade = old[1], old[2], False
                if g.cell.name in comments and old[3] is not None:
                    comments[g.cell.name].manual_comment = old[3]

    def _zero_ungraded(self, assignment: str, student: str, reason: str) -> None:
        with self.gradebook() as gb, saving(gb):
            try:
                nb = gb.find_submission_notebook(ASSIGNMENT_NOTEBOOK, assignment, student)
            except MissingEntry:
                return  # nbgrader failed before registering the submission
            for grade in nb.grades:
                if grade.auto_score is None and grade.cell.cell_type == "code":
                    grade.auto_score = 0.0
                    grade.needs_manual_grade = False
            for comment in nb.comments[:1]:
                comment.auto_comment = f"Автопроверка не завершилась ({reason}); автоматические баллы — 0."

    def feedback(self, assignment: str, student: str) -> StepResult:
        result = self.api.generate_feedback(assignment, student, force=True)
        return _step(assignment, student, result)

    def submitted_students(self, assignment: str) -> list[str]:
        root = self.dir("submitted")
        if not root.is_dir():
            return []
        return sorted(p.parent.parent.name for p in root.glob(f"*/{assignment}/{ASSIGNMENT_NOTEBOOK}.ipynb"))

    def autograded_students(self, assignment: str) -> list[str]:
        root = self.dir("autograded")
        return sorted(p.parent.parent.name for p in root.glob(f"*/{assignment}/{ASSIGNMENT_NOTEBOOK}.ipynb"))

    def submit(
        self, assignment: str, student: str, notebook: Path | nbformat.NotebookNode, timestamp: datetime | None = None
    ) -> Path:
        """Place one learner's notebook where nbgrader expects a submission."""
        if not STUDENT_ID.match(student):
            raise KitError(f"Недопустимый id слушателя «{student}»: латиница, цифры, точка, дефис, подчёркивание")
        nb = notebook if isinstance(notebook, nbformat.NotebookNode) else read_notebook(notebook)
        target = self.notebook("submitted", assignment, student)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_notebook(nb, target)
        stamp = (timestamp or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
        (target.parent / "timestamp.txt").write_text(stamp.strip() + "\n", encoding="utf-8")
        return target

    def scores(self) -> list[dict]:
        """One row per student and assignment with a submission."""
        rows = []
        with self.gradebook() as gb:
            for assignment in gb.assignments:
                for sub in assignment.submissions:
                    rows.append(
                        {
                            "student_id": sub.student.id,
                            "last_name": sub.student.last_name or "",
                            "first_name": sub.student.first_name or "",
                            "assignment": assignment.name,
                            "score": round(sub.score, 2),
                            "max_score": round(sub.max_score, 2),
                            "auto_score": round(sub.code_score, 2),
                            "manual_score": round(sub.written_score, 2),
                            "needs_manual_grade": bool(sub.needs_manual_grade),
                            "late_seconds": round(sub.total_seconds_late or 0),
                        }
                    )
        order = {m.assignment: m.number for m in MODULES}
        return sorted(rows, key=lambda r: (r["student_id"], order.get(r["assignment"], 99)))

    def set_manual_score(self, assignment: str, student: str, grade_id: str, score: float) -> None:
        """Record a trainer's grade for a manually graded cell (what the formgrader does)."""
        with self.gradebook() as gb, saving(gb):
            try:
                grade = gb.find_grade(grade_id, ASSIGNMENT_NOTEBOOK, assignment, student)
            except MissingEntry:
                raise KitError(f"Нет оценки {grade_id} у {student} в {assignment}") from None
            if not 0 <= score <= grade.max_score:
                raise KitError(f"Балл {score} вне диапазона 0…{grade.max_score} для {grade_id}")
            grade.manual_score = score
            grade.needs_manual_grade = False

    @classmethod
    def scratch(cls, folder: Path, assignments: Iterable[str], db_url: str | None = None) -> Course:
        """A new course in ``folder`` with this repository's sources of ``assignments`` and an
        ``nbgrader_config.py``, so that plain ``nbgrader`` commands work there too."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "nbgrader_config.py").write_text(
            "from pathlib import Path\nfrom promtour.grading.config import configure\n"
            "configure(get_config(), Path(__file__).resolve().parent)  # noqa: F821\n",
            encoding="utf-8",
        )
        course = cls(folder, db_url)
        course.copy_sources_from(repo_root(), assignments)
        return course

    def copy_sources_from(self, other_root: Path, assignments: Iterable[str]) -> None:
        """Seed a scratch course with instructor sources of another course."""
        for assignment in assignments:
            src = Path(other_root) / LAYOUT["source_directory"] / assignment
            dst = self.dir("source") / assignment
            if dst.exists():
                shutil.rmtree(dst)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))


_CAUSE = re.compile(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception|Timeout)): (.+)$")


def _step(assignment: str, student: str | None, result: dict) -> StepResult:
    """nbgrader's result dict -> ok/message; the message is the root cause, not the wrapper."""
    if result.get("success"):
        return StepResult(assignment, student, True)
    text = "\n".join(filter(None, (result.get("log"), result.get("error"))))
    causes = [m.groups() for m in map(_CAUSE.match, text.splitlines()) if m and m[1] != "NbGraderException"]
    errors = [line.split("] ", 1)[1] for line in text.splitlines() if line.startswith("[ERROR]")]
    message = ": ".join(causes[-1]) if causes else (errors[0] if errors else "неизвестная ошибка nbgrader")
    return StepResult(assignment, student, False, message)


def read_notebook(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise KitError(f"Нет файла {path}") from None
    except Exception as exc:  # nbformat raises several kinds on broken JSON
        raise KitError(f"{path}: не читается как блокнот Jupyter ({type(exc).__name__}: {exc})") from None


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    """Atomic write: a reader never sees a half-written notebook."""
    atomic_write_text(path, nbformat.writes(nb))
