"""Background jobs: started from a page, run by a real django-tasks worker (db_worker's
Worker, in this process or as a killed subprocess), with progress, permissions, failure
rolled back, a dead worker's job reaped, and a failed job started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from workbench.models import AlignmentRun, Job, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services import job_kinds, job_progress, job_runner
from workbench.services.errors import ServiceError
from workbench.services.jobs import retry_job, start_job

from .conftest import FIXTURES, ROOT, login

GERMAN = FIXTURES / "foundations-socialism-in-one-country.de.md"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path):
    # Progress and heartbeats live in the cache: a directory of this test's own.
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    with override_settings(
        CACHES=caches,
        STORAGES={
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / "uploads")},
            },
        },
    ):
        yield


def _health(client, *args, **kwargs):
    """GET a health endpoint from a thread of its own: django-health-check's view is async,
    and the sync Playwright of the browser tests (same session) leaves an event loop in the
    main thread, where async_to_sync refuses to run. gunicorn's workers have none."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(client.get, *args, **kwargs).result()


def work_off() -> None:
    """Run every queued task with django-tasks' own worker loop, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@override_settings(BACKGROUND_ABOVE_KB=0)
def test_large_alignment_upload_becomes_a_job_with_progress_and_result(
    client, sample_document, translator, languages
):
    login(client, translator)
    with GERMAN.open("rb") as handle:
        response = client.post(
            reverse("alignment_upload", args=[sample_document.slug, "de"]), {"file": handle}
        )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job", args=[job.pk])
    assert job.state == Job.STATE_QUEUED and job.owner == translator
    assert job.task_id, "enqueued on commit"
    page = client.get(reverse("job", args=[job.pk]))
    assert b"Waiting for a worker" in page.content
    assert b'aria-live="polite"' in page.content

    work_off()

    job.refresh_from_db()
    assert job.state == Job.STATE_SUCCEEDED, job.error
    run = AlignmentRun.objects.get()
    assert job.result["run"] == run.pk and job.done == job.total
    partial = client.get(reverse("job", args=[job.pk]), {"partial": "1"}).content.decode()
    assert "Finished." in partial
    assert reverse("alignment", args=[sample_document.slug, "de", run.pk]) in partial
    # The upload is not kept once the job succeeded.
    assert not os.listdir(os.path.dirname(job_kinds.default_storage.path(job.params["upload"])))


def test_job_is_visible_to_owner_team_and_admin_only(
    client, sample_document, translator, reviewer, outsider, admin_user, languages
):
    job = start_job(
        translator,
        "align_propose",
        document=sample_document,
        language=languages["de"],
        upload=(GERMAN.read_bytes(), GERMAN.name),
    )
    url = reverse("job", args=[job.pk])
    assert login(client, outsider).get(url).status_code == 404
    assert str(job.pk) not in client.get(reverse("jobs")).content.decode().split("jobs/")[-1][:5]
    assert client.post(reverse("job_retry", args=[job.pk])).status_code == 404
    for user in (translator, admin_user):
        assert login(client, user).get(url).status_code == 200
        assert url.encode() in client.get(reverse("jobs")).content


def test_outsider_cannot_start_an_alignment_job(sample_document, outsider, languages):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        start_job(outsider, "align_propose", document=sample_document, language=languages["de"])
    assert not Job.objects.exists()


def _half_then_fail(job, actor, progress):
    """A job that writes, reports progress, then fails: nothing of it may stay."""
    unit = Unit.objects.filter(document=job.document).first()
    progress.stage("writing", 2)
    Translation.objects.create(unit=unit, language=job.language, text="half-written")
    progress.advance()
    raise ServiceError("the second half was refused")


def test_failed_job_rolls_back_is_marked_failed_and_can_be_started_again(
    client, sample_document, translator, languages, monkeypatch
):
    monkeypatch.setitem(
        job_kinds.KINDS,
        "half",
        job_kinds.JobKind("half", job_kinds._translator, _half_then_fail, locks_document=True),
    )
    job = start_job(translator, "half", document=sample_document, language=languages["de"])
    assert job.lock_key == f"document:{sample_document.pk}"
    work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_FAILED
    assert job.error == "the second half was refused"
    assert (job.stage, job.done, job.total) == ("writing", 1, 2)
    assert not Translation.objects.filter(text="half-written").exists()
    page = login(client, translator).get(reverse("job", args=[job.pk])).content.decode()
    assert "the second half was refused" in page and "Start it again" in page

    again = client.post(reverse("job_retry", args=[job.pk]))
    retry = Job.objects.exclude(pk=job.pk).get()
    assert again["Location"] == reverse("job", args=[retry.pk])
    assert retry.retry_of == job and retry.state == Job.STATE_QUEUED
    with pytest.raises(ServiceError):
        retry_job(translator, retry)  # only a failed job is started again


def test_crash_in_a_job_is_reported_without_internals(sample_document, languages):
    def crash(job, actor, progress):
        raise KeyError("secret internals")

    job_kinds.KINDS["crash"] = job_kinds.JobKind("crash", lambda a, j: None, crash)
    try:
        job = start_job(SYSTEM, "crash", document=sample_document, language=languages["de"])
        work_off()
    finally:
        del job_kinds.KINDS["crash"]
    job.refresh_from_db()
    assert job.state == Job.STATE_FAILED
    assert "KeyError" in job.error and "secret" not in job.error


@override_settings(JOB_LEASE_SECONDS=2)
def test_running_job_without_heartbeat_is_reaped(sample_document, translator, languages):
    job = start_job(
        translator,
        "align_propose",
        document=sample_document,
        language=languages["de"],
        upload=(GERMAN.read_bytes(), GERMAN.name),
    )
    # As a worker that claimed it and was killed leaves it: running, no beat for a while.
    Job.objects.filter(pk=job.pk).update(
        state=Job.STATE_RUNNING, started_at=timezone.now() - timedelta(seconds=10)
    )
    job_progress.beat(job.pk)
    assert job_runner.reap_stale() == 0, "a fresh heartbeat keeps the job"
    time.sleep(2.2)
    assert job_runner.reap_stale() == 1
    job.refresh_from_db()
    assert job.state == Job.STATE_FAILED and "worker" in job.error
    # Its task is not run any more either: the worker skips a job that is not queued.
    assert job_runner.execute(job.pk) == "skipped"


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the PostgreSQL variant is tests/test_jobs_scale.py",
)
@override_settings(JOB_LEASE_SECONDS=3)
def test_worker_killed_mid_job_leaves_nothing_and_job_fails(
    sample_document, translator, languages, tmp_path
):
    """A real `manage.py db_worker` process, killed with SIGKILL while it aligns a book."""
    big = ("\n\n".join(GERMAN.read_text().split("\n\n") * 40)).encode()
    job = start_job(
        translator,
        "align_propose",
        document=sample_document,
        language=languages["de"],
        upload=(big, "book.de.md"),
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "CACHE_DIR": settings.CACHES["default"]["LOCATION"],
        "UPLOAD_ROOT": settings.STORAGES["default"]["OPTIONS"]["location"],
        "JOB_HEARTBEAT_SECONDS": "0.5",
        "SECRET_KEY": "x",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1",
         "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            job.refresh_from_db()
            snap = job_progress.read(job.pk)
            if job.state == Job.STATE_RUNNING and snap and snap.stage.startswith("Aligning"):
                break
            time.sleep(0.05)
        assert job.state == Job.STATE_RUNNING, job.error
        # The worker yields the CPU to the app servers (JOB_WORKER_NICE); this test's process
        # (like a web process) keeps its priority.
        own = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, worker.pid) == min(
            own + settings.JOB_WORKER_NICE, 19
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert job_runner.reap_stale() == 0, "within the lease the job still counts as running"
    time.sleep(3.5)
    assert job_runner.reap_stale() == 1
    job.refresh_from_db()
    assert job.state == Job.STATE_FAILED
    assert not AlignmentRun.objects.exists()


def test_import_tmx_background_prints_the_job_id_and_a_worker_imports(languages, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from workbench.models import MemoryEntry

    tmx = tmp_path / "m.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en" '
        'datatype="plaintext" segtype="paragraph" adminlang="en" creationtool="t" '
        'creationtoolversion="1" o-tmf="t"/><body><tu><tuv xml:lang="en"><seg>Good morning'
        '</seg></tuv><tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_tmx", str(tmx), "--background", stdout=out)
    job = Job.objects.get(pk=int(out.getvalue().strip()))
    assert job.owner is None and job.params["as_system"] is True
    assert not MemoryEntry.objects.exists()
    work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_SUCCEEDED, job.error
    assert job.result["created"] == 1 and MemoryEntry.objects.count() == 1


@override_settings(BACKGROUND_ABOVE_KB=0, BACKGROUND_ABOVE_UNITS=0)
def test_document_import_source_update_po_import_and_prefill_run_as_jobs(
    client, sample_document, admin_user, languages
):
    from .conftest import SAMPLE_MD

    login(client, admin_user)

    def started(response) -> Job:
        assert response.status_code == 302, response.content[:500]
        job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
        work_off()
        job.refresh_from_db()
        assert job.state == Job.STATE_SUCCEEDED, job.error
        page = client.get(reverse("job", args=[job.pk])).content.decode()
        assert job.result["url"] in page
        return job

    with SAMPLE_MD.open("rb") as handle:
        job = started(
            client.post(
                reverse("document_upload"), {"file": handle, "language": "en", "slug": "again"}
            )
        )
    assert job.result["units"] == 14 and job.document.slug == "again"

    edited = SAMPLE_MD.read_text().replace("socialism", "Socialism", 1) + "\n\nA new paragraph.\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = started(
        client.post(
            reverse("source_update", args=["again"]),
            {"file": SimpleUploadedFile("new.md", edited.encode())},
        )
    )
    assert job.lock_key == f"document:{job.document_id}" and job.result["counts"]["new"] == 1

    po = client.get(reverse("export_po", args=["sample", "fr"])).content.decode()
    po = po.replace('msgstr ""\n\n', 'msgstr "Bonjour"\n\n', 1)
    job = started(
        client.post(
            reverse("po_import", args=["sample", "fr"]),
            {"file": SimpleUploadedFile("fr.po", po.encode())},
        )
    )
    assert job.result["imported"] == 1

    job = started(client.post(reverse("prefill_memory", args=["sample", "de"])))
    assert "filled" in job.result


@override_settings(BACKGROUND_ABOVE_KB=0)
def test_a_file_refused_in_a_background_import_says_why(client, admin_user, languages, caplog):
    """A reader's refusal (DocumentError and the other LocalizedErrors) is the uploader's
    message in a job too, as on the command line and in a request: it said "internal error
    (DocumentError)" and logged a traceback at ERROR."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, admin_user)
    deep = b"<html><body>" + b"<blockquote>" * 400 + b"deep" + b"</blockquote>" * 400
    response = client.post(
        reverse("document_upload"),
        {"file": SimpleUploadedFile("deep.html", deep), "language": "en", "slug": "deep"},
    )
    assert response.status_code == 302, response.content[:500]
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    with caplog.at_level("INFO"):
        work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_FAILED
    assert "256 levels deep" in job.error and "internal error" not in job.error
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_the_health_page_renders_for_people_and_commands_start_without_its_checks(client):
    """django-health-check is not an installed app (its checks module imports dnspython and
    redis, 80 ms of every start): its page still finds its template, and Django starts
    without those imports."""
    page = _health(client, "/health/live/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and b"System status" in page.content
    started = subprocess.run(
        [sys.executable, "-c", "import django, sys; django.setup(); "
         "print(sorted(m for m in ('dns', 'redis', 'health_check') if m in sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings"},
    )  # fmt: skip
    assert started.stdout.strip() == "[]", started.stderr


def test_health_endpoints_report_queue_and_lost_workers(
    client, sample_document, translator, languages
):
    assert _health(client, "/health/live/").status_code == 200
    ok = _health(client, "/health/ready/", {"format": "json"})
    assert ok.status_code == 200, ok.content
    assert set(ok.json().values()) == {"OK"}

    job = start_job(translator, "prefill", document=sample_document, language=languages["de"])
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    stuck = _health(client, "/health/ready/", {"format": "json"})
    assert stuck.status_code == 500
    assert any("no worker takes work" in v for v in stuck.json().values())
    work_off()

    Job.objects.filter(pk=job.pk).update(
        state=Job.STATE_RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    lost = _health(client, "/health/ready/", {"format": "json"})
    assert lost.status_code == 500
    assert any("lost their worker" in v for v in lost.json().values())


def test_request_id_is_answered_and_put_on_log_records(client, caplog):
    import logging

    from workbench.request_id import RequestIdFilter

    given = _health(client, "/health/live/", HTTP_X_REQUEST_ID="lb-1234")
    assert given["X-Request-ID"] == "lb-1234"
    made = _health(client, "/health/live/", HTTP_X_REQUEST_ID="<script>")
    assert made["X-Request-ID"] != "<script>" and len(made["X-Request-ID"]) == 32
    from workbench.request_id import bound

    record = logging.LogRecord("workbench", logging.INFO, __file__, 1, "hello", (), None)
    with bound("job-7"):
        RequestIdFilter().filter(record)
    assert record.request_id == "job-7"


def test_whole_memory_export_as_a_job_gives_the_file_to_who_may_see_it(
    client, sample_document, translator, outsider, languages
):
    from workbench.models import MemoryEntry
    from workbench.services.memory_store import create_entries, set_source, set_target

    entry = MemoryEntry(
        source_language=languages["en"], target_language=languages["fr"], status="translated",
        origin="tmx",
    )  # fmt: skip
    set_source(entry, "Good morning")
    set_target(entry, "Bonjour")
    create_entries([entry])

    login(client, translator)
    response = client.post(reverse("memory_export_job"), {"bg-source": "en", "bg-target": "fr"})
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_SUCCEEDED, job.error
    assert job.result["pairs"] == 1
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert reverse("job_file", args=[job.pk]) in page
    download = client.get(reverse("job_file", args=[job.pk]))
    assert b"Bonjour" in b"".join(download.streaming_content)
    assert login(client, outsider).get(reverse("job_file", args=[job.pk])).status_code == 404


def test_memory_page_offers_the_background_export_to_signed_in_users(client, translator):
    assert b"memory/export-job" not in client.get(reverse("memory")).content
    assert b"memory/export-job" in login(client, translator).get(reverse("memory")).content


def test_queued_job_whose_task_died_before_starting_it_is_failed(
    client, sample_document, translator, languages
):
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    job = start_job(translator, "prefill", document=sample_document, language=languages["de"])
    job.refresh_from_db()  # the task's id is written when the job's row is committed
    DBTaskResult.objects.filter(pk=job.task_id).update(status=TaskResultStatus.FAILED)
    page = login(client, translator).get(reverse("job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.state == Job.STATE_FAILED and "could not start" in job.error
    assert "Start it again" in page


def test_prefill_background_prints_the_job_id_and_refuses_an_outsider(
    sample_document, outsider, languages
):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("prefill_from_memory", "sample", "--lang", "de", "--background", stdout=out)
    job = Job.objects.get(pk=int(out.getvalue().strip()))
    assert (job.kind, job.document, job.language) == ("prefill", sample_document, languages["de"])
    with pytest.raises(CommandError):
        call_command(
            "prefill_from_memory", "sample", "--lang", "de", "--user", "outsider", "--background"
        )
    assert Job.objects.count() == 1
    work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_SUCCEEDED, job.error


def _background(*argv) -> Job:
    from io import StringIO

    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    call_command(*argv, "--background", stdout=out, stderr=err)
    job = Job.objects.get(pk=int(out.getvalue().strip()))
    assert f"Queued as job {job.pk}" in err.getvalue() and f"/jobs/{job.pk}/" in err.getvalue()
    return job


def _finished(job: Job) -> Job:
    work_off()
    job.refresh_from_db()
    assert job.state == Job.STATE_SUCCEEDED, job.error
    return job


def test_import_and_align_commands_queue_jobs_with_background(languages, tmp_path, translator):
    """Every long command takes --background: it prints the job's id and a worker does the
    same work as the command would have done."""
    from django.core.management import CommandError, call_command

    from workbench.models import Document, GlossaryConcept

    from .conftest import SAMPLE_MD

    # A new document, then a new version of its source (the slug exists).
    job = _finished(_background("import_document", str(SAMPLE_MD), "--lang", "en",
                                "--slug", "sample"))  # fmt: skip
    assert job.kind == "document_import"
    document = Document.objects.get(slug="sample")
    assert job.result["units"] == document.units.count()
    edited = tmp_path / "v2.md"
    edited.write_text(SAMPLE_MD.read_text() + "\n\nA paragraph added later.\n")
    job = _finished(_background("import_document", str(edited), "--lang", "en",
                                "--slug", "sample"))  # fmt: skip
    assert job.kind == "source_update" and job.document == document
    assert job.result["counts"]["new"] == 1

    # Alignment, proposed and accepted in one job (as the command does), for a volunteer.
    job = _finished(_background("align", "sample", str(GERMAN), "--lang", "de",
                                "--user", "translator"))  # fmt: skip
    assert job.kind == "align" and job.owner == translator
    aligned = Translation.objects.filter(unit__document=document, language__code="de")
    assert aligned.count() == job.result["written"] + job.result["drafts"] > 10
    assert AlignmentRun.objects.get(pk=job.result["run"]).document == document

    # A PO file back, and a glossary.
    po = tmp_path / "de.po"
    call_command("export_po", "sample", "--lang", "de", "-o", str(po))
    po.write_text(po.read_text().replace(aligned.order_by("unit__position")[0].text,
                                         "Geändert im Editor."))  # fmt: skip
    job = _finished(_background("import_po", "sample", str(po), "--lang", "de"))
    assert job.result["imported"] == 1
    csv = tmp_path / "g.csv"
    csv.write_text("en,de\nworkers' state,Arbeiterstaat\n")
    job = _finished(_background("import_glossary", str(csv)))
    assert job.result["created"] == 1 and GlossaryConcept.objects.count() == 1

    # Refusals come at once, with no job: a language the volunteer does not translate.
    before = Job.objects.count()
    with pytest.raises(CommandError):
        call_command("align", "sample", str(GERMAN), "--lang", "fr", "--user", "translator",
                     "--background")  # fmt: skip
    assert Job.objects.count() == before


def test_prune_jobs_removes_old_finished_jobs_and_their_files(languages):
    from datetime import timedelta
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    long_ago = timezone.now() - timedelta(days=40)
    kept_upload = default_storage.save("jobs/a/kept.tmx", ContentFile(b"<tmx/>"))
    old_upload = default_storage.save("jobs/b/old.tmx", ContentFile(b"<tmx/>"))
    export = default_storage.save("jobs/c/memory.tmx", ContentFile(b"<tmx/>"))
    failed = Job.objects.create(kind="tmx_import", state=Job.STATE_FAILED, finished_at=long_ago,
                                params={"upload": old_upload})  # fmt: skip
    exported = Job.objects.create(kind="memory_export", state=Job.STATE_SUCCEEDED,
                                  finished_at=long_ago, result={"file": export})  # fmt: skip
    # A failed job whose retry is still waiting keeps the upload they share.
    shared = Job.objects.create(kind="tmx_import", state=Job.STATE_FAILED, finished_at=long_ago,
                                params={"upload": kept_upload})  # fmt: skip
    retry = Job.objects.create(kind="tmx_import", params={"upload": kept_upload}, retry_of=shared)
    recent = Job.objects.create(kind="tmx_import", state=Job.STATE_SUCCEEDED,
                                finished_at=timezone.now() - timedelta(days=2))  # fmt: skip
    out = StringIO()
    call_command("prune_jobs", stdout=out)
    assert "Removed 3 jobs, 2 files" in out.getvalue()
    assert set(Job.objects.values_list("pk", flat=True)) == {retry.pk, recent.pk}
    assert not default_storage.exists(old_upload) and not default_storage.exists(export)
    assert default_storage.exists(kept_upload)
    assert not Job.objects.filter(pk__in=[failed.pk, exported.pk]).exists()
    call_command("prune_jobs", "--days", "1", stdout=StringIO())
    assert set(Job.objects.values_list("pk", flat=True)) == {retry.pk}  # queued: never
