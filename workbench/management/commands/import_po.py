from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import (
    add_background_argument,
    get_document,
    get_target_language,
    get_user,
    queue_job,
    read_file,
)
from workbench.permissions import SYSTEM
from workbench.services.po_import import PoImportError, import_po


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Take back a PO file exported by the workbench and translated offline. Fuzzy entries "
        "come in as drafts, others as translated; entries whose unit or source changed, or "
        "whose translation was edited online since the export, are kept as suggestions and "
        "reported as conflicts. Nothing is stored if the file cannot be used."
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
        add_background_argument(parser)

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        data = read_file(opts["file"])
        user = get_user(opts["user"])
        if opts["background"]:
            name = opts["file"].replace("\\", "/").rsplit("/", 1)[-1]
            queue_job(
                self, user or SYSTEM, "po_import", document=document, language=language,
                upload=(data, name),
            )  # fmt: skip
            return
        try:
            summary = import_po(user or SYSTEM, document, language, data)
        except PoImportError as exc:
            raise CommandError(f"{opts['file']}: {exc} Nothing was imported.") from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
