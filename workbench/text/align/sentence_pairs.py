"""Sentence pairs inside one paragraph link, for the translation memory.

An accepted paragraph link (a unit and its translation) is one memory entry; a later
paragraph that shares only one of its sentences would not match it as a whole. So the two
sides are cut into sentences (text/sentences.py, the rule the memory's sentence lookups use
too) and aligned in order: 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1, by dynamic programming over

* the length model of the paragraph aligner (length.py), with the ratio the document's
  alignment learned (a paragraph alone has too few sentences to learn one);
* the features a sentence carries that survive translation (evidence.py): numbers,
  identifiers, URLs, options and footnote markers count for a pair when shared and against
  it when on a single side; shared words (names, cognates) count for it;
* how the sentences end (question, exclamation, colon, ...).

A paragraph has tens of sentences at most (MAX_SENTENCES, beyond that no pairs): the full
grid is small, no band is needed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.text import markup
from workbench.text.sentences import sentence_cuts

from .evidence import CODE, FOOTNOTE, NUM, URL, extract
from .length import LengthModel

MAX_SENTENCES = 60  # per side; a longer "paragraph" is not worth pairing sentence by sentence
MAX_CHARS = 20_000  # per side, as a bound on the work
_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
_PRIOR = {(1, 1): 0.0, (2, 1): -2.5, (1, 2): -2.5, (2, 2): -6.0}
_NULL = -4.0  # per sentence left unpaired (a translator's addition, an omission)
_SHARED = 2.0  # per shared telling feature (a number, an identifier, a name ...)
_MISSING = -0.7  # per telling feature on one side only
_WORD_SHARED = 0.7  # per shared word (cognates and names in scripts that share letters)
_END_AGREES = 0.6  # both end with the same mark (?, !, :)
# Names are words here: German capitalises every noun, and a paragraph has too few sentences
# to learn, as the paragraph aligner does, how often a class of feature survives.
_TELLING = frozenset({NUM, CODE, URL, FOOTNOTE})
_NEG = float("-inf")
# text/sentences.py cuts only after one of these: a paragraph with none before its last
# character is one sentence, found without its character-by-character scan
_ENDERS_RE = re.compile(r"[.!?…。！？]")


@dataclass(frozen=True, slots=True)
class SentencePair:
    source: tuple[int, ...]  # sentence indexes, consecutive
    target: tuple[int, ...]


def split_sentences(text: str) -> list[str]:
    """The sentences of stored inline markup, each balanced markup (cut outside elements)."""
    pieces = []
    start = 0
    for offset, _visible in [*sentence_cuts(text), (len(text), 0)]:
        piece = markup.sanitize_inline(text[start:offset]).strip()
        if piece:
            pieces.append(piece)
        start = offset
    return pieces


def _features(sentence: str) -> tuple[frozenset[str], frozenset[str], str]:
    ev = extract(sentence)
    telling = frozenset(k for k, c in ev.features.items() if c in _TELLING)
    words = frozenset(k for k in ev.features if k.startswith("w:") and k not in telling)
    tail = ev.plain.rstrip(" \"'”’»)")
    return telling, words, tail[-1:] if tail[-1:] in "?!:" else ""


def align_sentences(
    source: Sequence[str], target: Sequence[str], length_ratio: float
) -> list[SentencePair]:
    """Links covering both lists of sentences in order (empty sides for unpaired ones)."""
    n, m = len(source), len(target)
    if not n or not m:
        return [SentencePair((i,), ()) for i in range(n)] + [
            SentencePair((), (j,)) for j in range(m)
        ]
    ratio = min(max(length_ratio, 0.05), 20.0)
    model = LengthModel(ratio=ratio, s2=4.0 * ratio, tau2=0.02)
    src = [_features(s) for s in source]
    tgt = [_features(t) for t in target]
    src_len = [0]
    for s in source:
        src_len.append(src_len[-1] + len(markup.to_plain(s)))
    tgt_len = [0]
    for t in target:
        tgt_len.append(tgt_len[-1] + len(markup.to_plain(t)))

    def group(feats: list, lo: int, hi: int) -> tuple[frozenset[str], frozenset[str], str]:
        if hi - lo == 1:
            return feats[lo]
        telling = frozenset().union(*(f[0] for f in feats[lo:hi]))
        words = frozenset().union(*(f[1] for f in feats[lo:hi]))
        return telling, words, feats[hi - 1][2]

    def score(a: int, b: int, i: int, j: int) -> float:
        if a == 0 or b == 0:
            return _NULL
        s_tell, s_words, s_end = group(src, i - a, i)
        t_tell, t_words, t_end = group(tgt, j - b, j)
        shared = len(s_tell & t_tell)
        value = _PRIOR[(a, b)] + model.log_score(
            src_len[i] - src_len[i - a], tgt_len[j] - tgt_len[j - b]
        )
        value += _SHARED * shared + _MISSING * (len(s_tell) + len(t_tell) - 2 * shared)
        value += _WORD_SHARED * len(s_words & t_words)
        if s_end and s_end == t_end:
            value += _END_AGREES
        return value

    best = [[_NEG] * (m + 1) for _ in range(n + 1)]
    back = [[-1] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for k, (a, b) in enumerate(_MOVES):
                if a > i or b > j or best[i - a][j - b] == _NEG:
                    continue
                value = best[i - a][j - b] + score(a, b, i, j)
                if value > best[i][j]:
                    best[i][j], back[i][j] = value, k
    links: list[SentencePair] = []
    i, j = n, m
    while i or j:
        a, b = _MOVES[back[i][j]]
        links.append(SentencePair(tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    links.reverse()
    return links


def sentence_pairs(source: str, target: str, length_ratio: float) -> list[tuple[str, str]]:
    """(source sentences, target sentences) of one paragraph link, as markup, for the memory:
    only where a side has more than one sentence (the paragraph is an entry of its own
    already), only pairs with both sides, none for overlong paragraphs."""
    if len(source) > MAX_CHARS or len(target) > MAX_CHARS:
        return []
    if not any(_ENDERS_RE.search(text, 0, len(text.rstrip()) - 1) for text in (source, target)):
        return []
    src = split_sentences(source)
    tgt = split_sentences(target)
    if len(src) <= 1 and len(tgt) <= 1:
        return []
    if len(src) > MAX_SENTENCES or len(tgt) > MAX_SENTENCES:
        return []
    pairs = []
    for link in align_sentences(src, tgt, length_ratio):
        if link.source and link.target:
            pairs.append(
                (" ".join(src[i] for i in link.source), " ".join(tgt[j] for j in link.target))
            )
    return pairs
