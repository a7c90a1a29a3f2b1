"""The EPUB edition from the database: command, download links, readers only."""

from __future__ import annotations

import io
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from ebooklib import epub
from lxml import etree

from workbench.permissions import SYSTEM
from workbench.services.documents import import_document
from workbench.services.translations import save_translation


def _doc(languages, reviewer):
    data = b"# Markets\n\nGrain prices were *central*.[^1]\n\n[^1]: See chapter 2.\n"
    document = import_document(
        SYSTEM, data, filename="m.md", language_code="en", slug="markets"
    ).document
    de = languages["de"]
    for unit, text in zip(
        document.units.order_by("position"),
        ["Märkte", 'Getreidepreise waren <em>zentral</em>.<sup class="fnref">1</sup>'],
        strict=False,
    ):
        save_translation(reviewer, unit, de, text, base_version=None)
    return document


def _body(data: bytes) -> str:
    book = epub.read_epub(io.BytesIO(data))
    pages = [i for i in book.get_items() if i.file_name.startswith("chapter")]
    return " ".join("".join(etree.fromstring(p.content).itertext()) for p in pages)


def test_command_and_download(languages, reviewer, tmp_path, settings):
    _doc(languages, reviewer)
    path = tmp_path / "m.epub"
    call_command("export_epub", "markets", "--lang", "de", "-o", str(path), stdout=StringIO())
    text = _body(path.read_bytes())
    assert "Getreidepreise waren zentral" in text and "See chapter 2" in text
    assert "Grain prices" not in text
    call_command("export_epub", "markets", "--lang", "de", "--bilingual", "-o", str(path),
                 stdout=StringIO())  # fmt: skip
    assert "Grain prices" in _body(path.read_bytes())

    url = reverse("export_epub", args=["markets", "de"])
    response = Client().get(url + "?bilingual=1")
    assert response.status_code == 200 and response["Content-Type"] == "application/epub+zip"
    assert "markets.en-de.epub" in response["Content-Disposition"]
    assert url in Client().get(reverse("document", args=["markets"])).content.decode()
    settings.DOCUMENTS_PUBLIC = False
    assert Client().get(url).status_code == 302  # anonymous: to the login page


def test_markdown_front_matter_is_stored_with_the_document(languages):
    front = "---\ntitle: Markets\nlayout: essay\n---\n"
    document = import_document(
        SYSTEM, (front + "Grain prices.\n").encode(), filename="m.md", language_code="en"
    ).document
    assert document.front_matter == front
    assert document.title == "Markets"
    assert [u.source for u in document.units.all()] == ["Grain prices."]
