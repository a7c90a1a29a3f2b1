"""EPUB 3 export: opened again with ebooklib, checked with EPUBCheck, footnotes as EPUB notes."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from ebooklib import epub
from lxml import etree

from tests.formats.conftest import AR, DE, DOC, make_rows
from workbench.formats.epub import export_epub

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck (Makefile system-deps)
XHTML = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"


def _pages(data: bytes) -> dict[str, etree._Element]:
    book = epub.read_epub(io.BytesIO(data))
    return {
        # The page as stored (get_content() would rebuild it from its body).
        item.file_name: etree.fromstring(item.content)
        for item in book.get_items()
        if item.media_type == "application/xhtml+xml" and item.file_name.startswith("chapter")
    }


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


@pytest.mark.parametrize(("language", "bilingual"), [(DE, False), (AR, True)])
def test_epubcheck_finds_nothing(tmp_path, language, bilingual) -> None:
    if not EPUBCHECK.exists():
        pytest.skip("epubcheck is not installed (make system-deps installs it)")
    path = tmp_path / "book.epub"
    path.write_bytes(export_epub(DOC, language, make_rows(), bilingual=bilingual))
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout


def test_translation_only_edition() -> None:
    data = export_epub(DOC, DE, make_rows())
    book = epub.read_epub(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    assert [e.text for e in opf.iter("{http://purl.org/dc/elements/1.1/}language")] == ["de"]
    assert book.get_metadata("DC", "title")[0][0] == "Die permanente Revolution"
    pages = _pages(data)
    assert list(pages) == ["chapter-1.xhtml", "chapter-2.xhtml"]  # split at the title
    page = pages["chapter-2.xhtml"]
    assert page.get("lang") == "de"
    title = page.find(f".//{XHTML}h1")
    assert etree.tostring(title, encoding="unicode").count("<em>") == 1
    assert _text(title) == "Die permanente Revolution"
    # An untranslated unit falls back to the source, marked as English.
    item = page.find(f".//{XHTML}*[@id='u-item-1']")
    fallback = item.find(f".//{XHTML}span")
    assert fallback.get("lang") == "en" and "archive" in _text(fallback)
    # The footnote reference is an EPUB noteref to an EPUB footnote in the same page.
    ref = page.find(f".//{XHTML}a[@{OPS}type='noteref']")
    note = page.find(f".//{XHTML}aside[@{OPS}type='footnote']")
    assert ref.get("href") == "#" + note.get("id")
    assert "Die permanente Revolution" in _text(note) and "1930" in _text(note)
    # The translation's text, not the source's.
    body = _text(page)
    assert "Einleitung" in body and "Introduction" not in body


def test_bilingual_edition_and_right_to_left() -> None:
    page = _pages(export_epub(DOC, DE, make_rows(), bilingual=True))["chapter-2.xhtml"]
    quote = page.find(f".//{XHTML}blockquote")
    source, target = quote.findall(f".//{XHTML}span")
    assert source.get("lang") == "en" and "complete" in _text(source)
    assert "vollständige" in _text(target)
    # Both the source's and the translation's references lead to the note.
    refs = page.findall(f".//{XHTML}a[@{OPS}type='noteref']")
    assert len(refs) == 2 and len({r.get("href") for r in refs}) == 1
    arabic = _pages(export_epub(DOC, AR, make_rows(), bilingual=True))["chapter-2.xhtml"]
    assert arabic.get("dir") == "rtl"
    assert arabic.find(f".//{XHTML}span[@lang='en']").get("dir") == "ltr"


def test_inline_spacing_is_kept() -> None:
    # ebooklib's own page writer would pretty-print "<em>a</em><strong>b</strong>" apart.
    from workbench.text.records import KIND_PARAGRAPH, ExportRow, TranslationRecord, UnitRecord

    rows = [
        ExportRow(
            UnitRecord("p1", 1, KIND_PARAGRAPH, "<em>a</em><strong>b</strong>"),
            {"de": TranslationRecord("<em>x</em><strong>y</strong> &lt;Ctrl&gt;", "translated")},
        )
    ]
    page = _pages(export_epub(DOC, DE, rows))["chapter-1.xhtml"]
    assert _text(page.find(f".//{XHTML}p")) == "xy <Ctrl>"


def test_links_to_places_of_the_original_page_keep_their_text_only(tmp_path) -> None:
    """A link to `#sec-2` of the imported page pointed at an id the book does not have:
    epubcheck refused the book (RSC-012). The text stays; web links stay links."""
    rows = make_rows()
    row = rows[-1]
    linked = dataclasses.replace(
        row.unit,
        source='See <a href="#sec-2">section two</a> and <a href="https://example.org">this</a>.',
    )
    rows[-1] = dataclasses.replace(
        row,
        unit=linked,
        translations={
            "de": dataclasses.replace(
                next(t for t in row.translations.values() if t is not None),
                text='Siehe <a href="#sec-2" title="2">Abschnitt zwei</a> und '
                '<a href="https://example.org">dies</a>.',
            )
        },
    )
    data = export_epub(DOC, DE, rows, bilingual=True)
    pages = b"".join(etree.tostring(page) for page in _pages(data).values()).decode()
    assert "#sec-2" not in pages and "Abschnitt zwei" in pages and "section two" in pages
    assert 'href="https://example.org"' in pages
    if EPUBCHECK.exists():
        path = tmp_path / "book.epub"
        path.write_bytes(data)
        result = subprocess.run(["java", "-jar", str(EPUBCHECK), str(path)],
                                capture_output=True, text=True, timeout=120)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
