"""The nbgrader configuration of a course directory laid out like this repository.

``nbgrader_config.py`` at the root calls :func:`configure`, and the CLI builds
the same configuration for scratch course directories (the demo, tests), so
the mapping lives in one place.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)
from traitlets.config import Config

from ..course import COURSE_ID
from .feedback import TEMPLATE, TEMPLATES, FeedbackExporter, GetFeedbackGrades
from .preprocessors import HideHiddenTests
from .sandbox import LimitedExecute, sandbox_hidden_paths

CELL_TIMEOUT_S = 60  # per cell, for autograding and lesson execution

LAYOUT = {
    "source_directory": "solutions",
    "release_directory": "assignments",
    "submitted_directory": "grading/submitted",
    "autograded_directory": "grading/autograded",
    "feedback_directory": "grading/feedback",
    "solution_directory": "grading/solution",
}


SQLITE_BUSY_TIMEOUT_S = 60  # parallel graders wait for the write lock instead of failing


def default_db_url(root: Path) -> str:
    path = (Path(root) / "grading" / "gradebook.db").resolve()
    return f"sqlite:///{path}?timeout={SQLITE_BUSY_TIMEOUT_S}"


def sqlite_path(db_url: str) -> Path | None:
    """The file behind a ``sqlite:///…`` URL (query such as ``?timeout=`` dropped), else None."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or db_url.startswith(prefix + ":memory:"):
        return None
    return Path(db_url[len(prefix) :].split("?", 1)[0])


def scripts_on_path() -> None:
    """nbgrader runs the ``alembic`` script by name when it creates a gradebook; make the
    scripts installed beside this interpreter findable even when the venv is not activated."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def configure(c: Config, root: Path | str, db_url: str | None = None) -> Config:
    """Fill ``c`` with the course layout rooted at ``root``.

    The gradebook URL is, in order: ``db_url``, ``$PROMTOUR_DB_URL``, SQLite in
    ``grading/gradebook.db``.
    """
    root = Path(root).resolve()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = COURSE_ID
    for trait, rel in LAYOUT.items():
        setattr(c.CourseDirectory, trait, rel)
    c.CourseDirectory.db_url = db_url or os.environ.get("PROMTOUR_DB_URL") or default_db_url(root)
    # learners' scratch files never count as part of a submission
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

    c.ExecutePreprocessor.timeout = CELL_TIMEOUT_S
    c.ExecutePreprocessor.interrupt_on_timeout = True
    # student kernels run with limits in a bubblewrap sandbox that hides the course (docs/sandbox.md);
    # mode: LimitedKernelManager.sandbox or $PROMTOUR_SANDBOX = auto | bwrap | off
    c.Autograde.autograde_preprocessors = [
        LimitedExecute,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    c.LimitedKernelManager.hide = sandbox_hidden_paths(root, c.CourseDirectory.db_url)
    c.ClearSolutions.code_stub = {"python": "# ВАШ КОД ЗДЕСЬ\nraise NotImplementedError()"}
    c.ClearSolutions.text_stub = "_Ваш ответ здесь._"
    c.Exchange.assignment_dir = str(root)
    # nbgrader's exchange (JupyterHub deployments set a shared folder); a local default otherwise
    c.Exchange.root = os.environ.get("PROMTOUR_EXCHANGE") or str(root / "grading" / "exchange")
    # feedback: grades, then hidden tests reduced to their messages (HideHiddenTests.enabled)
    c.GenerateFeedback.preprocessors = [GetFeedbackGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
    # the kit's Russian page with MathML formulas (promtour.grading.feedback); its own section,
    # because GenerateFeedback points HTMLExporter at nbgrader's English template
    c.GenerateFeedback.exporter_class = FeedbackExporter
    c.FeedbackExporter.template_name = TEMPLATE
    c.FeedbackExporter.extra_template_basedirs = [str(TEMPLATES)]
    return c


def course_config(root: Path | str, db_url: str | None = None) -> Config:
    return configure(Config(), root, db_url)
