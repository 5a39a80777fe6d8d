"""The learner package: it stands alone (no certificates, no gradebook) and reads what organisers
save, cp1251 included. All names are synthetic."""

from __future__ import annotations

import subprocess
import sys

from promtour.learners import RosterReport, check_roster, read_table


def test_learner_package_needs_neither_certificates_nor_gradebook():
    """Can intake and the hub read a roster without loading the certificates or nbgrader?"""
    code = (
        "import sys, promtour.learners; "
        "print(sorted(m for m in sys.modules if m.startswith(('promtour.certificates', 'promtour.gradebook', 'nbgrader'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cp1251_roster_is_read_and_the_encoding_named(tmp_path):
    """Is a roster saved by Russian Excel (cp1251) read without asking, and does the report say so?"""
    p = tmp_path / "roster_synthetic.csv"
    p.write_bytes("id;фамилия;имя;отчество;email\ns001;Иванова;Мария;Петровна;a@example.org\n".encode("cp1251"))
    report = check_roster(p)
    assert isinstance(report, RosterReport) and report.ok and report.encoding == "cp1251"
    assert report.learners[0].full_name == "Иванова Мария Петровна"
    rows, issues = read_table(p)
    assert rows[1][1][1] == "Иванова" and not issues
    utf8 = tmp_path / "roster_utf8.csv"
    utf8.write_text("id;фамилия;имя;отчество;email\ns001;Иванова;Мария;;a@example.org\n", encoding="utf-8")
    assert check_roster(utf8).encoding == "utf-8"
