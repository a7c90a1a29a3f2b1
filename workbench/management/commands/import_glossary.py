from django.core.management.base import BaseCommand, CommandError

from workbench.formats.glossary_files import FORMATS
from workbench.management.commands._helpers import (
    add_background_argument,
    queue_job,
    read_file,
)
from workbench.permissions import SYSTEM
from workbench.services.glossary_import import GlossaryImportError, import_glossary


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Import glossary concepts from a CSV or TBX file (format from the file name, or "
        "--format). Matching concepts are updated, new ones added; a file with any error "
        "imports nothing. Prints how many concepts were created, updated and unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=FORMATS, default=None)
        add_background_argument(parser)

    def handle(self, *args, **opts):
        data = read_file(opts["file"])
        if opts["background"]:
            name = opts["file"].replace("\\", "/").rsplit("/", 1)[-1]
            queue_job(self, SYSTEM, "glossary_import", upload=(data, name),
                      format=opts["format"] or "")  # fmt: skip
            return
        try:
            # The command line is the site operator's: it imports as the system actor.
            result = import_glossary(SYSTEM, data, filename=opts["file"], fmt=opts["format"])
        except GlossaryImportError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        for line in result.skipped_lines():
            self.stderr.write(line)
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"
        )
