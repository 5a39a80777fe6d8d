"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

TMP_SUFFIX = ".part"


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to a temp file next to ``path``, fsync it, then ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, mode: int = 0o644) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def atomic_write_json(path: Path, obj: object, mode: int = 0o644) -> None:
    """``obj`` as readable UTF-8 JSON (Cyrillic as is, indented), atomically."""
    atomic_write_text(path, json.dumps(obj, ensure_ascii=False, indent=2) + "\n", mode)


def remove_partial_files(directory: Path) -> list[Path]:
    """Delete temp files an interrupted write left behind; return what was removed."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    removed = []
    for p in directory.glob(f".*{TMP_SUFFIX}"):
        p.unlink(missing_ok=True)
        removed.append(p)
    return removed
