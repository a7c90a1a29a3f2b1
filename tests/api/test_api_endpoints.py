"""Every endpoint of /api/v1/ for a user it allows and one it refuses, through real tokens;
the same rules as the web UI because the same services decide."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import SAMPLE_MD, make_concept, terms_of
from workbench.models import Comment, Document, GlossaryConcept, MemoryEntry, Translation

pytestmark = pytest.mark.django_db

U = "/api/v1/documents/sample/languages/de/units/"
TEXT = "Sozialistische Gleichheitspartei (Vereinigte Staaten)"


def _write(client, key="u0001", text=TEXT, version=0, **extra):
    return client.put(f"{U}{key}/", {"text": text, "version": version, **extra}, format="json")


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


# --- languages and documents ------------------------------------------------------------


def test_languages_public_and_private(anon, as_outsider, as_translator, languages,
                                      documents_private):  # fmt: skip
    assert anon.get("/api/v1/languages/").status_code == 401
    assert as_outsider.get("/api/v1/languages/").status_code == 403
    codes = [lang["code"] for lang in as_translator.get("/api/v1/languages/").json()]
    assert codes == ["ar", "de", "en", "es", "fr"]


def test_document_list_and_detail_with_progress(anon, sample_document, reviewer):
    _write(pytest.importorskip("tests.api.conftest").token_client(reviewer), status="approved")
    listing = anon.get("/api/v1/documents/").json()
    assert listing["count"] == 1
    (doc,) = listing["results"]
    de = next(p for p in doc["progress"] if p["language"] == "de")
    assert de["units"]["approved"] == 1 and de["units_total"] == 14
    assert set(de["units"]) == {"untranslated", "draft", "translated", "approved", "outdated"}
    detail = anon.get("/api/v1/documents/sample/").json()
    assert detail["slug"] == "sample" and detail["source_language"] == "en"
    assert anon.get("/api/v1/documents/nope/").status_code == 404


def test_documents_refused_when_private(anon, as_outsider, as_translator, sample_document,
                                        documents_private):  # fmt: skip
    assert anon.get("/api/v1/documents/").status_code == 401
    assert as_outsider.get("/api/v1/documents/sample/").status_code == 403
    assert as_translator.get("/api/v1/documents/sample/").status_code == 200


def test_create_document_by_upload(as_admin, as_translator, languages):
    data = {"file": _upload("essay.md", b"# Title\n\nFirst paragraph.\n"), "language": "en",
            "slug": "essay"}  # fmt: skip
    refused = as_translator.post("/api/v1/documents/", data, format="multipart")
    assert refused.status_code == 403
    assert not Document.objects.filter(slug="essay").exists()
    data["file"] = _upload("essay.md", b"# Title\n\nFirst paragraph.\n")
    made = as_admin.post("/api/v1/documents/", data, format="multipart")
    assert made.status_code == 201, made.content
    assert made.json()["slug"] == "essay"
    assert Document.objects.get(slug="essay").units.count() == 2


def test_create_document_bad_file_is_400_and_stores_nothing(as_admin, languages):
    data = {"file": _upload("x.docx", b"not a zip"), "language": "en", "slug": "bad"}
    response = as_admin.post("/api/v1/documents/", data, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Document.objects.filter(slug="bad").exists()


def test_upload_over_the_limit_is_refused(as_admin, languages, settings):
    settings.MAX_UPLOAD_MB = 0
    data = {"file": _upload("a.txt", b"Some text."), "language": "en"}
    response = as_admin.post("/api/v1/documents/", data, format="multipart")
    assert response.status_code == 400
    assert "limit" in str(response.json()["file"])


def test_source_update(as_admin, as_translator, sample_document):
    changed = SAMPLE_MD.read_text(encoding="utf-8") + "\n\nA new closing paragraph.\n"

    def data():
        return {"file": _upload("v2.md", changed.encode()), "preview": "true"}

    url = "/api/v1/documents/sample/source/"
    assert as_translator.post(url, data(), format="multipart").status_code == 403
    preview = as_admin.post(url, data(), format="multipart")
    assert preview.status_code == 200, preview.content
    assert preview.json()["result"]["preview"] is True
    assert preview.json()["result"]["counts"]["new"] == 1
    assert sample_document.units.filter(is_active=True).count() == 14  # nothing stored
    applied = as_admin.post(url, {"file": _upload("v2.md", changed.encode())}, format="multipart")
    assert applied.json()["state"] == "done"
    assert sample_document.units.filter(is_active=True).count() == 15


# --- units and translations -------------------------------------------------------------


def test_units_list_filters(anon, as_translator, sample_document):
    assert _write(as_translator, "u0002", "Titel", status="draft").status_code == 200
    assert _write(as_translator, "u0003", "Überschrift").status_code == 200
    page = anon.get(U).json()
    assert len(page["results"]) == 14 and page["next"] is None
    drafts = anon.get(U, {"status": "draft"}).json()["results"]
    assert [u["key"] for u in drafts] == ["u0002"]
    todo = anon.get(U, {"status": "untranslated"}).json()["results"]
    assert len(todo) == 12
    since = Translation.objects.get(unit__key="u0003").updated_at
    changed = anon.get(U, {"changed_since": since.isoformat()}).json()["results"]
    assert [u["key"] for u in changed] == ["u0003"]
    assert anon.get(U, {"status": "nonsense"}).status_code == 400
    assert anon.get("/api/v1/documents/sample/languages/en/units/").status_code == 404


def test_units_refused_when_private(anon, as_outsider, sample_document, documents_private):
    assert anon.get(U).status_code == 401
    assert as_outsider.get(f"{U}u0001/").status_code == 403


def test_write_allowed_and_refused(anon, as_translator, as_reviewer, as_outsider, sample_document):
    assert _write(anon).status_code == 401
    assert _write(as_outsider).status_code == 403
    refused_fr = as_reviewer.put(
        "/api/v1/documents/sample/languages/ar/units/u0001/", {"text": "x", "version": 0},
        format="json",
    )  # fmt: skip
    assert refused_fr.status_code == 403
    assert not Translation.objects.exists()
    saved = _write(as_translator)
    assert saved.status_code == 200
    body = saved.json()
    assert body["translation"]["text"] == TEXT and body["translation"]["version"] == 1
    assert body["status"] == "translated"
    # A translator may not approve; a reviewer may.
    assert _write(as_translator, version=1, status="approved").status_code == 403
    assert _write(as_reviewer, version=1, status="approved").json()["status"] == "approved"


def test_stale_write_is_409_with_both_texts(as_translator, as_reviewer, sample_document):
    _write(as_translator, text="Erste Fassung")
    theirs = _write(as_reviewer, text="Zweite Fassung", version=1)
    assert theirs.status_code == 200
    stale = _write(as_translator, text="Meine Fassung", version=1)
    assert stale.status_code == 409
    body = stale.json()
    assert body["conflict"] is True
    assert body["current"]["text"] == "Zweite Fassung" and body["current"]["version"] == 2
    assert body["current"]["author"] == "reviewer"
    assert body["yours"] == "Meine Fassung"
    assert Translation.objects.get().text == "Zweite Fassung"


def test_write_with_an_old_source_checksum_is_409(as_translator, sample_document):
    response = _write(as_translator, source_checksum="0" * 40)
    assert response.status_code == 409
    assert response.json()["source_changed"] is True
    assert not Translation.objects.exists()


def test_write_validates_input(as_translator, sample_document):
    assert as_translator.put(f"{U}u0001/", {"text": "x"}, format="json").status_code == 400
    bad = _write(as_translator, status="published")
    assert bad.status_code == 400 and "status" in bad.json()
    too_long = _write(as_translator, text="x" * 200_000)
    assert too_long.status_code == 400
    assert as_translator.put(f"{U}nope/", {"text": "x", "version": 0}).status_code == 404


def test_approve_and_send_back(as_translator, as_reviewer, sample_document):
    _write(as_translator)
    url = f"{U}u0001/"
    assert as_translator.post(f"{url}approve/", {"version": 1}).status_code == 403
    stale = as_reviewer.post(f"{url}approve/", {"version": 0})
    assert stale.status_code == 409 and stale.json()["current"]["text"] == TEXT
    approved = as_reviewer.post(f"{url}approve/", {"version": 1})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["translation"]["reviewer"] == "reviewer"
    assert as_translator.post(f"{url}send-back/", {"version": 2, "reason": "no"}).status_code == 403
    no_reason = as_reviewer.post(f"{url}send-back/", {"version": 2, "reason": " "})
    assert no_reason.status_code == 400
    back = as_reviewer.post(f"{url}send-back/", {"version": 2, "reason": "Check the name."})
    assert back.status_code == 200 and back.json()["status"] == "draft"
    assert Comment.objects.get().text == "Check the name."


def test_revisions_and_comments(anon, as_translator, as_outsider, sample_document,
                                documents_private):  # fmt: skip
    _write(as_translator, text="Eins")
    _write(as_translator, text="Zwei", version=1)
    url = f"{U}u0001/"
    assert anon.get(f"{url}revisions/").status_code == 401
    revisions = as_translator.get(f"{url}revisions/").json()
    assert [r["text"] for r in revisions] == ["Zwei", "Eins"]
    assert as_outsider.post(f"{url}comments/", {"text": "Hm"}).status_code == 403
    posted = as_translator.post(f"{url}comments/", {"text": "Is this right?"})
    assert posted.status_code == 201
    parent = posted.json()[0]["id"]
    as_translator.post(f"{url}comments/", {"text": "Yes.", "parent": parent})
    thread = as_translator.get(f"{url}comments/").json()
    assert [(c["text"], c["parent"]) for c in thread] == [("Is this right?", None),
                                                         ("Yes.", parent)]  # fmt: skip
    assert as_translator.post(f"{url}comments/", {"text": "  "}).status_code == 400


# --- exports and imports -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "start", "suffix"),
    [("po", b"#", "de.po"), ("tmx", b"<?xml", "de.tmx"), ("html", b"<!DOCTYPE html>", "de.html"),
     ("bilingual-html", b"<!DOCTYPE html>", "en-de.bilingual.html"), ("xliff", b"<?xml", "de.xlf"),
     ("xliff2", b"<?xml", "de.2.0.xlf"), ("epub", b"PK", "de.epub"),
     ("bilingual-epub", b"PK", "en-de.epub"), ("document", b"Sozialistische", "de.md")],
)  # fmt: skip
def test_exports(anon, as_translator, sample_document, fmt, start, suffix):
    _write(as_translator)
    response = anon.get(f"/api/v1/documents/sample/languages/de/export/{fmt}/")
    assert response.status_code == 200
    assert response.content.lstrip().startswith(start)
    assert f'filename="sample.{suffix}"' in response["Content-Disposition"]


def test_exports_refused_and_unknown(anon, as_outsider, sample_document, documents_private):
    url = "/api/v1/documents/sample/languages/de/export/po/"
    assert anon.get(url).status_code == 401
    assert as_outsider.get(url).status_code == 403
    assert anon.get(url.replace("/po/", "/docx/")).status_code in (401, 404)


def test_unknown_export_format_404(anon, sample_document):
    assert anon.get("/api/v1/documents/sample/languages/de/export/docx/").status_code == 404


def test_po_import(anon, as_translator, as_outsider, sample_document):
    po = anon.get("/api/v1/documents/sample/languages/de/export/po/").content.decode()
    po = po.replace(
        'msgctxt "u0001"\nmsgid "Socialist Equality Party (United States)"\nmsgstr ""',
        f'msgctxt "u0001"\nmsgid "Socialist Equality Party (United States)"\nmsgstr "{TEXT}"',
    )
    assert TEXT in po
    url = "/api/v1/documents/sample/languages/de/import/po/"
    refused = as_outsider.post(url, {"file": _upload("de.po", po.encode())}, format="multipart")
    assert refused.status_code == 403
    done = as_translator.post(url, {"file": _upload("de.po", po.encode())}, format="multipart")
    assert done.status_code == 200, done.content
    result = done.json()["result"]
    assert [e["key"] for e in result["imported"]] == ["u0001"]
    assert Translation.objects.get().text == TEXT
    broken = as_translator.post(url, {"file": _upload("de.po", b"msgid")}, format="multipart")
    assert broken.status_code == 400


TMX = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="paragraph"
o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The permanent revolution</seg></tuv>
<tuv xml:lang="de"><seg>Die permanente Revolution</seg></tuv></tu></body></tmx>"""


