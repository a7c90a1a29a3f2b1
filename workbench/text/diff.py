"""Word-level differences between two texts, for people to read.

Used for "what changed in the source since this was translated" (editor rows) and for
translation revisions (review screen, history panel). Pure Python, no Django.

    ops = word_diff(old_markup, new_markup)      # [("equal", "The "), ("delete", "red"), ...]
    html = render_diff_html(ops)                 # safe HTML with <del> and <ins>

By default both texts are stored inline markup (see text/markup.py) and are compared as the
text a reader sees (`markup.to_plain`): a changed link target or emphasis is not a change of
wording, and tags in a word diff would be unreadable. Pass `markup=False` for plain text.

Tokens are words, runs of white space and single punctuation marks; CJK ideographs and kana
are one token each, since those scripts write no spaces between words. Changes separated only
by white space are joined ("the quick" -> "a slow" reads as one replacement, not four edits).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from difflib import SequenceMatcher
from typing import Literal

from workbench.text.markup import to_plain

Op = Literal["equal", "insert", "delete"]
EQUAL: Op = "equal"
INSERT: Op = "insert"
DELETE: Op = "delete"

_CJK = (
    "\u3040-\u30ff\u31f0-\u31ff\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\U00020000-\U0003134f"
)
# Inside a word (between two word characters) these join rather than split: "don't",
# "well-known", "l’homme".
_JOINERS = "'’\\-\u00ad"


@functools.cache
def _token_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(all tokens, tokens without white space), built on first use. Python's \\w leaves out
    combining marks (Devanagari vowel signs, Arabic harakat, Thai vowels), which belong to
    their word; their ranges come from the Unicode database (Basic Multilingual Plane, ~60 ms
    once)."""
    ranges: list[str] = []
    start = prev = -2
    for code in range(0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if code != prev + 1:
                if start >= 0:
                    ranges.append(_range(start, prev))
                start = code
            prev = code
    ranges.append(_range(start, prev))
    word_char = rf"(?:(?![{_CJK}])[\w{''.join(ranges)}])"
    word = rf"[{_CJK}]|{word_char}+(?:[{_JOINERS}]{word_char}+)*"
    return re.compile(rf"{word}|\s+|.", re.DOTALL), re.compile(rf"{word}|\S")


def _range(first: int, last: int) -> str:
    if first == last:
        return re.escape(chr(first))
    return f"{re.escape(chr(first))}-{re.escape(chr(last))}"


def tokenize(text: str) -> list[str]:
    """Split text into diff tokens: words, runs of white space, single other characters,
    single CJK characters. ''.join(tokenize(t)) == t."""
    return _token_res()[0].findall(text)


def word_tokens(text: str) -> list[str]:
    """The tokens of `text` without the white space (for similarity measures)."""
    return _token_res()[1].findall(text)


def word_diff(old: str, new: str, *, markup: bool = True) -> list[tuple[Op, str]]:
    """The changes turning `old` into `new` as (op, text) pairs, op one of equal / insert /
    delete. Joining the equal and delete texts gives `old` (as plain text when `markup`),
    joining equal and insert gives `new`. Within one changed stretch the deletion comes
    before the insertion; adjacent pieces never share an op."""
    if markup:
        old, new = to_plain(old), to_plain(new)
    if old == new:
        return [(EQUAL, old)] if old else []
    a, b = tokenize(old), tokenize(new)
    # autojunk=False: with the default, frequent tokens such as spaces and "the" are treated
    # as junk in texts over 200 tokens, which gives absurd diffs for long paragraphs.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[tuple[Op, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append((INSERT, "".join(b[j1:j2])))
    return _merge(_absorb_spaces(pieces))


def _absorb_spaces(pieces: list[tuple[Op, str]]) -> list[tuple[Op, str]]:
    """Fold an equal stretch of only white space that sits between two changes into both
    sides of the change, so one rewritten phrase shows as one deletion and one insertion."""
    result: list[tuple[Op, str]] = []
    for i, (op, text) in enumerate(pieces):
        between_changes = (
            op == EQUAL
            and not text.strip()
            and 0 < i < len(pieces) - 1
            and result
            and result[-1][0] != EQUAL
            and pieces[i + 1][0] != EQUAL
        )
        if between_changes:
            result.append((DELETE, text))
            result.append((INSERT, text))
        else:
            result.append((op, text))
    return result


def _merge(pieces: list[tuple[Op, str]]) -> list[tuple[Op, str]]:
    """Within each run of changes, put all deleted text first, then all inserted text, and
    join neighbours with the same op."""
    result: list[tuple[Op, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            result.append((DELETE, "".join(deleted)))
        if inserted:
            result.append((INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op, text in pieces:
        if not text:
            continue
        if op == DELETE:
            deleted.append(text)
        elif op == INSERT:
            inserted.append(text)
        else:
            flush()
            if result and result[-1][0] == EQUAL:
                result[-1] = (EQUAL, result[-1][1] + text)
            else:
                result.append((EQUAL, text))
    flush()
    return result


def has_changes(ops: list[tuple[Op, str]]) -> bool:
    return any(op != EQUAL for op, _ in ops)


class SafeDiffHtml(str):
    """HTML built from escaped text only. `__html__` lets Django templates (and markupsafe)
    output it without escaping again, without this module importing Django."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def _html_text(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def render_diff_html(ops: list[tuple[Op, str]]) -> SafeDiffHtml:
    """Escaped text with deletions in <del> and insertions in <ins>; newlines as <br>.

    Every piece of text is escaped here, so the result is safe to output as is."""
    out: list[str] = []
    for op, text in ops:
        escaped = _html_text(text)
        if op == DELETE:
            out.append(f"<del>{escaped}</del>")
        elif op == INSERT:
            out.append(f"<ins>{escaped}</ins>")
        elif op == EQUAL:
            out.append(escaped)
        else:
            raise ValueError(f"unknown diff op {op!r}")
    return SafeDiffHtml("".join(out))


def diff_html(old: str, new: str, *, markup: bool = True) -> SafeDiffHtml:
    """Shortcut: `render_diff_html(word_diff(old, new, markup=markup))`."""
    return render_diff_html(word_diff(old, new, markup=markup))
