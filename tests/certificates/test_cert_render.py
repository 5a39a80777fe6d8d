"""What a person sees: the PDF renders to PNG, long names fit, the QR code scans."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from pypdf import PdfReader
from systools import needs_system, read_qr_codes

from promtour.certificates import tokens
from promtour.certificates.render import PAGE_H, PAGE_W, CertificateData, Layout, Renderer

LONG = "Абдурахмангаджиева-Константинопольская Александра-Виктория Вячеславовна"
NAMES = ["Ли Юй", "Римская-Корсакова Анастасия-Мария Константиновна", LONG]


def data(name: str, patronymic: str = "", token: str = "eyJhbGciOiJFZERTQSJ9.e30.c2ln", distinction=True):
    return CertificateData(
        "PT-2026-000042",
        name,
        patronymic,
        date(2026, 11, 23),
        93.4,
        distinction,
        (92.0, 88.5, 100.0, 95.0, 90.0, 94.0),
        token,
        tokens.qr_text(token, "https://verify.example.org/c"),
    )


@pytest.fixture(scope="module")
def renderer(request):
    from certhelpers import REPO

    from promtour.certificates import load_config

    return Renderer(Layout.from_config(load_config(REPO / "certificates" / "config.toml")))


@pytest.mark.parametrize("name", NAMES)
def test_name_fits_inside_the_frame(renderer, tmp_path, name):
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(renderer.render(data(name, name.split()[-1])))
    page = PdfReader(pdf).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((PAGE_W, PAGE_H))
    seen = []

    def visitor(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + cm[4]
            seen.append((text, x))

    text = page.extract_text(visitor_text=visitor)
    assert " ".join(name.split()) in " ".join(text.split())
    for line, x in seen:
        assert 44 < x < PAGE_W - 44, (line, x)  # every run starts inside the inner frame


def test_fast_and_naive_pages_have_the_same_text(renderer, tmp_path):
    naive = Renderer(renderer.layout, fast=False)
    d = data(NAMES[1], "Константиновна")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(renderer.render(d))
    b.write_bytes(naive.render(d))
    ta, tb = (PdfReader(p).pages[0].extract_text() for p in (a, b))
    assert sorted(ta.split()) == sorted(tb.split())


def test_fonts_are_embedded_no_system_font(renderer, tmp_path):
    needs_system("pdffonts", "poppler-utils (apt-get install poppler-utils)")
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(renderer.render(data(LONG)))
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(" yes yes yes " in r for r in rows), out  # emb, sub, uni
    assert "Helvetica" not in out


def test_png_render_and_qr_scan(renderer, tmp_path):
    needs_system("pdftoppm", "poppler-utils (apt-get install poppler-utils)")
    needs_system("zbarimg", "zbar-tools (apt-get install zbar-tools)")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    tok = tokens.sign(
        {
            "v": 1,
            "s": "PT-2026-000042",
            "n": LONG,
            "c": "promtour",
            "h": 72,
            "d": "2026-11-23",
            "r": 93,
            "x": 1,
            "k": "0" * 16,
        },
        Ed25519PrivateKey.generate(),
        "0" * 16,
    )
    pdf = tmp_path / "long_name.pdf"
    pdf.write_bytes(renderer.render(data(LONG, "Вячеславовна", tok)))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "long_name")], check=True)
    png = tmp_path / "long_name.png"
    from PIL import Image

    with Image.open(png) as im:
        assert im.size[0] == pytest.approx(PAGE_W / 72 * 150, abs=1)  # A4 landscape at 150 dpi
        assert im.size[1] == pytest.approx(PAGE_H / 72 * 150, abs=1)
        # the page is mostly paper, with ink in the centre (the name band) as well
        band = im.convert("L").crop((im.width // 6, int(im.height * 0.3), im.width * 5 // 6, int(im.height * 0.45)))
        assert band.getextrema()[0] < 80
    codes = read_qr_codes(png)
    assert codes == [tokens.qr_text(tok, "https://verify.example.org/c")], codes
    (out,) = codes
    assert tokens.find_token(out) == tok


def test_reportlab_internals_of_the_fast_path_are_there():
    """The fast renderer memoises font subsets and skips ASCII85 through reportlab internals; is the
    pinned reportlab still shaped that way? (When this fails, upgrade render.py or stay pinned.)"""
    import io as _io

    import reportlab
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc, pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    from promtour.certificates.render import load_fonts

    assert reportlab.Version.startswith("5.1."), reportlab.Version
    font = pdfmetrics.getFont(next(iter(load_fonts().values())))
    for owner, name in (
        (font.face, "makeSubset"),
        (font.face, "addSubsetObjects"),
        (font, "addObjects"),
        (font, "state"),
        (rl_config, "useA85"),
        (pdfdoc, "PDFFormXObject"),
        (pdfdoc, "PDFStream"),
    ):
        assert hasattr(owner, name), f"reportlab {reportlab.Version}: {type(owner).__name__}.{name} is gone"
    c = Canvas(_io.BytesIO())
    assert hasattr(c, "_doc") and hasattr(c, "_code") and hasattr(c._doc, "addForm")
