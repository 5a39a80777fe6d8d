"""``promtour bundle OUT``: what learners get, and nothing of the instructor's.

Lessons, student versions of the assignments, the datasets, the package and the learner's
guide. No ``solutions/`` (reference answers, hidden tests), no ``grading/``, no tests, no keys.
A final scan refuses to finish if nbgrader's solution or hidden-test markers slipped in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import KitError
from .paths import repo_root

# what goes in, relative to the repository root
INCLUDED = (
    "modules",
    "assignments",
    "data",
    "src/promtour",
    "jupyter",
    "pyproject.toml",
    "LICENSE",
    "docs/learner-guide.md",
    "docs/img",
)
MARKERS = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS")  # nbgrader's, in a notebook: an instructor version
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")

LEARNER_README = """# Курс «Специалист по организации промышленного туризма» — материалы слушателя

Здесь уроки (`modules/`, начните с `00-start.ipynb`), задания модулей (`assignments/`),
данные курса (`data/`) и библиотека курса (`src/promtour`). Эталонных решений и скрытых тестов
здесь нет: их видит только тренер.

Установка (Python 3.11 или новее):

```bash
python3 -m venv .venv
.venv/bin/pip install -e .
.venv/bin/promtour lab            # JupyterLab на русском
```

Подробно — в `docs/learner-guide.md`.
"""


def build_bundle(out: Path, root: Path | None = None) -> list[Path]:
    """Copy the learner's material into ``out`` (which must not exist); returns the top-level paths."""
    root = root or repo_root()
    out = Path(out)
    if out.exists():
        raise KitError(f"{out} уже существует: укажите новую папку")
    staging = out.with_name(out.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    written = []
    for rel in INCLUDED:
        src = root / rel
        if not src.exists():
            continue
        dst = staging / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=_SKIP)
        else:
            shutil.copy2(src, dst)
        written.append(out / rel)
    (staging / "README.md").write_text(LEARNER_README, encoding="utf-8")
    leaks = leaked(staging)
    if leaks:
        shutil.rmtree(staging)
        raise KitError(f"в материалах слушателя нашлись решения или скрытые тесты: {', '.join(leaks[:5])}")
    staging.rename(out)  # all or nothing: a half-built bundle never carries the final name
    return written


def leaked(folder: Path) -> list[str]:
    """Notebooks under ``folder`` that hold nbgrader's solution or hidden-test markers."""
    found = []
    for path in folder.rglob("*.ipynb"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(m in text for m in MARKERS):
                found.append(str(path.relative_to(folder)))
    return found
