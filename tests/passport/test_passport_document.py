"""The passport read from notebooks, and written as PDF (fonts embedded) and DOCX (python-docx opens it)."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from passport_samples import notebooks
from pypdf import PdfReader
from systools import needs_system

from promtour.course import MODULES
from promtour.passport.extract import from_notebooks
from promtour.passport.render import Cover, docx_bytes, pdf_bytes, write
from promtour.passport.template import PARTS

COVER = Cover(
    "Образцова Анна Сергеевна",
    "Специалист по организации промышленного туризма",
    "Приреченская область",
    dt.date(2026, 12, 1),
)


def test_sections_extracted_from_submissions():
    """Are the answers, exhibits, enterprise and product read back, one section per module?"""
    pp = from_notebooks("s001", notebooks())
    shown = pp.as_json()
    assert shown["enterprise"] == "Приреченский металлургический комбинат"
    assert shown["product"] == "«Сталь рождается здесь»"
    assert [s["module"] for s in shown["sections"]] == [m.key for m in MODULES]
    assert all(s["filled"] for s in shown["sections"])
    assert [p["key"] for s in shown["sections"] for p in s["parts"]] == [p.key for p in PARTS]
    assert all(len(pc.exhibits) == 2 and pc.exhibits[1].png for pc in pp.parts)


def test_blank_and_missing_sections_are_not_filled():
    """Does an untouched answer ("YOUR ANSWER HERE") or a missing module count as not filled?"""
    nbs = notebooks(filled={"goals", "team", "audiences"})
    del nbs["m06"]
    sections = {s["module"]: s for s in from_notebooks("s002", nbs).sections()}
    assert sections["m01"]["filled"] and sections["m02"]["filled"]
    assert not sections["m03"]["filled"] and not sections["m06"]["filled"]
    assert sections["m06"]["parts"][0]["exhibits"] == 0


def test_pdf_has_every_part_and_embedded_fonts(tmp_path):
    """Does the PDF hold the cover, the enterprise card and all ten parts, in embedded DejaVu only?"""
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(pdf_bytes(from_notebooks("s001", notebooks(long_table_rows=60)), COVER))
    reader = PdfReader(pdf)
    text = " ".join(page.extract_text() for page in reader.pages)
    for i, p in enumerate(PARTS, start=1):
        assert f"{i}. {p.title}" in text
    assert "Образцова Анна Сергеевна" in text and "Карточка предприятия" in text and "Согласовано" in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            descriptor = (
                font["/FontDescriptor"] if "/FontDescriptor" in font else font["/DescendantFonts"][0]["/FontDescriptor"]
            )
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    assert all("DejaVu" in f for f in fonts) and not any("Helvetica" in f for f in fonts)


def test_pdf_pages_render(tmp_path):
    """Do the pages render to PNG (poppler), a long table spilling onto further pages?"""
    needs_system("pdftoppm", "poppler-utils (apt-get install poppler-utils)")
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(pdf_bytes(from_notebooks("s001", notebooks(long_table_rows=60)), COVER))
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == len(PdfReader(pdf).pages) > 10


def test_docx_opens_with_every_section(tmp_path):
    """Does python-docx open the DOCX, with all parts of the six module sections, tables and figures?"""
    import io

    from docx import Document

    doc = Document(io.BytesIO(docx_bytes(from_notebooks("s001", notebooks()), COVER)))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Карточка предприятия", *[f"{i}. {p.title}" for i, p in enumerate(PARTS, start=1)]]
    assert {p.module for p in PARTS} == {m.key for m in MODULES}
    assert len(doc.inline_shapes) == len(PARTS)  # one figure per part in the sample
    assert len(doc.tables) == 1 + 2 * len(PARTS)  # card + (markdown table + exhibit table) per part
    assert doc.core_properties.author == "Образцова Анна Сергеевна"


def test_files_written_atomically_and_reproducibly(tmp_path):
    """Are passport-<id>.pdf/.docx written with no temp files left, and is a re-run harmless?"""
    pp = from_notebooks("s001", notebooks())
    first = write(pp, COVER, tmp_path)
    second = write(pp, COVER, tmp_path)
    assert [p.name for p in first] == ["passport-s001.pdf", "passport-s001.docx"] == [p.name for p in second]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["passport-s001.docx", "passport-s001.pdf"]


@pytest.mark.parametrize(
    "text, product",
    [
        ("**Продукт:** «Сталь рождается здесь»", "«Сталь рождается здесь»"),
        ("Название продукта: Путь чугуна", "Путь чугуна"),
        ("Без названия продукта, только текст.", ""),
    ],
)
def test_product_name_is_read_from_the_answers(text, product):
    """Is the product named by the first «Продукт: …» line of the answers?"""
    nbs = notebooks()
    nbs["m03"].cells[0].source = text
    for nb in nbs.values():
        for c in nb.cells:
            if c.cell_type == "markdown" and c is not nbs["m03"].cells[0]:
                c.source = c.source.replace("**Продукт:** «Сталь рождается здесь»", "")
    assert from_notebooks("s001", nbs).product == product


def test_learner_builds_own_passport_from_workspace(tmp_path):
    """Can a learner build the PDF/DOCX from their own saved notebooks, and are missing parts named?"""
    import nbformat
    from typer.testing import CliRunner

    from promtour.cli import app

    for key, nb in notebooks(filled={"goals", "team", "audiences"}).items():
        m = next(m for m in MODULES if m.key == key)
        (tmp_path / m.assignment).mkdir()
        nbformat.write(nb, str(tmp_path / m.assignment / "assignment.ipynb"))
    out = tmp_path / "passport"
    res = CliRunner().invoke(app, ["passport", "build", str(tmp_path), "--name", "Образцова Анна", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["passport-my.docx", "passport-my.pdf"]
    assert "Не заполнены разделы" in res.output and "Маршрут" in res.output
    empty = CliRunner().invoke(app, ["passport", "build", str(tmp_path / "passport")])
    assert empty.exit_code == 1 and "нет папок заданий" in empty.output
