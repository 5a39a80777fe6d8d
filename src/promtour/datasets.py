"""The course datasets: declared once, generated deterministically, loaded typed.

Each module declares its datasets in ``promtour/course/mNN/datasets.py`` as a
list ``DATASETS`` of :class:`Dataset`. ``promtour data`` (or
:func:`write_all`) regenerates ``data/*.csv``; notebooks call :func:`load`.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .course import MODULES
from .errors import KitError
from .fsutil import atomic_write_text
from .paths import data_dir

# dtype names a column may declare, and how a CSV column is turned into each
DTYPES = ("int", "float", "str", "bool", "date", "category")


class DataError(KitError, ValueError):
    """A dataset file is missing or does not match its declaration."""


@dataclass(frozen=True)
class Column:
    dtype: str
    description: str
    unit: str = ""
    nullable: bool = False

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"unknown dtype {self.dtype!r}; use one of {DTYPES}")


@dataclass(frozen=True)
class Dataset:
    name: str  # file data/<name>.csv
    title: str  # Russian, one line
    columns: dict[str, Column]
    build: Callable[[np.random.Generator], pd.DataFrame]
    synthetic: bool = True
    source: str = ""  # citation of published figures, required when not synthetic
    notes: str = ""
    module: str = field(default="", compare=False)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def generate(self) -> pd.DataFrame:
        """Build the frame with a seed derived from the name: same name, same data."""
        rng = np.random.default_rng(zlib.crc32(self.name.encode()))
        frame = self.build(rng)
        return _typed(frame, self, origin=f"генератор набора «{self.name}»")


def registry() -> dict[str, Dataset]:
    """All datasets of all modules, by name."""
    found: dict[str, Dataset] = {}
    for m in MODULES:
        part = m.part("datasets")
        for ds in getattr(part, "DATASETS", ()):
            if ds.name in found:
                raise ValueError(f"dataset {ds.name!r} declared twice")
            if not ds.synthetic and not ds.source:
                raise ValueError(f"dataset {ds.name!r} holds published figures but cites no source")
            object.__setattr__(ds, "module", m.key)
            found[ds.name] = ds
    return found


def dataset(name: str) -> Dataset:
    known = registry()
    if name not in known:
        raise DataError(f"Нет набора данных «{name}». Есть: {', '.join(sorted(known))}")
    return known[name]


def load(name: str, folder: Path | str | None = None) -> pd.DataFrame:
    """Read ``data/<name>.csv`` with the declared column types.

    Raises :class:`DataError` with a message that names the file and what is
    wrong with it (missing file, missing column, a value of the wrong type).
    """
    ds = dataset(name)
    path = Path(folder) if folder else data_dir()
    path = path / ds.filename
    if not path.is_file():
        raise DataError(f"Файл {path} не найден. Восстановите данные командой `promtour data`.")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: файл не в кодировке UTF-8 ({exc.reason})") from None
    except pd.errors.ParserError as exc:
        raise DataError(f"{path}: файл не читается как CSV ({exc})") from None
    return _typed(raw, ds, origin=str(path))


def _typed(frame: pd.DataFrame, ds: Dataset, origin: str) -> pd.DataFrame:
    missing = [c for c in ds.columns if c not in frame.columns]
    if missing:
        raise DataError(f"{origin}: нет столбцов {', '.join(missing)}")
    out = pd.DataFrame(index=range(len(frame)))
    for name, col in ds.columns.items():
        values = frame[name].reset_index(drop=True)
        out[name] = _convert(values, col, f"{origin}, столбец «{name}»")
    return out


def _convert(values: pd.Series, col: Column, where: str) -> pd.Series:
    if values.isna().any() and not col.nullable:
        rows = (values[values.isna()].index + 2).tolist()[:5]  # +2: header and 1-based
        raise DataError(f"{where}: пустые значения в строках {rows}")
    try:
        if col.dtype == "int":
            converted = pd.to_numeric(values, errors="raise")
            if (converted.dropna() % 1 != 0).any():
                raise ValueError("дробные значения в целочисленном столбце")
            return converted.astype("Int64" if col.nullable else "int64")
        if col.dtype == "float":
            return pd.to_numeric(values, errors="raise").astype("float64")
        if col.dtype == "bool":
            mapping = {"true": True, "false": False, "1": True, "0": False}
            lowered = values.astype(str).str.strip().str.lower()
            bad = ~lowered.isin(list(mapping)) & values.notna()
            if bad.any():
                raise ValueError(f"не логическое значение {values[bad].iloc[0]!r}")
            return lowered.map(mapping).astype("boolean" if col.nullable else "bool")
        if col.dtype == "date":
            return pd.to_datetime(values, format="%Y-%m-%d", errors="raise")
        if col.dtype == "category":
            return values.astype("category")
        return values.astype("string")
    except (ValueError, TypeError) as exc:
        raise DataError(f"{where}: значение не типа {col.dtype} ({exc})") from None


def write_all(folder: Path | str | None = None) -> Iterator[Path]:
    """Regenerate every dataset as UTF-8 CSV; yields the paths written."""
    target = Path(folder) if folder else data_dir()
    target.mkdir(parents=True, exist_ok=True)
    for ds in registry().values():
        path = target / ds.filename
        text = ds.generate().to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
        atomic_write_text(path, text)
        yield path
