"""Running one job in a worker, and noticing jobs whose worker died.

`execute(job_id)` is what the django-tasks task (services/tasks.py) calls in a `db_worker`
process:

1. stale jobs are reaped first (a running job whose heartbeat is older than
   JOB_LEASE_SECONDS: its worker was killed; it is marked failed, its work was never
   committed, so nothing is half-written);
2. the job is claimed (queued -> running) in a short transaction of its own;
3. its work runs in ONE transaction, with a heartbeat thread beating and a Progress reporting
   to the shared cache. A job with a lock key first locks its document's row (SELECT ... FOR
   UPDATE on PostgreSQL; SQLite serialises every writer anyway), so two jobs that must not
   overlap on one document run one after the other, whichever workers take them;
4. the end (succeeded with its summary) is written in that same transaction, so a worker
   killed before the commit leaves a running job with no committed work, which step 1 of
   another worker (or the job's page) marks failed; a refused or crashing job rolls back and
   is marked failed with the reason in a transaction of its own.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from workbench import permissions, request_id
from workbench.models import Document, Job
from workbench.services import job_progress
from workbench.services.errors import ServiceError
from workbench.services.job_kinds import KINDS
from workbench.text.i18n import LocalizedError

log = logging.getLogger(__name__)


class JobReaped(Exception):
    """The job was marked failed (its worker taken for dead) while it ran: roll back."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def actor_of(job: Job):
    """Whom the job acts for: its owner, or the operator for jobs started from the shell."""
    if job.params.get("as_system"):
        return permissions.SYSTEM
    if job.owner is None or not job.owner.is_active:
        raise PermissionDenied(_("The account that started this job no longer exists."))
    return job.owner


def _fail(
    job_id: int,
    message: str,
    *,
    only_if_running: bool = False,
    snap: job_progress.Snapshot | None = None,
) -> bool:
    """Mark a job failed, keeping how far it got (for the page: "failed at ...")."""
    qs = Job.objects.filter(pk=job_id)
    qs = (
        qs.filter(state=Job.STATE_RUNNING)
        if only_if_running
        else qs.filter(state__in=Job.ACTIVE_STATES)
    )
    snap = snap or job_progress.read(job_id)
    fields = {"state": Job.STATE_FAILED, "error": message[:5000], "finished_at": timezone.now()}
    if snap is not None:
        fields.update(stage=snap.stage, done=snap.done, total=snap.total)
    return qs.update(**fields) == 1


def is_stale(job: Job, now: float | None = None) -> bool:
    """A running job whose worker has not beaten for JOB_LEASE_SECONDS."""
    if job.state != Job.STATE_RUNNING or job.started_at is None:
        return False
    now = time.time() if now is None else now
    lease = settings.JOB_LEASE_SECONDS
    if now - job.started_at.timestamp() < lease:
        return False
    last = job_progress.last_beat(job.pk)
    return last is None or now - last > lease


def _task_failed_before_start(job: Job) -> bool:
    """A queued job whose django-tasks task ended without running it (the worker failed
    before claiming the job, e.g. the database went away): it would wait forever."""
    if job.state != Job.STATE_QUEUED or not job.task_id:
        return False
    return DBTaskResult.objects.filter(pk=job.task_id, status=TaskResultStatus.FAILED).exists()


def reap(job: Job) -> bool:
    """Mark `job` failed when its worker is gone (or its task died before starting it);
    True when it was."""
    if _task_failed_before_start(job):
        if _fail(job.pk, _("The worker could not start this job. Start it again.")):
            log.warning("job %s (%s): its task failed before it started", job.pk, job.kind)
            job.refresh_from_db()
            return True
        return False
    if not is_stale(job):
        return False
    message = _(
        "The worker running this job stopped (no sign of life for %(seconds)s s): nothing of "
        "it was saved. Start it again."
    ) % {"seconds": int(settings.JOB_LEASE_SECONDS)}
    reaped = _fail(job.pk, message, only_if_running=True)
    if reaped:
        _fail_task_result(job.task_id)
        log.warning("job %s (%s) lost its worker %s; marked failed", job.pk, job.kind, job.worker)
        job.refresh_from_db()
    return reaped


