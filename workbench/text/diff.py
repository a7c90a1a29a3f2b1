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

The work is bounded, whatever the texts (see "bounded work" below): the common beginning and
end are set aside first; a long changed stretch is matched sentence by sentence, then word by
word inside the sentences that differ; what would still cost too much is shown deleted and
inserted whole. Such a diff is `simplified` and its HTML starts with a note saying so. The
diffs of one page share a `DiffBudget`:

    budget = DiffBudget()
    rows = [diff_html(old, new, budget=budget) for old, new in pairs]
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
import zlib
from bisect import bisect_left
from difflib import Match, SequenceMatcher
from typing import Literal

from workbench.text.i18n import gettext_noop, localize
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


# --- bounded work ------------------------------------------------------------------------
#
# difflib's SequenceMatcher is quadratic in the tokens at best and cubic at worst (two texts of
# 500 words "a a a ..." and "b b b ..." take 5 s), and a request may diff many texts (the
# history of a unit, the memory's suggestions, a page of outdated rows). So every diff spends
# from a budget of work, counted in steps of about a quarter of a microsecond: one character
# tokenized, one element indexed or one comparison the matcher makes. What the budget does not
# cover is still a correct diff (joining its pieces gives both texts), only coarser: a changed
# stretch shown deleted and inserted whole. Such a diff is `simplified`, and says so.

# Steps one diff may take (about 0.4 s).
DIFF_WORK = 1_500_000
# Steps all the diffs of one request may take together (about 1 s): see DiffBudget.
REQUEST_DIFF_WORK = 4_000_000
# A changed stretch of more tokens than this (both texts together; a word and the space after
# it are two) is first matched sentence by sentence, then word by word inside the sentences
# that differ.
MAX_WORD_TOKENS = 4_000

SIMPLIFIED_NOTE = gettext_noop(
    "Simplified comparison: the texts are long or very different, so some changed passages "
    "are shown whole, not word by word."
)


class DiffBudget:
    """The work the diffs of one request may still do (REQUEST_DIFF_WORK steps to start
    with). Pass one to every `word_diff` / `diff_html` of a page; once it is spent, the
    remaining diffs are simplified (linear in the texts' lengths)."""

    __slots__ = ("left",)

    def __init__(self, work: int = REQUEST_DIFF_WORK) -> None:
        self.left = work


class _OverBudget(Exception):
    pass


class _Work:
    __slots__ = ("left", "start")

    def __init__(self, steps: int) -> None:
        self.left = self.start = max(steps, 0)

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            self.left = 0
            raise _OverBudget

    @property
    def spent(self) -> int:
        return self.start - self.left

    def part(self, share: float) -> _Work:
        return _Work(int(self.left * share))

    def settle(self, part: _Work) -> None:
        self.left = max(self.left - part.spent, 0)


class _BudgetedMatcher(SequenceMatcher[str]):
    """SequenceMatcher that charges its comparisons to a _Work before doing them."""

    def __init__(self, a: list[str], b: list[str], work: _Work) -> None:
        work.spend(len(a) + len(b))
        self._work = work
        self._tokens, self._b_length = a, len(b)
        # autojunk=False: with the default, frequent tokens such as spaces and "the" are
        # treated as junk in texts over 200 tokens, which gives absurd diffs for long
        # paragraphs.
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> Match:
        ahi = len(self._tokens) if ahi is None else ahi
        bhi = self._b_length if bhi is None else bhi
        # The matcher's inner loop visits, for each a[i], the positions of a[i] in b below
        # bhi: count them first (a bisection each), and give up before the work, not after.
        b2j: dict[str, list[int]] = vars(self)["b2j"]
        tokens = self._tokens
        cost = ahi - alo
        for i in range(alo, ahi):
            positions = b2j.get(tokens[i])
            if positions:
                cost += bisect_left(positions, bhi)
        self._work.spend(cost)
        return super().find_longest_match(alo, ahi, blo, bhi)


