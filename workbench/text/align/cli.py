"""The work of `manage.py align_files`, kept out of the command so it is testable without
Django and imports only what it needs (the command stays fast to start)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from workbench.text.languages import is_language_tag

from .aligner import align
from .links import to_json_links

# blank lines separate blocks; a line holding only spaces or tabs counts as blank
_BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")


class InputError(ValueError):
    """A file that cannot be aligned: missing, unreadable, not UTF-8, or empty."""


def read_paragraphs(path: str | Path) -> list[str]:
    """One paragraph a block; blocks separated by one or more blank lines.

    Lines inside a block are kept as they are (a title block may hold two lines). A UTF-8 BOM
    and Windows line endings are accepted.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [block.strip() for block in _BLOCK_SEPARATOR.split(text)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError(f"{path}: the file has no paragraphs (it is empty or blank)")
    return paragraphs


def align_files(source: str | Path, target: str | Path, source_lang: str, target_lang: str) -> str:
    """The JSON printed by the command: `[[[source ids], [target ids]], ...]`."""
    src = read_paragraphs(source)
    tgt = read_paragraphs(target)
    alignment = align(src, tgt, source_lang=source_lang, target_lang=target_lang, parallel=True)
    return json.dumps(to_json_links(alignment.links), separators=(",", ":"))


def run_without_django(argv: list[str]) -> int | None:
    """`manage.py align_files SOURCE TARGET --source-lang L --target-lang L` without starting
    Django (a third of a second, a tenth of a book's alignment): only for well-formed
    arguments and readable files. None for anything else (help, other options, a bad language
    code, a file that cannot be read): manage.py then runs the Django command, which reports
    it as it always has."""
    positional: list[str] = []
    langs: dict[str, str] = {}
    k = 0
    while k < len(argv):
        arg = argv[k]
        name, has_value, value = arg.partition("=")
        if name in ("--source-lang", "--target-lang"):
            if not has_value:
                if k + 1 >= len(argv):
                    return None
                k += 1
                value = argv[k]
            if name in langs:
                return None
            langs[name] = value
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            positional.append(arg)
        k += 1
    if len(positional) != 2 or len(langs) != 2:
        return None
    source_lang, target_lang = langs["--source-lang"], langs["--target-lang"]
    if not all(lang.strip() and is_language_tag(lang) for lang in (source_lang, target_lang)):
        return None
    try:
        output = align_files(positional[0], positional[1], source_lang, target_lang)
    except InputError:
        return None
    sys.stdout.write(output + "\n")
    sys.stdout.flush()
    return 0
