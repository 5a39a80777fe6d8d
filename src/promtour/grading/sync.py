"""Is the committed student version what ``solutions/`` generates today?"""

from __future__ import annotations

import nbformat

# nbgrader metadata that defines a cell; anything else (timestamps, UI state) is volatile
_KEYS = ("grade", "solution", "locked", "task", "points", "grade_id", "checksum")


def fingerprint(nb: nbformat.NotebookNode) -> list[tuple]:
    rows = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        rows.append((cell.cell_type, cell.source.strip(), tuple((k, meta.get(k)) for k in _KEYS)))
    return rows


def differences(generated: nbformat.NotebookNode, committed: nbformat.NotebookNode) -> list[str]:
    """Human-readable differences, empty when in sync."""
    a, b = fingerprint(generated), fingerprint(committed)
    if len(a) != len(b):
        return [f"число ячеек: сгенерировано {len(a)}, в репозитории {len(b)}"]
    return [f"ячейка {i + 1} отличается" for i, (x, y) in enumerate(zip(a, b)) if x != y]
