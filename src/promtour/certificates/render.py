"""The certificate page: A4 landscape PDF, Russian text in embedded DejaVu Serif.

``Renderer(layout).render(data) -> bytes``. The page is drawn in two parts:
- static: paper, frames, guilloche band and rosette, headings, issuer, module titles,
  signatory — the same on every certificate of a batch;
- dynamic: serial, name, result, module results, date, QR code.

Fast path (default): the fonts are parsed once per process; every document is primed
with the same character set so font subsets are identical and are built and
compressed once; the static part is a form XObject whose compressed stream is made
once and reused; the QR code skips the mask search.
``fast=False`` draws everything from scratch each time: the benchmark's baseline.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import math
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .eligibility import whole_percent
from .errors import CertificateError
from .wording import completed_verb, hours_phrase, ru_date

PAGE_W, PAGE_H = landscape(A4)
NAVY = HexColor("#1F3A5F")
GOLD = HexColor("#A8864F")
INK = HexColor("#1E1E1E")
MUTED = HexColor("#5A5F66")
PAPER = HexColor("#FFFDF6")
WATERMARK = HexColor("#E9EDF3")

FONT_FILES = {
    "Serif": "DejaVuSerif.ttf",
    "Serif-Bold": "DejaVuSerif-Bold.ttf",
    "Serif-Italic": "DejaVuSerif-Italic.ttf",
}
FONT_PREFIX = "PromtourCert-"
# Every document gets these characters assigned up front, so each font's subset is the
# same in every certificate and is built once (names outside this set still work).
CHARSET = (
    " АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    ".,:;!?-–—«»()[]№%/'’\"&+@#*·•"
)
NAME_MAX_W = 680.0
NAME_SIZES = (28, 15)
NAME_ONE_LINE_MIN = 19.0  # below this a long name goes on two lines
NAME_TWO_LINES = 22.0
QR_MASK = 2
QR_SIZE = 96.0
MODULE_COL_W = 290.0


@dataclass(frozen=True)
class Layout:
    """What is the same on every certificate of a course (from the config)."""

    course_title: str
    programme: str
    hours: int
    issuer: str
    signatory_name: str
    signatory_title: str
    city: str
    module_titles: tuple[str, ...]

    @classmethod
    def from_config(cls, config) -> Layout:
        from promtour.course import MODULES

        return cls(
            course_title=config.course_title,
            programme=config.programme,
            hours=config.hours,
            issuer=config.issuer,
            signatory_name=config.signatory_name,
            signatory_title=config.signatory_title,
            city=config.city,
            module_titles=tuple(m.title for m in MODULES),
        )


@dataclass(frozen=True)
class CertificateData:
    """What differs between certificates."""

    serial: str
    full_name: str
    patronymic: str
    issued_on: date
    overall: float  # percent
    distinction: bool
    module_percents: tuple[float, ...]  # in the order of Layout.module_titles
    token: str
    qr_text: str
    product: str = ""  # the defended product passport: «name» — enterprise

    def result_line(self) -> str:
        text = f"Итоговый результат: {fmt_pct(self.overall)}"
        return text + " — с отличием" if self.distinction else text


def fmt_pct(value: float) -> str:
    return f"{whole_percent(value):d}\u00a0%"


# ---- fonts -------------------------------------------------------------------------


def font_dir() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        raise CertificateError("Нет шрифта DejaVu: установите matplotlib (он поставляет DejaVu Serif)")
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"


def load_fonts(cache: bool = True) -> dict[str, str]:
    """Register the fonts; returns role -> registered name.

    ``cache=False`` parses the TTF files again under fresh names (used by nothing but
    tests); the fast path also memoises each font's subsets.
    """
    return _load_fonts_cached() if cache else _register(suffix=f"-{id(object())}", memo=False)


@functools.lru_cache(maxsize=1)
def _load_fonts_cached() -> dict[str, str]:
    return _register(suffix="", memo=True)


def _register(suffix: str, memo: bool) -> dict[str, str]:
    names = {}
    folder = font_dir()
    for role, filename in FONT_FILES.items():
        path = folder / filename
        if not path.exists():
            raise CertificateError(f"Нет файла шрифта {path}")
        name = f"{FONT_PREFIX}{role}{suffix}"
        font = TTFont(name, str(path))
        if memo:
            _memoise_subsets(font)
        pdfmetrics.registerFont(font)
        names[role] = name
    return names


def _memoise_subsets(font: TTFont) -> None:
    """Per font, do once what reportlab redoes in every document for the same subset:
    build the subset, Flate-compress it and its ToUnicode map, format its widths."""
    face = font.face
    make, add_subset, add_objects = face.makeSubset, face.addSubsetObjects, font.addObjects
    flated: dict[bytes, bytes] = {}
    widths: dict[tuple[int, ...], _Raw] = {}

    @functools.lru_cache(maxsize=32)
    def by_key(key: tuple[int, ...]) -> bytes:
        return make(list(key))

    def flate(raw: bytes) -> bytes:
        if raw not in flated:
            if len(flated) > 64:
                flated.clear()
            flated[raw] = zlib.compress(raw)
        return flated[raw]

    def add_subset_objects(doc, fontname, subset):
        ref = add_subset(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if doc.compression and stream is not None:
            _precompressed(stream, flate(stream.content))
        return ref

    def add_font_objects(doc):
        state = font.state.get(doc)
        subsets = [tuple(sub) for sub in state.subsets] if state else []
        add_objects(doc)  # creates the font dictionaries (and forgets the state)
        if not state or state.internalName is None:
            return
        fonts = doc.idToObject["BasicFonts"].dict
        for n, key in enumerate(subsets):
            pdf_font = fonts.get(f"{state.internalName}+{n}")
            if pdf_font is None:
                continue
            if key not in widths:
                if len(widths) > 64:
                    widths.clear()
                widths[key] = _Raw(pdf_font.Widths.format(doc))
            pdf_font.Widths = widths[key]
            cmap = getattr(pdf_font.ToUnicode, "name", None)
            stream = doc.idToObject.get(cmap) if cmap else None
            if doc.compression and stream is not None and isinstance(stream.content, bytes):
                _precompressed(stream, flate(stream.content))

    face.makeSubset = lambda subset: by_key(tuple(subset))
    face.addSubsetObjects = add_subset_objects
    font.addObjects = add_font_objects


class _Raw(pdfdoc.PDFObject):
    """Already formatted PDF bytes (formatting number arrays is slow in pure Python)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


