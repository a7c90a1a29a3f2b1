"""What each kind of background job does: the registry the worker runs from.

A kind names who may start it (checked when it is started and again by the service it
calls, as the job's owner), whether it must not overlap another job on the same document,
and the function that does the work. Every handler takes the job, the actor it acts for and
a Progress, calls one service (the same the synchronous page and command call), and returns
a small JSON summary for the job's page. A new long operation is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbench import permissions
from workbench.formats.tmx import TmxError, export_tmx
from workbench.limits import file_limits
from workbench.models import AlignmentRun, Job, Language, MemoryEntry
from workbench.selectors.alignment import warning_messages
from workbench.selectors.export_files import KINDS as EXPORTS
from workbench.selectors.export_files import active_units, export_file
from workbench.selectors.machine_share import final_export_refusal
from workbench.selectors.memory import memory_tmx_pairs
from workbench.services.alignment_accept import accept_alignment
from workbench.services.alignment_propose import propose_alignment
from workbench.services.documents import import_document
from workbench.services.errors import ServiceError
from workbench.services.glossary_import import import_glossary
from workbench.services.job_progress import Progress
from workbench.services.memory_import import MemoryImportError, import_tmx
from workbench.services.memory_store import fill_word_indexes
from workbench.services.po_import import import_po
from workbench.services.prefill import prefill_from_memory
from workbench.services.pretranslate import pretranslate
from workbench.services.source_updates import update_document_source

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


def _propose(job: Job, actor, progress: Progress) -> AlignmentRun:
    """The alignment of the job's uploaded translation to its document, proposed."""
    assert job.document is not None
    return propose_alignment(
        actor,
        job.document,
        _need_language(job),
        upload_bytes(job),
        job.params.get("filename", "upload"),
        job.params.get("format") or None,
        progress=progress,
    )


def _align_propose(job: Job, actor, progress: Progress) -> dict:
    assert job.document is not None
    run = _propose(job, actor, progress)
    return {
        "run": run.pk,
        "links": len(run.links),
        "url": reverse("alignment", args=[job.document.slug, run.language.code, run.pk]),
    }


