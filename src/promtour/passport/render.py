"""The product passport as a PDF (embedded DejaVu fonts) and an editable DOCX.

Both are laid out from the same content: a title page, the enterprise's card, one chapter per
passport part (the learner's text, then the tables and figures of that part), and the
director's approval block. Files are written atomically.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..enterprise import CARD_FIELDS, FIELDS
from ..fsutil import atomic_write_bytes
from .extract import Exhibit, Passport
from .markdown import Block, Run, blocks, plain

TITLE = "Паспорт продукта промышленного туризма"


@dataclass(frozen=True)
class Cover:
    learner_name: str  # full name, or the learner's id when the roster has no name
    course: str
    region: str
    date: dt.date


def enterprise_rows(passport: Passport) -> list[tuple[str, str]]:
    record = passport.enterprise or {}
    rows = []
    for code in ("name", "town", *CARD_FIELDS):
        value = record.get(code)
        if value in (None, ""):
            continue
        shown = "; ".join(value) if isinstance(value, list) else _fmt(value)
        rows.append((FIELDS[code].label if code in FIELDS else code, shown))
    return rows


def _chapters(passport: Passport) -> list[tuple[str, str, list[Exhibit]]]:
    return [
        (f"{i}. {pc.part.title}", pc.text if pc.filled else "", pc.exhibits)
        for i, pc in enumerate(passport.parts, start=1)
    ]


# ---- PDF -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def document_fonts() -> dict[str, str]:
    """DejaVu Sans (regular, bold, italic, mono) registered for reportlab; role -> font name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from ..certificates.render import font_dir

    files = {
        "regular": "DejaVuSans.ttf",
        "bold": "DejaVuSans-Bold.ttf",
        "italic": "DejaVuSans-Oblique.ttf",
        "bolditalic": "DejaVuSans-BoldOblique.ttf",
        "mono": "DejaVuSansMono.ttf",
    }
    names = {}
    for role, filename in files.items():
        names[role] = f"PassportDejaVu-{role}"
        pdfmetrics.registerFont(TTFont(names[role], str(font_dir() / filename)))
    addMapping(names["regular"], 0, 0, names["regular"])
    addMapping(names["regular"], 1, 0, names["bold"])
    addMapping(names["regular"], 0, 1, names["italic"])
    addMapping(names["regular"], 1, 1, names["bolditalic"])
    return names


def _styles():
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    f = document_fonts()
    base = ParagraphStyle("body", fontName=f["regular"], fontSize=10, leading=14, spaceAfter=5)
    return {
        "body": base,
        "caption": ParagraphStyle("caption", parent=base, fontName=f["bold"], keepWithNext=1, spaceBefore=4),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#555555")),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=f["bold"],
            fontSize=15,
            leading=19,
            spaceBefore=6,
            spaceAfter=8,
            textColor=colors.HexColor("#1f3b5c"),
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=f["bold"], fontSize=12, leading=15, spaceBefore=6, keepWithNext=1
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=f["bold"], fontSize=10.5, leading=14, spaceBefore=4, keepWithNext=1
        ),
        "title": ParagraphStyle("title", parent=base, fontName=f["bold"], fontSize=22, leading=28, alignment=1),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=18, alignment=1),
        "code": ParagraphStyle("code", parent=base, fontName=f["mono"], fontSize=8.5, leading=11),
        "empty": ParagraphStyle("empty", parent=base, textColor=colors.HexColor("#a33")),
    }


def _markup(runs: list[Run]) -> str:
    mono = document_fonts()["mono"]
    parts = []
    for r in runs:
        text = escape(r.text).replace("\n", "<br/>")
        if r.code:
            text = f'<font face="{mono}">{text}</font>'
        if r.bold:
            text = f"<b>{text}</b>"
        if r.italic:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts)


