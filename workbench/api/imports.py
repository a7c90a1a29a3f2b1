"""The API's imports, behind one function: `run_import(kind, actor, **params)`.

A small file is imported at once, inside the request, through the same service as the web UI
and the command line: `{"kind", "state": "done", "result"}` with a JSON-ready result. A file
above settings.BACKGROUND_ABOVE_KB (the web pages' rule), or any file when the caller asks
for `background`, becomes the same background job the web pages start (services/jobs.py):
`{"kind", "state": "queued", "job"}`, answered with 202 and polled at /api/v1/jobs/<id>/.
The parameters are plain values (ids, codes, bytes), never request objects."""

from __future__ import annotations

from collections.abc import Callable

from workbench import permissions
from workbench.formats.importers import check_archive
from workbench.formats.tmx import TmxError
from workbench.limits import background_above_bytes, file_limits
from workbench.models import Document, Job, Language
from workbench.services.documents import import_document
from workbench.services.errors import ServiceError
from workbench.services.glossary_import import import_glossary
from workbench.services.jobs import start_job
from workbench.services.memory_import import NoPairs, import_tmx
from workbench.services.po_import import import_po, reason_text
from workbench.services.source_updates import update_document_source


class TmxFileError(ServiceError):
    """A TMX file that could not be read (400)."""


def _document(actor, *, data: bytes, filename: str, language: str, fmt: str | None,
              slug: str | None, title: str | None) -> dict:  # fmt: skip
    result = import_document(
        actor, data, filename=filename, language_code=language, fmt=fmt, slug=slug, title=title
    )
    return {"document": result.document.slug, "units": result.units}


def _source(actor, *, document_id: int, data: bytes, filename: str, fmt: str | None,
            preview: bool) -> dict:  # fmt: skip
    document = Document.objects.select_related("source_language").get(pk=document_id)
    result = update_document_source(
        actor, document, data, filename=filename, fmt=fmt, dry_run=preview
    )
    return {
        "document": document.slug,
        "preview": result.dry_run,
        "units": result.units,
        "counts": dict(result.counts),
        "created": result.created_keys,
        "deactivated": result.deactivated_keys,
        "outdated_translations": result.outdated_translations,
        "messages": [str(line) for line in result.summary_lines()],
    }


def _po(actor, *, document_id: int, language_id: int, data: bytes, filename: str = "") -> dict:
    document = Document.objects.select_related("source_language").get(pk=document_id)
    language = Language.objects.get(pk=language_id)
    summary = import_po(actor, document, language, data)
    return {
        "imported": [
            {"key": e.key, "status": e.status, "problems": list(e.problems)}
            for e in summary.imported
        ],  # fmt: skip
        "unchanged": len(summary.unchanged),
        "skipped": [
            {"key": s.key, "line": s.line, "reason": str(reason_text(s.reason))}
            for s in summary.skipped
        ],  # fmt: skip
        "conflicts": [
            {
                "key": c.key,
                "line": c.line,
                "reason": str(reason_text(c.reason)),
                "kept_as_suggestion": c.kept_as_suggestion,
            }
            for c in summary.conflicts
        ],  # fmt: skip
        "messages": [str(line) for line in summary.lines()],
    }


def _tmx(actor, *, data: bytes, filename: str) -> dict:
    # The web upload's rule (views/memory.py); the service itself takes the pairs of the
    # languages the actor reviews and reports the rest (the command line relies on that).
    permissions.require_import_memory(actor)
    try:
        summary = import_tmx(actor, data, origin_name=filename, limits=file_limits())
    except (TmxError, NoPairs) as exc:
        raise TmxFileError(str(exc)) from exc
    return {
        "created": summary.created,
        "duplicates": summary.duplicates,
        "skipped": summary.skipped,
        "messages": [str(line) for line in summary.messages()],
    }


def _glossary(actor, *, data: bytes, filename: str, fmt: str | None) -> dict:
    result = import_glossary(actor, data, filename=filename, fmt=fmt)
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


IMPORTS: dict[str, Callable[..., dict]] = {
    "document": _document,
    "source": _source,
    "po": _po,
    "tmx": _tmx,
    "glossary": _glossary,
}


def _job_for(kind: str, actor, params: dict) -> Job:
    """The background job that does what IMPORTS[kind] does (services/job_kinds.py)."""
    upload = (params["data"], params.get("filename") or f"upload.{kind}")
    if kind == "document":
        return start_job(
            actor, "document_import", upload=upload, language_code=params["language"],
            format=params.get("fmt") or "", slug=params.get("slug") or "",
            title=params.get("title") or "",
        )  # fmt: skip
    if kind == "source":
        document = Document.objects.get(pk=params["document_id"])
        return start_job(
            actor, "source_update", document=document, upload=upload,
            format=params.get("fmt") or "",
        )  # fmt: skip
    if kind == "po":
        return start_job(
            actor, "po_import", upload=upload,
            document=Document.objects.get(pk=params["document_id"]),
            language=Language.objects.get(pk=params["language_id"]),
        )  # fmt: skip
    if kind == "tmx":
        return start_job(actor, "tmx_import", upload=upload)
    return start_job(actor, "glossary_import", upload=upload, format=params.get("fmt") or "")


def _in_background(kind: str, params: dict, background: bool) -> bool:
    if kind == "source" and params.get("preview"):
        return False  # a preview writes nothing and answers at once
    return background or len(params["data"]) > background_above_bytes()


def run_import(kind: str, actor, *, background: bool = False, **params) -> dict:
    """Run the import `kind` for `actor`, or queue it (see the module docstring), and
    describe the outcome. Raises what the service raises (ServiceError subclasses,
    PermissionDenied): nothing is stored then. A zip-based file going to a job is inflated
    within the limits first, so that a damaged one or a zip bomb is refused here (400)
    rather than by a job that fails later."""
    if not _in_background(kind, params, background):
        return {"kind": kind, "state": "done", "result": IMPORTS[kind](actor, **params)}
    if kind in ("document", "source"):
        check_archive(
            params["data"], filename=params.get("filename", ""), fmt=params.get("fmt"),
            limits=file_limits(),
        )  # fmt: skip
    return {"kind": kind, "state": "queued", "job": _job_for(kind, actor, params)}
