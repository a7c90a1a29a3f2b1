"""EPUB books another tool made (pandoc's EPUB 3 and EPUB 2, tests/data/epub/README.md):
imported, every unit translated, written back into the book (formats/epub_into.py); the
result passes epubcheck and keeps pandoc's pages, image, note links and styles."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.formats.test_epub_into import EPUBCHECK
from workbench.formats.epub_into import translated_epub
from workbench.formats.importers import parse_document
from workbench.text.records import KIND_IMAGE, KIND_TITLE, LanguageInfo

DATA = Path(__file__).resolve().parents[1] / "data" / "epub"
DE = LanguageInfo("de", "Deutsch")
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _translate(text: str) -> str:
    return f"DE[{text}]"


@pytest.mark.parametrize("name", ["pandoc-epub3.epub", "pandoc-epub2.epub"])
def test_a_pandoc_book_comes_back_translated_in_its_own_pages(name: str, tmp_path) -> None:
    original = (DATA / name).read_bytes()
    blocks = parse_document(original, filename=name).blocks
    assert [b.text for b in blocks if b.kind == KIND_IMAGE] == [
        "Output of heavy industry, 1928-1937"
    ]
    sources = [b.text for b in blocks]
    kinds = [b.kind for b in blocks]
    out = translated_epub(original, sources, [_translate(s) for s in sources], DE, kinds)
    assert out is not None

    before, after = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(out))
    assert after.namelist() == before.namelist()
    assert after.infolist()[0].filename == "mimetype"
    for member in before.namelist():
        if not member.endswith((".xhtml", ".opf")):
            assert after.read(member) == before.read(member), member  # image, css, nav, ncx

    pages = {
        m: etree.fromstring(after.read(m))
        for m in after.namelist()
        if m.endswith(".xhtml") and "nav" not in m and "title_page" not in m
    }
    texts = " ".join("".join(page.itertext()) for page in pages.values())
    assert "DE[While Trotsky and the Left Opposition" in texts
    images = [img for page in pages.values() for img in page.iter(f"{XHTML}img")]
    assert [img.get("alt") for img in images] == ["DE[Output of heavy industry, 1928-1937]"]
    assert images[0].get("src") == "../media/file0.png"
    # The image stays inside its paragraph, between the translated words around it.
    paragraph = images[0].getparent()
    assert paragraph.text.endswith("The chart ") and images[0].tail.startswith(" shows it.")
    # pandoc's note link and back link stay as pandoc wrote them.
    links = {a.get("href") for page in pages.values() for a in page.iter(f"{XHTML}a")}
    assert {"#fn1", "#fnref1"} <= links
    opf = next(m for m in after.namelist() if m.endswith(".opf"))
    assert b"<dc:language>de</dc:language>" in after.read(opf)
    # The translated title unit gives the book's title in the package too.
    title = next(b.text for b in blocks if b.kind == KIND_TITLE)
    dc_title = etree.fromstring(after.read(opf)).find(".//{http://purl.org/dc/elements/1.1/}title")
    assert dc_title.text == _translate(title)
    assert title.startswith("The Historical and International Foundations")

    # Read again, the book gives the translations as its units.
    again = parse_document(out, filename=name).blocks
    assert [b.text for b in again] == [_translate(s) for s in sources]

    if not EPUBCHECK.exists():
        pytest.skip("epubcheck is not installed (make system-deps installs it)")
    path = tmp_path / name
    path.write_bytes(out)
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout
