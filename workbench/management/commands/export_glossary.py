from django.core.management.base import BaseCommand

from workbench.formats.glossary_files import EXPORT_FORMATS
from workbench.management.commands._helpers import write_output
from workbench.selectors.glossary_export import export_glossary


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Export the whole glossary as CSV (one column per language, notes, case_sensitive, "
        "forbidden:<lang>), TBX (TBX-Basic, ISO 30042:2019) or tbx2 (TBX-Basic v2, martif, for "
        "translate-toolkit and older tools), to stdout or -o FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
        parser.add_argument("-o", "--output", default=None)

    def handle(self, *args, **opts):
        write_output(self, export_glossary(opts["format"]), opts["output"])
