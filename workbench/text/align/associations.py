"""Word associations learned from the document pair itself, for the second pass.

Between English and Japanese, Arabic or Polish few words are shared or near-identical, so a
paragraph without numbers, names or identifiers can only be placed by its length and its
neighbours; in an excerpt its neighbours say little. But the first pass's links are mostly
right, and across them the same source word keeps meeting the same target word ("file" and
"ファイル", "user" and "مستخدم"). Counting that (Dice's coefficient over the linked pairs,
then competitive linking: each word keeps its single best partner, both ways) gives a small
bilingual word list of this document, which becomes shared features like a glossary's
(`ASSOC` class, its survival rate learned like any other class in `weights.calibrate`).

Tokens: words casefolded and cut to a stem-like prefix (inflected languages: Polish
"pliku"/"plików", Arabic with the article stripped); runs of Han or kana as overlapping
character pairs (no spaces to split words on); Hangul words by their first two syllables
(particles are attached at the end).

Bounded: at most `_MAX_TOKENS` distinct tokens per paragraph and `_MAX_PAIR_WORK` co-occurrence
increments over the whole document (links are sampled evenly beyond that).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .evidence import ASSOC, ParagraphEvidence
from .vocabulary import Vocabulary

_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_HAN_KANA_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]+")
_ARABIC_PREFIX_RE = re.compile(r"^(?:وال|بال|فال|كال|لل|ال)(?=\w{2})")
_STEM = 5  # characters of a word kept as its stem
_MAX_TOKENS = 200  # distinct tokens kept per paragraph
_MAX_PAIR_WORK = 600_000  # co-occurrence increments over the document
_MIN_TOGETHER = 3  # linked pairs that must show the two words together
_MIN_DICE = 0.6
# A word in more than this share of the linked pairs is too common to tell links apart.
_MAX_LINK_SHARE = 0.25
_STOP = frozenset(
    "the and for that with this from are was were which not but all can has have had its "
    "one will you your into than then there their them they when what who how also only "
    "may any each other some such more most these those been being does did our out use".split()
)


def paragraph_tokens(plain: str) -> frozenset[str]:
    """The association tokens of one paragraph's plain text (see the module docstring)."""
    out: set[str] = set()
    for run in _HAN_KANA_RE.findall(plain):
        if len(run) == 1:
            out.add(run)
        else:
            out.update(run[k : k + 2] for k in range(len(run) - 1))
    for run in _HANGUL_RE.findall(plain):
        out.add(run[:2])
    for word in _WORD_RE.findall(plain):
        if _HAN_KANA_RE.match(word) or _HANGUL_RE.match(word):
            continue
        word = word.casefold()
        if word in _STOP:
            continue
        word = _ARABIC_PREFIX_RE.sub("", word)
        out.add(word[:_STEM])
        if len(out) >= 4 * _MAX_TOKENS:
            break
    if len(out) > _MAX_TOKENS:
        out = set(sorted(out)[:_MAX_TOKENS])
    return frozenset(out)


def learn(
    source_tokens: Sequence[frozenset[str]],
    target_tokens: Sequence[frozenset[str]],
    links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
) -> list[tuple[str, str]]:
    """(source token, target token) pairs that keep occurring in the same links."""
    pairs = [
        (
            frozenset().union(*(source_tokens[i] for i in s)),
            frozenset().union(*(target_tokens[j] for j in t)),
        )
        for s, t in links
        if s and t
    ]
    if len(pairs) < _MIN_TOGETHER:
        return []
    work = sum(len(s) * len(t) for s, t in pairs)
    if work > _MAX_PAIR_WORK:  # sample evenly: the statistics, not every link, are needed
        step = work / _MAX_PAIR_WORK
        pairs = [pairs[int(k * step)] for k in range(int(len(pairs) / step))]
    count_s: Counter[str] = Counter(w for s, _ in pairs for w in s)
    count_t: Counter[str] = Counter(w for _, t in pairs for w in t)
    cap = max(_MIN_TOGETHER, int(_MAX_LINK_SHARE * len(pairs)))
    together: Counter[tuple[str, str]] = Counter()
    for s, t in pairs:
        s_ok = [w for w in s if _MIN_TOGETHER <= count_s[w] <= cap]
        t_ok = [w for w in t if _MIN_TOGETHER <= count_t[w] <= cap]
        together.update((a, b) for a in s_ok for b in t_ok)
    scored = []
    for (a, b), n in together.items():
        if n < _MIN_TOGETHER or a == b:  # identical tokens are shared features already
            continue
        dice = 2.0 * n / (count_s[a] + count_t[b])
        if dice >= _MIN_DICE:
            scored.append((dice, n, a, b))
    scored.sort(reverse=True)
    used_s: set[str] = set()
    used_t: set[str] = set()
    out = []
    for _dice, _n, a, b in scored:  # competitive linking: one partner each, best first
        if a in used_s or b in used_t:
            continue
        used_s.add(a)
        used_t.add(b)
        out.append((a, b))
    return out


def with_associations(
    vocab: Vocabulary,
    source: Sequence[ParagraphEvidence],
    target: Sequence[ParagraphEvidence],
    links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    *,
    max_df_share: float,
) -> Vocabulary:
    """The vocabulary with one shared feature per learned association added."""
    src_tokens = [paragraph_tokens(ev.plain) for ev in source]
    tgt_tokens = [paragraph_tokens(ev.plain) for ev in target]
    learned = learn(src_tokens, tgt_tokens, links)
    if not learned:
        return vocab
    cap_s = max(4, int(max_df_share * len(source)))
    cap_t = max(4, int(max_df_share * len(target)))
    by_src = {a: k for k, (a, _) in enumerate(learned)}
    by_tgt = {b: k for k, (_, b) in enumerate(learned)}
    src_hits = [[by_src[w] for w in toks if w in by_src] for toks in src_tokens]
    tgt_hits = [[by_tgt[w] for w in toks if w in by_tgt] for toks in tgt_tokens]
    df_s = Counter(k for hits in src_hits for k in hits)
    df_t = Counter(k for hits in tgt_hits for k in hits)
    base = len(vocab.keys)
    ids: dict[int, int] = {}
    for k in range(len(learned)):
        if 0 < df_s[k] <= cap_s and 0 < df_t[k] <= cap_t:
            ids[k] = base + len(ids)
    if not ids:
        return vocab
    kept = sorted(ids, key=ids.__getitem__)
    return replace(
        vocab,
        keys=[*vocab.keys, *(f"a:{learned[k][0]}={learned[k][1]}" for k in kept)],
        classes=[*vocab.classes, *([ASSOC] * len(kept))],
        df_source=[*vocab.df_source, *(df_s[k] for k in kept)],
        df_target=[*vocab.df_target, *(df_t[k] for k in kept)],
        source_sets=[
            s | frozenset(ids[k] for k in hits if k in ids)
            for s, hits in zip(vocab.source_sets, src_hits, strict=True)
        ],
        target_sets=[
            t | frozenset(ids[k] for k in hits if k in ids)
            for t, hits in zip(vocab.target_sets, tgt_hits, strict=True)
        ],
    )
