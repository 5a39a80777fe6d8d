"""LMS zip intake: wrong names, duplicates, late work, broken and hostile entries."""

import zipfile
from datetime import UTC, datetime

import pytest
from mini_assignment import MINI
from typer.testing import CliRunner

from promtour.cli import app
from promtour.errors import KitError
from promtour.grading.intake import collect_zip

pytestmark = pytest.mark.slow
DEADLINE = datetime(2026, 12, 1, 23, 59, tzinfo=UTC)


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as zf:
        for name, when, data in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return path


@pytest.fixture
def release_bytes(mini_course):
    return mini_course.notebook("release", MINI).read_bytes()


def test_zip_intake_reports_every_case(mini_course, tmp_path, release_bytes):
    """Are odd names accepted, the newest duplicate kept, late work flagged, junk and hostile
    paths skipped with a reason, and broken notebooks rejected — all in one report?"""
    on_time, late, earlier = (2026, 11, 30, 10, 0, 0), (2026, 12, 3, 9, 0, 0), (2026, 11, 20, 8, 0, 0)
    archive = _zip(
        tmp_path / "lms.zip",
        [
            ("ivanov-1/Задание модуля 1 (1).ipynb", on_time, release_bytes),
            ("petrova-2_final_v2.ipynb", late, release_bytes),
            ("sidorov-3/draft.ipynb", earlier, release_bytes),
            ("sidorov-3/final.ipynb", on_time, release_bytes),
            ("kuznetsov-4/work.ipynb", on_time, b"{not a notebook"),
            ("ivanov-1/notes.txt", on_time, b"hello"),
            ("../evil.ipynb", on_time, release_bytes),
            ("stray.ipynb", on_time, release_bytes),
            ("__MACOSX/ivanov-1/._x.ipynb", on_time, b"junk"),
        ],
    )
    report = {r.student: r for r in collect_zip(mini_course, archive, MINI, DEADLINE)}
    assert report["ivanov-1"].ok and "Задание модуля 1 (1).ipynb" in report["ivanov-1"].message
    assert report["petrova-2"].ok and "опозданием" in report["petrova-2"].message
    assert report["sidorov-3"].ok and "пропущены: sidorov-3/draft.ipynb" in report["sidorov-3"].message
    assert not report["kuznetsov-4"].ok and "не читается" in report["kuznetsov-4"].message
    assert not report["ivanov-1/notes.txt"].ok
    assert not report["../evil.ipynb"].ok and "недопустимый путь" in report["../evil.ipynb"].message
    assert not report["stray.ipynb"].ok
    assert not any("MACOSX" in k for k in report)
    assert mini_course.submitted_students(MINI) == ["ivanov-1", "petrova-2", "sidorov-3"]
    stamp = (mini_course.dir("submitted") / "petrova-2" / MINI / "timestamp.txt").read_text()
    assert stamp.startswith("2026-12-03 09:00:00")


def test_late_submission_is_late_in_the_gradebook(mini_course, tmp_path, release_bytes):
    """Does nbgrader, after intake with a deadline, know how late the work was?"""
    archive = _zip(tmp_path / "late.zip", [("late-1/a.ipynb", (2026, 12, 2, 23, 59, 0), release_bytes)])
    collect_zip(mini_course, archive, MINI, DEADLINE)
    assert mini_course.autograde(MINI, "late-1").ok
    (row,) = mini_course.scores()
    assert row["late_seconds"] == 24 * 3600


def test_broken_zip_is_one_clear_error(mini_course, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(KitError, match="повреждён"):
        collect_zip(mini_course, bad, MINI)
    result = CliRunner().invoke(app, ["collect", str(bad), "-m", "m01", "--course", str(mini_course.root)])
    assert result.exit_code == 1 and "Traceback" not in result.output