class DiffOps(list[tuple[Op, str]]):
    """The pieces of a diff (a list of (op, text)); `simplified` when some changed stretch
    is shown whole because the work a word-by-word comparison needs was over budget."""

    simplified: bool = False


def word_diff(
    old: str, new: str, *, markup: bool = True, budget: DiffBudget | None = None
) -> DiffOps:
    """The changes turning `old` into `new` as (op, text) pairs, op one of equal / insert /
    delete. Joining the equal and delete texts gives `old` (as plain text when `markup`),
    joining equal and insert gives `new`. Within one changed stretch the deletion comes
    before the insertion; adjacent pieces never share an op.

    The work is bounded (DIFF_WORK steps, fewer when `budget` has less left, and what is
    spent is taken from it); past that the diff is coarser and `.simplified` is set."""
    if markup:
        old, new = to_plain(old), to_plain(new)
    if old == new:
        return DiffOps([(EQUAL, old)] if old else [])
    work = _Work(min(DIFF_WORK, budget.left) if budget is not None else DIFF_WORK)
    try:
        pieces, simplified = _token_diff(old, new, work)
    except _OverBudget:
        pieces, simplified = _text_diff(old, new), True
    if budget is not None:
        budget.left = max(budget.left - work.spent, 0)
    result = DiffOps(_merge(_absorb_spaces(pieces)))
    result.simplified = simplified
    return result


def _token_diff(old: str, new: str, work: _Work) -> tuple[list[tuple[Op, str]], bool]:
    work.spend(len(old) + len(new))
    a, b = tokenize(old), tokenize(new)
    # The common beginning and end are equal for sure: only the stretch between is matched.
    prefix = 0
    limit = min(len(a), len(b))
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    limit -= prefix
    while suffix < limit and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    middle, simplified = _middle(a[prefix : len(a) - suffix], b[prefix : len(b) - suffix], work)
    pieces = [(EQUAL, "".join(a[:prefix])), *middle, (EQUAL, "".join(a[len(a) - suffix :]))]
    return pieces, simplified


def _whole(a: list[str], b: list[str]) -> list[tuple[Op, str]]:
    return [(DELETE, "".join(a)), (INSERT, "".join(b))]


