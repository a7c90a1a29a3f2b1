import gc

from django.core.management.base import BaseCommand, CommandError

from workbench.formats.importers import FORMATS
from workbench.management.commands._helpers import (
    add_background_argument,
    queue_job,
    read_file,
)
from workbench.models import Document
from workbench.permissions import SYSTEM
from workbench.services.documents import DocumentError, import_document


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Import a document (txt, md, html, docx, po); prints the new document's slug last. "
        "With the --slug of an existing document, the file is a new version of its source: "
        "units are matched and translations kept (a summary goes to stderr)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--lang", required=True, help="source language code, e.g. en")
        parser.add_argument("--format", choices=FORMATS, default=None)
        parser.add_argument("--slug", default=None)
        parser.add_argument("--title", default=None)
        parser.add_argument(
            "--target-lang",
            default=None,
            help="a PO catalog's language when its Language header does not say it",
        )
        add_background_argument(parser)

    def handle(self, *args, **opts):
        # A one-shot process: the cyclic garbage collector's passes over the million
        # short-lived objects of parsing a book are a tenth of the import, and find nothing
        # worth freeing before the process ends (the file limits bound the memory).
        gc.disable()
        data = read_file(opts["path"])
        filename = opts["path"].rsplit("/", 1)[-1]
        if opts["background"]:
            self._queue(data, filename, opts)
            return
        try:
            result = import_document(
                SYSTEM,
                data,
                filename=filename,
                language_code=opts["lang"],
                fmt=opts["format"],
                slug=opts["slug"],
                title=opts["title"],
                update=True,
                target_code=opts["target_lang"],
                path=opts["path"],
            )
        except DocumentError as exc:
            raise CommandError(str(exc)) from exc
        if result.update is not None:
            self.stderr.write(f"Updated the source: {result.units} units.")
        else:
            self.stderr.write(f"Imported {result.units} units.")
        for line in result.summary_lines():
            self.stderr.write(f"  {line}")
        self.stdout.write(result.document.slug)

    def _queue(self, data: bytes, filename: str, opts: dict) -> None:
        existing = Document.objects.filter(slug=opts["slug"]).first() if opts["slug"] else None
        if existing is not None:  # a new version of its source, as without --background
            if existing.source_language.code != opts["lang"]:
                raise CommandError(
                    f"{existing.slug} is in {existing.source_language.code}, not {opts['lang']}."
                )
            queue_job(
                self, SYSTEM, "source_update", document=existing, upload=(data, filename),
                format=opts["format"] or "",
            )  # fmt: skip
            return
        queue_job(
            self, SYSTEM, "document_import", upload=(data, filename), language_code=opts["lang"],
            format=opts["format"] or "", slug=opts["slug"] or "", title=opts["title"] or "",
            target_code=opts["target_lang"] or "",
        )  # fmt: skip
