from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import get_document, get_target_language, get_user
from workbench.permissions import SYSTEM
from workbench.services.pretranslate import PretranslateError, pretranslate


class Command(BaseCommand):
    help = (
        "Pre-translate a document's empty units into a language: drafts (never translated or "
        "approved), from the translation memory where a match scores at least "
        "MT_MEMORY_THRESHOLD, else from the machine-translation engine. Prints progress on "
        "stderr and a summary line."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True, help="target language code, e.g. es")
        parser.add_argument("--engine", default=None, help="apertium, libretranslate or deepl")
        parser.add_argument(
            "--unit", action="append", dest="units", default=None,
            help="only this unit key (repeat for a selection)",
        )  # fmt: skip
        parser.add_argument("--user", default=None, help="record this user as the author")

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        user = get_user(opts["user"])

        def progress(done: int, total: int, stage: str) -> None:
            if stage == "units":
                self.stderr.write(f"{done}/{total}")

        try:
            result = pretranslate(
                user or SYSTEM, document, language,
                engine_name=opts["engine"], keys=opts["units"], progress=progress,
            )  # fmt: skip
        except (PretranslateError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Pre-translated {result.from_memory + result.from_machine} of {result.empty} empty "
            f"units of {document.slug} into {language.code}: {result.from_memory} from the "
            f"translation memory, {result.from_machine} by {result.engine}"
            + (
                f", {result.unavailable} left empty (engine unavailable)."
                if result.unavailable
                else "."
            )  # fmt: skip
        )
        if result.unavailable and not (result.from_memory + result.from_machine):
            raise CommandError("The machine-translation engine is unavailable.")
