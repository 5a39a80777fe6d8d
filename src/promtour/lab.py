"""``promtour lab`` / ``make lab``: the course in JupyterLab, in Russian by default.

JupyterLab starts in the course folder (so nbgrader's formgrader and *Validate* read the
course's ``nbgrader_config.py``) with ``--LabApp.app_settings_dir`` pointing at the
repository's ``jupyter/lab/settings``. Its ``overrides.json`` only sets *defaults* (Russian
interface, no news fetched from the internet): a user's own choice in *Настройки → Язык*
is stored in their user settings and wins.

:func:`lab_command` is pure (the tests start the server with it); :func:`run` starts it
in the foreground.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import KitError
from .paths import repo_root

LOCALE = "ru_RU"
LANGUAGE_PACK = "jupyterlab_language_pack_ru_RU"


def settings_dir() -> Path:
    """The folder with ``overrides.json`` (defaults of JupyterLab's settings for the course)."""
    return repo_root() / "jupyter" / "lab" / "settings"


def lab_command(
    course: Path | str | None = None,
    *,
    ip: str = "127.0.0.1",
    port: int | None = None,
    token: str | None = None,
    open_browser: bool = True,
    path: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """The command line that starts JupyterLab on ``course`` (default: this repository).

    ``port=None`` lets Jupyter choose (8888 or the next free one); ``token=None`` lets it make
    a random token and print the address with it; ``path`` (relative to the course, e.g.
    ``modules/01-strategy.ipynb``) is opened at start.
    """
    root = Path(course or repo_root()).resolve()
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.app_settings_dir={settings_dir()}",
        f"--ServerApp.ip={ip}",
        f"--ServerApp.open_browser={open_browser}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root
        argv.append("--ServerApp.allow_root=True")
    if port is not None:
        argv += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        argv.append(f"--IdentityProvider.token={token}")
    if path:
        argv.append(f"--LabApp.default_url=/lab/tree/{path.lstrip('/')}")
    return argv + list(extra)


def check_course(course: Path | str | None = None) -> Path:
    """The course folder, if it looks like one (it has ``nbgrader_config.py``)."""
    root = Path(course or repo_root()).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise KitError(f"{root} — не папка курса: нет nbgrader_config.py")
    return root


def language_pack_installed() -> bool:
    from importlib.util import find_spec

    return find_spec(LANGUAGE_PACK) is not None


def run(course: Path | str | None = None, **options) -> int:
    """Start JupyterLab in the foreground until Ctrl+C; returns its exit code."""
    root = check_course(course)
    if not language_pack_installed():
        print(
            "Внимание: русский языковой пакет не установлен (pip install jupyterlab-language-pack-ru-RU); "
            "интерфейс будет на английском.",
            file=sys.stderr,
        )
    try:
        return subprocess.call(lab_command(root, **options), cwd=root)
    except KeyboardInterrupt:  # Ctrl+C already stopped JupyterLab
        return 0
