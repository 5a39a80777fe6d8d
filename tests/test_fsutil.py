"""The kit's one atomic-write helper (reports, exports, certificates, passports, datasets)."""

from promtour.fsutil import atomic_write_bytes, atomic_write_text


def test_atomic_write_leaves_no_temp_file(tmp_path):
    """Does a write replace the file whole, with no temporary file left beside it?"""
    target = tmp_path / "a.csv"
    target.write_text("old", encoding="utf-8")
    atomic_write_bytes(target, "новое".encode())
    assert target.read_text(encoding="utf-8") == "новое"
    atomic_write_text(tmp_path / "sub" / "b.txt", "текст")
    assert (tmp_path / "sub" / "b.txt").read_text(encoding="utf-8") == "текст"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "sub"]
