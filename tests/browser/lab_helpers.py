"""Helpers of the browser tests: JupyterLab as learners and trainers see it, in Debian's headless Chromium.

Each test module starts one JupyterLab server (``promtour.lab.lab_command``, the same command
``promtour lab`` runs) on a free loopback port with a random token, in a temporary copy of the
course, with its own user settings; the server and its kernels are killed at the end.
Playwright drives the system Chromium (never a downloaded browser). Screenshots go to
``tests/browser/artifacts/``. On a laptop without Chromium or Playwright the tests skip;
under CI (``CI=true``) they fail instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from systools import missing, needs_system  # noqa: F401  (re-exported for the browser conftest)

from promtour.lab import lab_command

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}
START_TIMEOUT_S = 90


def needs_playwright() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("playwright не установлен: pip install -e '.[test]'")


@dataclass(frozen=True)
class Lab:
    base: str  # http://127.0.0.1:PORT
    token: str
    root: Path
    log: Path

    def url(self, path: str, *, reset: bool = True) -> str:
        """``reset``: start from an empty workspace, not the one another page left."""
        return f"{self.base}{path}?{'reset&' if reset else ''}token={self.token}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_lab(course: Path, scratch: Path, log_name: str) -> Iterator[Lab]:
    """JupyterLab on ``course`` until the block ends; then the whole process group is killed."""
    port, token = free_port(), secrets.token_hex(24)
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(scratch / "user-settings"),  # no one's own settings
        JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"),
        JUPYTER_CONFIG_DIR=str(scratch / "config"),
        JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
    )
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"{log_name}.log"
    argv = lab_command(course, port=port, token=token, open_browser=False)
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(argv, cwd=course, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", token, course, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab завершился с кодом {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(lab.url("/api/status"), timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"JupyterLab не ответил за {START_TIMEOUT_S} с:\n{log.read_text()[-3000:]}"
                    ) from None
                time.sleep(0.3)
        yield lab
    finally:
        _kill_group(proc)


def _kill_group(proc: subprocess.Popen) -> None:
    """Stop the server, then kill whatever is left of its process group (its kernels)."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(5)


def copy_course(target: Path, parts=("modules", "assignments")) -> Path:
    """A course folder with the repository's lessons, released assignments and nbgrader config."""
    target.mkdir(parents=True)
    for part in parts:
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy2(ROOT / "nbgrader_config.py", target / "nbgrader_config.py")
    return target


def shot(target, name: str, **options) -> Path:
    """Save a screenshot of a page or an element (locator) as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    target.screenshot(path=str(path), **options)
    return path


# --- driving a notebook in JupyterLab (Russian interface) ---

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook on the current tab
KERNEL_IDLE = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    return /Python/.test(panel?.querySelector('.jp-KernelName')?.textContent || '')
        && panel.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle';
}"""
ALL_EXECUTED = """() => {
    const p = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
        .map(e => e.textContent.trim());
    return p.length > 0 && p.every(s => /^\\[\\d+\\]:$/.test(s));
}"""


def open_notebook(page, lab: Lab, path: str) -> None:
    """Open ``path`` (relative to the course) and wait until its kernel is idle."""
    page.goto(lab.url(f"/lab/tree/{path}"))
    page.wait_for_selector(f"{PANEL} .jp-Notebook", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)


def menu(page, top: str, item: str) -> None:
    """Click ``top`` in the main menu bar, then ``item`` in the menu it opens."""
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel").get_by_text(item, exact=True).first.click()


def run_all(page, timeout_ms: int = 120_000) -> None:
    menu(page, "Выполнить", "Запустить все ячейки")
    page.wait_for_function(ALL_EXECUTED, timeout=timeout_ms)
    page.wait_for_function(KERNEL_IDLE, timeout=timeout_ms)


def error_outputs(page) -> list[str]:
    """Text of the error outputs (tracebacks) shown in the open notebook."""
    return page.evaluate("""() => [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(e => e.textContent).filter(t => /Traceback|Error|Exception/.test(t))""")


def append_and_run(page, code: str):
    """Add a code cell at the end of the notebook, type ``code`` into it and run it.

    Returns the cell's locator once it has run."""
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    n = cells.count()
    cells.nth(n - 1).locator(".jp-InputPrompt").first.click()  # selects the cell (not the collapser)
    page.keyboard.press("Escape")
    page.keyboard.press("b")  # command mode: new cell below
    cell = cells.nth(n)
    cell.locator(".cm-content").click()
    page.keyboard.insert_text(code)  # as if pasted: no auto-closed brackets
    page.keyboard.press("Control+Enter")  # run without adding yet another cell
    page.wait_for_function(
        """(n) => {
        const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
        return /^\\[\\d+\\]:$/.test(cells[n]?.querySelector('.jp-InputPrompt')?.textContent.trim() || '');
    }""",
        arg=n,
        timeout=60_000,
    )
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    return cell


def wait_until(condition, what: str, show=None, timeout_s: float = 30) -> bool:
    """Poll ``condition()`` (elements may be re-rendered between polls); fail saying ``what``."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"не дождались: {what}" + (f"; сейчас: {show()!r}" if show else ""))
        time.sleep(0.2)
    return True
