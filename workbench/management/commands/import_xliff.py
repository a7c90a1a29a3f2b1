from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import (
    get_document,
    get_target_language,
    get_user,
    read_file,
)
from workbench.permissions import SYSTEM
from workbench.services.xliff_import import XliffImportError, import_xliff


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Take back an XLIFF 1.2 or 2.0 file exported by the workbench and translated in a CAT "
        "tool. Targets in a needs-work state come in as drafts, others as translated; units "
        "whose source changed, or whose translation was edited online since the export, are "
        "kept as suggestions and reported as conflicts. Nothing is stored if the file cannot "
        "be used."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file")
        parser.add_argument("--lang", required=True, help="target language code, e.g. de")
        parser.add_argument(
            "--user",
            default=None,
            help="record this user as the author (and check they may translate the language)",
        )

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        data = read_file(opts["file"])
        user = get_user(opts["user"])
        try:
            summary = import_xliff(user or SYSTEM, document, language, data)
        except XliffImportError as exc:
            raise CommandError(f"{opts['file']}: {exc} Nothing was imported.") from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