def _words(a: list[str], b: list[str], work: _Work, share: float) -> list[tuple[Op, str]] | None:
    """Word-by-word opcodes of two token lists, or None when that costs more than `share` of
    the work left."""
    if not a or not b:
        return _whole(a, b)
    part = work.part(share)
    try:
        opcodes = _BudgetedMatcher(a, b, part).get_opcodes()
    except _OverBudget:
        return None
    finally:
        work.settle(part)
    pieces: list[tuple[Op, str]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            pieces.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append((INSERT, "".join(b[j1:j2])))
    return pieces


def _middle(a: list[str], b: list[str], work: _Work) -> tuple[list[tuple[Op, str]], bool]:
    """The diff of the changed stretch: word by word when it is small enough and the work
    allows, else sentence by sentence with words inside the changed sentences."""
    if not a or not b:
        return _whole(a, b), False
    if len(a) + len(b) <= MAX_WORD_TOKENS:
        pieces = _words(a, b, work, 0.5)
        if pieces is not None:
            return pieces, False
    return _by_sentences(a, b, work)


_SENTENCE_END = frozenset(".!?…;:")
_CJK_SENTENCE_END = frozenset("。！？")
_CLOSING = frozenset("\"'”’»›)]」』）")


def _sentences(tokens: list[str]) -> list[int]:
    """Where the token list is cut into sentences: the end index of each piece. A piece
    ends with the white space after a sentence end (closing quotes allowed), at a line
    break, after a CJK full stop, and in long stretches without these after some words
    chosen by their content (a checksum), so that an insertion elsewhere moves no cut."""
    ends: list[int] = []
    after_end = False
    length = 0
    for i, token in enumerate(tokens):
        length += 1
        if token.isspace():
            cut = after_end or "\n" in token or (length >= 24 and _cut_word(tokens[i - 1]))
            after_end = False
        elif token in _CJK_SENTENCE_END:
            cut, after_end = True, False
        else:
            cut = length >= 64 and _cut_word(token)
            after_end = token in _SENTENCE_END or (after_end and token in _CLOSING)
        if cut:
            ends.append(i + 1)
            length = 0
    if not ends or ends[-1] != len(tokens):
        ends.append(len(tokens))
    return ends


def _cut_word(token: str) -> bool:
    return zlib.crc32(token.encode("utf-8", "surrogatepass")) % 8 == 0


def _by_sentences(a: list[str], b: list[str], work: _Work) -> tuple[list[tuple[Op, str]], bool]:
    try:
        work.spend(len(a) + len(b))
    except _OverBudget:
        return _whole(a, b), True
    ends_a, ends_b = _sentences(a), _sentences(b)
    starts_a, starts_b = [0, *ends_a[:-1]], [0, *ends_b[:-1]]
    keys_a = ["".join(a[s:e]) for s, e in zip(starts_a, ends_a, strict=True)]
    keys_b = ["".join(b[s:e]) for s, e in zip(starts_b, ends_b, strict=True)]
    part = work.part(0.5)
    try:
        opcodes = _BudgetedMatcher(keys_a, keys_b, part).get_opcodes()
    except _OverBudget:
        return _whole(a, b), True
    finally:
        work.settle(part)
    pieces: list[tuple[Op, str]] = []
    simplified = False
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            pieces.append((EQUAL, "".join(keys_a[i1:i2])))
            continue
        ra = a[starts_a[i1] : ends_a[i2 - 1]] if i2 > i1 else []
        rb = b[starts_b[j1] : ends_b[j2 - 1]] if j2 > j1 else []
        words = _words(ra, rb, work, 0.25) if len(ra) + len(rb) <= MAX_WORD_TOKENS else None
        if words is None:
            words, simplified = _whole(ra, rb), True
        pieces.extend(words)
    return pieces, simplified


def _text_diff(old: str, new: str) -> list[tuple[Op, str]]:
    """The coarsest diff, for when even reading the texts word by word is over budget: the
    common beginning and end (at word boundaries) equal, the rest deleted and inserted.
    Linear, at the speed of string comparison."""
    limit = min(len(old), len(new))
    low, high = 0, limit  # the common prefix is at least `low` and at most `high` long
    while low < high:
        mid = (low + high + 1) // 2
        if old[low:mid] == new[low:mid]:
            low = mid
        else:
            high = mid - 1
    prefix = low
    while 0 < prefix < limit and not old[prefix - 1].isspace():
        prefix -= 1
    low, high = 0, limit - prefix
    while low < high:
        mid = (low + high + 1) // 2
        if old[len(old) - mid : len(old) - low] == new[len(new) - mid : len(new) - low]:
            low = mid
        else:
            high = mid - 1
    suffix = low
    while 0 < suffix < limit - prefix and not old[len(old) - suffix].isspace():
        suffix -= 1
    return [
        (EQUAL, old[:prefix]),
        (DELETE, old[prefix : len(old) - suffix]),
        (INSERT, new[prefix : len(new) - suffix]),
        (EQUAL, old[len(old) - suffix :]),
    ]


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
    """Escaped text with deletions in <del> and insertions in <ins>; newlines as <br>; a
    simplified diff (see DiffOps) starts with a note saying so.

    Every piece of text is escaped here, so the result is safe to output as is."""
    out: list[str] = []
    if getattr(ops, "simplified", False):
        out.append(f'<span class="diff-simplified">{_html_text(localize(SIMPLIFIED_NOTE))}</span> ')
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


def diff_html(
    old: str, new: str, *, markup: bool = True, budget: DiffBudget | None = None
) -> SafeDiffHtml:
    """Shortcut: `render_diff_html(word_diff(old, new, markup=markup, budget=budget))`."""
    return render_diff_html(word_diff(old, new, markup=markup, budget=budget))
