"""The features both texts share, numbered, with their document frequencies.

Only a feature present on both sides can tell which paragraphs correspond; one present on a
single side says nothing about *where* its paragraph goes and is dropped. So are features too
common to point anywhere (a word in every tenth paragraph). What is left becomes small integer
sets per paragraph, which is what the dynamic programming intersects.

Three sources of features beyond `evidence.extract`:
* near-identical words (rapidfuzz): "Chiang" / "Chiangs", "organization" / "organisation",
  "function" / "fonction", matched one-to-one between words seen on one side only;
* glossary pairs: a source term and its target term become one shared feature;
* translation-memory pairs: a paragraph or sentence found in the memory on both sides.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .dictionaries import WORD_RE, PairDictionary
from .evidence import (
    CJK_RE,
    CODE,
    DICT,
    GLOSSARY,
    LOAN,
    MEMORY,
    NAME,
    NEAR,
    NUM,
    WORD,
    ParagraphEvidence,
    fold,
    plain_text,
)
from .loanwords import SkeletonIndex

# A feature in more than this share of a side's paragraphs is too common to locate anything.
MAX_DF_SHARE = 0.08
# ... unless the target is far shorter (an excerpt, see coverage.py): there a word in a fifth
# of the source still narrows down where each of the few target paragraphs goes, and there is
# little else to go by
MAX_DF_SHARE_EXCERPT = 0.2
_MIN_DF_CAP = 4
# Classes a translation keeps so reliably that, in an excerpt, a source paragraph holding one
# the target holds nowhere was most likely left out (numbers, identifiers, options: "pkill
# will send the specified signal (by default SIGTERM)" when no paragraph of the excerpt says
# SIGTERM). Names are not among them: a name is spelt another way often enough.
ABSENT_CLASSES = frozenset({NUM, CODE})
_NEAR_MIN_LEN = 5  # shorter words have too many near-identical strangers
_NEAR_CUTOFF = 80.0  # rapidfuzz normalised Indel similarity, 0..100
_SENTENCE_RE = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
_MEMORY_STRIP_RE = re.compile(r"[\W_]+")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    keys: list[str]  # feature id -> key
    classes: list[str]  # feature id -> class (see evidence.py)
    df_source: list[int]  # feature id -> number of source paragraphs that have it
    df_target: list[int]
    source_sets: list[frozenset[int]]  # paragraph -> its shared feature ids
    target_sets: list[frozenset[int]]
    n_source: int
    n_target: int
    # per source paragraph, for an excerpt: the classes (ABSENT_CLASSES) of its features that
    # no target paragraph holds, one entry a feature (see weights.absent_penalties)
    absent_source: list[tuple[str, ...]] | None = None


def build_vocabulary(
    source: Sequence[ParagraphEvidence],
    target: Sequence[ParagraphEvidence],
    glossary: Iterable[tuple[str, str]] | None = None,
    memory: Iterable[tuple[str, str]] | None = None,
    *,
    excerpt: bool = False,
    dictionary: PairDictionary | None = None,
) -> Vocabulary:
    src_feats = [dict(ev.features) for ev in source]
    tgt_feats = [dict(ev.features) for ev in target]
    if dictionary is not None:
        _add_dictionary(source, target, src_feats, tgt_feats, dictionary)
    if glossary:
        _add_glossary(source, target, src_feats, tgt_feats, list(glossary))
    if memory:
        _add_memory(source, target, src_feats, tgt_feats, list(memory))

    # katakana on one side, the English words that sound like it on the other (either way)
    katakana_s = {k[2:] for fs in src_feats for k in fs if k[:2] == "s:"}
    katakana_t = {k[2:] for fs in tgt_feats for k in fs if k[:2] == "s:"}
    _add_loanwords(source, src_feats, katakana_t)
    _add_loanwords(target, tgt_feats, katakana_s)

    df_s: Counter[str] = Counter(k for feats in src_feats for k in feats)
    df_t: Counter[str] = Counter(k for feats in tgt_feats for k in feats)
    _map_near_identical(df_s, df_t, tgt_feats)
    df_t = Counter(k for feats in tgt_feats for k in feats)

    share = MAX_DF_SHARE_EXCERPT if excerpt else MAX_DF_SHARE
    cap_s = max(_MIN_DF_CAP, int(share * len(source)))
    cap_t = max(_MIN_DF_CAP, int(share * len(target)))
    if excerpt:
        # An excerpt's few paragraphs can all hold a word that is rare in the source (the
        # name of a command of a manual page): what tells where they go is how many source
        # paragraphs it points to, so the source's cap is the one that counts.
        cap_t = max(cap_t, cap_s)

    # class of a word: NAME when most of its source occurrences look like a name
    name_votes: Counter[str] = Counter()
    for feats in src_feats:
        for key, cls in feats.items():
            if cls == NAME:
                name_votes[key] += 1
            elif cls == WORD:
                name_votes[key] -= 1

    ids: dict[str, int] = {}
    keys: list[str] = []
    classes: list[str] = []
    # glossary and memory pairs are expected on both sides: one found on a single side is
    # evidence too (against linking that paragraph), so they are kept
    one_sided = [k for k in df_t if k[:2] in ("g:", "m:") and k not in df_s]
    for key, n_s in [*df_s.items(), *((k, 0) for k in one_sided)]:
        n_t = df_t.get(key, 0)
        if not n_t and key[:2] not in ("g:", "m:"):
            continue
        if not key.startswith("#") and (n_s > cap_s or n_t > cap_t):
            continue
        ids[key] = len(keys)
        keys.append(key)
    class_of: dict[str, str] = {}
    for feats in (*src_feats, *tgt_feats):
        for key, cls in feats.items():
            if key in ids and key not in class_of:
                class_of[key] = cls
    for feats in tgt_feats:  # near-identical matches are only marked on the target side
        for key, cls in feats.items():
            if cls == NEAR and key in ids:
                class_of[key] = NEAR
    for key in keys:
        cls = class_of[key]
        if cls in (NAME, WORD):
            cls = NAME if name_votes[key] > 0 else WORD
        classes.append(cls)

    return Vocabulary(
        keys=keys,
        classes=classes,
        df_source=[df_s[k] for k in keys],
        df_target=[df_t[k] for k in keys],
        source_sets=[frozenset(ids[k] for k in feats if k in ids) for feats in src_feats],
        target_sets=[frozenset(ids[k] for k in feats if k in ids) for feats in tgt_feats],
        n_source=len(source),
        n_target=len(target),
        absent_source=_absent_from_target(src_feats, df_t) if excerpt else None,
    )


def _absent_from_target(
    src_feats: list[dict[str, str]], df_t: Counter[str]
) -> list[tuple[str, ...]]:
    """Per source paragraph, the classes of its reliable features the target never has."""
    return [
        tuple(cls for key, cls in feats.items() if cls in ABSENT_CLASSES and key not in df_t)
        for feats in src_feats
    ]


def _map_near_identical(
    df_s: Counter[str], df_t: Counter[str], tgt_feats: list[dict[str, str]]
) -> None:
    """Rename target words to the near-identical source word they most likely translate.

    Only words seen on one side and not the other take part, matched one-to-one (each must be
    the other's best match), and only within the same first letter: spelling variants of
    names and cognates nearly always keep it, and it keeps the comparisons few.
    """

    def buckets(df: Counter[str], other: Counter[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for key in df:
            if key.startswith("w:") and len(key) - 2 >= _NEAR_MIN_LEN and key not in other:
                out[key[2]].append(key[2:])
        return out

    src_buckets = buckets(df_s, df_t)
    tgt_buckets = buckets(df_t, df_s)
    mapping: dict[str, str] = {}
    for letter, src_words in src_buckets.items():
        tgt_words = tgt_buckets.get(letter)
        if not tgt_words:
            continue
        best_for_target: dict[str, tuple[float, str]] = {}
        best_for_source: dict[str, tuple[float, str]] = {}
        for word in src_words:
            hit = process.extractOne(word, tgt_words, scorer=fuzz.ratio, score_cutoff=_NEAR_CUTOFF)
            if hit is None:
                continue
            tgt_word, score = hit[0], hit[1]
            best_for_source[word] = (score, tgt_word)
            if score > best_for_target.get(tgt_word, (0.0, ""))[0]:
                best_for_target[tgt_word] = (score, word)
        for word, (_, tgt_word) in best_for_source.items():
            if best_for_target[tgt_word][1] == word:
                mapping["w:" + tgt_word] = "w:" + word
    if not mapping:
        return
    for feats in tgt_feats:
        hits = [key for key in feats if key in mapping]
        for key in hits:
            del feats[key]
            feats[mapping[key]] = NEAR


def _add_loanwords(
    side: Sequence[ParagraphEvidence],
    feats: list[dict[str, str]],
    wanted: set[str],
) -> None:
    """The English words of one side that sound like the other side's katakana words (their
    skeletons: `wanted`) get the skeleton as a feature (see loanwords.py)."""
    if not wanted:
        return
    index = SkeletonIndex(wanted)
    seen: dict[str, set[str]] = {}  # a repeated paragraph is read once
    for ev, fs in zip(side, feats, strict=True):
        found = seen.get(ev.plain)
        if found is None:
            found = seen[ev.plain] = index.of_words(_LATIN_WORD_RE.findall(ev.plain))
        for skeleton in found:
            fs["s:" + skeleton] = LOAN


def _term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = sorted({t for t in terms if t}, key=len, reverse=True)
    if not alternatives:
        return None
    # word boundaries only make sense for scripts that write spaces; CJK terms match anywhere
    parts = [
        re.escape(t) if CJK_RE.search(t) else rf"(?<!\w){re.escape(t)}(?!\w)" for t in alternatives
    ]
    return re.compile("|".join(parts))


def _add_glossary(
    source: Sequence[ParagraphEvidence],
    target: Sequence[ParagraphEvidence],
    src_feats: list[dict[str, str]],
    tgt_feats: list[dict[str, str]],
    glossary: list[tuple[str, str]],
) -> None:
    by_src: dict[str, list[int]] = defaultdict(list)
    by_tgt: dict[str, list[int]] = defaultdict(list)
    for k, (src_term, tgt_term) in enumerate(glossary):
        s, t = fold(src_term.strip()), fold(tgt_term.strip())
        if s and t:
            by_src[s].append(k)
            by_tgt[t].append(k)
    for evidence, feats, terms in ((source, src_feats, by_src), (target, tgt_feats, by_tgt)):
        pattern = _term_pattern(terms)
        if pattern is None:
            continue
        for ev, fs in zip(evidence, feats, strict=True):
            for m in pattern.finditer(fold(ev.plain)):
                for k in terms.get(m.group(0), ()):
                    fs[f"g:{k}"] = GLOSSARY


def _memory_key(text: str) -> str:
    return _MEMORY_STRIP_RE.sub(" ", fold(text)).strip()


def _add_memory(
    source: Sequence[ParagraphEvidence],
    target: Sequence[ParagraphEvidence],
    src_feats: list[dict[str, str]],
    tgt_feats: list[dict[str, str]],
    memory: list[tuple[str, str]],
) -> None:

    by_src: dict[str, list[int]] = defaultdict(list)
    by_tgt: dict[str, list[int]] = defaultdict(list)
    for k, (src_text, tgt_text) in enumerate(memory):
        s, t = _memory_key(plain_text(src_text)), _memory_key(plain_text(tgt_text))
        if s and t:
            by_src[s].append(k)
            by_tgt[t].append(k)
    # a memory entry may be a whole paragraph or one of its sentences
    for evidence, feats, entries in ((source, src_feats, by_src), (target, tgt_feats, by_tgt)):
        for ev, fs in zip(evidence, feats, strict=True):
            pieces = [ev.plain, *_SENTENCE_RE.split(ev.plain)]
            for piece in pieces:
                for k in entries.get(_memory_key(piece), ()):
                    fs[f"m:{k}"] = MEMORY


# Words too common to say anything, and the stem length both sides are cut to (inflected
# languages: "plików" and "pliku", "Datei" and "Dateien"), as in associations.py
_DICT_STOP = frozenset(
    "the and for that with this from are was were which not but all can has have had its "
    "one will you your into than then there their them they when what who how also only "
    "may any each other some such more most these those been being does did our out use".split()
)
_DICT_STEM = 5
_ARABIC_ARTICLE_RE = re.compile(r"^(?:وال|بال|فال|كال|لل|ال)(?=\w{2})")


def _dict_stem(word: str) -> str:
    if CJK_RE.match(word):  # a Japanese headword (target_segments): a word of its own
        return word
    return _ARABIC_ARTICLE_RE.sub("", word)[:_DICT_STEM]


def _dict_words(text: str) -> set[str]:
    return {
        w
        for w in (m.casefold() for m in WORD_RE.findall(text))
        if len(w) >= 3 and w not in _DICT_STOP and not CJK_RE.match(w)
    }


def _english_forms(word: str) -> list[str]:
    """The word and what it may be inflected from ("files" file, "exits" exit, "printed"
    print, "copies" copy): the forms a dictionary's headwords are."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    if word.endswith("ed") and len(word) > 4:
        forms += [word[:-2], word[:-1]]
    if word.endswith("ing") and len(word) > 5:
        forms += [word[:-3], word[:-3] + "e"]
    return forms