def test_memory_import_lookup_and_concordance(anon, as_translator, as_reviewer, languages,
                                               documents_private):  # fmt: skip
    url = "/api/v1/memory/import/"
    assert as_translator.post(url, {"file": _upload("m.tmx", TMX)}, format="multipart"
                              ).status_code == 403  # fmt: skip
    done = as_reviewer.post(url, {"file": _upload("m.tmx", TMX)}, format="multipart")
    assert done.status_code == 200 and done.json()["result"]["created"] == 1
    assert MemoryEntry.objects.count() == 1
    bad = as_reviewer.post(url, {"file": _upload("m.tmx", b"<tmx")}, format="multipart")
    assert bad.status_code == 400
    lookup = {"source": "en", "target": "de", "text": "The permanent revolution"}
    assert anon.get("/api/v1/memory/lookup/", lookup).status_code == 401
    matches = as_translator.get("/api/v1/memory/lookup/", lookup).json()
    assert matches[0]["kind"] == "exact" and matches[0]["target"] == "Die permanente Revolution"
    hits = as_translator.get(
        "/api/v1/memory/concordance/", {"source": "en", "target": "de", "q": "permanent"}
    ).json()
    assert hits["results"][0]["target"] == "Die permanente Revolution"
    assert as_translator.get(
        "/api/v1/memory/concordance/", {"source": "en", "target": "xx", "q": "permanent"}
    ).status_code == 400  # fmt: skip
    query = {"source": "en", "target": "de", "q": "permanent"}
    assert anon.get("/api/v1/memory/concordance/", query).status_code == 401
    assert as_translator.get("/api/v1/memory/concordance/", {**query, "q": "p"}).status_code == 400


