"""Long imports through the API are background jobs: a file above BACKGROUND_ABOVE_KB (or any
file with `background`) is answered with 202 and the job, which a real django-tasks worker
runs and the caller polls at /api/v1/jobs/<id>/; only who may see the job sees it."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings

from tests.api.conftest import token_client
from tests.conftest import SAMPLE_MD
from tests.test_adversarial_files import zip_bomb
from tests.test_jobs import work_off
from workbench.client import cli
from workbench.models import Document, GlossaryConcept, Job, MemoryEntry, Translation
from workbench.services.api_tokens import create_token

pytestmark = pytest.mark.django_db(transaction=True)

TMX = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="paragraph"
o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The permanent revolution</seg></tuv>
<tuv xml:lang="de"><seg>Die permanente Revolution</seg></tuv></tu></body></tmx>"""
PO_URL = "/api/v1/documents/sample/languages/de/import/po/"


@pytest.fixture(autouse=True)
def _shared_storage(tmp_path):
    """Uploads handed to jobs, and the progress cache, in this test's own directories."""
    with override_settings(
        CACHES={
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            },
        },
        STORAGES={
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / "uploads")},
            },
        },
    ):
        yield


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _translated_po(anon) -> bytes:
    po = anon.get("/api/v1/documents/sample/languages/de/export/po/").content.decode()
    marker = 'msgctxt "u0001"\nmsgid "Socialist Equality Party (United States)"\nmsgstr ""'
    assert marker in po
    return po.replace(marker, marker[:-2] + '"Sozialistische Gleichheitspartei"').encode()


def test_po_import_in_the_background_is_a_job_to_poll(
    anon, as_translator, as_outsider, sample_document, reviewer
):
    answer = as_translator.post(
        PO_URL, {"file": _upload("de.po", _translated_po(anon)), "background": "true"},
        format="multipart",
    )  # fmt: skip
    assert answer.status_code == 202, answer.content
    body = answer.json()
    assert body["state"] == "queued" and body["kind"] == "po"
    job = body["job"]
    assert answer["Location"] == job["url"] == f"/api/v1/jobs/{job['id']}/"
    assert job["state"] == "queued" and job["kind"] == "po_import"
    assert not Translation.objects.exists()  # nothing yet: the worker does it

    # Who may not see the job on the web does not see it here either (not even that it is).
    assert as_outsider.get(job["url"]).status_code == 404
    assert anon.get(job["url"]).status_code in (401, 404)

    work_off()
    done = as_translator.get(job["url"]).json()
    assert done["state"] == "succeeded", done
    assert done["result"]["imported"] == 1 and done["error"] == ""
    assert done["page"] == f"/jobs/{job['id']}/"
    assert Translation.objects.get().text == "Sozialistische Gleichheitspartei"
    # The language's reviewer may follow the team's jobs, as on the web.
    assert token_client(reviewer).get(job["url"]).json()["state"] == "succeeded"


@override_settings(BACKGROUND_ABOVE_KB=1)
def test_a_large_document_upload_is_a_job_and_a_small_one_is_not(as_admin, languages):
    big = SAMPLE_MD.read_bytes()
    assert len(big) > 1024
    answer = as_admin.post(
        "/api/v1/documents/", {"file": _upload("book.md", big), "language": "en", "slug": "book"},
        format="multipart",
    )  # fmt: skip
    assert answer.status_code == 202, answer.content
    assert not Document.objects.exists()
    work_off()
    job = as_admin.get(answer["Location"]).json()
    assert job["state"] == "succeeded" and job["result"]["units"] > 10
    assert Document.objects.get().slug == "book"

    small = as_admin.post(
        "/api/v1/documents/",
        {"file": _upload("note.txt", b"One.\n\nTwo."), "language": "en", "slug": "note"},
        format="multipart",
    )
    assert small.status_code == 201 and small.json()["slug"] == "note"