def reap_stale() -> int:
    """Reap every running job whose worker is gone (bounded: started before the lease)."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_LEASE_SECONDS)
    candidates = Job.objects.filter(state=Job.STATE_RUNNING, started_at__lt=cutoff)[:200]
    return sum(1 for job in candidates if reap(job))


def _fail_task_result(task_id: str) -> None:
    """django-tasks never hears of a killed worker: its row would say RUNNING forever."""
    if not task_id:
        return
    DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def _claim(job_id: int) -> Job | None:
    with transaction.atomic():
        job = (
            # Only the job's row: PostgreSQL locks no nullable side of the outer joins.
            Job.objects.select_for_update(of=("self",))
            .select_related("owner", "document__source_language", "language")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.state != Job.STATE_QUEUED:
            return None  # run already, failed by the reaper, or deleted with its document
        job.state = Job.STATE_RUNNING
        job.started_at = timezone.now()
        job.worker = worker_name()
        job.save(update_fields=["state", "started_at", "worker"])
        return job


def _lock(job: Job) -> None:
    if job.lock_key and job.document_id is not None:
        # Held until the work's transaction ends: the next job on this document waits here.
        Document.objects.select_for_update().filter(pk=job.document_id).first()


def execute(job_id: int) -> str:
    """Run one job (in a worker); returns its final state."""
    with request_id.bound(f"job-{job_id}"):
        return _execute(job_id)


def _execute(job_id: int) -> str:
    reap_stale()
    job = _claim(job_id)
    if job is None:
        return "skipped"
    # Jobs queued before the starter's language was kept run in the site's.
    with translation.override(job.params.get("ui_language") or settings.LANGUAGE_CODE):
        return _run(job)


def _run(job: Job) -> str:
    kind = KINDS.get(job.kind)
    progress = job_progress.Progress(job.pk)
    log.info("job %s (%s) started on %s", job.pk, job.kind, job.worker)
    try:
        with job_progress.Heartbeat(job.pk), transaction.atomic():
            if kind is None:
                raise ServiceError(_("Unknown kind of job: %(kind)s.") % {"kind": job.kind})
            actor = actor_of(job)
            kind.authorize(actor, job)
            _lock(job)
            result = kind.run(job, actor, progress)
            snap = progress.snapshot()
            finished = Job.objects.filter(pk=job.pk, state=Job.STATE_RUNNING).update(
                state=Job.STATE_SUCCEEDED,
                result=result,
                finished_at=timezone.now(),
                stage=snap.stage,
                done=snap.total or snap.done,
                total=snap.total,
            )
            if finished != 1:
                raise JobReaped()
    except JobReaped:
        log.warning("job %s was reaped while running; its work was rolled back", job.pk)
        return Job.STATE_FAILED
    except (ServiceError, LocalizedError, PermissionDenied) as exc:
        # LocalizedError: a reader's refusal of the file (DocumentError, PoError, ...), whose
        # message is written for the person who uploaded it, as on the command line.
        _fail(job.pk, str(exc) or _("The job was refused."), snap=progress.snapshot())
        log.info("job %s (%s) refused: %s", job.pk, job.kind, exc)
        return Job.STATE_FAILED
    except Exception as exc:
        log.exception("job %s (%s) crashed", job.pk, job.kind)
        _fail(
            job.pk,
            _("The job stopped on an internal error (%(error)s); nothing of it was saved.")
            % {"error": type(exc).__name__},
            snap=progress.snapshot(),
        )
        return Job.STATE_FAILED
    _forget_upload(job)
    job_progress.forget(job.pk)
    log.info("job %s (%s) finished", job.pk, job.kind)
    return Job.STATE_SUCCEEDED


def _forget_upload(job: Job) -> None:
    """A finished job's upload is no longer needed (a failed one keeps it for a retry)."""
    name = job.params.get("upload")
    if name and not Job.objects.filter(params__upload=name, state__in=Job.ACTIVE_STATES).exists():
        default_storage.delete(name)


def prune(*, older_than: timedelta | None = None, now=None) -> dict[str, int]:
    """Remove jobs that ended more than `older_than` ago (settings.JOB_KEEP_DAYS), with the
    files they kept (a failed job's upload, an export's file) and the queue's records of
    finished tasks; running and queued jobs are never touched. `manage.py prune_jobs`."""
    now = now or timezone.now()
    cutoff = now - (
        older_than if older_than is not None else timedelta(days=settings.JOB_KEEP_DAYS)
    )
    old = Job.objects.filter(finished_at__lt=cutoff).exclude(state__in=Job.ACTIVE_STATES)
    files = 0
    for job in old.only("pk", "params", "result").iterator(chunk_size=500):
        for name in (job.params.get("upload"), (job.result or {}).get("file")):
            still_used = (
                name
                and Job.objects.filter(params__upload=name, state__in=Job.ACTIVE_STATES).exists()
            )
            if name and not still_used and default_storage.exists(name):
                default_storage.delete(name)
                files += 1
    jobs, _by_model = old.delete()
    tasks, _by_model = DBTaskResult.objects.filter(
        finished_at__lt=cutoff,
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
    ).delete()
    return {"jobs": jobs, "files": files, "tasks": tasks}
