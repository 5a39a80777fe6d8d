"""Where the course lives on disk."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def repo_root() -> Path:
    """The course checkout: ``PROMTOUR_ROOT`` or the tree this package was installed from."""
    env = os.environ.get("PROMTOUR_ROOT")
    if env:
        return Path(env).resolve()
    return PACKAGE_DIR.parents[1]


def data_dir() -> Path:
    """Datasets folder: ``PROMTOUR_DATA`` or ``<root>/data``."""
    env = os.environ.get("PROMTOUR_DATA")
    return Path(env).resolve() if env else repo_root() / "data"
