"""The datasets: declared, deterministic, documented, and loaded with clear errors."""

from pathlib import Path

import pandas as pd
import pytest

from promtour.datasets import Column, DataError, Dataset, load, registry
from promtour.paths import data_dir

DATASETS = registry()


def test_every_module_dataset_is_committed_and_regenerates_identically(tmp_path):
    """Are data/*.csv exactly what the seeded generators produce today?"""
    assert DATASETS, "no datasets declared"
    for name, ds in DATASETS.items():
        committed = data_dir() / ds.filename
        assert committed.is_file(), f"{committed} missing: run `promtour data`"
        fresh = ds.generate()
        pd.testing.assert_frame_equal(load(name), fresh, check_dtype=False, obj=name)


def test_generation_is_deterministic():
    """Does the same name give the same data twice?"""
    for ds in DATASETS.values():
        pd.testing.assert_frame_equal(ds.generate(), ds.generate())


def test_datasheet_documents_every_dataset_and_column():
    """Does data/README.md name every file and every column?"""
    sheet = (data_dir() / "README.md").read_text(encoding="utf-8")
    for ds in DATASETS.values():
        assert ds.filename in sheet, f"{ds.filename} not in the datasheet"
        for col in ds.columns:
            assert col in sheet, f"{ds.filename}: column {col} not in the datasheet"


def test_loaded_types_follow_the_declaration():
    """Do loaded frames carry the declared dtypes?"""
    kinds = {"int": "i", "float": "f", "bool": "b", "date": "M"}
    for name, ds in DATASETS.items():
        frame = load(name)
        for col, spec in ds.columns.items():
            if spec.dtype in kinds and not spec.nullable:
                assert frame[col].dtype.kind == kinds[spec.dtype], f"{name}.{col}: {frame[col].dtype}"


TOY = Dataset(
    "toy",
    "игрушечный набор",
    {"year": Column("int", "год"), "visitors": Column("float", "посетители")},
    build=lambda rng: pd.DataFrame({"year": [2021, 2022], "visitors": [1.0, 2.0]}),
)


@pytest.fixture
def toy(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setattr("promtour.datasets.registry", lambda: {"toy": TOY})
    return tmp_path


def test_missing_file_says_how_to_restore(toy):
    """Does a missing file name the path and the command that restores it?"""
    with pytest.raises(DataError, match="promtour data"):
        load("toy", toy)


def test_unknown_dataset_lists_known_ones(toy):
    with pytest.raises(DataError, match="toy"):
        load("nope", toy)


def test_missing_column_is_named(toy):
    (toy / "toy.csv").write_text("year\n2021\n", encoding="utf-8")
    with pytest.raises(DataError, match="visitors"):
        load("toy", toy)


def test_wrong_type_names_the_column(toy):
    (toy / "toy.csv").write_text("year,visitors\n2021,много\n", encoding="utf-8")
    with pytest.raises(DataError, match="visitors"):
        load("toy", toy)


def test_empty_value_names_the_row(toy):
    (toy / "toy.csv").write_text("year,visitors\n2021,1\n,2\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"\[3\]"):
        load("toy", toy)


def test_cp1251_file_is_reported(toy):
    (toy / "toy.csv").write_bytes("year,visitors\n2021,1\n# Челябинск\n".encode("cp1251"))
    with pytest.raises(DataError, match="UTF-8"):
        load("toy", toy)


def test_good_file_loads_typed(toy):
    (toy / "toy.csv").write_text("year,visitors\n2021,1.5\n", encoding="utf-8")
    frame = load("toy", toy)
    assert frame["year"].dtype == "int64" and frame["visitors"].iloc[0] == 1.5