def _precompressed(stream: pdfdoc.PDFStream, data: bytes) -> pdfdoc.PDFStream:
    """Mark ``stream`` as already Flate-encoded (reportlab skips its filters then)."""
    stream.content = data
    stream.filters = None
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    return stream


# ---- renderer ----------------------------------------------------------------------


class Renderer:
    STATIC_FORM = "promtourStatic"

    def __init__(self, layout: Layout, fast: bool = True):
        self.layout = layout
        self.fast = fast
        self.fonts = _load_fonts_cached()
        self._static_flate: bytes | None = None

    def render(self, data: CertificateData) -> bytes:
        buf = io.BytesIO()
        # initialFontName: the page preamble names our font, so no Helvetica reference
        c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=self.fonts["Serif"])
        self._set_info(c, data)
        if self.fast:
            self._prime(c)
            self._add_static_form(c)
            c.doForm(self.STATIC_FORM)
        else:
            draw_static(c, self.layout, self.fonts)
        draw_dynamic(c, self.layout, self.fonts, data, fast=self.fast)
        c.showPage()
        if self.fast:
            # binary (Flate only) streams: ASCII85 in pure Python is the slowest step
            saved, rl_config.useA85 = rl_config.useA85, 0
            try:
                c.save()
            finally:
                rl_config.useA85 = saved
        else:
            c.save()
        return buf.getvalue()

    def _set_info(self, c: Canvas, data: CertificateData) -> None:
        c.setTitle(f"Сертификат № {data.serial} — {data.full_name}")
        c.setAuthor(self.layout.issuer)
        c.setSubject(self.layout.course_title)
        c.setCreator("promtour certificates")
        c.setKeywords(data.token)  # the signed token; `verify` reads it back

    def _prime(self, c: Canvas) -> None:
        """Assign CHARSET in every font in a fixed order: identical subsets and names."""
        doc = c._doc
        for role in FONT_FILES:
            font = pdfmetrics.getFont(self.fonts[role])
            font.splitString(CHARSET, doc)
            for i in range(len(font.state[doc].subsets)):
                font.getSubsetInternalName(i, doc)

    def warm(self) -> Renderer:
        """Build the cached parts now (before forking workers, so they inherit them)."""
        if self.fast and self._static_flate is None:
            self._add_static_form(Canvas(io.BytesIO(), pagesize=(PAGE_W, PAGE_H)))
        return self

    def _add_static_form(self, c: Canvas) -> None:
        """The static part as a form XObject whose compressed stream is made once."""
        if self._static_flate is None:
            scratch = Canvas(io.BytesIO(), pagesize=(PAGE_W, PAGE_H), initialFontName=self.fonts["Serif"])
            self._prime(scratch)
            start = len(scratch._code)
            draw_static(scratch, self.layout, self.fonts)
            self._static_flate = zlib.compress(pdfdoc.pdfdocEnc("\n".join(scratch._code[start:])))
        form = pdfdoc.PDFFormXObject(0, 0, PAGE_W, PAGE_H)
        form.Contents = _precompressed(pdfdoc.PDFStream(), self._static_flate)
        c._doc.addForm(self.STATIC_FORM, form)


