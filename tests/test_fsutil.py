"""The kit's one atomic-write helper (reports, exports, certificates, passports, datasets)."""

import json

from promtour.fsutil import atomic_write_bytes, atomic_write_json, atomic_write_text


def test_atomic_write_leaves_no_temp_file(tmp_path):
    """Does a write replace the file whole, with no temporary file left beside it?"""
    target = tmp_path / "a.csv"
    target.write_text("old", encoding="utf-8")
    atomic_write_bytes(target, "новое".encode())
    assert target.read_text(encoding="utf-8") == "новое"
    atomic_write_text(tmp_path / "sub" / "b.txt", "текст")
    assert (tmp_path / "sub" / "b.txt").read_text(encoding="utf-8") == "текст"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "sub"]


def test_json_is_readable_and_private_when_asked(tmp_path):
    """Is the JSON the kit keeps readable Cyrillic, whole, and with the mode asked for?"""
    target = tmp_path / "state" / "learners.json"
    atomic_write_json(target, {"ivanova-a": {"name": "Иванова Анна"}}, mode=0o600)
    text = target.read_text(encoding="utf-8")
    assert "Иванова Анна" in text and text.endswith("}\n")
    assert json.loads(text) == {"ivanova-a": {"name": "Иванова Анна"}}
    assert target.stat().st_mode & 0o777 == 0o600