@override_settings(BACKGROUND_ABOVE_KB=0)
def test_a_failing_job_reports_why(as_admin, languages):
    answer = as_admin.post(
        "/api/v1/documents/", {"file": _upload("empty.txt", b"\n\n\n"), "language": "en"},
        format="multipart",
    )  # fmt: skip
    assert answer.status_code == 202
    work_off()
    job = as_admin.get(answer["Location"]).json()
    assert job["state"] == "failed" and job["error"] and job["result"] == {}
    assert not Document.objects.exists()


@override_settings(BACKGROUND_ABOVE_KB=0)
def test_a_zip_bomb_is_refused_before_a_job_is_queued(as_admin, languages):
    answer = as_admin.post(
        "/api/v1/documents/",
        {"file": _upload("bomb.docx", zip_bomb(64 << 20)), "language": "en"},
        format="multipart",
    )
    assert answer.status_code == 400, answer.content
    assert not Job.objects.exists()


@override_settings(BACKGROUND_ABOVE_KB=0)
def test_tmx_and_glossary_imports_as_jobs_and_their_refusals(
    as_translator, as_reviewer, as_glossary_editor, languages
):
    # Refused users are refused when the job is started: no job exists.
    refused = as_translator.post("/api/v1/memory/import/", {"file": _upload("m.tmx", TMX)},
                                 format="multipart")  # fmt: skip
    assert refused.status_code == 403 and not Job.objects.exists()
    tmx = as_reviewer.post("/api/v1/memory/import/", {"file": _upload("m.tmx", TMX)},
                           format="multipart")  # fmt: skip
    csv = b"en,de\nworkers' state,Arbeiterstaat\n"
    assert as_translator.post("/api/v1/glossary/import/", {"file": _upload("g.csv", csv)},
                              format="multipart").status_code == 403  # fmt: skip
    glossary = as_glossary_editor.post(
        "/api/v1/glossary/import/", {"file": _upload("g.csv", csv)}, format="multipart"
    )
    assert tmx.status_code == glossary.status_code == 202
    work_off()
    assert as_reviewer.get(tmx["Location"]).json()["result"]["created"] == 1
    assert as_glossary_editor.get(glossary["Location"]).json()["result"]["created"] == 1
    assert MemoryEntry.objects.count() == 1 and GlossaryConcept.objects.count() == 1
    # A job without a document is its owner's (and site admins') only.
    assert as_translator.get(tmx["Location"]).status_code == 404


@override_settings(BACKGROUND_ABOVE_KB=0)
def test_a_source_preview_stays_within_the_request(as_admin, sample_document):
    answer = as_admin.post(
        "/api/v1/documents/sample/source/",
        {"file": _upload("v2.md", SAMPLE_MD.read_bytes()), "preview": "true"},
        format="multipart",
    )
    assert answer.status_code == 200 and answer.json()["result"]["preview"] is True
    assert not Job.objects.exists()


@override_settings(BACKGROUND_ABOVE_KB=0)
def test_the_client_waits_for_a_background_push(live_server, translator, sample_document, anon,
                                                 tmp_path):  # fmt: skip
    """workbench-client push against a live server whose import became a job, with a worker
    running beside it: the client polls the job and prints its outcome."""
    path = tmp_path / "de.po"
    path.write_bytes(_translated_po(anon))
    _row, raw = create_token(translator, "client")
    environ = {
        "WORKBENCH_URL": live_server.url + "/api/v1/",
        "WORKBENCH_TOKEN": raw,
        "WORKBENCH_CLIENT_CONFIG": str(tmp_path / "none.ini"),
    }
    stop = threading.Event()

    def worker() -> None:
        try:
            while not stop.is_set():
                work_off()
                stop.wait(0.2)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        out = StringIO()
        code = cli.main(["push", "sample", "--lang", "de", str(path)], environ=environ, out=out)
    finally:
        stop.set()
        thread.join(30)
    assert code == 0, out.getvalue()
    assert "imported: 1, unchanged: 0" in out.getvalue()
    assert Translation.objects.get().text == "Sozialistische Gleichheitspartei"
    assert Job.objects.get().state == Job.STATE_SUCCEEDED
