"""The translated book in its own format: an imported EPUB's original is kept and the download
is that book with the translation in it (formats/epub_into.py), through the real import,
saves and download; a stored book that no longer gives the units gets the rebuilt EPUB."""

from __future__ import annotations

import io
import zipfile
from io import StringIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from ebooklib import epub
from lxml import etree

from tests.formats import epub_book
from tests.workflow import translate, units
from workbench.models import Document, Language
from workbench.permissions import SYSTEM
from workbench.selectors.document_export import document_export, own_format
from workbench.services.documents import import_document

X = "{http://www.w3.org/1999/xhtml}"


def _import(slug: str = "book") -> Document:
    return import_document(
        SYSTEM, epub_book.book(), filename="book.epub", language_code="en", slug=slug
    ).document


def _translate(user, document: Document, skip: tuple[int, ...] = ()) -> None:
    german = Language.objects.get(code="de")
    for i, unit in enumerate(units(document)):
        if i not in skip:
            text = unit.source.replace("The ", "Die ").replace("the ", "die ")
            translate(user, unit, german, f"[de] {text}")


def test_the_download_is_the_book_with_the_translation_in_it(client, translator):
    document = _import()
    assert document.original_file.startswith("originals/") and own_format(document) == "epub"
    _translate(translator, document, skip=(7,))  # "An untranslated paragraph."
    response = client.get(reverse("export_document", args=["book", "de", "epub"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/epub+zip"
    assert response["Content-Disposition"] == 'attachment; filename="book.de.epub"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist()[0] == "mimetype"
        chapter = etree.fromstring(archive.read("OEBPS/text/chapter1.xhtml"))
        second = etree.fromstring(archive.read("OEBPS/text/chapter2.xhtml"))
        assert archive.read("OEBPS/css/book.css") == epub_book.CSS
        assert archive.read("OEBPS/images/cover.png") == epub_book.COVER
    assert chapter.get("lang") == "de"
    texts = ["".join(p.itertext()) for p in chapter.iter(f"{X}p")]
    assert texts[0] == "[de] Die first paragraph has a note1."
    image = chapter.find(f".//{X}img")
    assert image.get("alt") == "[de] A blue square" and image.getparent().tag == f"{X}p"
    ops = {"epub": "http://www.idpf.org/2007/ops"}
    assert chapter.find(f".//{X}a[@epub:type='noteref']", ops) is not None
    hrefs = [a.get("href") for a in chapter.iter(f"{X}a")]
    assert hrefs == ["notes.xhtml#n1", "chapter2.xhtml#c2"]
    assert [p.text for p in second.iter(f"{X}p")][-1] == "An untranslated paragraph."
    book = epub.read_epub(io.BytesIO(response.content))
    assert book.get_metadata("DC", "language") == [("de", {})]


def test_the_command_keeps_the_original_too(tmp_path, translator):
    path = tmp_path / "book.epub"
    path.write_bytes(epub_book.book())
    out = StringIO()
    call_command("import_document", str(path), "--lang", "en", stdout=out)
    document = Document.objects.get(slug=out.getvalue().strip().splitlines()[-1])
    assert document.origin_format == "epub" and document.original_file
    _translate(translator, document)
    data = document_export(document, Language.objects.get(code="de")).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "[de] Chapter One" in archive.read("OEBPS/text/chapter1.xhtml").decode()


def test_a_stored_book_that_no_longer_matches_gives_the_rebuilt_epub(translator):
    document = _import()
    _translate(translator, document)
    changed = epub_book.CHAPTER_2.replace("An untranslated paragraph.", "Another paragraph.")
    default_storage.delete(document.original_file)
    default_storage.save(document.original_file, ContentFile(epub_book.book(changed)))
    data = document_export(document, Language.objects.get(code="de"), "epub").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        pages = b"".join(archive.read(n) for n in names if n.endswith(".xhtml")).decode()
    assert "OEBPS/text/chapter1.xhtml" not in names  # a new book, made from the units
    assert "[de] Chapter One" in pages and "[de] A blue square" in pages


def test_without_a_stored_original_the_book_is_rebuilt(translator):
    document = _import()
    Document.objects.filter(pk=document.pk).update(original_file="")
    document.refresh_from_db()
    _translate(translator, document)
    data = document_export(document, Language.objects.get(code="de")).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "OEBPS/css/book.css" not in archive.namelist()


def test_the_document_page_tells_the_two_epub_downloads_apart(client, translator):
    _import()
    client.force_login(translator)
    page = client.get(reverse("document", args=["book"]), HTTP_ACCEPT_LANGUAGE="en").content
    page = page.decode()
    assert "Translated document (EPUB)" in page  # the book itself, translated
    assert "EPUB (workbench layout)" in page  # the book made from the units
    import_document(SYSTEM, b"# Title\n\nText.\n", filename="t.md", language_code="en", slug="t")
    other = client.get(reverse("document", args=["t"]), HTTP_ACCEPT_LANGUAGE="en").content
    assert "EPUB (workbench layout)" not in other.decode()
