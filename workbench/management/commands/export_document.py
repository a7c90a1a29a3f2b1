from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import (
    add_background_export_arguments,
    get_document,
    get_target_language,
    queue_export,
    write_output,
)
from workbench.selectors.document_export import (
    FORMATS,
    document_export,
    format_label,
    own_format,
)

# Formats that are not text: written to -o only, never to a terminal or a pipe.
_BINARY = ("docx", "epub")
# A file name's extension -> the format it asks for (`-o book.de.docx` without --format).
_EXTENSIONS = {"md": "md", "markdown": "md", "docx": "docx", "html": "html", "htm": "html",
               "xhtml": "html", "txt": "txt", "epub": "epub"}  # fmt: skip


def _extension(name: str | None) -> str:
    return Path(name).suffix.lower().lstrip(".") if name and name != "-" else ""


def _format_of_name(name: str | None) -> str | None:
    return _EXTENSIONS.get(_extension(name))


def _check_name(name: str | None, fmt: str) -> None:
    """Refuse a file name whose extension says another format than the one written (the
    ODT document's export went into `x.odt` as HTML)."""
    extension = _extension(name)
    if not extension or _EXTENSIONS.get(extension) == fmt:
        return
    if extension in _EXTENSIONS:
        raise CommandError(
            f"{name} names a .{extension} file, but the export is {format_label(fmt)}: "
            f"give --format {_EXTENSIONS[extension]}, or a name ending in .{fmt}."
        )
    raise CommandError(
        f"Cannot write .{extension}: the translated document can be written as "
        f"{', '.join(sorted(FORMATS))} (name the file so, or give --format)."
    )


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
        fmt = opts["fmt"] or _format_of_name(opts["output"]) or own_format(document)
        _check_name(opts["output"], fmt)
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
