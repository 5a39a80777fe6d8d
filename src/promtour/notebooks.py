"""Executing and inspecting notebooks (lessons, assignments) outside nbgrader."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from .grading.config import CELL_TIMEOUT_S

SELFTEST_CELL = "from promtour.selfcheck import selftest\nselftest(globals())"


def execute(
    path: Path | str, *, extra_cells: tuple[str, ...] = (), timeout: int = CELL_TIMEOUT_S, allow_errors: bool = False
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in its own folder; returns the executed copy."""
    path = Path(path)
    nb = nbformat.read(str(path), as_version=4)
    for source in extra_cells:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def errors(nb: nbformat.NotebookNode) -> list[str]:
    """``ename: evalue`` of every error output."""
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def stdout_json(cell: nbformat.NotebookNode) -> Any:
    """The JSON a cell printed last on stdout."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")
    return json.loads(text.strip().splitlines()[-1])


_CODE_SPAN = re.compile(r"```.*?```|`[^`]*`|<[^>]+>|\$[^$]*\$", re.S)
_WORD = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")


def prose_words(nb: nbformat.NotebookNode) -> int:
    """Words of teaching prose: markdown cells without code blocks, HTML tags and formulas."""
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return len(_WORD.findall(_CODE_SPAN.sub(" ", text)))


def has_outputs(nb: nbformat.NotebookNode) -> bool:
    return any(c.get("outputs") or c.get("execution_count") for c in nb.cells if c.cell_type == "code")
