from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import (
    add_background_export_arguments,
    get_document,
    get_language,
    get_target_language,
    get_user,
    queue_export,
    queue_job,
    refuse_output_in_background,
    write_output,
)
from workbench.models import Language, MemoryEntry
from workbench.permissions import SYSTEM
from workbench.selectors.memory import document_tmx, memory_tmx


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Export aligned pairs as TMX 1.4: a document's translated units into one language "
        "(SLUG --lang fr), or the whole translation memory of a language pair "
        "(--all --lang fr [--source en]). Writes to stdout without -o."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", default=None, help="the document (omit with --all)")
        parser.add_argument("--lang", required=True, help="target language code, e.g. fr")
        parser.add_argument(
            "--all", action="store_true", help="every pair of the memory, not one document's"
        )
        parser.add_argument(
            "--source",
            default=None,
            help="source language of the pairs with --all (default: the only one there is)",
        )
        parser.add_argument("-o", "--output", default=None)
        add_background_export_arguments(parser)

    def handle(self, *args, **opts):
        if opts["slug"] and opts["all"]:
            raise CommandError("Give a document's SLUG or --all, not both.")
        if opts["slug"]:
            if opts["source"]:
                raise CommandError("--source goes with --all: a document has its own.")
            document = get_document(opts["slug"])
            language = get_target_language(document, opts["lang"])
            if opts["background"]:
                queue_export(self, opts, document, [language], "tmx")
                return
            data = document_tmx(document, language)
        else:
            target = get_language(opts["lang"])
            source = self._source(opts["source"], target)
            if opts["background"]:
                refuse_output_in_background(opts)
                actor = get_user(opts["user"]) or SYSTEM
                queue_job(self, actor, "memory_export", source=source.code, target=target.code)
                return
            data = memory_tmx(source, target)
        write_output(self, data, opts["output"])

    def _source(self, code: str | None, target: Language) -> Language:
        if code:
            source = get_language(code)
            if source.pk == target.pk:
                raise CommandError("The source and target languages are the same.")
            return source
        ids = set(
            MemoryEntry.objects.filter(target_language=target)
            .values_list("source_language_id", flat=True)
            .distinct()
        )
        if len(ids) == 1:
            return Language.objects.get(pk=ids.pop())
        if not ids:
            raise CommandError(f"The memory has no pairs into {target.code!r}.")
        codes = ", ".join(
            sorted(Language.objects.filter(pk__in=ids).values_list("code", flat=True))
        )
        raise CommandError(
            f"Pairs into {target.code!r} come from {codes}: choose one with --source."
        )
