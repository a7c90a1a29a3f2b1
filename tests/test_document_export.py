"""The translated document in its own format: stored originals, the download, the command
and the API, with real imports, saves and parsers."""

from __future__ import annotations

import io
import zipfile
from io import StringIO

import docx
import ebooklib
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.urls import reverse
from ebooklib import epub
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from tests.conftest import SAMPLE_MD, login
from tests.formats.test_own_format import PAGE, _original_docx
from tests.workflow import translate, units
from workbench.formats.importers import parse_document
from workbench.models import Document, Job, Language
from workbench.permissions import SYSTEM
from workbench.selectors.document_export import document_export, own_format
from workbench.services.documents import import_document
from workbench.services.source_updates import update_document_source

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _import(data: bytes, name: str, slug: str) -> Document:
    return import_document(SYSTEM, data, filename=name, language_code="en", slug=slug).document


def _translate_all(user, document: Document, code: str = "de", skip: tuple[int, ...] = ()):
    language = Language.objects.get(code=code)
    done = {}
    for i, unit in enumerate(units(document)):
        if i in skip:
            continue
        text = unit.source.replace("The ", "Die ").replace("the ", "die ")
        text = f"[{code}] {text}" if unit.kind != "footnote" else f"Anm. {text}"
        translate(user, unit, language, text)
        done[unit.key] = text
    return done


