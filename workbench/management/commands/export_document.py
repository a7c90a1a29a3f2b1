from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import (
    add_background_export_arguments,
    get_document,
    get_target_language,
    queue_export,
    write_output,
)
from workbench.selectors.document_export import FORMATS, document_export, own_format

# Formats that are not text: written to -o only, never to a terminal or a pipe.
_BINARY = ("docx", "epub")


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Export the translated document in its own format (the one it was imported in): a "
        ".docx with its styles, lists and footnotes, Markdown with its front matter, HTML "
        "with its layout. --format gives another one."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True)
        parser.add_argument(
            "--format", dest="fmt", choices=sorted(FORMATS), default=None,
            help="default: the document's own format",
        )  # fmt: skip
        parser.add_argument("-o", "--output", default=None, help="the file to write")
        add_background_export_arguments(parser)

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        fmt = opts["fmt"] or own_format(document)
        if opts["background"]:
            if fmt != own_format(document):
                raise CommandError("--background makes the document's own format only.")
            queue_export(self, opts, document, [language], "document")
            return
        if fmt in _BINARY and not opts["output"]:
            raise CommandError(
                f"A .{fmt} file is not text: write it to a file with -o "
                f"(e.g. -o {document.slug}.{language.code}.{fmt})."
            )
        export = document_export(document, language, fmt)
        write_output(self, export.data, opts["output"])