# ---- drawing -----------------------------------------------------------------------


def draw_static(c: Canvas, layout: Layout, fonts: dict[str, str]) -> None:
    c.saveState()
    _paper(c)
    _rosette(c, PAGE_W / 2, PAGE_H / 2 + 10, 150)
    _frames(c)
    cx = PAGE_W / 2
    c.setFillColor(NAVY)
    _centered(c, fonts["Serif"], 10, layout.issuer.upper(), PAGE_H - 76, space=1.2)
    _centered(c, fonts["Serif-Bold"], 40, "СЕРТИФИКАТ", PAGE_H - 126, space=8)
    c.setFillColor(INK)
    _centered(c, fonts["Serif-Italic"], 13, "Настоящий сертификат подтверждает, что", PAGE_H - 182)
    c.setFillColor(NAVY)
    y = PAGE_H - 296
    for line in _wrap(f"«{layout.course_title}»", fonts["Serif-Bold"], 17, 660):
        _centered(c, fonts["Serif-Bold"], 17, line, y)
        y -= 21
    c.setFillColor(INK)
    extra = f"программа «{layout.programme}», " if layout.programme else ""
    _centered(c, fonts["Serif"], 12, extra + hours_phrase(layout.hours), y - 2)
    # module titles (results are dynamic), two columns
    c.setFillColor(MUTED)
    _centered(c, fonts["Serif-Italic"], 9.5, "Освоенные модули", 202)
    room = MODULE_COL_W - pdfmetrics.stringWidth("100\u00a0%", fonts["Serif"], 9) - 8
    for i, title in enumerate(layout.module_titles):
        x, yy = _module_pos(i)
        text = f"{i + 1}. {title}"
        size = 9.0
        while size > 6.5 and pdfmetrics.stringWidth(text, fonts["Serif"], size) > room:
            size -= 0.25
        c.setFont(fonts["Serif"], size)
        c.drawString(x, yy, text)
    # signatory, centre-left; city on the left
    c.setFillColor(INK)
    c.setFont(fonts["Serif"], 10)
    c.drawString(78, 78, layout.city)
    sx = cx - 150
    c.setFont(fonts["Serif"], 9.5)
    c.drawString(sx, 92, layout.signatory_title)
    c.setStrokeColor(INK)
    c.setLineWidth(0.6)
    c.line(sx, 74, sx + 140, 74)
    c.setFont(fonts["Serif"], 10.5)
    c.drawString(sx + 148, 76, layout.signatory_name)
    # QR caption
    c.setFillColor(MUTED)
    for k, line in enumerate(("Проверка подлинности:", "отсканируйте QR-код", "или выполните", "promtour cert verify")):
        c.setFont(fonts["Serif-Italic"] if k < 3 else fonts["Serif"], 7.5)
        c.drawRightString(PAGE_W - 66 - QR_SIZE, 96 - 10 * k, line)
    c.restoreState()


