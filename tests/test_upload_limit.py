"""Every upload form refuses a file over MAX_UPLOAD_MB before anything reads it, says so in
the UI language, and stores nothing (workbench/views/uploads.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workbench.models import (
    AlignmentRun,
    Document,
    GlossaryConcept,
    MemoryEntry,
    Translation,
    Unit,
)

from .conftest import login

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
CASES = [
    # (url name, args, who, extra form data, file content)
    ("document_upload", [], "admin_user", {"language": "en"}, b"A paragraph.\n"),
    ("source_update", ["sample"], "admin_user", {}, b"A new paragraph.\n"),
    ("po_import", ["sample", "de"], "translator", {}, PO),
    ("alignment_upload", ["sample", "de"], "translator", {}, b"Ein Absatz.\n"),
    ("memory_import", [], "reviewer", {}, b"<tmx version='1.4'/>"),
    ("glossary_import", [], "glossary_editor", {}, b"en,de\nparty,Partei\n"),
]


def _stored() -> tuple:
    return (
        Document.objects.count(),
        Unit.objects.count(),
        Translation.objects.count(),
        AlignmentRun.objects.count(),
        MemoryEntry.objects.count(),
        GlossaryConcept.objects.count(),
    )


@pytest.mark.parametrize("name,args,who,data,content", CASES, ids=[c[0] for c in CASES])
def test_an_oversized_upload_is_refused_and_nothing_is_stored(
    client, request, settings, sample_document, name, args, who, data, content
):
    settings.MAX_UPLOAD_MB = 0  # every non-empty file is over the limit
    login(client, request.getfixturevalue(who))
    before = _stored()
    response = client.post(
        reverse(name, args=args),
        {**data, "file": SimpleUploadedFile("upload.txt", content)},
        follow=True,
    )
    assert "The file is larger than the limit of 0 MB." in response.content.decode()
    assert _stored() == before
