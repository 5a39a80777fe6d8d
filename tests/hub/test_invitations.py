"""Invitations and the sheet, without a hub: codes, their one use, what the organiser prints."""

from __future__ import annotations

import csv
import shutil
import subprocess

from systools import missing, read_qr_codes

from promtour.hub import accounts
from promtour.hub.roster import id_by_email, remember_learners, write_invitation_sheet
from promtour.learners import Learner


def test_codes_are_typed_from_paper():
    codes = {accounts.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 11 and code[5] == "-"
        assert not set(code.replace("-", "")) & set("01OIL")  # nothing to misread
    assert accounts.normalise_code(" abcde - fghjk ") == "ABCDEFGHJK"


def test_a_code_fits_its_login_once(tmp_path):
    codes = accounts.issue_invitations(tmp_path, ["ivanova-a", "petrov-p"])
    a, p = codes["ivanova-a"], codes["petrov-p"]
    assert accounts.invitation_matches(tmp_path, "ivanova-a", a.lower().replace("-", ""))
    assert not accounts.invitation_matches(tmp_path, "ivanova-a", p)  # another learner's code
    assert not accounts.invitation_matches(tmp_path, "nobody", a)
    stored = accounts.invitations_file(tmp_path).read_text(encoding="utf-8")
    assert a not in stored and a.replace("-", "") not in stored  # only hashes are kept
    assert accounts.invitations_file(tmp_path).stat().st_mode & 0o077 == 0
    accounts.redeem_invitation(tmp_path, "ivanova-a")
    assert not accounts.invitation_matches(tmp_path, "ivanova-a", a)
    assert accounts.pending_invitations(tmp_path) == {"petrov-p"}
    new = accounts.issue_invitations(tmp_path, ["petrov-p"])["petrov-p"]  # «забыл пароль»
    assert accounts.invitation_matches(tmp_path, "petrov-p", new) and not accounts.invitation_matches(
        tmp_path, "petrov-p", p
    )


def test_learners_are_found_by_email(tmp_path):
    remember_learners(tmp_path, [Learner("ivanova-a", "Иванова", "Анна", "Сергеевна", "Anna.Ivanova@Example.org ")])
    remember_learners(tmp_path, [Learner("petrov-p", "Петров", "Пётр", "", "p@example.org")])  # adds, keeps
    assert id_by_email(tmp_path, "anna.ivanova@example.org") == "ivanova-a"
    assert id_by_email(tmp_path, "P@EXAMPLE.ORG") == "petrov-p"
    assert id_by_email(tmp_path, "") is None and id_by_email(tmp_path, "x@example.org") is None


def test_sheet_for_excel_and_for_print(tmp_path):
    codes = {f"learner-{i}": accounts.new_code() for i in range(6)}
    names = {"learner-0": "Заводская Алёна Викторовна"}
    csv_path, pdf_path = write_invitation_sheet(tmp_path / "sheets", "https://hub.example.ru", codes, names)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with BOM as Cyrillic
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Логин", "ФИО", "Код приглашения", "Адрес входа"]
    assert rows[1] == ["learner-0", "Заводская Алёна Викторовна", codes["learner-0"], "https://hub.example.ru"]
    assert len(rows) == 7
    for path in (csv_path, pdf_path, csv_path.parent):
        assert path.stat().st_mode & 0o077 == 0, f"{path} открыт другим"
    if not shutil.which("pdftotext"):
        missing("pdftotext не найден (apt-get install poppler-utils): текст PDF не проверен")
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True).stdout
    assert "Заводская Алёна Викторовна" in text and codes["learner-5"] in text
    assert "Код действует один раз" in text
    assert text.count("\f") == 2  # six cards, four to a page
    if not shutil.which("pdftoppm") or not shutil.which("zbarimg"):
        missing("pdftoppm/zbarimg не найдены (apt-get install poppler-utils zbar-tools): QR не проверен")
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "p")], check=True
    )
    links = sorted(read_qr_codes(tmp_path / "p-1.png"))
    assert len(links) == 4 and links[0] == (
        f"https://hub.example.ru/hub/login?username=learner-0&invitation={codes['learner-0']}"
    )  # the phone opens the sign-in page with the login and the code filled in


def test_invite_command_issues_new_codes_and_a_sheet(tmp_path):
    """`promtour hub invite` (a forgotten password): new pending codes and the sheet to hand over."""
    from typer.testing import CliRunner

    from promtour.cli import app

    state = tmp_path / "state"
    remember_learners(state, [Learner("ivanova-a", "Иванова", "Анна", "Сергеевна", "a@example.org")])
    result = CliRunner().invoke(
        app, ["hub", "invite", "ivanova-a", "petrov-p", "--state", str(state), "--public-url", "https://hub.example.ru"]
    )
    assert result.exit_code == 0, result.output
    assert accounts.pending_invitations(state) == {"ivanova-a", "petrov-p"}
    assert "Приглашений: 2" in result.output and "--public-url" not in result.output
    local = CliRunner().invoke(app, ["hub", "invite", "petrov-p", "--state", str(state)])
    assert local.exit_code == 0 and "с других компьютеров по нему не войти" in local.output  # loopback on the sheet
    first, second = sorted((state / "invitations").glob("*.csv"), key=lambda path: path.stat().st_mtime_ns)
    assert "petrov-p" in second.read_text(encoding="utf-8-sig")  # a second sheet, the first one kept
    sheet = first
    rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][:2] == ["ivanova-a", "Иванова Анна Сергеевна"] and rows[2][:2] == ["petrov-p", ""]
    assert accounts.invitation_matches(state, "ivanova-a", rows[1][2])
