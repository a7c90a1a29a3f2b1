"""EPUB import (importers/epub.py) and the refusal of files that are not what they say."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.formats.conftest import DE, DOC, make_rows
from workbench.formats.epub import export_epub
from workbench.formats.importers import DocumentError, parse_document
from workbench.formats.limits import FileLimits
from workbench.formats.xliff import export_xliff
from workbench.text.records import KIND_FOOTNOTE, KIND_TITLE


def test_an_exported_epub_imports_with_its_structure_and_notes() -> None:
    data = export_epub(DOC, DE, make_rows())
    parsed = parse_document(data, filename="book.epub")
    assert parsed.format == "epub"
    texts = [b.text for b in parsed.blocks]
    assert parsed.blocks[0].text == "Pioneer Publishers, New York"
    title = next(b for b in parsed.blocks if b.kind == KIND_TITLE)
    assert title.text == "Die <em>permanente</em> Revolution"
    notes = [b for b in parsed.blocks if b.kind == KIND_FOOTNOTE]
    assert [n.label for n in notes] == ["1"]
    assert "1930" in notes[0].text
    # The noteref became a footnote reference of the workbench's markup.
    assert any('<sup class="fnref">1</sup>' in t for t in texts)
    assert any('href="https://example.org/a?b=1&amp;c=2"' in t for t in texts)


def test_notes_in_another_file_of_the_book_pair_with_their_references() -> None:
    chapter = (
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        '<body><h1>Title</h1><p>Text<a epub:type="noteref" href="notes.xhtml#n1">1</a>.</p>'
        "</body></html>"
    )
    notes = (
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        '<body><aside epub:type="footnote" id="n1"><p><span class="label">1.</span> '
        "The note.</p></aside></body></html>"
    )
    opf = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Book</dc:title></metadata>'
        '<manifest><item id="c" href="Text/c.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="n" href="Text/notes.xhtml" media-type="application/xhtml+xml"/></manifest>'
        '<spine><itemref idref="c"/><itemref idref="n" linear="no"/></spine></package>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr(
            "META-INF/container.xml",
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
            '<rootfiles><rootfile full-path="OEBPS/content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        z.writestr("OEBPS/content.opf", opf)
        z.writestr("OEBPS/Text/c.xhtml", chapter)
        z.writestr("OEBPS/Text/notes.xhtml", notes)
    parsed = parse_document(out.getvalue(), filename="b.epub")
    assert [b.kind for b in parsed.blocks] == ["title", "paragraph", "footnote"]
    assert parsed.blocks[1].text == 'Text<sup class="fnref">1</sup>.'
    assert parsed.blocks[2].text == "The note."


def test_epub_limits_and_damage() -> None:
    data = export_epub(DOC, DE, make_rows())
    with pytest.raises(DocumentError, match="unpacks to more than"):
        parse_document(data, filename="b.epub", limits=FileLimits(max_unpacked_bytes=500))
    with pytest.raises(DocumentError, match="more than 2 files"):
        parse_document(data, filename="b.epub", limits=FileLimits(max_archive_members=2))
    with pytest.raises(DocumentError, match="not an EPUB"):
        parse_document(b"PK\x03\x04garbage" * 10, filename="b.epub")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (export_xliff(DOC, DE, make_rows()), "book.html", "looks like XLIFF, not html"),
        (export_epub(DOC, DE, make_rows()), "book.html", "looks like EPUB, not html"),
        (export_epub(DOC, DE, make_rows()), "book.docx", "looks like EPUB, not docx"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "book.txt", "looks like PDF, not txt"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "book.md", "looks like PNG image, not md"),
        (b"abc\x00\x01\x02\xff\xfe binary", "book.txt", "looks like binary data, not txt"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(data, filename, message) -> None:
    with pytest.raises(DocumentError, match=message):
        parse_document(data, filename=filename)


# A small OpenDocument text: title, heading, styled spans, a link, a footnote, a line break,
# a quotation and a list (content.xml and styles.xml as LibreOffice writes them, trimmed).
ODT_PARTS = Path(__file__).resolve().parent.parent / "data" / "odt"


def make_odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("content.xml", (ODT_PARTS / "content.xml").read_bytes())
        z.writestr("styles.xml", (ODT_PARTS / "styles.xml").read_bytes())
    return out.getvalue()


def test_odt_imports_structure_inline_markup_and_notes() -> None:
    parsed = parse_document(make_odt(), filename="markets.odt")
    assert parsed.format == "odt"
    got = [(b.kind, b.text) for b in parsed.blocks]
    assert got == [
        ("title", "Markets and the State"),
        ("heading", "Grain"),
        (
            "paragraph",
            'Prices were <em>central</em>, said <a href="https://example.org/?a=1&amp;b=2">the '
            '<strong>report</strong></a><sup class="fnref">1</sup>.<br>Second line.',
        ),
        ("blockquote", "A quoted paragraph."),
        ("list_item", "First item"),
        ("list_item", "Second item"),
        ("footnote", "See chapter 2 &lt;draft&gt;."),
    ]
    # An ODT named .docx is refused naming what it is.
    with pytest.raises(DocumentError, match="looks like OpenDocument"):
        parse_document(make_odt(), filename="markets.docx")


def test_a_page_body_is_found_as_the_regular_expression_found_it_in_linear_time():
    """`body_of` replaced `<body\\b[^>]*>(.*)</body\\s*>` (DOTALL, any case), which backtracked
    over the rest of the page from every unclosed `<body`: a 3 KB zip of 300,000 of them held
    an import for minutes. Same answers on generated pages; that page is now read at once."""
    import random
    import re

    from workbench.formats.importers.epub import body_of

    old = re.compile(rb"<body\b[^>]*>(.*)</body\s*>", re.DOTALL | re.IGNORECASE)
    parts = [b"<body>", b"<BODY class='x'>", b"</body>", b"</body >", b"</BODY\n>", b"<bodyx>",
             b"<body-x>", b"<body_x>", b"text", b"<p>a</p>", b">", b"<", b"</body", b"<body",
             b" ", "é".encode()]  # fmt: skip
    rng = random.Random(17)
    for _ in range(20_000):
        page = b"".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        match = old.search(page)
        assert body_of(page) == (match.group(1) if match else None), page
    assert body_of(b"<html>" + b"<body>" * 300_000) is None
    assert body_of(b"<body>" * 300_000 + b"</body>") == b"<body>" * 299_999


def _nested_notes_odt(depth: int) -> bytes:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    inner = "<text:p>deepest</text:p>"
    for level in range(depth):
        inner = (
            f'<text:p>level {level} <text:note text:note-class="footnote"><text:note-citation>'
            f"{level}</text:note-citation><text:note-body>{inner}</text:note-body></text:note>"
            "</text:p>"
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body>'
        f"<office:text>{inner}</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
    return out.getvalue()


def test_nested_odt_notes_are_read_once_each() -> None:
    """A note's body took the paragraphs of the notes inside it as well as reaching them
    through its own text: the work doubled at each level (24 levels in 912 bytes: 116 s and
    3.6 GB). Each note now holds its own paragraph, and 40 levels are read at once."""
    parsed = parse_document(_nested_notes_odt(3), filename="notes.odt")
    notes = [b.text for b in parsed.blocks if b.kind == "footnote"]
    # one number each (the inner ones took their outer note's number again, ids clashed)
    assert notes == [
        'level 1 <a href="#odt-note-2">1</a>',
        'level 0 <a href="#odt-note-3">0</a>',
        "deepest",
    ]
    parsed = parse_document(_nested_notes_odt(40), filename="deep.odt")
    assert len([b for b in parsed.blocks if b.kind == "footnote"]) == 40
