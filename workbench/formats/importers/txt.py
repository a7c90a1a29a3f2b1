"""Plain text: one block per paragraph, paragraphs separated by blank lines.

Plain text cannot mark structure, so only two conservative guesses are made, both about
the opening block, where title pages put their short lines:

- exactly two short lines without final punctuation (a publisher or author line, then the
  title, as in the seed chapter) become a byline and the title;
- one short line without final punctuation becomes the title.

Everything else is a paragraph, lines joined with a space. No block is ever dropped or
merged and no word is lost. Typed footnote references ("classes.[1]") become fnref markup
(see markup.from_plain); the notes themselves stay paragraphs, since nothing in plain text
says reliably where the notes start.
"""

from __future__ import annotations

import re

from workbench.formats.limits import DEFAULT_LIMITS
from workbench.text.markup import collapse_whitespace, from_plain
from workbench.text.records import KIND_BYLINE, KIND_PARAGRAPH, KIND_TITLE, ParsedDocument

from ._common import Draft, finish, too_many_units

# Short enough to be a title line; the seed's title has 91 characters and 13 words.
TITLE_MAX_CHARS = 150
TITLE_MAX_WORDS = 25
_FINAL_PUNCTUATION = (".", "!", "?", ":", ";", ",", "…", "。", "！", "？", "：", "；")

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")


def split_blocks(text: str) -> list[list[str]]:
    """The blocks of a text as lists of their (stripped, non-empty) lines.

    Any number of blank (or whitespace-only) lines separates blocks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for chunk in _BLANK_LINE.split(text):
        lines = [line.strip(" \t\f\v") for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append(lines)
    return blocks


def _is_title_line(line: str) -> bool:
    return (
        len(line) <= TITLE_MAX_CHARS
        and len(line.split()) <= TITLE_MAX_WORDS
        and not line.endswith(_FINAL_PUNCTUATION)
    )


def _join(lines: list[str]) -> str:
    # Runs of spaces and tabs inside a line are layout; U+00A0 is kept (it is text).
    return collapse_whitespace(" ".join(lines))


def parse_txt(text: str, max_units: int = DEFAULT_LIMITS.max_units) -> ParsedDocument:
    blocks = split_blocks(text)
    if len(blocks) > max_units:
        raise too_many_units(max_units)
    drafts: list[Draft] = []
    for index, lines in enumerate(blocks):
        if index == 0 and len(lines) == 2 and all(map(_is_title_line, lines)):
            drafts.append(Draft(KIND_BYLINE, [from_plain(_join(lines[:1]))]))
            drafts.append(Draft(KIND_TITLE, [from_plain(_join(lines[1:]))]))
        elif index == 0 and len(lines) == 1 and _is_title_line(lines[0]):
            drafts.append(Draft(KIND_TITLE, [from_plain(lines[0])]))
        else:
            drafts.append(Draft(KIND_PARAGRAPH, [from_plain(_join(lines))]))
    return finish(drafts, "txt", max_units=max_units)
