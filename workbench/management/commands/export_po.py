from django.core.management.base import BaseCommand

from workbench.management.commands._helpers import (
    add_background_export_arguments,
    get_document,
    get_target_language,
    queue_export,
    write_output,
)
from workbench.selectors.exports import po_export


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = "Export a document's translation into one language as a gettext PO file."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True)
        parser.add_argument("-o", "--output", default=None)
        add_background_export_arguments(parser)

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        if opts["background"]:
            queue_export(self, opts, document, [language], "po")
            return
        write_output(self, po_export(document, language), opts["output"])
