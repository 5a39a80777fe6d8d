"""One step from a roster (CSV/XLSX with full Russian names, read by :mod:`promtour.learners`) to
the hub: hub users (which the hub turns into Unix accounts in the course group), the hub's
learner group, gradebook students (written by the trainer's formgrader, so the gradebook stays
the trainer's), one-time invitations for the first sign-in with a sheet to hand out, and the
e-mail → id map the LTI sign-in uses."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from ..errors import KitError
from ..fsutil import atomic_write_bytes, atomic_write_json
from ..learners import Learner, RosterReport, RowIssue, check_roster, read_table
from . import DEFAULT_STATE, DEFAULT_TRAINER, LEARNERS_GROUP
from .accounts import MIN_PASSWORD_LENGTH, UNIX_NAME, UNIX_RULE, issue_invitations
from .client import Hub


@dataclass
class HubRosterReport:
    roster: RosterReport
    created: list[str] = field(default_factory=list)  # new hub (and Unix) users
    existing: list[str] = field(default_factory=list)
    students: list[str] = field(default_factory=list)  # written to the gradebook
    invitations: dict[str, str] = field(default_factory=dict)  # new learners' one-time codes

    @property
    def ok(self) -> bool:
        return self.roster.ok


def check_hub_roster(path: Path | str, fix: bool = False, encoding: str | None = None) -> RosterReport:
    """The roster check, plus: every id must be usable as a hub/Unix user name."""
    report = check_roster(path, fix=fix, encoding=encoding)
    bad = [learner.learner_id for learner in report.learners if not UNIX_NAME.match(learner.learner_id)]
    if bad:
        numbers: dict[str, int] = {}  # row numbers for the messages
        table, _ = read_table(Path(path), encoding)
        for number, cells in table[1:]:
            for cell in cells:
                if cell.strip() in bad:
                    numbers.setdefault(cell.strip(), number)
        for lid in bad:
            report.errors.append(
                RowIssue(numbers.get(lid, 0), f"id «{lid}» не годится в имя пользователя на сервере: {UNIX_RULE}", lid)
            )
        report.errors.sort(key=lambda e: e.row)
        report.learners = [le for le in report.learners if le.learner_id not in bad]
    return report


def import_roster(
    hub: Hub,
    path: Path | str,
    trainer: str = DEFAULT_TRAINER,
    state: Path | str = DEFAULT_STATE,
    skip_bad: bool = False,
    fix: bool = False,
    encoding: str | None = None,
) -> HubRosterReport:
    """Roster → hub users, the learner group, gradebook students, invitations for the new users —
    in one step. With problems in the file and without ``skip_bad`` nothing is written."""
    roster = check_hub_roster(path, fix=fix, encoding=encoding)
    result = HubRosterReport(roster)
    if (roster.errors and not skip_bad) or not roster.learners:
        return result
    names = [le.learner_id for le in roster.learners]
    if trainer in names:
        raise KitError(f"в списке слушателей есть тренер «{trainer}»")
    known = hub.users()
    result.existing = [n for n in names if n in known]
    result.created = [n for n in names if n not in known]
    remember_learners(state, roster.learners)
    hub.create_users(result.created)
    hub.add_to_group(LEARNERS_GROUP, names)
    result.invitations = issue_invitations(state, result.created)
    hub.start_server(trainer)
    for le in roster.learners:
        # nbgrader's gradebook has no patronymic: it goes with the first name (as the certificates do)
        first = " ".join(p for p in (le.first_name, le.patronymic) if p)
        hub.formgrader(
            trainer,
            "PUT",
            f"/student/{le.learner_id}",
            {"last_name": le.last_name, "first_name": first, "email": le.email},
        )
        result.students.append(le.learner_id)
    return result


# ---- who is who on the hub: names for the sheets, e-mails for the LTI sign-in ------------------------


def learners_file(state: Path | str) -> Path:
    return Path(state) / "learners.json"


def remember_learners(state: Path | str, learners: list[Learner]) -> None:
    """Keep id → full name and e-mail in the hub's state (root only; never in git)."""
    known = known_learners(state)
    for le in learners:
        known[le.learner_id] = {"name": le.full_name, "email": le.email.strip().lower()}
    atomic_write_json(learners_file(state), known, mode=0o600)