def _add_dictionary(
    source: Sequence[ParagraphEvidence],
    target: Sequence[ParagraphEvidence],
    src_feats: list[dict[str, str]],
    tgt_feats: list[dict[str, str]],
    dictionary: PairDictionary,
) -> None:
    """A source word whose translation (by the pair's dictionaries, either direction, both
    sides cut to stems) a target paragraph holds: the feature d:<source stem> on both."""
    src_words = [_dict_words(ev.plain) for ev in source]
    tgt_words = [_dict_words(ev.plain) for ev in target]
    all_src = set().union(*src_words)
    all_tgt = set().union(*tgt_words)
    forms = {w: _english_forms(w) for w in all_src}
    forward = dictionary.source_to_target({f for fs in forms.values() for f in fs})
    backward = dictionary.target_to_source(all_tgt)
    src_stems = {_dict_stem(w) for w in all_src}
    japanese: set[str] = set()
    if dictionary.japanese_target:
        # Japanese has no spaces: its words are the dictionary's headwords found in the text,
        # kept whole (never cut to a stem: _dict_stem leaves them as they are when short);
        # its English glosses are often inflected ("showing", "displaying")
        segments = dictionary.target_segments([ev.plain for ev in target])
        japanese = set().union(*segments)
        tgt_words = [w | s for w, s in zip(tgt_words, segments, strict=True)]
        all_tgt |= japanese
        glosses = dictionary.target_headwords(japanese)
        backward = {
            **backward,
            **{w: frozenset(f for e in es for f in _english_forms(e)) for w, es in glosses.items()},
        }
    tgt_stems = {_dict_stem(w) for w in all_tgt}
    # target stem -> the source stems it translates
    translates: dict[str, set[str]] = defaultdict(set)
    for word, word_forms in forms.items():
        stem = _dict_stem(word)
        for form in word_forms:
            for t in forward.get(form, ()):
                t_stem = _dict_stem(t)
                if (len(t) >= 3 or t in japanese) and t_stem in tgt_stems and t_stem != stem:
                    translates[t_stem].add(stem)
    for word, english in backward.items():
        t_stem = _dict_stem(word)
        for e in english:
            stem = _dict_stem(e)
            if len(e) >= 3 and stem in src_stems and stem != t_stem and e not in _DICT_STOP:
                translates[t_stem].add(stem)
    if not translates:
        return
    found = set().union(*translates.values())
    for words, feats in zip(src_words, src_feats, strict=True):
        for stem in {_dict_stem(w) for w in words} & found:
            feats["d:" + stem] = DICT
    for words, feats in zip(tgt_words, tgt_feats, strict=True):
        for t_stem in {_dict_stem(w) for w in words}:
            for stem in translates.get(t_stem, ()):
                feats["d:" + stem] = DICT
