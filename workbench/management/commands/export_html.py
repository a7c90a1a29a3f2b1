from django.core.management.base import BaseCommand, CommandError

from workbench.management.commands._helpers import (
    add_background_export_arguments,
    get_document,
    get_target_language,
    queue_export,
    write_output,
)
from workbench.selectors.exports import bilingual_html_export, monolingual_html_export
from workbench.selectors.machine_share import final_export_refusal


class Command(BaseCommand):
    # Django's system checks (the URL configuration, every view imported) are `manage.py
    # check`'s and the server's business; a file in or out does not need them at each run.
    requires_system_checks: list[str] = []
    help = (
        "Export side-by-side HTML: one --lang gives the bilingual document, several give one "
        "column each; --monolingual gives the translated document alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True, action="append")
        parser.add_argument("--monolingual", action="store_true")
        parser.add_argument(
            "--final", action="store_true",
            help="the publication: refused when more of the translation is unmodified machine "
            "translation than MT_UNMODIFIED_LIMIT_PERCENT allows (needs --monolingual)",
        )  # fmt: skip
        parser.add_argument("-o", "--output", default=None)
        add_background_export_arguments(parser)

    def handle(self, *args, **opts):
        document = get_document(opts["slug"])
        codes = list(dict.fromkeys(opts["lang"]))
        languages = [get_target_language(document, code) for code in codes]
        if opts["final"] and not opts["monolingual"]:
            raise CommandError("--final takes --monolingual.")
        if opts["background"]:
            # --monolingual: the web page's "Translated document" (an HTML page in its own
            # layout when it was imported from HTML and its original is stored).
            kind = "html" if opts["monolingual"] else "bilingual-html"
            if kind == "html" and len(languages) != 1:
                raise CommandError("--monolingual takes exactly one --lang.")
            queue_export(self, opts, document, languages, kind, final=opts["final"])
            return
        if opts["monolingual"]:
            if len(languages) != 1:
                raise CommandError("--monolingual takes exactly one --lang.")
            if opts["final"]:
                refusal = final_export_refusal(document, languages[0])
                if refusal:
                    raise CommandError(refusal)
            data = monolingual_html_export(document, languages[0])
        elif opts["final"]:
            raise CommandError("--final takes --monolingual.")
        else:
            data = bilingual_html_export(document, languages)
        write_output(self, data, opts["output"])