def _flowables(md: list[Block], st, width: float) -> list:
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer

    out: list = []
    for b in md:
        if b.kind == "heading":
            out.append(Paragraph(_markup(b.runs), st["h2" if b.level <= 2 else "h3"]))
        elif b.kind == "paragraph":
            out.append(Paragraph(_markup(b.runs), st["body"]))
        elif b.kind == "code":
            out.append(Paragraph(_markup(b.runs), st["code"]))
        elif b.kind in ("bullets", "numbers"):
            items = [ListItem(Paragraph(_markup(i), st["body"]), leftIndent=14) for i in b.items]
            out.append(
                ListFlowable(
                    items,
                    bulletType="1" if b.kind == "numbers" else "bullet",
                    bulletFontName=document_fonts()["regular"],
                    bulletFontSize=9,
                    leftIndent=14,
                    start=None if b.kind == "numbers" else "•",
                )
            )
        elif b.kind == "table":
            out += [_table([[_markup(c) for c in row] for row in b.rows], st, width), Spacer(1, 6)]
    return out


def _table(rows: list[list[str]], st, width: float):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    if not rows:
        return Paragraph("", st["small"])
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    lengths = [max(len(r[i]) for r in rows) for i in range(ncols)]
    total = sum(min(n, 60) + 6 for n in lengths)
    widths = [width * (min(n, 60) + 6) / total for n in lengths]
    cells = [[Paragraph(c, st["small"]) for c in r] for r in rows]
    t = Table(cells, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), document_fonts()["regular"]),  # the table's default is Helvetica
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b5")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edf4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return t


def _exhibit_flowables(ex: Exhibit, st, width: float) -> list:
    from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer

    head = Paragraph(escape(ex.title), st["caption"])
    note = [Paragraph(escape(ex.note), st["note"])] if ex.note else []
    if ex.kind == "figure" and ex.png:
        img = Image(io.BytesIO(ex.png))
        scale = min(1.0, width / img.imageWidth, 9.5 * 72 / 2.54 / img.imageHeight * 1.6)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        return [KeepTogether([head, img, *note]), Spacer(1, 6)]
    rows = [[escape(str(c)) for c in ex.columns]] + [[escape(_fmt(v)) for v in r] for r in ex.rows]
    return [head, _table(rows, st, width), *note, Spacer(1, 6)]


def _fmt(value) -> str:
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", "\u202f").replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return str(value)


def pdf_bytes(passport: Passport, cover: Cover) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    st = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=1.6 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=f"{TITLE}: {passport.product or passport.enterprise_name}",
        author=cover.learner_name,
        subject=cover.course,
        initialFontName=document_fonts()["regular"],
    )  # no Helvetica reference
    width = doc.width
    story: list = [Spacer(1, 4 * cm), Paragraph(TITLE, st["title"]), Spacer(1, 0.6 * cm)]
    if passport.product:
        story.append(Paragraph(escape(passport.product), st["subtitle"]))
    story += [
        Paragraph(escape(passport.enterprise_name or "предприятие не выбрано"), st["subtitle"]),
        Paragraph(escape(cover.region), st["subtitle"]),
        Spacer(1, 3 * cm),
        Paragraph(f"Автор: {escape(cover.learner_name)}", st["subtitle"]),
        Paragraph(f"Курс «{escape(cover.course)}»", st["subtitle"]),
        Paragraph(cover.date.strftime("%d.%m.%Y"), st["subtitle"]),
        PageBreak(),
        Paragraph("Карточка предприятия", st["h1"]),
        _table([["Поле", "Значение"], *[[escape(a), escape(b)] for a, b in enterprise_rows(passport)]], st, width),
    ]
    for title, text, exhibits in _chapters(passport):
        story += [Spacer(1, 8), Paragraph(escape(title), st["h1"])]
        story += _flowables(blocks(text), st, width) if text else [Paragraph("Раздел не заполнен.", st["empty"])]
        for ex in exhibits:
            story += _exhibit_flowables(ex, st, width)
    story += [
        Spacer(1, 1 * cm),
        Paragraph("Согласовано", st["h2"]),
        Paragraph("Директор предприятия ____________________ / ____________________ /", st["body"]),
        Paragraph("«___» ______________ 20___ г.", st["body"]),
    ]

    def page(canvas, doc_):
        canvas.saveState()
        canvas.setFont(document_fonts()["regular"], 8)
        canvas.drawString(2 * cm, 1 * cm, f"{TITLE} · {passport.enterprise_name}")
        canvas.drawRightString(A4[0] - 1.6 * cm, 1 * cm, f"стр. {doc_.page}")
        canvas.restoreState()

    doc.build(story, onLaterPages=page)
    return buf.getvalue()


