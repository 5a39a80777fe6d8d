"""How many worker processes to start by default (grading and certificate batches alike)."""

from __future__ import annotations

import os

MAX_DEFAULT_WORKERS = 8  # beyond this, memory per kernel or per renderer matters more than cores


def default_workers() -> int:
    """The cores this process may use, at most :data:`MAX_DEFAULT_WORKERS`."""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(n, MAX_DEFAULT_WORKERS))
