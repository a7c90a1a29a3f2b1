"""An image's alt text is a unit of the kind `image`: the importers mark it, the exports
rebuilt from units (which have no image) show it as the image's description, not as one more
paragraph of the text, and the PO round trip keeps the kind."""

from __future__ import annotations

import io
import zipfile

import docx
import lxml.html
import polib

from tests.formats.conftest import DE, DOC
from workbench.formats.docx_out import generated_docx
from workbench.formats.epub import export_epub
from workbench.formats.html import bilingual_html, monolingual_html
from workbench.formats.importers import parse_document
from workbench.formats.po import export_po
from workbench.text.records import (
    KIND_BYLINE,
    KIND_IMAGE,
    KIND_PARAGRAPH,
    KIND_TITLE,
    STATUS_TRANSLATED,
    ExportRow,
    TranslationRecord,
    UnitRecord,
)

PAGE = b"""<!doctype html><html lang="en"><body>
<p><img src="logo.png" alt="The party's logo"></p>
<p>Fourth International</p>
<h1>On the question</h1>
<p>The chart <img src="chart.png" alt="Wages, 1900-1930"> shows the fall.</p>
<figure><img src="marx.jpg" alt="Karl Marx in 1875"></figure>
</body></html>"""


def test_html_alt_texts_are_image_units_and_do_not_block_the_byline() -> None:
    blocks = parse_document(PAGE, filename="page.html").blocks
    shape = [(b.kind, b.text) for b in blocks]
    assert shape == [
        (KIND_IMAGE, "The party's logo"),
        (KIND_BYLINE, "Fourth International"),  # the logo above it does not stop the rule
        (KIND_TITLE, "On the question"),
        (KIND_PARAGRAPH, "The chart <img> shows the fall."),
        (KIND_IMAGE, "Wages, 1900-1930"),
        (KIND_IMAGE, "Karl Marx in 1875"),
    ]


def _rows() -> list[ExportRow]:
    blocks = parse_document(PAGE, filename="page.html").blocks
    german = {
        "The party's logo": "Das Logo der Partei",
        "Fourth International": "Vierte Internationale",
        "On the question": "Zur Frage",
        "The chart <img> shows the fall.": "Die Grafik <img> zeigt den Fall.",
        "Wages, 1900-1930": "Löhne, 1900-1930",
        "Karl Marx in 1875": "Karl Marx im Jahr 1875",
    }
    return [
        ExportRow(
            UnitRecord(f"u{n}", n, b.kind, b.text, level=b.level),
            {"de": TranslationRecord(text=german[b.text], status=STATUS_TRANSLATED)},
        )
        for n, b in enumerate(blocks, start=1)
    ]


def test_html_exports_show_image_texts_as_descriptions() -> None:
    rows = _rows()
    for page in (monolingual_html(DOC, DE, rows), bilingual_html(DOC, [DE], rows)):
        root = lxml.html.fromstring(page)
        described = [el.text_content() for el in root.find_class("image-text")]
        assert "Löhne, 1900-1930" in described
        assert "Karl Marx im Jahr 1875" in described
        # A paragraph of the text is not one.
        assert all("Grafik" not in text for text in described)


def test_epub_shows_image_texts_as_descriptions() -> None:
    book = zipfile.ZipFile(io.BytesIO(export_epub(DOC, DE, _rows())))
    pages = [
        lxml.html.fromstring(book.read(name))
        for name in book.namelist()
        if name.endswith(".xhtml") and "nav" not in name
    ]
    described = [el.text_content() for page in pages for el in page.find_class("image-text")]
    assert described == ["Das Logo der Partei", "Löhne, 1900-1930", "Karl Marx im Jahr 1875"]
    css = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".css"))
    assert ".image-text" in css


def test_generated_docx_gives_image_texts_the_caption_style() -> None:
    rows = _rows()
    units = [row.unit for row in rows]
    texts = [row.translations["de"].text for row in rows]
    document = docx.Document(io.BytesIO(generated_docx(units, texts, DE)))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Karl Marx im Jahr 1875"] == "Caption"
    assert styles["Löhne, 1900-1930"] == "Caption"
    assert styles["Die Grafik  zeigt den Fall."] != "Caption"


def test_po_round_trip_keeps_the_kind() -> None:
    catalog = polib.pofile(export_po(DOC, DE, _rows()).decode())
    image_entries = [e for e in catalog if "kind: image" in e.comment]
    assert [e.msgid for e in image_entries] == [
        "The party's logo",
        "Wages, 1900-1930",
        "Karl Marx in 1875",
    ]
    again = parse_document(str(catalog).encode(), filename="doc.po").blocks
    assert [b.kind for b in again].count(KIND_IMAGE) == 3


def test_markdown_images_and_img_tags_are_image_units() -> None:
    text = '# Title\n\nThe chart ![Wages](chart.png) and <img src="m.jpg" alt="Marx"> here.\n'
    blocks = parse_document(text.encode(), filename="page.md").blocks
    assert [(b.kind, b.text) for b in blocks] == [
        (KIND_TITLE, "Title"),
        (KIND_PARAGRAPH, "The chart <img> and <img> here."),
        (KIND_IMAGE, "Wages"),
        (KIND_IMAGE, "Marx"),
    ]
