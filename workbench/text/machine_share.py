"""How much of a translation is unmodified machine output (the guard of issue 15).

The share is measured over the characters of the final text: a word (or punctuation
mark) of the final text counts as unmodified when it is part of the longest
common subsequence of tokens with the engine's suggestion (an edit-ratio measure, as
rapidfuzz computes it). Tokens rather than single characters: rewriting a sentence in
one's own words keeps many letters of the machine's, and a letter-level measure would
count those as unmodified.

Pure: no Django.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import LCSseq

_TAG = re.compile(r"<[^<>]*>")  # [^<>]: linear on a run of "<" without ">"
_TOKEN = re.compile(r"\w+|[^\w\s]")
# At or above this share a unit counts as (almost) unmodified machine output.
UNEDITED = 0.9
# Bounded work: longer texts are compared on their first tokens only (a unit is a
# paragraph; the limit is far above any real one).
MAX_TOKENS = 5000


def tokens(text: str) -> list[str]:
    """Words and punctuation marks; tags are left out (they come from the source, not from
    the engine)."""
    return _TOKEN.findall(_TAG.sub(" ", text[: MAX_TOKENS * 20]))[:MAX_TOKENS]


def unmodified_share(final: str, machine: str) -> float:
    """The share (0 to 1) of `final`'s characters (outside spaces) that are the engine's
    output `machine` unmodified. 0 for an empty text or no machine output."""
    final_tokens, machine_tokens = tokens(final), tokens(machine)
    total = sum(len(token) for token in final_tokens)
    if not total or not machine_tokens:
        return 0.0
    kept = 0
    for op in LCSseq.opcodes(final_tokens, machine_tokens):
        if op.tag == "equal":
            kept += sum(len(token) for token in final_tokens[op.src_start : op.src_end])
    return kept / total


def unedited(final: str, machine: str) -> bool:
    """Whether `final` is (almost) exactly the machine output."""
    return bool(machine) and unmodified_share(final, machine) >= UNEDITED
