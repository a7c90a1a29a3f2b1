"""The work of `manage.py align_files`, kept out of the command so it is testable without
Django and imports only what it needs (the command stays fast to start)."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
    alignment = align(src, tgt, source_lang=source_lang, target_lang=target_lang)
    return json.dumps(to_json_links(alignment.links), separators=(",", ":"))
