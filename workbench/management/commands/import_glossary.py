from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import read_file
from workbench.services.glossary import FORMATS, GlossaryImportError, import_glossary


class Command(BaseCommand):
    help = (
        "Import glossary concepts from a CSV or TBX file (format from the file name, or "
        "--format). Matching concepts are updated, new ones added; a file with any error "
        "imports nothing. Prints how many concepts were created, updated and unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=FORMATS, default=None)

    def handle(self, *args, **opts):
        data = read_file(opts["file"])
        try:
            # The command line is the site operator's: no per-user permission applies.
            result = import_glossary(
                None, data, filename=opts["file"], fmt=opts["format"], check_permission=False
            )
        except GlossaryImportError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"
        )
