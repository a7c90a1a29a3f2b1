"""Downloads of a large document made by a background job: the pages link a signed-in reader
to a page that starts it, a real django-tasks worker writes the file, and the job's page hands
it to who may see the job. The GET URLs keep answering with the file at once (scripts)."""

from __future__ import annotations

import io
import zipfile
from io import StringIO

import polib
import pytest
from django.core.management import CommandError, call_command
from django.test.utils import override_settings
from django.urls import reverse

from workbench.models import Job
from workbench.selectors.export_files import KINDS, export_file
from workbench.services.translations import save_translation

from .conftest import login
from .test_jobs import _own_cache, work_off  # noqa: F401 (the fixture is autouse)

pytestmark = pytest.mark.django_db(transaction=True)


def _file_of(client, job: Job) -> bytes:
    response = client.get(reverse("job_file", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _translate_first(translator, document, language) -> str:
    unit = document.units.filter(is_active=True).order_by("position").first()
    save_translation(translator, unit, language, "Erste Einheit übersetzt.", base_version=0)
    return unit.key


@override_settings(BACKGROUND_ABOVE_UNITS=3)
def test_large_document_pages_link_to_the_background_download(
    client, sample_document, translator, languages
):
    job_url = reverse("export_job", args=[sample_document.slug])
    # A visitor (documents are public) still gets the files at once.
    page = client.get(reverse("document", args=[sample_document.slug])).content.decode()
    assert job_url not in page
    assert reverse("export_po", args=[sample_document.slug, "de"]) in page
    login(client, translator)
    for url in (
        reverse("document", args=[sample_document.slug]),
        reverse("editor", args=[sample_document.slug, "de"]),
    ):
        page = client.get(url).content.decode()
        assert f'href="{job_url}?kind=po&amp;lang=de"' in page, url
        assert reverse("export_po", args=[sample_document.slug, "de"]) not in page
    # The several-languages form goes to the same page.
    page = client.get(reverse("document", args=[sample_document.slug])).content.decode()
    assert f'action="{job_url}"' in page and 'name="kind" value="bilingual-html"' in page


@override_settings(BACKGROUND_ABOVE_UNITS=100_000)
def test_small_document_pages_link_to_the_files(client, sample_document, translator):
    login(client, translator)
    page = client.get(reverse("document", args=[sample_document.slug])).content.decode()
    assert reverse("export_job", args=[sample_document.slug]) not in page
    assert f'href="{reverse("export_po", args=[sample_document.slug, "de"])}" download' in page


def test_po_made_by_a_job_is_the_file_the_link_gives(
    client, sample_document, translator, outsider, languages
):
    key = _translate_first(translator, sample_document, languages["de"])
    login(client, translator)
    confirm = client.get(
        reverse("export_job", args=[sample_document.slug]), {"kind": "po", "lang": "de"}
    )
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "PO file" in page and 'name="kind" value="po"' in page and "autofocus" in page
    assert 'name="lang" value="de"' in page and "<dd>German</dd>" in page
    assert Job.objects.count() == 0  # GET starts nothing
    response = client.post(
        reverse("export_job", args=[sample_document.slug]), {"kind": "po", "lang": "de"}
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    assert job.kind == "document_export" and job.document == sample_document
    work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_SUCCEEDED, job.error
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert f"{sample_document.slug}.de.po is ready" in page
    assert f'href="{reverse("job_file", args=[job.pk])}" download' in page
    response = client.get(reverse("job_file", args=[job.pk]))
    assert response["Content-Type"].startswith("text/x-gettext-translation")
    assert f'filename="{sample_document.slug}.de.po"' in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    direct = client.get(reverse("export_po", args=[sample_document.slug, "de"])).content
    # The same catalog but for the moment it was written (its header's date).
    made = {e.msgctxt: e.msgstr for e in polib.pofile(data.decode())}
    assert made == {e.msgctxt: e.msgstr for e in polib.pofile(direct.decode())}
    assert "Erste Einheit übersetzt." in made.values() and any(key in (c or "") for c in made)
    # Somebody who may not see the job gets neither its page nor its file.
    login(client, outsider)
    assert client.get(reverse("job", args=[job.pk])).status_code == 404
    assert client.get(reverse("job_file", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_download_can_be_made_by_a_job(client, sample_document, translator, languages, kind):
    _translate_first(translator, sample_document, languages["de"])
    login(client, translator)
    client.post(reverse("export_job", args=[sample_document.slug]), {"kind": kind, "lang": "de"})
    work_off()
    job = Job.objects.get()
    assert job.state == Job.STATE_SUCCEEDED, job.error
    expected = export_file(sample_document, [languages["de"]], kind)
    assert job.result["filename"] == expected.filename
    assert job.result["content_type"] == expected.content_type
    data = _file_of(client, job)
    if kind in ("epub", "bilingual-epub"):  # zip entries carry the time they were written
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            text = "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
        assert "Erste Einheit übersetzt." in text
    elif kind in ("po", "xliff", "xliff2"):  # their headers carry the date they were made
        assert "Erste Einheit übersetzt." in data.decode()
        assert len(data) == len(expected.data)
    else:
        assert data == expected.data, kind


def test_bilingual_html_of_several_languages_in_the_starters_language(
    client, sample_document, translator, languages
):
    login(client, translator)
    client.post(
        reverse("export_job", args=[sample_document.slug]),
        {"kind": "bilingual-html", "lang": ["de", "fr"]},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    job = Job.objects.get()
    assert job.params["languages"] == ["de", "fr"] and job.params["ui_language"] == "de"
    work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_SUCCEEDED, job.error
    assert job.result["filename"] == f"{sample_document.slug}.en-de-fr.bilingual.html"
    assert "geschrieben" in job.stage  # the worker spoke German for the German user
    html = _file_of(client, job).decode()
    assert 'lang="de"' in html and 'lang="fr"' in html


def test_wrong_requests_start_nothing(client, sample_document, translator, languages):
    url = reverse("export_job", args=[sample_document.slug])
    # Signing in comes first: a visitor is sent to the login page.
    response = client.post(url, {"kind": "po", "lang": "de"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    login(client, translator)
    assert client.post(url, {"kind": "exe", "lang": "de"}).status_code == 404
    assert client.post(url, {"kind": "po", "lang": "xx"}).status_code == 400
    assert client.post(url, {"kind": "po", "lang": "en"}).status_code == 400  # the source
    assert client.post(url, {"kind": "po", "lang": ["de", "fr"]}).status_code == 400
    assert client.post(url, {"kind": "po"}).status_code == 400
    assert client.get(url, {"kind": "po", "lang": "de"}).status_code == 200
    assert client.put(url).status_code == 405
    assert Job.objects.count() == 0


def test_private_documents_refuse_a_job_to_whoever_may_not_read_them(
    client, sample_document, outsider, settings
):
    settings.DOCUMENTS_PUBLIC = False
    login(client, outsider)
    url = reverse("export_job", args=[sample_document.slug])
    assert client.post(url, {"kind": "po", "lang": "de"}).status_code == 403
    assert Job.objects.count() == 0


def test_a_job_whose_document_went_away_fails_with_the_reason(
    client, sample_document, translator, languages
):
    login(client, translator)
    client.post(reverse("export_job", args=[sample_document.slug]), {"kind": "po", "lang": "fr"})
    job = Job.objects.get()
    job.params["languages"] = ["fr", "zz"]
    job.save(update_fields=["params"])
    work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_FAILED and "no longer exists" in job.error


@pytest.mark.parametrize(
    ("command", "args", "kind"),
    [
        ("export_po", ["--lang", "de"], "po"),
        ("export_xliff", ["--lang", "de", "--xliff-version", "2.0"], "xliff2"),
        ("export_epub", ["--lang", "de", "--bilingual"], "bilingual-epub"),
        ("export_html", ["--lang", "de", "--lang", "fr"], "bilingual-html"),
        ("export_html", ["--lang", "de", "--monolingual", "--final"], "html"),
        ("export_document", ["--lang", "de"], "document"),
        ("export_tmx", ["--lang", "de"], "tmx"),
    ],
)
def test_export_commands_queue_the_same_job_with_background(
    client, sample_document, translator, command, args, kind
):
    out, err = StringIO(), StringIO()
    call_command(
        command, "sample", *args, "--background", "--user", "translator", stdout=out, stderr=err
    )
    job = Job.objects.get(pk=int(out.getvalue()))
    assert f"Follow it at /jobs/{job.pk}/" in err.getvalue()
    assert job.kind == "document_export" and job.params["export"] == kind
    assert job.owner == translator
    work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_SUCCEEDED, job.error
    login(client, translator)
    assert _file_of(client, job)


def test_export_commands_refuse_background_with_a_file_or_a_foreign_format(sample_document):
    with pytest.raises(CommandError, match="-o is for a file made now"):
        call_command("export_po", "sample", "--lang", "de", "--background", "-o", "x.po")
    with pytest.raises(CommandError, match="own format only"):
        call_command(
            "export_document", "sample", "--lang", "de", "--format", "docx", "--background"
        )
    with pytest.raises(CommandError, match="write it to a file with -o"):
        call_command("export_epub", "sample", "--lang", "de")
    assert Job.objects.count() == 0