def _align(job: Job, actor, progress: Progress) -> dict:
    """Propose and accept in one (`manage.py align --background`): what the command does
    synchronously, all or nothing. A file that looks wrong stops it unless `force`."""
    run = _propose(job, actor, progress)
    warnings = warning_messages(run)
    if warnings and not job.params.get("force"):
        raise JobInputError(
            _("The file looks wrong; nothing was stored: %(warnings)s")
            % {"warnings": " ".join(str(w) for w in warnings)}
        )
    counts = accept_alignment(
        actor,
        run,
        only_confident=job.params.get("only_confident"),
        overwrite_approved=bool(job.params.get("overwrite_approved")),
        overwrite_existing=True,  # as the command line does without --background
        progress=progress,
    )
    return {
        **counts,
        "run": run.pk,
        "links": len(run.links),
        "url": reverse("alignment", args=[run.document.slug, run.language.code, run.pk]),
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
    try:
        summary = import_tmx(
            actor, upload_bytes(job), origin_name=filename, limits=file_limits(), progress=progress
        )
    except (TmxError, MemoryImportError) as exc:
        raise JobInputError(f"{exc} " + _("Nothing was imported.")) from exc
    return {
        "created": summary.created,
        "duplicates": summary.duplicates,
        "skipped": summary.skipped,
        "messages": summary.messages(),
        "url": reverse("memory"),
    }


def _memory_index(job: Job, actor, progress: Progress) -> dict:
    return {"indexed": fill_word_indexes(progress=progress), "url": reverse("memory")}


def _site_admin(actor, job: Job) -> None:
    # Started by the system after a TMX import; a site admin may start it again.
    if not permissions.is_site_admin(actor):
        raise PermissionDenied(_("Only site admins may do this."))


def _document_manager(actor, job: Job) -> None:
    if not permissions.can_manage_documents(actor):
        raise PermissionDenied(_("Only site admins may manage documents."))


def _document_import(job: Job, actor, progress: Progress) -> dict:
    progress.stage(_("Importing %(file)s") % {"file": job.params.get("filename", "")}, 1)
    result = import_document(
        actor,
        upload_bytes(job),
        filename=job.params.get("filename", "upload"),
        language_code=job.params["language_code"],
        fmt=job.params.get("format") or None,
        slug=job.params.get("slug") or None,
        title=job.params.get("title") or None,
        target_code=job.params.get("target_code") or None,
    )
    progress.advance()
    # The new document becomes the job's, so that its team sees the job too.
    Job.objects.filter(pk=job.pk).update(document=result.document)
    return {"units": result.units, "url": reverse("document", args=[result.document.slug])}


def _source_update(job: Job, actor, progress: Progress) -> dict:
    assert job.document is not None
    progress.stage(_("Comparing the new source with the document"), 1)
    result = update_document_source(
        actor,
        job.document,
        upload_bytes(job),
        filename=job.params.get("filename", "upload"),
        fmt=job.params.get("format") or None,
    )
    progress.advance()
    return {
        "counts": result.counts,
        "units": result.units,
        "outdated": result.outdated_translations,
        "url": reverse("document", args=[job.document.slug]),
    }


def _po_import(job: Job, actor, progress: Progress) -> dict:
    assert job.document is not None
    language = _need_language(job)
    progress.stage(_("Importing %(file)s") % {"file": job.params.get("filename", "")}, 1)
    summary = import_po(actor, job.document, language, upload_bytes(job))
    progress.advance()
    return {
        "imported": len(summary.imported),
        "unchanged": len(summary.unchanged),
        "skipped": len(summary.skipped),
        "conflicts": len(summary.conflicts),
        "url": reverse("editor", args=[job.document.slug, language.code]),
    }


def _prefill(job: Job, actor, progress: Progress) -> dict:
    assert job.document is not None
    language = _need_language(job)
    progress.stage(_("Filling untranslated units from the memory"), 1)
    result = prefill_from_memory(actor, job.document, language)
    progress.advance()
    return {
        "filled": result.filled,
        "untranslated": result.untranslated,
        "url": reverse("editor", args=[job.document.slug, language.code]),
    }


def _pretranslate(job: Job, actor, progress: Progress) -> dict:
    """Machine translation (and memory matches above the threshold) into the empty units,
    as drafts; the engine is slow (about 10 units a second), hence always a job."""
    assert job.document is not None
    language = _need_language(job)
    label = _("Pre-translating the empty units")
    progress.stage(label, 0)
    reported = 0

    def report(done: int, total: int, stage: str) -> None:
        nonlocal reported
        if stage == "start":
            progress.stage(label, total)
        elif done > reported:
            progress.advance(done - reported)
        reported = done

    result = pretranslate(
        actor, job.document, language,
        engine_name=job.params.get("engine") or None, keys=job.params.get("keys") or None,
        progress=report,
    )  # fmt: skip
    return {
        "empty": result.empty,
        "from_memory": result.from_memory,
        "from_machine": result.from_machine,
        "unavailable": result.unavailable,
        "url": reverse("editor", args=[job.document.slug, language.code]),
    }


def _glossary_curator(actor, job: Job) -> None:
    permissions.require_curate_glossary(actor)


def _glossary_import(job: Job, actor, progress: Progress) -> dict:
    # The stored check problems of units with a changed term are rechecked in the same job.
    progress.stage(_("Importing the glossary and rechecking the translations it touches"), 1)
    result = import_glossary(
        actor,
        upload_bytes(job),
        filename=job.params.get("filename", ""),
        fmt=job.params.get("format") or None,
    )
    progress.advance()
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "url": reverse("glossary"),
    }


def _memory_reader(actor, job: Job) -> None:
    if not permissions.author_of(actor) and not permissions.is_system(actor):
        raise PermissionDenied(_("Sign in to export the memory in the background."))
    if not permissions.can_read_documents(actor):
        raise PermissionDenied(_("You may not read the translation memory."))


