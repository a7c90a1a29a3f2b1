from django.core.management.base import BaseCommand

from workbench.formats.xliff import VERSIONS
from workbench.management.commands._helpers import (
    add_background_export_arguments,
    get_document,
    get_target_language,
    queue_export,
    write_output,
)
from workbench.selectors.xliff_export import xliff_export


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Export a document's translation into one language as XLIFF 1.2 (default) or 2.0, "
        "for CAT tools (OmegaT, Okapi, memoQ, Trados)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True)
        parser.add_argument("--xliff-version", choices=VERSIONS, default="1.2")
        parser.add_argument("-o", "--output", default=None)
        add_background_export_arguments(parser)

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        if opts["background"]:
            kind = "xliff" if opts["xliff_version"] == "1.2" else "xliff2"
            queue_export(self, opts, document, [language], kind)
            return
        data = xliff_export(document, language, opts["xliff_version"])
        write_output(self, data, opts["output"])