def known_learners(state: Path | str) -> dict[str, dict[str, str]]:
    path = learners_file(state)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def id_by_email(state: Path | str, email: str) -> str | None:
    email = email.strip().lower()
    if not email:
        return None
    return next((lid for lid, info in known_learners(state).items() if info.get("email") == email), None)


# ---- the invitation sheet -------------------------------------------------------------------------------

SHEET_COLUMNS = ["Логин", "ФИО", "Код приглашения", "Адрес входа"]


def write_invitation_sheet(
    folder: Path | str, url: str, codes: dict[str, str], names: dict[str, str]
) -> tuple[Path, Path]:
    """The codes as a CSV for Excel (UTF-8 with BOM, «;») and a PDF of cards to cut and hand out.
    Both are credentials: the folder and files are readable by their owner only."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    rows = [[lid, names.get(lid, ""), code, url] for lid, code in sorted(codes.items())]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([SHEET_COLUMNS, *rows])
    base, n = f"приглашения-{stamp}", 1
    while (folder / f"{base}.csv").exists() or (folder / f"{base}.pdf").exists():  # never overwrite a sheet
        n += 1
        base = f"приглашения-{stamp}-{n}"
    csv_path, pdf_path = folder / f"{base}.csv", folder / f"{base}.pdf"
    atomic_write_bytes(csv_path, buffer.getvalue().encode("utf-8-sig"), mode=0o600)
    atomic_write_bytes(pdf_path, _sheet_pdf(url, rows), mode=0o600)
    return csv_path, pdf_path


def _sheet_pdf(url: str, rows: list[list[str]]) -> bytes:
    """A4 pages of four cards: who, where, the login, the code, what to do with it, and a QR code of
    the sign-in page with the login and the code filled in (deploy/hub/templates/login.html)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from ..certificates.render import draw_qr
    from ..course import COURSE_TITLE
    from ..passport.render import document_fonts

    fonts = document_fonts()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle("Приглашения на сервер курса")
    width, height = A4
    card = height / 4
    for i, (lid, name, code, _) in enumerate(rows):
        if i and i % 4 == 0:
            c.showPage()
        top = height - (i % 4) * card
        c.setDash(3, 3)
        c.line(10 * mm, top - card, width - 10 * mm, top - card)  # where to cut
        c.setDash()
        x = 20 * mm
        c.setFont(fonts["regular"], 9)
        c.drawString(x, top - 14 * mm, f"Курс «{COURSE_TITLE}» — приглашение на сервер курса")
        _fit(c, name or lid, fonts["bold"], 13, x, top - 22 * mm, width - x - 56 * mm)
        c.setFont(fonts["regular"], 11)
        c.drawString(x, top - 31 * mm, f"Адрес: {url}")
        c.drawString(x, top - 38 * mm, "Логин:")
        c.drawString(x, top - 47 * mm, "Код приглашения:")
        c.setFont(fonts["mono"], 15)
        c.drawString(x + 42 * mm, top - 38 * mm, lid)
        c.drawString(x + 42 * mm, top - 47 * mm, code)
        c.setFont(fonts["regular"], 9)
        c.drawString(
            x,
            top - 57 * mm,
            f"При первом входе введите логин, этот код и придумайте свой пароль (не короче {MIN_PASSWORD_LENGTH} знаков).",
        )
        c.drawString(x, top - 62 * mm, "Код действует один раз. Забыли пароль — попросите у организатора новый код.")
        link = f"{url.rstrip('/')}/hub/login?{urlencode({'username': lid, 'invitation': code})}"
        draw_qr(c, link, width - 52 * mm, top - 50 * mm, 32 * mm, fast=False)
        c.setFont(fonts["regular"], 7)
        c.drawCentredString(width - 36 * mm, top - 53 * mm, "вход с телефона")
    c.showPage()
    c.save()
    return out.getvalue()


def _fit(c, text: str, font: str, size: float, x: float, y: float, room: float) -> None:
    """One line, in a smaller size if it is longer than ``room`` (long double-barrelled names)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > 8 and stringWidth(text, font, size) > room:
        size -= 0.5
    c.setFont(font, size)
    c.drawString(x, y, text)