def _memory_export(job: Job, actor, progress: Progress) -> dict:
    """The whole memory of one language pair as a TMX file in the shared storage; the job's
    page links to it (views/jobs.py, job_file) for whoever may see the job."""
    languages = {lang.code: lang for lang in Language.objects.filter(
        code__in=[job.params.get("source"), job.params.get("target")]
    )}  # fmt: skip
    source = languages.get(job.params.get("source", ""))
    target = languages.get(job.params.get("target", ""))
    if source is None or target is None:
        raise JobInputError(_("Choose a source and a target language."))
    count = MemoryEntry.objects.filter(source_language=source, target_language=target).count()
    progress.stage(
        _("Writing %(count)s pairs %(source)s → %(target)s")
        % {"count": count, "source": source.code, "target": target.code},
        count,
    )

    def counted(pairs: Iterator) -> Iterator:
        for pair in pairs:
            progress.advance()
            yield pair

    data = export_tmx(counted(memory_tmx_pairs(source, target)), source_language=source.code)
    name = default_storage.save(
        f"exports/{job.pk}/memory.{source.code}-{target.code}.tmx", ContentFile(data)
    )
    return {
        "file": name,
        "filename": name.rsplit("/", 1)[-1],
        "content_type": "application/x-tmx+xml; charset=utf-8",
        "pairs": count,
        "url": reverse("job_file", args=[job.pk]),
    }


def _document_reader(actor, job: Job) -> None:
    if not permissions.can_read_documents(actor):
        raise PermissionDenied(_("You may not read documents."))


def _document_export(job: Job, actor, progress: Progress) -> dict:
    """A download of a large document (views/exports.py, export_job) written to the shared
    storage; the job's page links to it (job_file)."""
    document = job.document
    kind = job.params.get("export", "")
    codes = list(job.params.get("languages") or [])
    if document is None:
        raise JobInputError(_("The document of this job no longer exists."))
    if kind not in EXPORTS:
        raise JobInputError(_("Unknown kind of download: %(kind)s.") % {"kind": kind})
    found = {lang.code: lang for lang in Language.objects.filter(code__in=codes)}
    if not codes or any(code not in found for code in codes):
        raise JobInputError(_("A language of this download no longer exists."))
    languages = [found[code] for code in codes]
    if job.params.get("final"):
        refusal = final_export_refusal(document, languages[0])
        if refusal:
            raise JobInputError(refusal)
    progress.stage(
        _("Writing the %(file)s of %(units)s units")
        % {"file": EXPORTS[kind].label, "units": active_units(document)},
        1,
    )
    made = export_file(document, languages, kind)
    progress.advance()
    name = default_storage.save(f"exports/{job.pk}/{made.filename}", ContentFile(made.data))
    return {
        "file": name,
        "filename": made.filename,
        "content_type": made.content_type,
        "bytes": len(made.data),
        "url": reverse("job_file", args=[job.pk]),
    }


KINDS: dict[str, JobKind] = {
    "document_export": JobKind(
        gettext_lazy("Prepare a download"), _document_reader, _document_export
    ),
    "memory_export": JobKind(
        gettext_lazy("Export the translation memory"), _memory_reader, _memory_export
    ),
    "glossary_import": JobKind(
        gettext_lazy("Import a glossary"), _glossary_curator, _glossary_import
    ),
    "document_import": JobKind(
        gettext_lazy("Import a document"), _document_manager, _document_import
    ),
    "source_update": JobKind(
        gettext_lazy("Update a document's source"),
        _document_manager,
        _source_update,
        locks_document=True,
    ),
    "po_import": JobKind(
        gettext_lazy("Import a PO file"), _translator, _po_import, locks_document=True
    ),
    "prefill": JobKind(
        gettext_lazy("Pre-fill from the memory"), _translator, _prefill, locks_document=True
    ),
    "pretranslate": JobKind(
        gettext_lazy("Pre-translate with machine translation"),
        _translator,
        _pretranslate,
        locks_document=True,
    ),
    "align_propose": JobKind(gettext_lazy("Align a translation"), _translator, _align_propose),
    "align_accept": JobKind(
        gettext_lazy("Accept an alignment"), _translator, _align_accept, locks_document=True
    ),
    "align": JobKind(
        gettext_lazy("Align and accept a translation"), _translator, _align, locks_document=True
    ),
    "tmx_import": JobKind(gettext_lazy("Import a TMX file"), _memory_importer, _tmx_import),
    "memory_index": JobKind(
        gettext_lazy("Index new memory entries for search"), _site_admin, _memory_index
    ),
}