def test_glossary_concepts(anon, as_translator, as_glossary_editor, languages):
    concept = make_concept({"en": "party", "de": "Partei"})
    listing = anon.get("/api/v1/glossary/concepts/").json()
    assert listing["results"][0]["terms"] == {"en": "party", "de": "Partei"}
    assert anon.get(f"/api/v1/glossary/concepts/{concept.pk}/").status_code == 200
    body = {"terms": {"en": "Left Opposition", "de": "Linke Opposition"},
            "forbidden": {"de": ["Linksopposition"]}}  # fmt: skip
    assert anon.post("/api/v1/glossary/concepts/", body, format="json").status_code == 401
    assert as_translator.post("/api/v1/glossary/concepts/", body, format="json"
                              ).status_code == 403  # fmt: skip
    made = as_glossary_editor.post("/api/v1/glossary/concepts/", body, format="json")
    assert made.status_code == 201 and made.json()["forbidden"] == {"de": ["Linksopposition"]}
    url = f"/api/v1/glossary/concepts/{concept.pk}/"
    changed = {"terms": {"en": "party", "de": "Parteiorganisation"}}
    assert as_translator.put(url, changed, format="json").status_code == 403
    assert as_glossary_editor.put(url, changed, format="json").status_code == 200
    assert terms_of(concept)["de"] == "Parteiorganisation"
    empty = as_glossary_editor.put(url, {"terms": {"en": ""}}, format="json")
    assert empty.status_code == 400
    assert as_translator.delete(url).status_code == 403
    assert as_glossary_editor.delete(url).status_code == 204
    assert not GlossaryConcept.objects.filter(pk=concept.pk).exists()


