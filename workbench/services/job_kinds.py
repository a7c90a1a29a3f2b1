"""What each kind of background job does: the registry the worker runs from.

A kind names who may start it (checked when it is started and again by the service it
calls, as the job's owner), whether it must not overlap another job on the same document,
and the function that does the work. Every handler takes the job, the actor it acts for and
a Progress, calls one service (the same the synchronous page and command call), and returns
a small JSON summary for the job's page. A new long operation is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbench import permissions
from workbench.formats.tmx import TmxError, read_tmx
from workbench.limits import file_limits
from workbench.models import AlignmentRun, Job
from workbench.services.alignment_accept import accept_alignment
from workbench.services.alignment_propose import propose_alignment
from workbench.services.errors import ServiceError
from workbench.services.job_progress import Progress
from workbench.services.memory_import import MemoryImportError, import_pairs

Handler = Callable[[Job, object, Progress], dict]
Authorize = Callable[[object, Job], None]


class JobInputError(ServiceError):
    """The job's input cannot be used (an unreadable file, a run that is gone)."""


@dataclass(frozen=True)
class JobKind:
    label: object  # a lazy translated string: the kind's name on pages
    authorize: Authorize
    run: Handler
    locks_document: bool = False


def upload_bytes(job: Job) -> bytes:
    """The uploaded file a job was started with, from the shared storage."""
    name = job.params.get("upload", "")
    if not name or not default_storage.exists(name):
        raise JobInputError(
            _("The uploaded file of this job is no longer stored; upload it again.")
        )
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _need_language(job: Job):
    if job.language is None:
        raise JobInputError(_("This job has no language."))
    return job.language


def _translator(actor, job: Job) -> None:
    permissions.require_translate(actor, _need_language(job))


def _memory_importer(actor, job: Job) -> None:
    # Which languages the actor reviews is decided per pair by the import itself.
    if not permissions.can_import_memory(actor):
        raise PermissionDenied(_("Only reviewers may import into the translation memory."))


def _align_propose(job: Job, actor, progress: Progress) -> dict:
    assert job.document is not None
    run = propose_alignment(
        actor,
        job.document,
        _need_language(job),
        upload_bytes(job),
        job.params.get("filename", "upload"),
        job.params.get("format") or None,
        progress=progress,
    )
    return {
        "run": run.pk,
        "links": len(run.links),
        "url": reverse("alignment", args=[job.document.slug, run.language.code, run.pk]),
    }


def _align_accept(job: Job, actor, progress: Progress) -> dict:
    assert job.document is not None
    run = (
        AlignmentRun.objects.select_related("document__source_language", "language")
        .filter(pk=job.params.get("run"), document=job.document)
        .first()
    )
    if run is None:
        raise JobInputError(_("The alignment of this job no longer exists."))
    counts = accept_alignment(
        actor,
        run,
        only_confident=job.params.get("only_confident"),
        overwrite_approved=bool(job.params.get("overwrite_approved")),
        version=job.params.get("version"),
        progress=progress,
    )
    return {
        **counts,
        "url": reverse("alignment", args=[run.document.slug, run.language.code, run.pk]),
    }


def _tmx_import(job: Job, actor, progress: Progress) -> dict:
    filename = job.params.get("filename", "upload.tmx")
    progress.stage(_("Reading %(file)s") % {"file": filename}, 1)
    try:
        pairs = read_tmx(upload_bytes(job), file_limits())
    except TmxError as exc:
        raise JobInputError(f"{exc} " + _("Nothing was imported.")) from exc
    if not pairs:
        raise JobInputError(_("The file holds no translation pairs; nothing was imported."))
    try:
        summary = import_pairs(actor, pairs, origin_name=filename, progress=progress)
    except MemoryImportError as exc:
        raise JobInputError(f"{exc} " + _("Nothing was imported.")) from exc
    return {
        "created": summary.created,
        "duplicates": summary.duplicates,
        "skipped": summary.skipped,
        "messages": summary.messages(),
        "url": reverse("memory"),
    }


KINDS: dict[str, JobKind] = {
    "align_propose": JobKind(gettext_lazy("Align a translation"), _translator, _align_propose),
    "align_accept": JobKind(
        gettext_lazy("Accept an alignment"), _translator, _align_accept, locks_document=True
    ),
    "tmx_import": JobKind(gettext_lazy("Import a TMX file"), _memory_importer, _tmx_import),
}
