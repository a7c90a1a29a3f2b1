from django.core.management.base import BaseCommand

from workbench.management.commands._helpers import get_document, get_target_language, write_output
from workbench.selectors.epub_export import epub_export


class Command(BaseCommand):
    help = (
        "Export a document's translation into one language as an EPUB 3 book: the translation "
        "alone, or with --bilingual the source and the translation unit by unit. Footnotes "
        "are EPUB notes."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True)
        parser.add_argument("--bilingual", action="store_true")
        parser.add_argument("-o", "--output", required=True, help="the .epub file to write")

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        write_output(self, epub_export(document, language, bilingual=opts["bilingual"]),
                     opts["output"])  # fmt: skip