def test_glossary_import(as_translator, as_glossary_editor, languages):
    csv = b"en,de\nworkers' state,Arbeiterstaat\n"
    url = "/api/v1/glossary/import/"
    assert as_translator.post(url, {"file": _upload("g.csv", csv)}, format="multipart"
                              ).status_code == 403  # fmt: skip
    done = as_glossary_editor.post(url, {"file": _upload("g.csv", csv)}, format="multipart")
    assert done.status_code == 200 and done.json()["result"]["created"] == 1
    bad = as_glossary_editor.post(url, {"file": _upload("g.csv", b"\xff\xfe\x00")},
                                  format="multipart")  # fmt: skip
    assert bad.status_code == 400


# --- rate limit ---------------------------------------------------------------------------


def test_rate_limit(as_translator, languages, settings):
    from django.core.cache import caches
    from rest_framework.settings import api_settings

    caches["api-throttle"].clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "3/minute"}
    from workbench.api import throttling

    original = throttling.UserRateThrottle.THROTTLE_RATES
    throttling.UserRateThrottle.THROTTLE_RATES = rates
    try:
        codes = [as_translator.get("/api/v1/languages/").status_code for _ in range(4)]
    finally:
        throttling.UserRateThrottle.THROTTLE_RATES = original
        caches["api-throttle"].clear()
    assert codes == [200, 200, 200, 429]


def test_nul_characters_in_json_are_refused(as_translator, as_glossary_editor, sample_document):
    """JSON can carry "\\u0000", which the request-limit middleware cannot see in the raw body
    and PostgreSQL cannot store: every text field refuses it (400), nothing stored."""
    body = '{"text": "a\\u0000b", "version": 0}'
    assert as_translator.put(f"{U}u0001/", body, content_type="application/json").status_code == 400
    comment = '{"text": "a\\u0000b"}'
    assert as_translator.post(f"{U}u0001/comments/", comment, content_type="application/json"
                              ).status_code == 400  # fmt: skip
    concept = '{"terms": {"en": "a\\u0000b"}}'
    assert as_glossary_editor.post("/api/v1/glossary/concepts/", concept,
                                   content_type="application/json").status_code == 400  # fmt: skip
    assert not Translation.objects.exists() and not Comment.objects.exists()
    assert not GlossaryConcept.objects.exists()
