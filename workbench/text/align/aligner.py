"""align(): two passes of banded dynamic programming over the combined evidence.

Pass 1 uses what can be known before aligning: the length ratio of the totals (of the anchor
pairs, for an excerpt of the source: see coverage.py), prior beliefs about which features
survive translation, and a band guided by anchor pairs. Pass 2 relearns
the length ratio and variance and the survival rate of each feature class from the links of
pass 1 (so English-Japanese learns that words never match but identifiers do, English-French
that cognates often do), then aligns again in a narrow band around the first path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace

from workbench.text.languages import primary_subtag

from .anchors import anchor_pairs, guide_band
from .associations import with_associations
from .banded_dp import (
    Gaps,
    align_in_band,
    band_around_path,
    gaps_of_path,
    path_states,
    posteriors,
    posteriors_gaps,
)
from .coverage import (
    PARTIAL_BELOW,
    coverage_from_ratio,
    coverage_of_links,
    null_source_cost,
    paragraph_ratio,
)
from .dictionaries import PairDictionary, for_pair
from .evidence import ParagraphEvidence, extract_all
from .length import LengthModel, fit_local, fit_model, initial_model, short_lengths_by_words
from .links import Alignment, Link, Quality
from .scoring import LinkScorer, Priors
from .vocabulary import MAX_DF_SHARE, MAX_DF_SHARE_EXCERPT, Vocabulary, build_vocabulary
from .weights import KeepRates, absent_penalties, calibrate, end_agreement, feature_weights

_FIRST_PASS_WIDTH = 3  # base half-width of the band around the anchor guide
_SECOND_PASS_WIDTH = 2  # around the first pass's path
# Link scores are read as log-probabilities for the posteriors, divided by this temperature.
# Measured on align-dev, tests/data/align and the long generated documents (8,200 links),
# 1.0 is calibrated: links at confidence >= 0.95 are right 99.6-100% of the time, at 0.8-0.95
# about 95%, at 0.5-0.8 about 73%; ranking errors first, AUC 0.98 (linked) and 0.90 (unmatched).
_TEMPERATURE = 1.0
# An excerpt (see coverage.py) translates what it keeps: a target paragraph left unmatched
# costs more there than in a whole translation, which may add notes of its own.
_NULL_TARGET_PARTIAL = -6.0
# An excerpt's omissions as runs (banded_dp.Gaps): pseudo-counts of the coverage's omission
# rate behind the counts of the path (1-16 all gave 0.947-0.949 on the partial cases), and
# the cheapest an omission may be (as null_source_cost: never a reward)
_GAP_STRENGTH = 4.0
_CHEAPEST_GAP = -1.0
_LOCAL_RATIO = True  # let the length ratio drift along the document (see length.fit_local)
# Paragraphs (both sides) up to which word associations are learned (associations.py), and
# learned again from the second pass's links (a third DP). A book does without: its numbers,
# names and identifiers place it (on the 10,000-paragraph generated book associations cost
# 0.2-2 s of CPU and moved F1 by -0.001), and an excerpt or a short text is where they help.
_ASSOC_UP_TO = 4000
# ... and where the first pass's links mostly share nothing else: where most links share a
# number, name or cognate (English-German: 84% on the generated long-de) the associations
# only add noise (long-de F1 0.991 -> 0.988 with them; long-ja, 49% anchored, 0.978 -> 0.985).
# An excerpt always learns them (its links are few and its position says little).
_ASSOC_BELOW = 0.75
_DICTIONARIES = True  # bilingual dictionaries where installed (dictionaries.py; tests turn off)
_PARALLEL_FROM = 4000  # distinct paragraphs (both sides): below this a second process costs more

# Typical characters of translation per English character, for the "is this a translation at
# all" verdict only (the alignment itself learns the ratio from the texts).
_TYPICAL_LENGTH = {
    "en": 1.0,
    "fr": 1.15,
    "es": 1.12,
    "pt": 1.1,
    "it": 1.1,
    "ca": 1.12,
    "ro": 1.1,
    "de": 1.15,
    "nl": 1.12,
    "sv": 1.0,
    "da": 1.0,
    "no": 1.0,
    "nb": 1.0,
    "fi": 1.05,
    "pl": 1.1,
    "cs": 1.0,
    "sk": 1.0,
    "sl": 1.0,
    "hr": 1.0,
    "sr": 1.0,
    "ru": 1.1,
    "uk": 1.1,
    "bg": 1.1,
    "el": 1.15,
    "tr": 1.05,
    "hu": 1.1,
    "id": 1.1,
    "vi": 1.1,
    "ja": 0.45,
    "zh": 0.32,
    "ko": 0.5,
    "ar": 0.95,
    "he": 0.8,
    "fa": 0.95,
    "hi": 1.0,
}


def align(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    source_kinds: Sequence[str] | None = None,
    target_kinds: Sequence[str] | None = None,
    glossary: Iterable[tuple[str, str]] | dict[str, str] | None = None,
    memory: Iterable[tuple[str, str]] | dict[str, str] | None = None,
    priors: Priors | None = None,
    parallel: bool = False,
) -> Alignment:
    """Align two documents given as paragraphs (inline markup allowed).

    kinds: records.KIND_* per paragraph, when the importer knows them (headings pair with
    headings); glossary and memory: (source, target) pairs or a dict source -> target.
    Returns links in document order covering every paragraph of both sides exactly once.
    """
    n, m = len(source), len(target)
    if source_kinds is not None and len(source_kinds) != n:
        raise ValueError("source_kinds must have one kind per source paragraph")
    if target_kinds is not None and len(target_kinds) != m:
        raise ValueError("target_kinds must have one kind per target paragraph")
    if n == 0 or m == 0:
        links = [Link((i,), (), 1.0) for i in range(n)] + [Link((), (j,), 1.0) for j in range(m)]
        quality = Quality(null_rate=1.0 if n or m else 0.0, looks_unrelated=bool(n or m))
        return Alignment(links, n, m, quality)
    priors = priors or Priors()
    if isinstance(glossary, dict):
        glossary = list(glossary.items())
    if isinstance(memory, dict):
        memory = list(memory.items())

    src_ev, tgt_ev = _evidence(source, target, source_kinds, target_kinds, parallel)
    # a heading into Chinese, Japanese or Korean is as long as its words, not its letters
    by_words = short_lengths_by_words(
        [ev.plain for ev in src_ev],
        [ev.plain for ev in tgt_ev],
        _typical_ratio(source_lang, target_lang),
    )
    if by_words:
        # (no cut inside one or two words: its offsets would not fit the new length)
        src_ev = [
            replace(ev, length=by_words[k], boundaries=(), boundary_ends=())
            if k in by_words
            else ev
            for k, ev in enumerate(src_ev)
        ]
    src_len = [ev.length for ev in src_ev]
    tgt_len = [ev.length for ev in tgt_ev]
    src_ends = [ev.end for ev in src_ev]
    tgt_ends = [ev.end for ev in tgt_ev]
    excerpt = m < PARTIAL_BELOW * n
    # an excerpt reads the pair's bilingual dictionary (dictionaries.py) from the start: its
    # paragraphs have many places to go and their words tell them apart
    vocab = build_vocabulary(
        src_ev,
        tgt_ev,
        glossary,
        memory,
        excerpt=excerpt,
        # (up to _ASSOC_UP_TO paragraphs, as the associations: a dictionary's words fill each
        # paragraph's features, and an excerpt of a 10,000-paragraph book took 7.4 -> 11.2 s)
        dictionary=_dictionary(source_lang, target_lang)
        if excerpt and n + m <= _ASSOC_UP_TO
        else None,
    )

    # pass 1: priors, totals, anchor-guided band
    weights = feature_weights(vocab, KeepRates.prior())
    anchors = anchor_pairs(weights.source_sets, weights.target_sets, weights.gain, src_len, tgt_len)
    # an excerpt of the source (see coverage.py): the ratio of the totals would make every
    # target paragraph swallow several source ones; the anchors' ratio does not
    ratio = paragraph_ratio(anchors, src_len, tgt_len, _typical_ratio(source_lang, target_lang))
    coverage = coverage_from_ratio(ratio, src_len, tgt_len)
    # both the characters and the paragraph counts must say so: a document mixing languages
    # (or code and prose) has no single ratio, and its estimate alone can be far off
    partial = ratio is not None and coverage < PARTIAL_BELOW and m < PARTIAL_BELOW * n
    first_priors = priors
    if partial and ratio is not None:
        model = initial_model(src_len, tgt_len, ratio)
        first_priors = replace(
            priors, null=null_source_cost(coverage, priors.null), null_target=_NULL_TARGET_PARTIAL
        )
    else:
        model = initial_model(src_len, tgt_len)
    ends = end_agreement(src_ends, tgt_ends)
    scorer = LinkScorer(src_ev, tgt_ev, weights, ends, model, first_priors, quick=True)
    band = guide_band(anchors, n, m, _FIRST_PASS_WIDTH)
    path = align_in_band(n, m, band, scorer.cells, _FIRST_PASS_WIDTH).links

    # pass 2: relearn from pass 1, align again close to its path
    groups = [(tuple(range(i - a, i)), tuple(range(j - b, j))) for a, b, i, j in path]
    # word pairs that keep meeting across those links (associations.py): evidence where the
    # texts share no number, name or identifier
    shared_vocab = vocab
    if n + m <= _ASSOC_UP_TO and (partial or _anchored_share(vocab, groups) < _ASSOC_BELOW):
        # a whole translation only where associations are learned too: where most links share
        # a number, name or cognate, dictionary words only pull neighbours into false merges
        # (align-dev, English-French: 3 links lost from the first pass on)
        dictionary = None if excerpt else _dictionary(source_lang, target_lang)
        if dictionary is not None:
            vocab = shared_vocab = build_vocabulary(
                src_ev, tgt_ev, glossary, memory, excerpt=excerpt, dictionary=dictionary
            )
        vocab = with_associations(vocab, src_ev, tgt_ev, groups, max_df_share=_assoc_share(n, m))
    rates = calibrate(vocab, groups)
    weights = feature_weights(vocab, rates)
    model = fit_model(
        [(src_len[s[0]], tgt_len[t[0]]) for s, t in groups if len(s) == 1 and len(t) == 1],
        model,
    )
    if _LOCAL_RATIO:
        model = fit_local(groups, src_len, tgt_len, model)
    ends = end_agreement(src_ends, tgt_ends, groups)
    measured = coverage_of_links(groups, src_len)
    if partial or (measured < PARTIAL_BELOW and m < PARTIAL_BELOW * n):
        partial = True
        coverage = measured
        priors = replace(
            priors, null=null_source_cost(coverage, priors.null), null_target=_NULL_TARGET_PARTIAL
        )
    else:
        coverage = 1.0
    # an excerpt leaves the source out in runs: learned from the path like everything else
    gaps = _gaps(path, coverage) if partial else None
    # an excerpt: a source paragraph with a number or identifier the target never has was
    # most likely left out
    absent = absent_penalties(vocab, rates) if partial else None
    scorer = LinkScorer(src_ev, tgt_ev, weights, ends, model, priors, source_absent=absent)
    band = band_around_path(path_states(path), n, m, [_SECOND_PASS_WIDTH] * (n + 1))
    if vocab is not shared_vocab:
        # once more: the second pass's links are better, so are the associations they give
        path = align_in_band(n, m, band, scorer.cells, _SECOND_PASS_WIDTH, gaps=gaps).links
        groups = [(tuple(range(i - a, i)), tuple(range(j - b, j))) for a, b, i, j in path]
        vocab = with_associations(
            shared_vocab, src_ev, tgt_ev, groups, max_df_share=_assoc_share(n, m)
        )
        rates = calibrate(vocab, groups)
        weights = feature_weights(vocab, rates)
        if partial:
            gaps = _gaps(path, coverage)
            absent = absent_penalties(vocab, rates)
        scorer = LinkScorer(src_ev, tgt_ev, weights, ends, model, priors, source_absent=absent)
        band = band_around_path(path_states(path), n, m, [_SECOND_PASS_WIDTH] * (n + 1))
    result = align_in_band(
        n, m, band, scorer.cells, _SECOND_PASS_WIDTH, keep_scores=True, gaps=gaps
    )
    path = result.links
    if gaps is None:
        confidences = posteriors(n, m, result, _TEMPERATURE)
    else:
        confidences = posteriors_gaps(n, m, result, gaps, _TEMPERATURE)
    result.move_scores = None  # the biggest structure of all: let it go before the verdict

    links = [
        Link(tuple(range(i - a, i)), tuple(range(j - b, j)), round(c, 4))
        for (a, b, i, j), c in zip(path, confidences, strict=True)
    ]
    if partial:
        coverage = coverage_of_links([(link.source, link.target) for link in links], src_len)
    quality = _quality(path, links, scorer, vocab, model, source_lang, target_lang, coverage)
    return Alignment(links, n, m, quality)


def _idle_cpu() -> bool:
    """A second CPU is there and, by the load average, mostly idle: on a busy machine a
    second process only adds its start and the copying of its results."""
    if hasattr(os, "sched_getaffinity"):  # the CPUs this process may use (Linux)
        cpus = len(os.sched_getaffinity(0))
    else:
        cpus = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return cpus >= 2 and load <= cpus - 1


def _evidence(
    source: Sequence[str],
    target: Sequence[str],
    source_kinds: Sequence[str] | None,
    target_kinds: Sequence[str] | None,
    parallel: bool,
) -> tuple[list[ParagraphEvidence], list[ParagraphEvidence]]:
    """Both sides' evidence; the target's in a second process for a long document when asked
    and a second CPU is idle (reading a book's paragraphs is a quarter of its alignment).
    multiprocessing and concurrent.futures are imported only then (12 ms of every start).
    The work is the distinct paragraphs (a repeated one is read once, see extract_all): a long
    file made of few distinct paragraphs is read faster than a second process starts."""
    if (
        parallel
        and len(source) + len(target) >= _PARALLEL_FROM
        and len(set(source)) + len(set(target)) >= _PARALLEL_FROM
        and _idle_cpu()
    ):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                later = pool.submit(extract_all, target, target_kinds, look_for_notes=True)
                src_ev = extract_all(source, source_kinds)
                return src_ev, later.result()
    return extract_all(source, source_kinds), extract_all(target, target_kinds, look_for_notes=True)


def _quality(
    path: list[tuple[int, int, int, int]],
    links: list[Link],
    scorer: LinkScorer,
    vocab: Vocabulary,
    model: LengthModel,
    source_lang: str,
    target_lang: str,
    coverage: float,
) -> Quality:
    """The verdict for "this file is not a translation of that document"."""
    # learned associations confirm the links they were learned from: not evidence of relatedness
    content = frozenset(
        f
        for f, key in enumerate(vocab.keys)
        if not key.startswith("#") and key[:2] not in ("a:", "d:")
    )
    typical = _typical_ratio(source_lang, target_lang)
    reference = LengthModel(
        ratio=typical or model.ratio,
        s2=model.s2 if typical is None else 4.0 * typical,
        tau2=0.02,
    )
    with_anchors = anchored = agreeing = linked = 0
    confidences = []
    for (a, b, i, j), link in zip(path, links, strict=True):
        if not a or not b:
            continue
        linked += 1
        confidences.append(link.score)
        s_set = scorer.src_sets[a][i] & content
        t_set = scorer.tgt_sets[b][j] & content
        if s_set or t_set:
            with_anchors += 1
            if s_set & t_set:
                anchored += 1
        ls = scorer.src_len[i] - scorer.src_len[i - a]
        lt = scorer.tgt_len[j] - scorer.tgt_len[j - b]
        if abs(reference.z(ls, lt)) < 2.5:
            agreeing += 1
    total = vocab.n_source + vocab.n_target
    unmatched = sum(len(link.source) + len(link.target) for link in links if link.is_null)
    if coverage < PARTIAL_BELOW:
        # an excerpt leaves most of the source unmatched by design: count the target only
        total = vocab.n_target
        unmatched = sum(len(link.target) for link in links if link.is_null)
    anchor_rate = anchored / with_anchors if with_anchors else 0.0
    length_agreement = agreeing / linked if linked else 0.0
    null_rate = unmatched / total if total else 0.0
    mean_evidence = sum(confidences) / len(confidences) if confidences else 0.0
    # Measured on align-dev and tests/data/align against the same sources paired with other
    # documents' targets: real translations have mean link confidence >= 0.9 and anchor rate
    # >= 0.75; unrelated pairs <= 0.65 and <= 0.5 (most far lower).
    if coverage >= PARTIAL_BELOW:
        looks_unrelated = (
            not confidences
            or mean_evidence < 0.7
            or null_rate > 0.5
            or (anchor_rate < 0.3 and length_agreement < 0.5)
        )
    else:
        # An excerpt: each of its paragraphs had many places to go, so its links are less
        # certain and the lengths agree whatever the file (the aligner chose the sources that
        # fit). The anchors decide. Measured on tests/data/align/partial against the same
        # sources paired with other cases' targets: excerpts have anchor rate >= 0.66 (and
        # mean confidence >= 0.5 where it is below 0.8), unrelated files mostly <= 0.5.
        # (A file of one or two paragraphs with a shared anchor can pass for an excerpt.)
        # Where no link has anchors at all, the shapes tell: an unrelated file gets its
        # paragraphs merged to fit the lengths, an excerpt seldom does.
        judged = with_anchors >= 1
        merged = sum(1 for a, b, _i, _j in path if a and b and (a > 1 or b > 1))
        looks_unrelated = (
            not confidences
            or null_rate > 0.5
            or (judged and (anchor_rate < 0.6 or (anchor_rate < 0.8 and mean_evidence < 0.5)))
            or (not judged and (mean_evidence < 0.2 or (linked >= 4 and merged > 0.3 * linked)))
        )
    return Quality(
        anchor_rate=round(anchor_rate, 4),
        length_agreement=round(length_agreement, 4),
        mean_evidence=round(mean_evidence, 4),
        null_rate=round(null_rate, 4),
        length_ratio=round(model.ratio, 4),
        looks_unrelated=looks_unrelated,
        coverage=round(coverage, 4),
    )


def _gaps(path: list[tuple[int, int, int, int]], coverage: float) -> Gaps:
    return gaps_of_path(path, 1.0 - coverage, _GAP_STRENGTH, _CHEAPEST_GAP)


def _anchored_share(
    vocab: Vocabulary, groups: list[tuple[tuple[int, ...], tuple[int, ...]]]
) -> float:
    """Share of the linked groups whose sides have a content feature (not a flag) in common."""
    content = frozenset(
        f for f, key in enumerate(vocab.keys) if not key.startswith("#") and key[:2] != "d:"
    )
    linked = anchored = 0
    for s, t in groups:
        if s and t:
            linked += 1
            s_set = frozenset().union(*(vocab.source_sets[i] for i in s))
            t_set = frozenset().union(*(vocab.target_sets[j] for j in t))
            if s_set & t_set & content:
                anchored += 1
    return anchored / linked if linked else 0.0


def _dictionary(source_lang: str, target_lang: str) -> PairDictionary | None:
    return for_pair(source_lang, target_lang) if _DICTIONARIES else None


def _assoc_share(n: int, m: int) -> float:
    return MAX_DF_SHARE_EXCERPT if m < PARTIAL_BELOW * n else MAX_DF_SHARE


def _typical_ratio(source_lang: str, target_lang: str) -> float | None:
    s = _TYPICAL_LENGTH.get(primary_subtag(source_lang))
    t = _TYPICAL_LENGTH.get(primary_subtag(target_lang))
    if s is None or t is None:
        return None
    return t / s