def draw_dynamic(c: Canvas, layout: Layout, fonts: dict[str, str], data: CertificateData, fast: bool = True) -> None:
    c.saveState()
    c.setFillColor(MUTED)
    _centered(c, fonts["Serif"], 11, f"№ {data.serial}", PAGE_H - 150, space=0.5)
    _draw_name(c, fonts["Serif-Bold"], data.full_name)
    c.setFillColor(INK)
    _centered(c, fonts["Serif-Italic"], 13, f"{completed_verb(data.patronymic)} обучение по программе", PAGE_H - 268)
    if data.product:
        c.setFillColor(INK)
        text = f"Защищён паспорт продукта: {data.product}"
        size = 11.0
        while size > 7.5 and pdfmetrics.stringWidth(text, fonts["Serif-Italic"], size) > 680:
            size -= 0.25
        _centered(c, fonts["Serif-Italic"], size, text, 250)
    c.setFillColor(GOLD if data.distinction else NAVY)
    _centered(c, fonts["Serif-Bold"], 13.5, data.result_line(), 230)
    c.setFillColor(MUTED)
    c.setFont(fonts["Serif"], 9)
    for i, pct in enumerate(data.module_percents):
        x, y = _module_pos(i)
        c.drawRightString(x + MODULE_COL_W, y, fmt_pct(pct))
    c.setFillColor(INK)
    c.setFont(fonts["Serif"], 10)
    c.drawString(78, 64, ru_date(data.issued_on))
    draw_qr(c, data.qr_text, PAGE_W - 56 - QR_SIZE, 56, QR_SIZE, fast=fast)
    c.restoreState()


def _module_pos(i: int) -> tuple[float, float]:
    col, row = divmod(i, 3)
    return 112 + col * 330, 186 - row * 14


def _draw_name(c: Canvas, font: str, name: str) -> None:
    """One line shrunk to fit; if that would go below NAME_ONE_LINE_MIN, two lines."""
    y = PAGE_H - 232
    size = _fit_size(font, [name], NAME_SIZES[0], NAME_ONE_LINE_MIN)
    c.setFillColor(INK)
    if size:
        _centered(c, font, size, name, y)
        rule_y = y - 12
    else:
        lines = _split_two(name, font)
        size = _fit_size(font, lines, NAME_TWO_LINES, 8) or 8
        top = y + 17
        _centered(c, font, size, lines[0], top)
        _centered(c, font, size, lines[1], top - size * 1.15)
        rule_y = top - size * 1.15 - 9
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.7)
    c.line(PAGE_W / 2 - 220, rule_y, PAGE_W / 2 + 220, rule_y)


def _fit_size(font: str, lines: list[str], largest: float, smallest: float) -> float | None:
    size = largest
    while size >= smallest:
        if all(pdfmetrics.stringWidth(line, font, size) <= NAME_MAX_W for line in lines):
            return size
        size -= 0.5
    return None


def _split_two(name: str, font: str) -> list[str]:
    """Break at the space that makes the longer line shortest (surname on line one)."""
    words = name.split(" ")
    if len(words) < 2:
        return [name, ""]
    options = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    best = min(options, key=lambda o: max(pdfmetrics.stringWidth(t, font, 10) for t in o))
    return list(best)


def _centered(c: Canvas, font: str, size: float, text: str, y: float, space: float = 0) -> None:
    if not space:
        c.setFont(font, size)
        c.drawCentredString(PAGE_W / 2, y, text)
        return
    width = pdfmetrics.stringWidth(text, font, size) + space * (len(text) - 1)
    t = c.beginText(PAGE_W / 2 - width / 2, y)
    t.setFont(font, size)
    t.setCharSpace(space)
    t.textOut(text)
    t.setCharSpace(0)  # Tc outlives the text object otherwise
    c.drawText(t)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _paper(c: Canvas) -> None:
    c.setFillColor(PAPER)
    c.rect(0, 0, PAGE_W, PAGE_H, stroke=0, fill=1)


