"""Translation memory, the pure part: normalising, indexing keys, scoring, quotations.

No Django here: services/memory_store.py stores what these functions compute and
selectors/memory.py looks it up.

How a lookup works (and why it does not use pg_trgm similarity):

- Exact: units compare by their *normalised* text (`normalize`): the text a reader sees,
  without footnote references or inline markup, Unicode-compatibility folded (NFKC),
  typographic quotes, apostrophes and dashes folded to one form each, case-folded, runs of
  white space collapsed, outer quotation marks dropped. Two units with the same normalised
  text are a 100% match; `text_hash` of it is the indexed exact-lookup column.
- Fuzzy: a candidate set from an index of `index_keys` (a bottom-k MinHash sketch of the
  unit's word bigrams), then exact re-scoring with rapidfuzz (`rank`). A fuzzy match of any
  useful score shares word pairs with the query, so it shares sketch keys with high
  probability; unrelated units rarely share any. The length window (`length_window`) keeps
  only units whose length allows the minimum score at all. Measured in
  bench/bench_memory.py: trigram similarity (pg_trgm `%`) needs seconds for one paragraph of
  100 words at 100,000 units, the sketch needs milliseconds at 1,000,000.
- Quotations: `fragments` cuts a paragraph into its quotations and sentences, each looked up
  on its own, so a quotation already translated as a block quote elsewhere is found.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz, process

from workbench.text.markup import to_plain
from workbench.text.sentences import sentence_cuts

K = TypeVar("K", bound=Hashable)

# Below this score a "match" costs the translator more than it saves (CAT tools default to
# 70-75%; we show a little more, ranked, since paragraphs are long).
DEFAULT_MIN_SCORE = 60
# Keys per unit in the fuzzy index. 16 found every match of 60% and more in the recall
# measurement of the benchmark (the top five, against a brute-force scan); 8 lost 8% of the
# 60-75% ones.
SKETCH_SIZE = 16
# A text of fewer words than this is indexed by its words too, not only its word pairs:
# "Chapter three" and "Chapter four" share no pair.
SHORT_TEXT_WORDS = 4
# Fragments shorter than this are not worth a lookup ("he said", "the party").
MIN_FRAGMENT_WORDS = 4
MAX_FRAGMENTS = 12
# A fuzzy match is scored (`rank`) on at most this many characters of each text, their
# beginnings: rapidfuzz's ratio costs the product of the two lengths, and two paragraphs of
# 200 KB take a second each. The sketch and the length window read the whole text (linear), so
# a long paragraph still finds the older versions of itself; its score is then an estimate from
# the beginnings, never 100.
MAX_SCORED_CHARS = 5_000

# Footnote references in stored (canonical) markup: not text, their labels differ between
# editions, so they take no part in matching.
# A label is text (the sanitiser flattens it, and escapes "<"): `[^<]` keeps a run of opening
# tags without their end (200 KB of them) linear, where `.*?` scanned to the end from each.
_FNREF = re.compile(r'<sup class="fnref">[^<]*+</sup>')
_SPACES = re.compile(r"\s+")

DOUBLE_QUOTES = '"“”„‟«»‹›「」『』〝〞＂'
SINGLE_QUOTES = "'‘’‚‛′`´"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_FOLD = str.maketrans(
    {
        **{c: '"' for c in DOUBLE_QUOTES},
        **{c: "'" for c in SINGLE_QUOTES},
        **{c: "-" for c in DASHES},
        "\u00ad": None,  # soft hyphen: invisible
        "\u200b": None,  # zero-width space
    }
)
_OUTER = " \"'"

# Ideographs and kana: a "word" each, since those scripts put no spaces between words.
_CJK = (
    "\u3040-\u30ff\u31f0-\u31ff\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\U00020000-\U0003134f"
)
# Words are runs of letters and digits. Scripts whose words contain combining marks are cut at
# the marks; that does not matter here, since queries and entries are cut the same way.
_TOKEN = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")


# --- normalising ----------------------------------------------------------------------------


def plain_text(markup: str) -> str:
    """The text a reader sees, without footnote references."""
    if "<" not in markup and "&" not in markup:
        return markup  # text only: to_plain would give it back as it is
    return to_plain(_FNREF.sub("", markup))


def normalize_plain(text: str) -> str:
    """Fold plain text for comparison: NFKC, quotes/dashes, case, white space, outer quotes."""
    if text.isascii():
        # The same result at less than half the cost (a TMX import normalises every text):
        # ASCII is its own NFKC form, its only character _FOLD changes is the backtick, and
        # its case folding is lower().
        text = text.replace("`", "'").lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    # Runs of white space as one space: str.split's white space is the regex's \s.
    return " ".join(text.split()).strip(_OUTER)


def normalize(markup: str) -> str:
    """The comparison form of a unit's markup (see the module docstring)."""
    return normalize_plain(plain_text(markup))