def test_docx_original_is_kept_and_the_download_keeps_its_styles(client, translator):
    document = _import(_original_docx(), "pr.docx", "pr")
    assert document.original_file.startswith("originals/")
    assert default_storage.exists(document.original_file)
    texts = _translate_all(translator, document, skip=(1,))  # "Introduction" left untranslated
    response = client.get(reverse("export_document", args=["pr", "de", "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="pr.de.docx"'
    reopened = docx.Document(io.BytesIO(response.content))
    paragraphs = [(p.style.name, p.text) for p in reopened.paragraphs if p.text]
    assert paragraphs[0] == ("Heading 1", "[de] Die Permanent Revolution")
    assert paragraphs[1] == ("Heading 2", "Introduction")  # the source, as it was
    assert ("List Number", "[de] First point") in paragraphs
    assert ("Quote", "[de] A quotation") in paragraphs
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        notes = archive.read("word/footnotes.xml").decode()
    assert "Anm. " in notes and "<w:footnoteRef/>" in notes
    again = parse_document(response.content, "pr.de.docx")
    keys = [u.key for u in units(document)]
    by_key = dict(zip(keys, again.blocks, strict=True))
    for key, text in texts.items():
        assert by_key[key].text == text
    assert [b.kind for b in again.blocks] == [u.kind for u in units(document)]


def test_docx_without_a_stored_original_is_generated(translator):
    document = _import(_original_docx(), "pr.docx", "pr")
    Document.objects.filter(pk=document.pk).update(original_file="")
    document.refresh_from_db()
    _translate_all(translator, document)
    export = document_export(document, Language.objects.get(code="de"))
    assert export.extension == "docx" and export.filename == "pr.de.docx"
    reopened = docx.Document(io.BytesIO(export.data))
    assert reopened.paragraphs[0].style.name == "Title"
    assert "Quote" in [p.style.name for p in reopened.paragraphs]
    again = parse_document(export.data, "pr.de.docx")
    assert [b.kind for b in again.blocks] == [u.kind for u in units(document)]
    assert again.blocks[-1].text.startswith("Anm. ")


def test_source_update_replaces_the_original(translator):
    document = _import(_original_docx(), "pr.docx", "pr")
    first = document.original_file
    new = docx.Document(io.BytesIO(_original_docx()))
    new.add_paragraph("A new closing paragraph.")
    buf = io.BytesIO()
    new.save(buf)
    data = buf.getvalue()  # python-docx keeps the footnotes part as it was
    with TestCase.captureOnCommitCallbacks(execute=True):
        update_document_source(SYSTEM, document, data, filename="pr2.docx")
    document.refresh_from_db()
    assert document.original_file != first and document.original_file.endswith("pr2.docx")
    assert not default_storage.exists(first)
    _translate_all(translator, document)
    export = document_export(document, Language.objects.get(code="de"))
    again = parse_document(export.data, "x.docx")
    assert again.blocks[-2].text == "[de] A new closing paragraph."
    # A new version in a format whose original is not kept forgets the stored one.
    with TestCase.captureOnCommitCallbacks(execute=True):
        update_document_source(SYSTEM, document, b"The Permanent Revolution\n\nText.\n",
                               filename="pr.txt")  # fmt: skip
    document.refresh_from_db()
    assert document.original_file == ""
    assert own_format(document) == "txt"


def test_a_deleted_documents_files_are_deleted_after_commit(db):
    document = _import(_original_docx(), "pr.docx", "pr")
    other = _import(_original_docx(), "pr.docx", "other")
    # A failed job keeps its upload for a retry; it goes with the document (by cascade).
    upload = default_storage.save("jobs/test/pr2.docx", ContentFile(b"data"))
    Job.objects.create(kind="update_source", document=document, state=Job.STATE_FAILED,
                       params={"upload": upload})  # fmt: skip
    names = [document.original_file, upload]
    assert all(default_storage.exists(n) for n in names)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        document.delete()
    assert all(default_storage.exists(n) for n in names)  # nothing goes before the commit
    for callback in callbacks:
        callback()
    assert not any(default_storage.exists(n) for n in names)
    assert default_storage.exists(other.original_file)


def test_markdown_download_round_trips(client, translator, sample_document):
    texts = _translate_all(translator, sample_document)
    response = client.get(reverse("export_document", args=["sample", "de", "md"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sample.de.md"'
    MarkdownIt("commonmark").use(footnote_plugin).parse(response.content.decode())
    again = parse_document(response.content, "sample.de.md")
    source = parse_document(SAMPLE_MD.read_bytes(), SAMPLE_MD.name)
    assert [(b.kind, b.level, b.label) for b in again.blocks] == [
        (b.kind, b.level, b.label) for b in source.blocks
    ]
    assert [b.text for b in again.blocks] == list(texts.values())
    assert again.front_matter == sample_document.front_matter
    # Imported again as a document: the same units, with the translation as their text.
    copy = _import(response.content, "sample.de.md", "sample-de")
    assert [(u.kind, u.level, u.label) for u in units(copy)] == [
        (u.kind, u.level, u.label) for u in units(sample_document)
    ]
    assert [u.source for u in units(copy)] == list(texts.values())


def test_untranslated_units_fall_back_to_the_source(translator, sample_document):
    language = Language.objects.get(code="de")
    first = units(sample_document)[0]
    translate(translator, first, language, "Sozialistische Gleichheitspartei")
    data = document_export(sample_document, language, "md").data.decode()
    assert data.startswith("Sozialistische Gleichheitspartei\n")
    assert "# The Historical and International Foundations" in data


def test_front_matter_restored_verbatim(languages, translator):
    source = b'---\ntitle: "Markets"\ndate: 2024-01-01\n---\n\n# Markets\n\nText[^1].\n\n[^1]: N.\n'
    document = _import(source, "markets.md", "markets")
    _translate_all(translator, document)
    data = document_export(document, Language.objects.get(code="de")).data
    assert data.startswith(b'---\ntitle: "Markets"\ndate: 2024-01-01\n---\n')
    assert b"\\[de\\] Text[^1]." in data and b"[^1]: Anm. N." in data


def test_markdown_download_keeps_the_files_structure(client, translator):
    source = (
        b"# Steps\n\n1. The first step\n2. The second step\n\n| Term | Meaning |\n"
        b"|:-----|--------:|\n| the state | power |\n\n```python\nprint('the code')\n```\n\n"
        b"[site]: https://example.org\n"
    )
    document = _import(source, "steps.md", "steps")
    assert document.original_file.endswith("steps.md")
    _translate_all(translator, document)
    response = client.get(reverse("export_document", args=["steps", "de", "md"]))
    lines = response.content.decode().split("\n")
    assert lines[:4] == ["# \\[de\\] Steps", "", "1. \\[de\\] Die first step",
                         "2. \\[de\\] Die second step"]  # fmt: skip
    assert "|:-----|--------:|" in lines and "| \\[de\\] die state | \\[de\\] power |" in lines
    assert "```python" in lines and "[de] print('die code')" in lines
    assert "[site]: https://example.org" in lines


def test_markdown_with_an_inline_note_is_rebuilt_from_its_units(translator):
    document = _import(b"# T\n\nText^[An inline note.].\n", "n.md", "n")
    _translate_all(translator, document)
    data = document_export(document, Language.objects.get(code="de")).data.decode()
    assert "[^1]: Anm. An inline note." in data


def test_html_download_keeps_the_page(client, translator):
    document = _import(PAGE, "page.html", "page")
    assert document.original_file
    # "Loose text" and "after": runs of text between blocks, no element of their own.
    _translate_all(translator, document, skip=(5, 7))
    assert own_format(document) == "html"
    response = client.get(reverse("export_document", args=["page", "de", "html"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="page.de.html"'
    page = response.content.decode()
    assert '<html lang="de" dir="ltr">' in page
    assert '<ul class="points"><li>[de] One</li>' in page
    assert '<nav><a href="/">Home</a></nav>' in page and "<script" not in page
    # A translated run of text between blocks takes its place in the page too.
    translate(translator, units(document)[5], Language.objects.get(code="de"), "Loser Text")
    page = client.get(reverse("export_monolingual", args=["page", "de"])).content.decode()
    assert "<div>Loser Text<p>" in page and '<nav><a href="/">Home</a></nav>' in page


def test_html_without_original_is_the_monolingual_page(client, translator):
    document = _import(PAGE, "page.html", "page")
    Document.objects.filter(pk=document.pk).update(original_file="")
    _translate_all(translator, document)
    page = client.get(reverse("export_document", args=["page", "de", "html"])).content.decode()
    assert 'class="doc"' in page and "<nav>" not in page


def test_other_formats_and_unknown_ones(client, translator, sample_document, tmp_path):
    _translate_all(translator, sample_document)
    response = client.get(reverse("export_document", args=["sample", "de", "epub"]))
    assert response["Content-Disposition"] == 'attachment; filename="sample.de.epub"'
    path = tmp_path / "sample.de.epub"
    path.write_bytes(response.content)
    book = epub.read_epub(str(path))
    assert any("[de]" in item.get_content().decode() for item in book.get_items_of_type(
        ebooklib.ITEM_DOCUMENT))  # fmt: skip
    response = client.get(reverse("export_document", args=["sample", "de", "txt"]))
    assert response.content.startswith(b"[de] Socialist")
    assert client.get(reverse("export_document", args=["sample", "de", "exe"])).status_code == 404
    assert client.get(reverse("export_document", args=["sample", "en", "md"])).status_code == 404


def test_document_page_and_editor_offer_the_own_format(client, translator):
    _import(_original_docx(), "pr.docx", "pr")
    login(client, translator)
    url = reverse("export_document", args=["pr", "de", "docx"])
    detail = client.get(reverse("document", args=["pr"])).content.decode()
    assert f'href="{url}"' in detail and "Translated document (Word)" in detail
    editor = client.get(reverse("editor", args=["pr", "de"])).content.decode()
    assert f'href="{url}"' in editor and "Download the translated document (Word)" in editor


@override_settings(DOCUMENTS_PUBLIC=False)
def test_refused_to_who_may_not_read(client, outsider, translator):
    _import(_original_docx(), "pr.docx", "pr")
    url = reverse("export_document", args=["pr", "de", "docx"])
    assert client.get(url).status_code == 302
    login(client, outsider)
    assert client.get(url).status_code == 403
    login(client, translator)
    assert client.get(url).status_code == 200


def test_command(tmp_path, translator, sample_document):
    _translate_all(translator, sample_document)
    out = StringIO()
    call_command("export_document", "sample", "--lang", "de", stdout=out)
    assert out.getvalue().startswith("\\[de\\] Socialist")
    target = tmp_path / "sample.de.docx"
    call_command("export_document", "sample", "--lang", "de", "--format", "docx",
                 "-o", str(target))  # fmt: skip
    assert (
        docx.Document(str(target)).paragraphs[0].text
        == "[de] Socialist Equality Party (United States)"
    )
    with pytest.raises(CommandError, match="-o"):
        call_command("export_document", "sample", "--lang", "de", "--format", "docx",
                     stdout=StringIO())  # fmt: skip
    with pytest.raises(CommandError):
        call_command("export_document", "sample", "--lang", "en", stdout=StringIO())


def test_the_output_name_says_the_format(tmp_path, translator, sample_document):
    """`-o x.odt` wrote HTML (an ODT document's own export) into a name that says ODT. The
    name's extension now picks the format, and one that disagrees or is unknown is refused."""
    _translate_all(translator, sample_document)
    target = tmp_path / "sample.de.docx"
    call_command("export_document", "sample", "--lang", "de", "-o", str(target))
    assert docx.Document(str(target)).paragraphs[0].text.startswith("[de] Socialist")
    page = tmp_path / "sample.de.html"
    call_command("export_document", "sample", "--lang", "de", "-o", str(page))
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    for name, message in (("x.odt", "Cannot write .odt"), ("x.md", "--format md")):
        with pytest.raises(CommandError, match=message):
            call_command("export_document", "sample", "--lang", "de", "--format", "docx",
                         "-o", str(tmp_path / name))  # fmt: skip
        assert not (tmp_path / name).exists()


def test_api_document_export(translator, sample_document):
    from tests.api.conftest import token_client

    document = _import(_original_docx(), "pr.docx", "pr")
    _translate_all(translator, document)
    client = token_client(translator)
    response = client.get("/api/v1/documents/pr/languages/de/export/document/")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert 'filename="pr.de.docx"' in response["Content-Disposition"]
    assert docx.Document(io.BytesIO(response.content)).paragraphs[0].style.name == "Heading 1"
