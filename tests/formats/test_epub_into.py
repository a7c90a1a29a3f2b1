"""The translated book written into the EPUB it was imported from (formats/epub_into.py):
opened again with ebooklib and the importer, checked with EPUBCheck."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from ebooklib import epub
from lxml import etree

from tests.formats import epub_book
from tests.formats.conftest import AR, DE
from workbench.formats.epub_into import translated_epub
from workbench.formats.importers import DocumentError, parse_document
from workbench.formats.limits import FileLimits

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck (Makefile system-deps)
X = "{http://www.w3.org/1999/xhtml}"
DC = "{http://purl.org/dc/elements/1.1/}"

SOURCES = [
    "Chapter One",
    'The first paragraph has a note<sup class="fnref">1</sup>.',
    "A picture <img> in the text.",
    "A blue square",
    'See <a href="#c2">the second chapter</a> for more.',
    "Chapter Two",
    "Text before the page break.",
    "An untranslated paragraph.",
    "The note text.",
]
GERMAN = [
    "Kapitel <em>Eins</em>",
    'Der erste Absatz hat eine Anmerkung<sup class="fnref">1</sup>.',
    "Ein Bild <img> im Text.",
    "Ein blaues Quadrat",
    'Siehe <a href="#c2">das zweite Kapitel</a> für mehr.',
    "Kapitel Zwei",
    "Text vor dem Seitenumbruch.",
    None,
    "Der Text der Anmerkung.",
]


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _page(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(_members(data)[f"OEBPS/text/{name}.xhtml"])


def _epubcheck(tmp_path: Path, data: bytes) -> str:
    if not EPUBCHECK.exists():
        pytest.skip("epubcheck is not installed (make system-deps installs it)")
    path = tmp_path / "book.epub"
    path.write_bytes(data)
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_book_imports_as_the_units_these_tests_translate() -> None:
    parsed = parse_document(epub_book.book(), filename="b.epub")
    assert [b.text for b in parsed.blocks] == SOURCES


def test_the_translation_goes_into_the_books_own_files(tmp_path) -> None:
    original = epub_book.book()
    data = translated_epub(original, SOURCES, GERMAN, DE)
    assert data is not None
    before, after = _members(original), _members(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert list(after) == list(before)
    # Everything that is no translated text comes back byte for byte.
    for name in ("css/book.css", "images/cover.png", "images/figure.png", "nav.xhtml",
                 "text/cover.xhtml"):  # fmt: skip
        assert after[f"OEBPS/{name}"] == before[f"OEBPS/{name}"], name

    book = epub.read_epub(io.BytesIO(data))
    assert book.get_metadata("DC", "language") == [("de", {})]
    assert book.get_metadata("DC", "title") == [("The Small Book", {})]
    assert book.get_metadata("DC", "publisher") == [("Small Press", {})]
    assert book.get_item_with_href("css/book.css").content == epub_book.CSS
    assert book.get_item_with_href("images/figure.png").content == epub_book.FIGURE

    chapter = _page(data, "chapter1")
    assert chapter.get("lang") == "de" and chapter.get("dir") == "ltr"
    assert chapter.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert chapter.find(f"{X}head/{X}link").get("href") == "../css/book.css"
    section = chapter.find(f".//{X}section")
    assert section.get("{http://www.idpf.org/2007/ops}type") == "chapter"
    heading = chapter.find(f".//{X}h1")
    assert heading.get("id") == "c1" and "".join(heading.itertext()) == "Kapitel Eins"
    assert heading.find(f"{X}em").text == "Eins"
    first, picture, link = chapter.findall(f".//{X}p")
    assert first.get("class") == "first"
    assert "".join(first.itertext()) == "Der erste Absatz hat eine Anmerkung1."
    noteref = first.find(f"{X}a")
    assert noteref.get("href") == "notes.xhtml#n1" and noteref.get("id") == "r1"
    assert noteref.get("{http://www.idpf.org/2007/ops}type") == "noteref"
    # The image at its place, with the translated alt text.
    assert picture.text == "Ein Bild " and picture[0].tag == f"{X}img"
    assert picture[0].get("src") == "../images/figure.png"
    assert picture[0].get("alt") == "Ein blaues Quadrat" and picture[0].tail == " im Text."
    # The translation's "#c2" is the link between files the chapter had.
    assert link.find(f"{X}a").get("href") == "chapter2.xhtml#c2"

    second = _page(data, "chapter2")
    paragraphs = second.findall(f".//{X}p")
    assert "".join(paragraphs[0].itertext()) == "Text vor dem Seitenumbruch."
    # The page break the navigation points at is still there, at the paragraph's start.
    marker = paragraphs[0][0]
    assert marker.get("id") == "page2" and marker.get("title") == "2"
    assert paragraphs[1].text == "An untranslated paragraph."  # the source, as it was
    note = _page(data, "notes").find(f".//{X}aside")
    assert note.get("id") == "n1"
    assert "Der Text der Anmerkung." in "".join(note.itertext())
    assert note.find(f".//{X}a").get("href") == "chapter1.xhtml#r1"

    again = parse_document(data, filename="b.de.epub")
    assert [b.text for b in again.blocks] == [
        t if t is not None else s for s, t in zip(SOURCES, GERMAN, strict=True)
    ]
    assert "No errors or warnings detected" in _epubcheck(tmp_path, data)


def test_a_file_with_nothing_translated_stays_as_it_was() -> None:
    original = epub_book.book()
    texts = [t if i < 5 else None for i, t in enumerate(GERMAN)]
    data = translated_epub(original, SOURCES, texts, DE)
    assert data is not None
    before, after = _members(original), _members(data)
    for name in ("chapter2", "notes"):
        assert after[f"OEBPS/text/{name}.xhtml"] == before[f"OEBPS/text/{name}.xhtml"]
    assert after["OEBPS/text/chapter1.xhtml"] != before["OEBPS/text/chapter1.xhtml"]


def test_right_to_left_and_hostile_markup(tmp_path) -> None:
    texts = list(GERMAN)
    texts[1] = (
        'الفقرة<script>alert(1)</script> <img src="x" onerror="alert(2)">'
        '<a href="javascript:alert(3)" onclick="alert(4)">هنا</a><sup class="fnref">1</sup>'
    )
    texts[4] = '<a href="#c2" style="x" id="r1">الفصل</a><iframe src="evil.html"></iframe>'
    data = translated_epub(epub_book.book(), SOURCES, texts, AR)
    assert data is not None
    chapter = _members(data)["OEBPS/text/chapter1.xhtml"].decode()
    for bad in ("script", "alert", "javascript", "onerror", "onclick", "iframe", "style="):
        assert bad not in chapter, bad
    root = etree.fromstring(chapter.encode())
    assert root.get("dir") == "rtl" and root.get("lang") == "ar"
    assert len(root.findall(".//*[@id='r1']")) == 1  # the noteref's id, not the translation's
    assert "No errors or warnings detected" in _epubcheck(tmp_path, data)


def test_a_book_that_no_longer_gives_the_units_is_not_written_into() -> None:
    changed = epub_book.CHAPTER_2.replace(
        "<p>An untranslated paragraph.</p>", "<p>A new paragraph.</p>"
    )
    assert translated_epub(epub_book.book(changed), SOURCES, GERMAN, DE) is None
    assert translated_epub(epub_book.book(), SOURCES[:-1], GERMAN[:-1], DE) is None


def test_a_chapter_that_is_no_xml_is_not_written_into() -> None:
    """The importer's HTML parser reads it; it cannot be written back as XHTML."""
    broken = epub_book.CHAPTER_2.replace("</section>", "</section><br>")
    assert translated_epub(epub_book.book(broken), SOURCES, GERMAN, DE) is None


