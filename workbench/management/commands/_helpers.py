"""Small shared pieces for the command-line contract."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from workbench.models import Document, Language
from workbench.services.job_progress import NO_PROGRESS, Progress, Snapshot


def get_document(slug: str) -> Document:
    try:
        return Document.objects.select_related("source_language").get(slug=slug)
    except Document.DoesNotExist:
        raise CommandError(f"No document with the slug {slug!r}.") from None


def get_language(code: str) -> Language:
    try:
        return Language.objects.get(code=code)
    except Language.DoesNotExist:
        known = ", ".join(Language.objects.values_list("code", flat=True)) or "none"
        raise CommandError(f"Unknown language {code!r} (known: {known}).") from None


def get_target_language(document: Document, code: str) -> Language:
    language = get_language(code)
    if language.pk == document.source_language_id:
        raise CommandError(f"{code!r} is the document's source language, not a target.")
    return language


def get_user(username: str | None):
    """The account a command acts as (`--user NAME`), or None when none is named."""
    if not username:
        return None

    User = get_user_model()
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"No user {username!r}.") from None


def read_file(path: str) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise CommandError(f"No such file: {path}")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc


def write_output(command, data: bytes, output: str | None) -> None:
    """Write to -o FILE atomically (nothing half-written), or to stdout."""
    if not output:
        command.stdout.write(data.decode("utf-8"), ending="")
        return
    target = Path(output)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc


def queue_job(command, actor, kind: str, **params) -> None:
    """`--background`: hand the work to the job queue (services/jobs.py), print the job's id
    on stdout (for scripts) and where to follow it on stderr. A `db_worker` runs it."""
    from django.core.exceptions import PermissionDenied

    from workbench.services.errors import ServiceError
    from workbench.services.jobs import start_job

    try:
        job = start_job(actor, kind, **params)
    except (PermissionDenied, ServiceError) as exc:
        raise CommandError(str(exc)) from exc
    command.stderr.write(
        f"Queued as job {job.pk}; a worker (manage.py db_worker) runs it. "
        f"Follow it at /jobs/{job.pk}/."
    )
    command.stdout.write(str(job.pk))


def add_background_argument(parser) -> None:
    parser.add_argument(
        "--background",
        action="store_true",
        help="hand the work to a background worker and print the job's id",
    )


def add_background_export_arguments(parser) -> None:
    add_background_argument(parser)
    parser.add_argument(
        "--user",
        default=None,
        help="with --background: the job's owner, who may then download the file from its page",
    )


def refuse_output_in_background(opts) -> None:
    if opts.get("output"):
        raise CommandError(
            "--background keeps the file on the job's page; -o is for a file made now."
        )


def queue_export(command, opts, document, languages, kind: str, **params) -> None:
    """`--background` for an export: a "document_export" job writes the file to the shared
    storage, and the job's page links to it (views/jobs.py, job_file)."""
    from workbench.permissions import SYSTEM

    refuse_output_in_background(opts)
    queue_job(
        command,
        get_user(opts.get("user")) or SYSTEM,
        "document_export",
        document=document,
        language=languages[0],
        export=kind,
        languages=[lang.code for lang in languages],
        **params,
    )


def terminal_progress(command) -> Progress:
    """A progress bar on stderr when it is a terminal; nothing on a pipe or a file, so that
    the command's output (and what scripts parse) stays as the contract says."""
    if not sys.stderr.isatty():
        return NO_PROGRESS

    def draw(snap: Snapshot) -> None:
        count = f" {snap.done}/{snap.total} ({snap.percent}%)" if snap.total else ""
        # A finished step keeps its line; the running one is redrawn in place.
        ending = "\n" if snap.total and snap.done >= snap.total else ""
        command.stderr.write(f"\r\x1b[K{snap.stage}{count}", ending=ending)
        command.stderr.flush()

    return Progress(on_change=draw)
