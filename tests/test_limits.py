"""Request and text limits (settings "Request and text limits", workbench/limits.py): a unit
source, a translation, a comment, a glossary term and a request body beyond the limit are
refused with a message; what is stored is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from workbench.formats.importers import DocumentError
from workbench.models import Comment, Document, GlossaryConcept, Translation
from workbench.models.glossary import TERM_MAX_LENGTH
from workbench.permissions import SYSTEM
from workbench.services.comments import CommentError, add_comment
from workbench.services.documents import import_document
from workbench.services.errors import TranslationError
from workbench.services.glossary_concepts import ConceptError, save_concept
from workbench.services.po_import import SKIP_TOO_LONG, import_po
from workbench.services.source_updates import update_document_source
from workbench.services.translations import save_translation

from .conftest import login
from .workflow import make_document, units

LONG = "word " * 40  # 200 characters


@override_settings(MAX_UNIT_SOURCE_CHARS=100)
def test_a_document_with_an_over_long_unit_is_refused(languages):
    data = f"Short.\n\n{LONG}\n".encode()
    with pytest.raises(DocumentError, match="Unit 2 of the file.*at most 100"):
        import_document(SYSTEM, data, filename="a.txt", language_code="en", slug="long")
    assert not Document.objects.exists()


def test_a_source_update_with_an_over_long_unit_is_refused_and_keeps_the_units(languages):
    document = make_document(["One.", "Two."])
    with override_settings(MAX_UNIT_SOURCE_CHARS=100), pytest.raises(DocumentError, match="Unit 3"):
        update_document_source(
            SYSTEM, document, f"One.\n\nTwo.\n\n{LONG}\n".encode(), filename="b.txt"
        )
    assert [u.source for u in units(document)] == ["One.", "Two."]


def test_the_upload_page_shows_the_source_limit(client, admin_user):
    login(client, admin_user)
    with override_settings(MAX_UNIT_SOURCE_CHARS=100):
        response = client.post(
            reverse("document_upload"),
            {"file": _upload("long.txt", f"Short.\n\n{LONG}\n"), "language": "en"},
        )
    assert response.status_code in (200, 400)
    assert "at most 100" in response.content.decode()
    assert not Document.objects.exists()


def _upload(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


@override_settings(MAX_TRANSLATION_CHARS=100)
def test_an_over_long_translation_is_refused_and_the_stored_one_kept(translator, languages):
    unit = units(make_document(["One."]))[0]
    de = languages["de"]
    save_translation(translator, unit, de, "Eins.", base_version=0)
    with pytest.raises(TranslationError, match="unit u0001 has 199 characters.*at most 100"):
        save_translation(translator, unit, de, LONG, base_version=1)
    assert Translation.objects.get(unit=unit, language=de).text == "Eins."


@override_settings(MAX_TRANSLATION_CHARS=100)
def test_the_editor_says_why_a_translation_is_refused(client, translator, languages):
    unit = units(make_document(["One."]))[0]
    login(client, translator)
    response = client.post(
        reverse("save_unit", args=["doc", "de", unit.key]), {"text": LONG, "version": "0"}
    )
    assert response.status_code == 400
    assert "at most 100" in response.json()["error"]
    assert not Translation.objects.exists()


def test_a_po_entry_over_the_limit_is_skipped_with_its_line(tmp_path: Path, translator, languages):
    import polib
    from django.core.management import call_command

    document = make_document(["One.", "Two."])
    path = tmp_path / "doc.po"
    call_command("export_po", document.slug, "--lang", "de", "-o", str(path))
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = {"u0001": "Eins.", "u0002": LONG}[entry.msgctxt]
    po.save(str(path))
    with override_settings(MAX_TRANSLATION_CHARS=100):
        summary = import_po(translator, document, languages["de"], path.read_bytes())
        lines = summary.lines()
    assert [e.key for e in summary.imported] == ["u0001"]
    (skipped,) = summary.skipped
    assert (skipped.key, skipped.reason) == ("u0002", SKIP_TOO_LONG)
    assert any(f"u0002 (line {skipped.line})" in line and "100" in line for line in lines)


@override_settings(MAX_COMMENT_CHARS=50)
def test_an_over_long_comment_is_refused(translator, languages):
    unit = units(make_document(["One."]))[0]
    with pytest.raises(CommentError, match="at most 50"):
        add_comment(translator, unit, languages["de"], LONG)
    assert not Comment.objects.exists()


def test_an_over_long_glossary_term_is_refused_by_the_service(glossary_editor):
    too_long = "x" * (TERM_MAX_LENGTH + 1)
    with pytest.raises(ConceptError, match=f"at most {TERM_MAX_LENGTH}"):
        save_concept(glossary_editor, None, terms={"en": too_long}, forbidden={})
    with pytest.raises(ConceptError, match=f"at most {TERM_MAX_LENGTH}"):
        save_concept(glossary_editor, None, terms={"en": "term"}, forbidden={"en": [too_long]})
    assert not GlossaryConcept.objects.exists()


def test_an_over_long_forbidden_variant_is_shown_in_the_form(client, glossary_editor):
    login(client, glossary_editor)
    response = client.post(
        reverse("glossary_new"), {"term_en": "term", "forbidden_en": "x" * (TERM_MAX_LENGTH + 1)}
    )
    assert response.status_code == 200
    assert f"at most {TERM_MAX_LENGTH}" in response.content.decode()
    assert not GlossaryConcept.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "translator"])
def test_a_body_over_the_limit_is_refused_before_it_is_read(client, translator, who):
    if who == "translator":
        login(client, translator)
    with override_settings(MAX_REQUEST_BYTES=1024):
        # The declared length alone refuses it: the body here is tiny and never read.
        response = client.generic(
            "POST", reverse("document_upload"), b"x=1",
            content_type="application/x-www-form-urlencoded", CONTENT_LENGTH="2048",
        )  # fmt: skip
        assert response.status_code == 413
        assert "too large" in response.content.decode()
        assert client.post(reverse("document_upload"), {"x": "1"}).status_code != 413


def test_a_form_under_the_body_limit_is_still_held_by_djangos_field_limit(client, translator):
    """Form fields are held by DATA_UPLOAD_MAX_MEMORY_SIZE, which is also what holds a body
    sent without a Content-Length (chunked): Django reads no more than it declares."""
    login(client, translator)
    unit = units(make_document(["One."]))[0]
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024):
        response = client.post(
            reverse("save_unit", args=["doc", "de", unit.key]), {"text": "x" * 4096}
        )
    assert response.status_code == 400
    assert not Translation.objects.exists()


def test_nul_characters_are_refused(client, translator):
    login(client, translator)
    unit = units(make_document(["One."]))[0]
    response = client.post(
        reverse("save_unit", args=["doc", "de", unit.key]), {"text": "a\x00b", "version": "0"}
    )
    assert response.status_code == 400
    assert client.get("/d/doc/de%00/").status_code == 400
    assert client.get("/glossary/", {"q": "a\x00"}).status_code == 400
    assert not Translation.objects.exists()


def test_a_refused_body_closes_the_connection_except_under_the_development_server(client):
    """gunicorn is told to close the connection after a 413 whose body was never read;
    wsgiref (runserver, `make run`) refuses that hop-by-hop header from an application with
    an AssertionError, which made the 413 a 500, and reads the rest of the body itself."""
    from wsgiref.util import is_hop_by_hop

    assert is_hop_by_hop("Connection")
    with override_settings(MAX_REQUEST_BYTES=1024):
        for software, closes in (("gunicorn", True), ("WSGIServer/0.2 CPython/3.11", False)):
            response = client.generic(
                "POST", reverse("document_upload"), b"x=1",
                content_type="application/x-www-form-urlencoded", CONTENT_LENGTH="2048",
                SERVER_SOFTWARE=software,
            )  # fmt: skip
            assert response.status_code == 413
            assert (response.get("Connection") == "close") is closes