def _frames(c: Canvas) -> None:
    c.setStrokeColor(NAVY)
    c.setLineWidth(2.4)
    c.rect(20, 20, PAGE_W - 40, PAGE_H - 40, stroke=1, fill=0)
    c.setLineWidth(0.8)
    c.rect(44, 44, PAGE_W - 88, PAGE_H - 88, stroke=1, fill=0)
    _guilloche_band(c, 32, 6)
    for x, y in ((32, 32), (PAGE_W - 32, 32), (32, PAGE_H - 32), (PAGE_W - 32, PAGE_H - 32)):
        c.setFillColor(PAPER)
        c.circle(x, y, 10, stroke=0, fill=1)
        _rosette(c, x, y, 10, color=NAVY, width=0.35, petals=8, turns=1)


def _guilloche_band(c: Canvas, inset: float, amp: float) -> None:
    """Interlaced waves running round the page between the two frames."""
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.45)
    x0, y0, x1, y1 = inset, inset, PAGE_W - inset, PAGE_H - inset
    sides = [((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))]
    for phase in (0, math.pi / 2, math.pi, 3 * math.pi / 2):
        p = c.beginPath()
        for (ax, ay), (bx, by) in sides:
            length = math.hypot(bx - ax, by - ay)
            waves = max(1, round(length / 24))
            ux, uy = (bx - ax) / length, (by - ay) / length
            nx, ny = -uy, ux
            steps = waves * 12
            for k in range(steps + 1):
                s = k / steps
                off = amp * math.sin(2 * math.pi * waves * s + phase) * math.sin(math.pi * s) ** 0.3
                px, py = ax + ux * s * length + nx * off, ay + uy * s * length + ny * off
                if k == 0 and (ax, ay) == sides[0][0]:
                    p.moveTo(px, py)
                else:
                    p.lineTo(px, py)
        c.drawPath(p, stroke=1, fill=0)


def _rosette(
    c: Canvas,
    cx: float,
    cy: float,
    r: float,
    color: Color = WATERMARK,
    width: float = 0.5,
    petals: int = 18,
    turns: int = 3,
) -> None:
    """A guilloche rosette (a family of rotated hypotrochoid-like curves)."""
    c.setStrokeColor(color)
    c.setLineWidth(width)
    for t in range(turns):
        rot = t * math.pi / (petals * turns)
        p = c.beginPath()
        n = petals * 24
        for k in range(n + 1):
            a = 2 * math.pi * k / n
            rr = r * (0.62 + 0.38 * math.cos(petals * a))
            x = cx + rr * math.cos(a + rot)
            y = cy + rr * math.sin(a + rot)
            p.moveTo(x, y) if k == 0 else p.lineTo(x, y)
        c.drawPath(p, stroke=1, fill=0)
        c.circle(cx, cy, r * (0.30 + 0.05 * t), stroke=1, fill=0)


def draw_qr(c: Canvas, text: str, x: float, y: float, size: float, fast: bool = True) -> None:
    """QR code as filled runs of dark modules, on white with a quiet zone.

    Fast path: a fixed mask pattern (any mask is valid; searching all eight for the
    "best" costs more than the rest of the page) and the run rectangles written as PDF
    operators directly instead of through reportlab's per-number formatting.
    """
    qr = segno.make(text, error="m", micro=False, mask=QR_MASK if fast else None)
    matrix = qr.matrix
    n = len(matrix)
    quiet = 3
    cell = size / (n + 2 * quiet)
    c.setFillColor(HexColor("#FFFFFF"))
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(HexColor("#000000"))
    top = y + size - quiet * cell
    runs = []
    for r, row in enumerate(matrix):
        yy = top - (r + 1) * cell
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                runs.append((x + (quiet + start) * cell, yy, (col - start) * cell, cell * 1.02))
            else:
                col += 1
    if fast:
        c.addLiteral("\n".join(f"{a:.3f} {b:.3f} {w:.3f} {h:.3f} re" for a, b, w, h in runs) + "\nf")
    else:
        p = c.beginPath()
        for a, b, w, h in runs:
            p.rect(a, b, w, h)
        c.drawPath(p, stroke=0, fill=1)
