from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import get_document, get_target_language, get_user
from workbench.permissions import SYSTEM
from workbench.services.jobs import start_job
from workbench.services.prefill import PrefillError, prefill_from_memory


class Command(BaseCommand):
    help = (
        "Fill a document's untranslated units with exact translation-memory matches (same "
        "text and inline markup): status translated (needs review, never approved), origin "
        "memory, with a revision each, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True, help="target language code, e.g. de")
        parser.add_argument(
            "--user",
            default=None,
            help="record this user as the author (and check they may translate the language)",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="hand the work to a background worker and print the job's id",
        )

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        language = get_target_language(document, opts["lang"])
        user = get_user(opts["user"])
        if opts["background"]:
            try:
                job = start_job(user or SYSTEM, "prefill", document=document, language=language)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(str(job.pk))
            return
        try:
            result = prefill_from_memory(user or SYSTEM, document, language)
        except (PrefillError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Filled {result.filled} of {result.untranslated} untranslated units of "
            f"{document.slug} into {language.code} from the translation memory."
        )
