from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import (
    add_background_export_arguments,
    get_document,
    get_target_language,
    queue_export,
    write_output,
)
from workbench.selectors.epub_export import epub_export


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Export a document's translation into one language as an EPUB 3 book: the translation "
        "alone, or with --bilingual the source and the translation unit by unit. Footnotes "
        "are EPUB notes."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True)
        parser.add_argument("--bilingual", action="store_true")
        parser.add_argument("-o", "--output", default=None, help="the .epub file to write")
        add_background_export_arguments(parser)

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        if opts["background"]:
            kind = "bilingual-epub" if opts["bilingual"] else "epub"
            queue_export(self, opts, document, [language], kind)
            return
        if not opts["output"]:
            raise CommandError(
                f"An EPUB is not text: write it to a file with -o "
                f"(e.g. -o {document.slug}.{language.code}.epub)."
            )
        write_output(self, epub_export(document, language, bilingual=opts["bilingual"]),
                     opts["output"])  # fmt: skip