def text_hash(normalised: str) -> int:
    """A signed 64-bit hash (fits a BIGINT column) of a normalised text."""
    digest = hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# --- the fuzzy index ------------------------------------------------------------------------


def words(normalised: str) -> list[str]:
    return _TOKEN.findall(normalised)


def shingles(normalised: str) -> set[str]:
    """Word pairs of the text; short texts also contribute their single words."""
    tokens = words(normalised)
    pairs = {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}
    if len(tokens) < SHORT_TEXT_WORDS:
        pairs.update(tokens)
    return pairs


def pair_code(source_language_id: int, target_language_id: int) -> str:
    """A language pair as hashed into the index keys (ids, not codes: codes may be renamed)."""
    return f"{source_language_id}>{target_language_id}"


def index_keys(normalised: str, pair: str, size: int = SKETCH_SIZE) -> list[int]:
    """The fuzzy-index keys of a text for one language pair: the `size` smallest hashes of its
    shingles (a bottom-k MinHash sketch). The pair is hashed in, so one B-tree over (key,
    length) serves every pair without a language column."""
    hashes = {text_hash(f"{pair}\x1f{shingle}") for shingle in shingles(normalised)}
    return sorted(hashes)[:size]


class KeyIndexer:
    """`index_keys` for many texts in a row (an import): the same keys, with the hash of each
    shingle computed once per run (word pairs repeat from text to text: "of the") and looked
    up by its words, without building its string. The memo is emptied when it reaches
    `memo_limit` shingles, so memory stays bounded."""

    def __init__(self, size: int = SKETCH_SIZE, memo_limit: int = 200_000) -> None:
        self.size = size
        self.memo_limit = memo_limit
        self._memo: dict[str, dict[tuple[str, str] | str, int]] = {}  # pair -> shingle -> hash
        self._count = 0

    def keys(self, tokens: list[str], pair: str) -> list[int]:
        """index_keys(normalised, pair) for `tokens` = words(normalised)."""
        if self._count > self.memo_limit:
            self._memo.clear()
            self._count = 0
        memo = self._memo.setdefault(pair, {})
        shingles: set[tuple[str, str] | str] = set(zip(tokens, tokens[1:], strict=False))
        if len(tokens) < SHORT_TEXT_WORDS:
            shingles.update(tokens)
        hashes = set()
        for shingle in shingles:
            value = memo.get(shingle)
            if value is None:
                text = shingle if isinstance(shingle, str) else f"{shingle[0]} {shingle[1]}"
                value = memo[shingle] = text_hash(f"{pair}\x1f{text}")
                self._count += 1
            hashes.add(value)
        return sorted(hashes)[: self.size]


def length_window(length: int, min_score: int) -> tuple[int, int]:
    """Lengths a text may have to score at least `min_score` against one of `length`.

    rapidfuzz's ratio is 2*M / (a + b) with M <= min(a, b), so b must lie within
    [a*t / (2-t), a*(2-t) / t] for t = min_score / 100."""
    t = max(min(min_score, 100), 1) / 100
    return int(length * t / (2 - t)), int(length * (2 - t) / t) + 1


# --- scoring --------------------------------------------------------------------------------


def score(query: str, candidate: str) -> int:
    """Similarity of two normalised texts, 0-100; 100 only when they are equal. Compared by
    their first MAX_SCORED_CHARS characters, as in `rank`."""
    if query == candidate:
        return 100
    head = MAX_SCORED_CHARS
    return min(99, int(fuzz.ratio(query[:head], candidate[:head])))


def rank(
    query: str,
    candidates: Mapping[K, str],
    *,
    min_score: int = DEFAULT_MIN_SCORE,
    limit: int | None = None,
) -> list[tuple[K, int]]:
    """(key, score) of the candidates (key -> normalised text) scoring at least `min_score`
    against `query`, best first; among equal scores the larger key (the newer entry) first.

    Texts are compared by their first MAX_SCORED_CHARS characters (candidates may be given
    cut to that already); when the query is that long, no score is 100."""
    cut = len(query) >= MAX_SCORED_CHARS
    query = query[:MAX_SCORED_CHARS]
    heads = {key: text[:MAX_SCORED_CHARS] for key, text in candidates.items()}
    found = process.extract(query, heads, scorer=fuzz.ratio, score_cutoff=min_score, limit=None)
    scored = [
        (key, 100 if text == query and not cut else min(99, int(value)))
        for text, value, key in found
    ]
    scored = [item for item in scored if item[1] >= min_score]
    scored.sort(key=lambda item: (item[1], item[0]), reverse=True)
    return scored[:limit] if limit is not None else scored


