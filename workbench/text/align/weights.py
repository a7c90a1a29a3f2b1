"""How much a shared (or missing) feature says about two paragraphs being translations.

A naive-Bayes log-likelihood ratio between "these paragraphs translate each other" and "these
are two unrelated paragraphs of the documents", per feature f of class c:

* p(c): the chance that f, present on one side of a true link, is also on the other
  ("survives translation": high for numbers and identifiers, lower for words, close to zero
  for words between English and Japanese). Learned from the pair of texts: a prior for the
  first pass, then counted on the links of that pass (`calibrate`).
* q(f): the chance that a random paragraph of the other side has f (its document frequency).

A feature on both sides of a link scores log(p / q): rare and reliable features score most.
A feature on one side only scores log((1 - p) / (1 - q)), a penalty when it should have
survived. Both directions are averaged, so the score is symmetric. A link's anchor score is

    sum over features of S of pen_s + sum over features of T of pen_t
      + sum over features shared by S and T of gain      (gain = log(p/q) terms - penalties)

which lets the dynamic programming add per-paragraph penalties and look up shared gains.
Features whose gain is not positive (p below q: they are not more frequent in translations
than by chance) are dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .evidence import (
    ASSOC,
    CODE,
    DICT,
    END_CLASSES,
    FLAG_CAPS,
    FLAG_COLON,
    FLAG_COMMA,
    FLAG_DASH,
    FLAG_DIGIT,
    FLAG_ELLIPSIS,
    FLAG_EXCLAMATION,
    FLAG_HEADING,
    FLAG_LIST,
    FLAG_PAREN,
    FLAG_PLACEHOLDER,
    FLAG_QUESTION,
    FLAG_QUOTE,
    FLAG_SYMBOL,
    FOOTNOTE,
    GLOSSARY,
    KIND,
    LOAN,
    MEMORY,
    NAME,
    NEAR,
    NUM,
    URL,
    WORD,
)
from .vocabulary import Vocabulary

# First-pass beliefs about survival through translation, before anything is counted.
PRIOR_KEEP: dict[str, float] = {
    NUM: 0.8,
    CODE: 0.8,
    URL: 0.9,
    FOOTNOTE: 0.8,
    NAME: 0.6,
    WORD: 0.3,
    NEAR: 0.4,
    GLOSSARY: 0.7,
    MEMORY: 0.9,
    KIND: 0.8,
    ASSOC: 0.5,
    LOAN: 0.5,
    DICT: 0.4,
    FLAG_HEADING: 0.8,
    FLAG_QUESTION: 0.6,
    FLAG_EXCLAMATION: 0.5,
    FLAG_QUOTE: 0.5,
    FLAG_PAREN: 0.6,
    FLAG_LIST: 0.7,
    FLAG_ELLIPSIS: 0.5,
    FLAG_PLACEHOLDER: 0.9,
    FLAG_SYMBOL: 0.6,  # 0.7 let an unrelated file of the same kind pass for an excerpt
    FLAG_CAPS: 0.6,
    FLAG_COLON: 0.6,
    FLAG_DASH: 0.6,
    FLAG_DIGIT: 0.7,
    FLAG_COMMA: 0.6,
}
# Dictionary features (dictionaries.py) count for this share of their naive-Bayes score
DICT_SCALE = 0.3
_PRIOR_STRENGTH = 6.0  # pseudo-counts: how many observed features the prior is worth
_P_RANGE = (0.02, 0.97)


@dataclass(frozen=True, slots=True)
class KeepRates:
    """p(c) per class, from source to target and from target to source."""

    source: dict[str, float]
    target: dict[str, float]

    @classmethod
    def prior(cls) -> KeepRates:
        return cls(dict(PRIOR_KEEP), dict(PRIOR_KEEP))


@dataclass(frozen=True, slots=True)
class FeatureWeights:
    gain: list[float]  # feature id -> extra score when shared (0 for dropped features)
    pen_source: list[float]  # feature id -> score when on the source side only (<= 0)
    pen_target: list[float]
    source_sets: list[frozenset[int]]  # the vocabulary's sets without dropped features
    target_sets: list[frozenset[int]]


def _clamp(p: float) -> float:
    return min(max(p, _P_RANGE[0]), _P_RANGE[1])


def feature_weights(vocab: Vocabulary, rates: KeepRates) -> FeatureWeights:
    n_s, n_t = max(vocab.n_source, 1), max(vocab.n_target, 1)
    gain: list[float] = []
    pen_s: list[float] = []
    pen_t: list[float] = []
    for cls, df_s, df_t in zip(vocab.classes, vocab.df_source, vocab.df_target, strict=True):
        p_s = _clamp(rates.source.get(cls, 0.5))
        p_t = _clamp(rates.target.get(cls, 0.5))
        q_t = min((df_t + 0.5) / (n_t + 1.0), 0.9)
        q_s = min((df_s + 0.5) / (n_s + 1.0), 0.9)
        share = 0.5 * (math.log(p_s / q_t) + math.log(p_t / q_s))
        miss_s = 0.5 * math.log((1.0 - p_s) / (1.0 - q_t))
        miss_t = 0.5 * math.log((1.0 - p_t) / (1.0 - q_s))
        g = share - miss_s - miss_t
        if cls == DICT:  # many per paragraph and correlated with each other (and the words)
            share, miss_s, miss_t, g = (DICT_SCALE * x for x in (share, miss_s, miss_t, g))
        if g <= 0.0 or share <= 0.0:
            gain.append(0.0)
            pen_s.append(0.0)
            pen_t.append(0.0)
        else:
            gain.append(g)
            pen_s.append(min(miss_s, 0.0))
            pen_t.append(min(miss_t, 0.0))

    def keep(sets: list[frozenset[int]]) -> list[frozenset[int]]:
        return [frozenset(f for f in s if gain[f] > 0.0) for s in sets]

    return FeatureWeights(gain, pen_s, pen_t, keep(vocab.source_sets), keep(vocab.target_sets))


def absent_penalties(vocab: Vocabulary, rates: KeepRates) -> list[float] | None:
    """Per source paragraph of an excerpt, the score of linking it at all given the reliable
    features it holds and the target has nowhere (vocab.absent_source): each was lost in
    translation if the paragraph is linked, log(1 - p(c)), halved as every penalty here is
    (both directions are averaged, and the target's has nothing to say). Leaving the
    paragraph out costs nothing more. None for a whole translation."""
    if vocab.absent_source is None:
        return None
    lost = {c: 0.5 * math.log(1.0 - _clamp(rates.source.get(c, 0.5))) for c in PRIOR_KEEP}
    return [sum([lost[c] for c in classes]) for classes in vocab.absent_source]


def calibrate(
    vocab: Vocabulary, links: Iterable[tuple[tuple[int, ...], tuple[int, ...]]]
) -> KeepRates:
    """Count, on the links of a first pass, how often each class of feature survived."""
    seen_s: dict[str, float] = {}
    kept_s: dict[str, float] = {}
    seen_t: dict[str, float] = {}
    kept_t: dict[str, float] = {}
    classes = vocab.classes
    for src, tgt in links:
        if not src or not tgt:
            continue
        s_set = frozenset().union(*(vocab.source_sets[i] for i in src))
        t_set = frozenset().union(*(vocab.target_sets[j] for j in tgt))
        for f in s_set:
            c = classes[f]
            seen_s[c] = seen_s.get(c, 0.0) + 1.0
            if f in t_set:
                kept_s[c] = kept_s.get(c, 0.0) + 1.0
        for f in t_set:
            c = classes[f]
            seen_t[c] = seen_t.get(c, 0.0) + 1.0
            if f in s_set:
                kept_t[c] = kept_t.get(c, 0.0) + 1.0

    def rates(seen: dict[str, float], kept: dict[str, float]) -> dict[str, float]:
        out = {}
        for c, prior in PRIOR_KEEP.items():
            n = seen.get(c, 0.0)
            out[c] = (kept.get(c, 0.0) + _PRIOR_STRENGTH * prior) / (n + _PRIOR_STRENGTH)
        return out

    return KeepRates(rates(seen_s, kept_s), rates(seen_t, kept_t))


# How often a paragraph's end class (full stop, colon, none, ...) survives translation, before
# anything is counted; the agreement table is then learned like the feature weights.
_PRIOR_END_KEEP = 0.8


def end_agreement(
    source_ends: Sequence[int],
    target_ends: Sequence[int],
    links: Iterable[tuple[tuple[int, ...], tuple[int, ...]]] | None = None,
) -> list[list[float]]:
    """table[cs][ct]: log-likelihood ratio of a link whose source group ends with class cs and
    target group with class ct (the end of a group is the end of its last paragraph).

    Same naive-Bayes reasoning as the features: keeping class c has probability k(c) in a
    translation and q(c) between random paragraphs; both directions averaged.
    """
    size = len(END_CLASSES)
    q_s = [0.5] * size
    q_t = [0.5] * size
    for c in source_ends:
        q_s[c] += 1
    for c in target_ends:
        q_t[c] += 1
    q_s = [x / (len(source_ends) + 0.5 * size) for x in q_s]
    q_t = [x / (len(target_ends) + 0.5 * size) for x in q_t]
    seen_s = [0.0] * size
    kept_s = [0.0] * size
    seen_t = [0.0] * size
    kept_t = [0.0] * size
    for src, tgt in links or ():
        if src and tgt:
            cs, ct = source_ends[src[-1]], target_ends[tgt[-1]]
            seen_s[cs] += 1
            seen_t[ct] += 1
            if cs == ct:
                kept_s[cs] += 1
                kept_t[ct] += 1
    k_s = [
        _clamp((kept_s[c] + _PRIOR_STRENGTH * _PRIOR_END_KEEP) / (seen_s[c] + _PRIOR_STRENGTH))
        for c in range(size)
    ]
    k_t = [
        _clamp((kept_t[c] + _PRIOR_STRENGTH * _PRIOR_END_KEEP) / (seen_t[c] + _PRIOR_STRENGTH))
        for c in range(size)
    ]
    table = [[0.0] * size for _ in range(size)]
    for cs in range(size):
        for ct in range(size):
            if cs == ct:
                fwd = math.log(k_s[cs] / q_t[ct])
                bwd = math.log(k_t[ct] / q_s[cs])
            else:
                fwd = math.log((1.0 - k_s[cs]) / (1.0 - q_t[cs]))
                bwd = math.log((1.0 - k_t[ct]) / (1.0 - q_s[ct]))
            table[cs][ct] = 0.5 * (fwd + bwd)
    return table
