from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import get_document, get_target_language
from workbench.models import Translation
from workbench.selectors.checks import open_problems
from workbench.services.checks import refresh_problems
from workbench.text.checks import ERROR

# Exit statuses: 0 no error-level problem, 1 at least one, 2 bad input (unknown slug/language).
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class Command(BaseCommand):
    help = (
        "Run the quality checks on a document's translations into one language. Prints one "
        "line per problem, tab-separated: <unit key> TAB <check id> TAB <message>, in "
        "document order (warnings a reviewer dismissed for the current text are left out), "
        "and a summary on stderr. Exit status: 0 when no error-level problem is found, 1 when "
        "one is, 2 for an unknown document or language. The stored problems the editor shows "
        "are refreshed on the way (e.g. after glossary changes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True)

    def handle(self, *args, **opts):
        try:
            document = get_document(opts["slug"])
            language = get_target_language(document, opts["lang"])
        except CommandError as exc:
            raise CommandError(str(exc), returncode=EXIT_USAGE) from exc
        translations = Translation.objects.filter(
            unit__document=document, unit__is_active=True, language=language
        ).exclude(text="")
        refresh_problems(translations.values_list("pk", flat=True))
        problems = (
            open_problems()
            .filter(translation__in=translations)
            .order_by("translation__unit__position", "id")
            .values_list("translation__unit__key", "check_id", "severity", "message")
        )
        errors = warnings = 0
        units = set()
        for key, check_id, severity, message in problems.iterator():
            self.stdout.write(f"{key}\t{check_id}\t{' '.join(message.split())}")
            units.add(key)
            if severity == ERROR:
                errors += 1
            else:
                warnings += 1
        self.stderr.write(
            f"{errors} error(s), {warnings} warning(s) in {len(units)} unit(s) of "
            f"{document.slug} ({language.code})."
        )
        if errors:
            raise CommandError(f"{errors} error-level problem(s) found.", returncode=EXIT_PROBLEMS)