# --- quotations -----------------------------------------------------------------------------

QUOTATION = "quotation"
SENTENCE = "sentence"


@dataclass(frozen=True)
class Fragment:
    """A piece of a paragraph looked up on its own: a quotation or a sentence."""

    text: str  # as in the paragraph's plain text
    normalised: str
    kind: str  # QUOTATION or SENTENCE


# Paired quotation marks of the common styles: English “…”, German „…“ and »…«, French «…»,
# Polish „…”, CJK 「…」 and 『…』, and straight "…". Single quotes are left out: apostrophes
# ("Lenin’s") make them ambiguous.
_QUOTED = re.compile(
    r"“([^“”]+)”|„([^„“”]+)[“”]|«([^«»]+)»|»([^«»]+)«|‹([^‹›]+)›|「([^「」]+)」|『([^『』]+)』"
    r'|"([^"]+)"'
)


# A sentence ends at . ! ? … (with closing quotes or brackets after it) followed by white
# space, or at a CJK full stop.
def sentences(text: str) -> list[str]:
    """Sentences of plain text, cut where text/sentences.py cuts stored markup (one rule for
    the whole workbench: not after an initial, an abbreviation or a German ordinal, and only
    before a capital, a digit or an opening quote)."""
    cuts = [visible for _offset, visible in sentence_cuts(_escape_plain(text))]
    result: list[str] = []
    start = 0
    for end in [*cuts, len(text)]:
        piece = text[start:end].strip()
        if piece:
            result.append(piece)
        start = end
    return result


def _escape_plain(text: str) -> str:
    # Plain text as markup, one visible character per character (sentence_cuts counts
    # visible characters): only the three characters markup escapes.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quotations(text: str) -> list[str]:
    """The quoted passages of plain text, in order, without their quotation marks."""
    return [next(g for g in match.groups() if g is not None) for match in _QUOTED.finditer(text)]


def fragments(markup: str) -> list[Fragment]:
    """Quotations (and their sentences) and sentences of a paragraph worth a lookup of their
    own: at least MIN_FRAGMENT_WORDS words, not the whole paragraph, each once; quotations
    first, at most MAX_FRAGMENTS."""
    text = plain_text(markup)
    whole = normalize_plain(text)
    found: list[Fragment] = []
    seen = {whole}

    def add(piece: str, kind: str) -> None:
        normalised = normalize_plain(piece)
        if normalised in seen or len(words(normalised)) < MIN_FRAGMENT_WORDS:
            return
        seen.add(normalised)
        found.append(Fragment(piece.strip(), normalised, kind))

    for quoted in quotations(text):
        add(quoted, QUOTATION)
        for sentence in sentences(quoted):
            add(sentence, QUOTATION)
    for sentence in sentences(text):
        add(sentence, SENTENCE)
    return found[:MAX_FRAGMENTS]


# --- concordance ----------------------------------------------------------------------------


def _char_pattern(ch: str) -> str:
    if ch.isspace():
        # Possessive: the query's white space is collapsed, so what follows is never white
        # space, and a long run of it in the text is not given back one character at a time.
        return r"\s++"
    if ch in DOUBLE_QUOTES:
        return f"[{re.escape(DOUBLE_QUOTES)}]"
    if ch in SINGLE_QUOTES:
        return f"[{re.escape(SINGLE_QUOTES)}]"
    if ch in DASHES or ch == "-":
        return f"[-{re.escape(DASHES)}]"
    return re.escape(ch)


def highlight(text: str, query: str) -> list[tuple[bool, str]]:
    """`text` cut into (is_match, piece) for showing where `query` occurs (case, quote style,
    dash and white space ignored, as in the search). The pieces are plain text: the template
    escapes them."""
    # Outer quotation marks are not part of the phrase, as in the search (normalize_plain).
    query = _SPACES.sub(" ", query).strip(" " + DOUBLE_QUOTES + SINGLE_QUOTES)
    if not query or not text:
        return [(False, text)] if text else []
    pattern = re.compile("".join(_char_pattern(ch) for ch in query), re.IGNORECASE)
    pieces: list[tuple[bool, str]] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            pieces.append((False, text[last : match.start()]))
        pieces.append((True, match.group()))
        last = match.end()
    if last < len(text):
        pieces.append((False, text[last:]))
    return pieces


def dedupe(items: Iterable[tuple[str, str]]) -> list[int]:
    """Indexes of the first occurrence of each (normalised source, target) pair: the same
    translation of the same text stored by several documents is one suggestion."""
    seen: set[tuple[str, str]] = set()
    keep: list[int] = []
    for index, item in enumerate(items):
        if item not in seen:
            seen.add(item)
            keep.append(index)
    return keep