def test_the_importers_limits() -> None:
    with pytest.raises(DocumentError, match="unpacks to more than"):
        translated_epub(
            epub_book.book(), SOURCES, GERMAN, DE, limits=FileLimits(max_unpacked_bytes=2_000)
        )
    with pytest.raises(DocumentError, match="more than 3 files"):
        translated_epub(
            epub_book.book(), SOURCES, GERMAN, DE, limits=FileLimits(max_archive_members=3)
        )


def test_an_epub_2_book(tmp_path) -> None:
    """XHTML 1.1 has no `lang` attribute: the pages get xml:lang only; the NCX stays."""
    original = epub_book.book_epub2()
    sources = [b.text for b in parse_document(original, filename="b.epub").blocks]
    assert sources == [
        "Chapter One",
        'A paragraph with a <sup class="fnref">1</sup> note.',
        "A blue square",
        "The note.",
    ]
    texts = ["[fr] " + s for s in sources]
    data = translated_epub(original, sources, texts, DE)
    assert data is not None
    after = _members(data)
    assert after["toc.ncx"] == epub_book.NCX.encode()
    chapter = after["chapter.xhtml"].decode()
    assert epub_book.XHTML_11 in chapter and ' lang="' not in chapter
    assert 'xml:lang="de"' in chapter
    assert '<a href="notes.xhtml#n1" id="r1"><sup>1</sup></a> note.' in chapter
    assert [b.text for b in parse_document(data, filename="b.epub").blocks] == texts
    assert "No errors or warnings detected" in _epubcheck(tmp_path, data)


def test_runs_between_blocks_lists_figures_and_cells(tmp_path) -> None:
    """Text loose beside blocks (its parent is written again from the page), an <li> with a
    list inside, an image alone in a figure (its alt a unit), table cells, a self-closed
    <span/> (the HTML parser nests it over the words after it)."""
    chapter = epub_book.page(
        "Two",
        '<section epub:type="chapter"><h2 id="c2">Chapter Two</h2>\n'
        '<div class="box">Loose <span epub:type="pagebreak" id="page2" title="2"/>text'
        "<p>Inner paragraph.</p> and after.</div>\n"
        "<ul><li>Item words<ul><li>Nested item</li></ul></li></ul>\n"
        '<figure><img src="../images/figure.png" alt="Figure alt"/>'
        "<figcaption>The caption <b>bold</b>.</figcaption></figure>\n"
        '<p>Before <br/> after<span class="x" id="s9"/> end.</p>\n'
        "<table><tr><td>Cell one</td><td>Cell <em>two</em></td></tr></table></section>",
    )
    original = epub_book.book(chapter)
    sources = [b.text for b in parse_document(original, filename="b.epub").blocks]
    texts = ["[fr] " + s for s in sources]
    data = translated_epub(original, sources, texts, DE)
    assert data is not None
    page = _members(data)["OEBPS/text/chapter2.xhtml"].decode()
    assert (
        '<div class="box"><span epub:type="pagebreak" id="page2" title="2"/>[fr] Loose text'
        "<p>[fr] Inner paragraph.</p>[fr] and after.</div>" in page
    )
    assert "<ul><li>[fr] Item words<ul><li>[fr] Nested item</li></ul></li></ul>" in page
    assert '<img src="../images/figure.png" alt="[fr] Figure alt"/>' in page
    assert '<p><span class="x" id="s9"/>[fr] Before<br/>after end.</p>' in page
    assert "<td>[fr] Cell <em>two</em></td>" in page
    assert [b.text for b in parse_document(data, filename="b.epub").blocks] == texts
    assert "No errors or warnings detected" in _epubcheck(tmp_path, data)
