"""manage.py align_files SOURCE TARGET --source-lang en --target-lang fr

Aligns two plain-text files (one paragraph a block, blocks separated by blank lines) without
touching the database and prints the links as JSON: `[[[source ids], [target ids]], ...]`,
0-based, in document order, `[[i], []]` for an untranslated source paragraph and `[[], [j]]`
for a target paragraph with no source. The aligner is imported inside handle() so that
`manage.py help` and other commands do not pay for it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.text.align.cli import InputError, align_files
from workbench.text.languages import is_language_tag


class Command(BaseCommand):
    help = "Align the paragraphs of two plain-text files and print the links as JSON."
    requires_system_checks: list[str] = []  # no database, no models: skip the checks

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="source text, one paragraph a block")
        parser.add_argument("target", help="its translation, one paragraph a block")
        parser.add_argument("--source-lang", required=True, help="BCP 47 code, e.g. en")
        parser.add_argument("--target-lang", required=True, help="BCP 47 code, e.g. fr")

    def handle(self, *args: object, **options: object) -> None:
        for name in ("source_lang", "target_lang"):
            option = f"--{name.replace('_', '-')}"
            value = str(options[name])
            if not value.strip():
                raise CommandError(f"{option} must not be empty")
            if not is_language_tag(value):
                raise CommandError(
                    f"{option} {value[:40]!r} is not a language code: give a BCP 47 tag "
                    "such as en, fr, pt-BR or zh-Hans"
                )
        try:
            output = align_files(
                str(options["source"]),
                str(options["target"]),
                str(options["source_lang"]),
                str(options["target_lang"]),
            )
        except InputError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(output)
