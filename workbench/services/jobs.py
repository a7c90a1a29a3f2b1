"""Background jobs: the one place long work is started from.

    job = start_job(actor, "align_propose", document=doc, language=fr,
                    upload=(data, "book.fr.docx"), format="docx")

`start_job` checks that the actor may start that kind of job, stores an uploaded file through
Django's storage API (a directory or bucket every app server and worker shares), creates the
Job row and enqueues django-tasks' `run_job` once the row is committed. A `db_worker` process
(any number, any machine) runs it: services/job_runner.py. Pages poll the job's progress
(views/jobs.py); the command line either runs the same service synchronously or passes
`--background` to print the job id.

The kinds of jobs and what each runs are in services/job_kinds.py; the progress reporter the
long services accept is services/job_progress.py.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import Document, Job, Language
from workbench.services.errors import ServiceError
from workbench.services.job_kinds import KINDS
from workbench.services.job_runner import reap

__all__ = ["JobError", "reap", "refresh", "retry_job", "start_job"]
from workbench.services.tasks import run_job


class JobError(ServiceError):
    """A job that cannot be started (an unknown kind, a job not failed for a retry)."""


def _store_upload(data: bytes, filename: str) -> str:
    safe = get_valid_filename(filename)[:100] or "upload"
    return default_storage.save(f"jobs/{uuid.uuid4().hex}/{safe}", ContentFile(data))


def _enqueue(job_id: int) -> None:
    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def start_job(
    actor,
    kind: str,
    *,
    document: Document | None = None,
    language: Language | None = None,
    upload: tuple[bytes, str] | None = None,
    stored_upload: tuple[str, str] | None = None,
    retry_of: Job | None = None,
    **params,
) -> Job:
    """Create and enqueue a job of `kind` for `actor` (a user, or SYSTEM from the shell)."""
    spec = KINDS.get(kind)
    if spec is None:
        raise JobError(_("Unknown kind of job: %(kind)s.") % {"kind": kind})
    if not permissions.is_system(actor) and permissions.author_of(actor) is None:
        raise PermissionDenied(_("Sign in to start this work."))
    job = Job(
        kind=kind,
        owner=permissions.author_of(actor),
        document=document,
        language=language,
        params=dict(params),
        retry_of=retry_of,
    )
    spec.authorize(actor, job)
    # The worker speaks the starter's language: stages, errors, and what the job writes.
    job.params["ui_language"] = translation.get_language() or settings.LANGUAGE_CODE
    if permissions.is_system(actor):
        job.params["as_system"] = True
    if spec.locks_document and document is not None:
        job.lock_key = f"document:{document.pk}"
    with transaction.atomic():
        if upload is not None:
            data, filename = upload
            job.params["upload"] = _store_upload(data, filename)
            job.params["filename"] = filename[:255]
        elif stored_upload is not None:
            job.params["upload"], job.params["filename"] = stored_upload
        job.save()
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def retry_job(actor, job: Job) -> Job:
    """Start a failed job again: a new job with the same input, owned by `actor`."""
    if not permissions.can_see_job(actor, job):
        raise PermissionDenied(_("You may not see this job."))
    reap(job)
    if job.state != Job.STATE_FAILED:
        raise JobError(_("Only a failed job can be started again."))
    params = {k: v for k, v in job.params.items() if k != "as_system"}
    upload = params.pop("upload", None)
    filename = params.pop("filename", None)
    return start_job(
        actor,
        job.kind,
        document=job.document,
        language=job.language,
        # The same stored file: a failed job keeps its upload for this.
        stored_upload=(upload, filename or "upload") if upload else None,
        retry_of=job,
        **params,
    )


def refresh(job: Job) -> Job:
    """The job as it stands now, reaped first when its worker is gone (the job's page)."""
    job.refresh_from_db()
    reap(job)
    return job


def start_memory_indexing(sender, **kwargs) -> None:
    """The job that adds the concordance's word indexes to entries a TMX import stored
    without them (memory_import.entries_to_index); one waiting is enough."""
    if not Job.objects.filter(kind="memory_index", state=Job.STATE_QUEUED).exists():
        start_job(permissions.SYSTEM, "memory_index")