# ---- DOCX ------------------------------------------------------------------------------


def docx_bytes(passport: Passport, cover: Cover) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    doc.core_properties.title = TITLE
    doc.core_properties.author = cover.learner_name
    for text, size, bold in (
        (TITLE, 20, True),
        (passport.product, 14, False),
        (passport.enterprise_name or "предприятие не выбрано", 14, False),
        (cover.region, 12, False),
        (f"Автор: {cover.learner_name}", 12, False),
        (f"Курс «{cover.course}»", 12, False),
        (cover.date.strftime("%d.%m.%Y"), 12, False),
    ):
        if not text:
            continue
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    doc.add_page_break()
    doc.add_heading("Карточка предприятия", level=1)
    _docx_table(doc, [["Поле", "Значение"], *[[a, b] for a, b in enterprise_rows(passport)]])
    for title, text, exhibits in _chapters(passport):
        doc.add_heading(title, level=1)
        if not text:
            doc.add_paragraph("Раздел не заполнен.")
        for b in blocks(text):
            _docx_block(doc, b)
        for ex in exhibits:
            doc.add_paragraph().add_run(ex.title).bold = True
            if ex.kind == "figure" and ex.png:
                doc.add_picture(io.BytesIO(ex.png), width=Cm(16))
            else:
                _docx_table(doc, [[str(c) for c in ex.columns], *[[_fmt(v) for v in r] for r in ex.rows]])
            if ex.note:
                doc.add_paragraph().add_run(ex.note).italic = True
    doc.add_heading("Согласовано", level=2)
    doc.add_paragraph("Директор предприятия ____________________ / ____________________ /")
    doc.add_paragraph("«___» ______________ 20___ г.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_runs(paragraph, runs: list[Run]) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)
        run.bold, run.italic = r.bold or None, r.italic or None
        if r.code:
            run.font.name = "DejaVu Sans Mono"


def _docx_block(doc, b: Block) -> None:
    if b.kind == "heading":
        doc.add_heading(plain(b.runs), level=min(b.level + 1, 4))
    elif b.kind in ("paragraph", "code"):
        _docx_runs(doc.add_paragraph(), b.runs)
    elif b.kind in ("bullets", "numbers"):
        for item in b.items:
            _docx_runs(doc.add_paragraph(style="List Number" if b.kind == "numbers" else "List Bullet"), item)
    elif b.kind == "table":
        _docx_table(doc, [[plain(c) for c in row] for row in b.rows], runs=b.rows)


def _docx_table(doc, rows: list[list[str]], runs: list[list[list[Run]]] | None = None) -> None:
    if not rows:
        return
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            if runs is not None:
                _docx_runs(cell.paragraphs[0], runs[i][j])
            else:
                cell.text = text
            if i == 0:
                for r in cell.paragraphs[0].runs:
                    r.bold = True


# ---- files -----------------------------------------------------------------------------


def write(passport: Passport, cover: Cover, folder: Path, formats: tuple[str, ...] = ("pdf", "docx")) -> list[Path]:
    """Write ``passport-<learner>.pdf`` / ``.docx`` into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    makers = {"pdf": pdf_bytes, "docx": docx_bytes}
    paths = []
    for fmt in formats:
        path = folder / f"passport-{passport.learner}.{fmt}"
        atomic_write_bytes(path, makers[fmt](passport, cover))
        paths.append(path)
    return paths
