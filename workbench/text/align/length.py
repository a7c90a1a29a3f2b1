"""The length model: how long a translation of a run of paragraphs is expected to be.

Gale and Church's observation, kept: the length of a translation is proportional to the length
of its source, with a variance that grows with the length. What changes here:

* the ratio is learned from the pair of texts itself (first from the totals, then from the
  confident 1-1 links of a first pass), so English-Japanese (about 0.4 target characters a
  source character) works as well as English-French (about 1.15);
* the variance has a per-character part (Gale-Church's s2) and a relative part (tau2), both
  fitted on the links of the first pass: long paragraphs do not get unrealistically tight;
* the score is the log-density of a Student-t, not a Gaussian, so one odd paragraph (a code
  sample left untranslated, a condensed sentence) costs a bounded amount instead of
  outweighing every other piece of evidence.

Lengths are in characters of the plain text (see evidence.plain_text); the variance is in
target characters squared, so a single model serves every script.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

# Per-character variance in source characters (Gale-Church measured 6.8 on parliamentary
# French/German; technical prose with untranslated identifiers is tighter).
_S2_PER_SOURCE_CHAR = 4.0
_TAU2 = 0.012  # relative standard deviation of about 0.11 on long paragraphs
_NU = 3.0  # Student-t degrees of freedom: heavy enough tails for odd paragraphs
_LOCAL_WINDOW = 40  # links on either side that set the local ratio
# A phrase of one or two words (a heading, a label: "SYNOPSIS", "DESCRIPTION", "SEE ALSO")
# translated into Chinese, Japanese or Korean takes about two characters a word ("書式",
# "説明", "関連項目"), whatever the length of the English words. Counted in letters, the length
# model wants "NAME" for "書式" and "SYNOPSIS" for "説明", one heading too early; counted in
# words, they all weigh the same and the rest of the evidence chooses.
_SHORT_WORDS = 2  # up to this many words (3 cost a link of the whole translations)
_CJK_CHARS_PER_WORD = 2.0  # 1.5-3 gave the same links on the excerpts, 4 fewer
_CJK_TARGET_SHARE = 0.3  # share of the target's characters in Han, kana or Hangul
_SHARE_SAMPLE = 500  # paragraphs of the target that tell the share
_WORD_RE = re.compile(r"[^\W_]+")
_CJK_RUN_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")


@dataclass(frozen=True, slots=True)
class LengthModel:
    ratio: float  # target characters per source character
    s2: float  # variance per target character
    tau2: float  # variance per squared target character
    nu: float = _NU
    # optional drift of the ratio along the document: local[i] multiplies the ratio for links
    # ending at source index i (code-heavy chapters translate longer than prose, ...)
    local: tuple[float, ...] | None = None

    def at(self, i: int) -> LengthModel:
        """The model for links ending at source index i."""
        if self.local is None:
            return self
        return LengthModel(self.ratio * self.local[i], self.s2, self.tau2, self.nu)

    def variance(self, source_chars: float, target_chars: float) -> float:
        mean = 0.5 * (self.ratio * source_chars + target_chars) + 1.0
        return self.s2 * mean + self.tau2 * mean * mean

    def log_score(self, source_chars: float, target_chars: float) -> float:
        """Log-likelihood (up to a constant) that these lengths translate each other; <= 0."""
        diff = target_chars - self.ratio * source_chars
        z2 = diff * diff / self.variance(source_chars, target_chars)
        return -0.5 * (self.nu + 1.0) * math.log1p(z2 / self.nu)

    def z(self, source_chars: float, target_chars: float) -> float:
        """Standardised length difference, for reporting and the quality verdict."""
        diff = target_chars - self.ratio * source_chars
        return diff / math.sqrt(self.variance(source_chars, target_chars))


def short_lengths_by_words(
    source: Sequence[str], target: Sequence[str], typical_ratio: float | None
) -> dict[int, int]:
    """For a translation into Chinese, Japanese or Korean (by the share of the target's
    characters, not by its language tag): the source paragraphs of at most `_SHORT_WORDS`
    words with the length they count for, in source characters, by their words
    (`_CJK_CHARS_PER_WORD` target characters a word at the language pair's typical ratio).
    Plain texts in; index -> length out, empty where nothing changes."""
    if not typical_ratio:
        return {}
    # the share, from every k-th paragraph of a long target (a book's is 10 ms of regex)
    sample = target[:: max(1, len(target) // _SHARE_SAMPLE)]
    total = sum(len(text) for text in sample)
    if not total or _cjk_chars(sample) < _CJK_TARGET_SHARE * total:
        return {}
    per_word = _CJK_CHARS_PER_WORD / typical_ratio
    out: dict[int, int] = {}
    for k, text in enumerate(source):
        if len(text) > 40 or _CJK_RUN_RE.search(text):
            continue
        words = len(_WORD_RE.findall(text))
        if 0 < words <= _SHORT_WORDS:
            out[k] = max(1, round(words * per_word))
    return out


def _cjk_chars(texts: Sequence[str]) -> int:
    return sum(map(len, _CJK_RUN_RE.findall("\n".join(texts))))


def initial_model(
    source_lengths: Sequence[int], target_lengths: Sequence[int], ratio: float | None = None
) -> LengthModel:
    """A first model from the totals alone (or a ratio known otherwise, for an excerpt of the
    source, see coverage.py): good enough to find the confident links."""
    if ratio is None:
        total_s = sum(source_lengths)
        total_t = sum(target_lengths)
        ratio = total_t / total_s if total_s and total_t else 1.0
    ratio = min(max(ratio, 0.05), 20.0)
    return LengthModel(ratio=ratio, s2=_S2_PER_SOURCE_CHAR * ratio, tau2=_TAU2)


def fit_model(pairs: Sequence[tuple[int, int]], fallback: LengthModel) -> LengthModel:
    """Refit ratio and variance on (source chars, target chars) of links believed right.

    Trimmed on both ends so a few wrong or odd links do not move the estimate; with too few
    links the fallback (from the totals) is kept.
    """
    pairs = [(s, t) for s, t in pairs if s > 0 and t > 0]
    if len(pairs) < 8:
        return fallback
    logs = sorted(math.log(t / s) for s, t in pairs)
    low, high = logs[len(logs) // 20], logs[-1 - len(logs) // 20]
    kept = [(s, t) for s, t in pairs if low <= math.log(t / s) <= high]
    ratio = sum(t for _, t in kept) / sum(s for s, _ in kept)

    # Method of moments for var = s2 * L + tau2 * L^2 on the central 90% of the residuals.
    rows = []
    for s, t in kept:
        mean = 0.5 * (ratio * s + t) + 1.0
        rows.append((mean, (t - ratio * s) ** 2))
    rows.sort(key=lambda row: row[1] / row[0])
    rows = rows[: max(8, int(len(rows) * 0.9))]
    # least squares of r2 / L = s2 + tau2 * L (dividing by L evens out the weights)
    n = len(rows)
    xs = [mean for mean, _ in rows]
    ys = [r2 / mean for mean, r2 in rows]
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    tau2 = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    tau2 = min(max(tau2, 0.004), 0.09)
    s2 = max(my - tau2 * mx, 0.5 * ratio)
    # the trimmed 10% were the worst residuals: widen a little so the model stays honest
    return LengthModel(ratio=ratio, s2=s2 * 1.25, tau2=tau2 * 1.25)


def fit_local(
    links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    model: LengthModel,
    window: int = _LOCAL_WINDOW,
) -> LengthModel:
    """Let the ratio drift along the document: for each linked stretch, the ratio of the
    `window` links on either side, relative to the global ratio, shrunk towards 1.

    A single translation keeps one ratio in the large, but a document alternating prose with
    code samples (left untranslated) or tables does not: there the global ratio is wrong by
    the same amount for a whole chapter.
    """
    pairs = [
        (sum(source_lengths[i] for i in s), sum(target_lengths[j] for j in t), s[-1] + 1)
        for s, t in links
        if s and t
    ]
    n = len(source_lengths)
    if len(pairs) < 2 * window:
        return model
    cum_s = [0]
    cum_t = [0]
    for ls, lt, _ in pairs:
        cum_s.append(cum_s[-1] + ls)
        cum_t.append(cum_t[-1] + lt)
    local = [1.0] * (n + 1)
    filled = [False] * (n + 1)
    for k, (_, _, end) in enumerate(pairs):
        lo_k, hi_k = max(0, k - window), min(len(pairs), k + window + 1)
        ls, lt = cum_s[hi_k] - cum_s[lo_k], cum_t[hi_k] - cum_t[lo_k]
        if ls <= 0 or lt <= 0:
            continue
        factor = (lt / ls) / model.ratio
        # shrink: half-way to 1 in log space, and never beyond a factor 2
        factor = min(max(math.sqrt(factor), 0.5), 2.0)
        local[end] = factor
        filled[end] = True
    # rows between linked ends (omissions, merges) take the factor of the next filled row
    current = 1.0
    for i in range(n, -1, -1):
        if filled[i]:
            current = local[i]
        else:
            local[i] = current
    return LengthModel(model.ratio, model.s2, model.tau2, model.nu, tuple(local))
