"""The concordance's full-text index on PostgreSQL: the lexemes of a memory entry's text and
the query of a phrase, as tsvector and tsquery literals.

The concordance finds the entries whose normalised text *contains* the normalised phrase (a
substring: "munist int" finds "anticommunist internationalism"). A GIN index on a tsvector
answers lexeme queries, not substring ones, so the index is used as a filter that can never
lose a match, and the substring test (LIKE) decides, on the few rows the filter lets through:

- the text is cut into the same words as everywhere in the memory (text/memory.words), not by
  PostgreSQL's parser, whose idea of a letter depends on the database's locale (in the C
  locale "é" is not one): what the index holds cannot differ from what the query asks for;
- a phrase of words w1 ... wn occurs in a text only where the text has a word *ending* in w1,
  then exactly w2 ... w(n-1), then a word *starting* with wn (inside the phrase, words are
  bounded by the phrase's own separators; only its two ends can reach into longer words);
- the lexemes are the text's *adjacent word pairs*, in three forms: `a b` (the pair),
  `^` + the first letter of b + ` ` + a reversed, and `~` + b + ` ` + a reversed. A phrase asks,
  all at once (AND, no positions, so GIN answers without reading rows): its inner pairs
  exactly, its last pair as a prefix (`'w3 wo':*`, since the last word may go on), and its
  first pair as a word ending in w1 followed by w2: `'~w2 1w':*` when w2 is whole (a phrase
  of three words or more, or one that ends after w2), else (a two-word phrase whose w2 may go
  on) `'^w 1w':*` (a word ending in w1, then one starting with w2's letter) and, for a w2 of
  SECOND_WORD_PREFIX letters or more, `'~w2':*` (some pair's second word starts with w2). A
  pair of frequent words is far rarer than either word: that is what makes a phrase of common
  words fast, where word positions made GIN re-read every row holding all its words. The
  third form is what keeps "the if you" fast: "a word ending in *the*, then *if*" is rare
  where "... then a word starting with *i*" is in a third of all texts (at a million
  entries, p95 of the search 166-183 ms with two forms, 79-85 ms with three:
  bench/bench_concordance.py, README).

A single word is not a phrase: it may sit in the middle of a longer word, which no word index
answers; the trigram index (pg_trgm) serves it. A text whose lexemes the tsvector type could
not hold (a word pair of more than 2 KB, a tsvector near its 1 MB limit) gets none (NULL) and
is always tested with LIKE.
"""

from __future__ import annotations

from workbench.text.memory import words

# PostgreSQL's limits of a tsvector (docs: "Text Search Types"): lexemes shorter than 2 KB,
# a whole value under 1 MB.
MAX_LEXEME_BYTES = 2_000
MAX_LITERAL_BYTES = 900_000
FIRST_PAIR = "^"
SECOND_WORD = "~"
# A two-word phrase also asks for its second word as a prefix of some pair's second word when
# that word has at least this many letters: a short one ("a", "of") is in most texts and only
# makes GIN read long posting lists for nothing.
SECOND_WORD_PREFIX = 4


def _quote(lexeme: str) -> str:
    # Quoted lexeme of a tsvector/tsquery literal: ' doubled, backslash escaped.
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _pair(a: str, b: str) -> str:
    return f"{a} {b}"


def _first_pair(a: str, b: str) -> str:
    return f"{FIRST_PAIR}{b[:1]} {a[::-1]}"


def _second_word(a: str, b: str) -> str:
    return f"{SECOND_WORD}{b} {a[::-1]}"


def tsvector_literal(normalised: str) -> str | None:
    """The text's adjacent word pairs in their three forms, as a tsvector literal (no
    positions); None when the tsvector type could not hold them."""
    tokens = words(normalised)
    lexemes: set[str] = set()
    for a, b in zip(tokens, tokens[1:], strict=False):
        lexemes.add(_pair(a, b))
        lexemes.add(_first_pair(a, b))
        lexemes.add(_second_word(a, b))
    if any(len(lexeme.encode("utf-8")) > MAX_LEXEME_BYTES for lexeme in lexemes):
        return None
    literal = " ".join(_quote(lexeme) for lexeme in sorted(lexemes))
    return literal if len(literal.encode("utf-8")) <= MAX_LITERAL_BYTES else None


def tsquery_literal(needle: str) -> str | None:
    """A query that every text containing `needle` (normalised) matches; None for a phrase of
    fewer than two words, which the index cannot serve."""
    tokens = words(needle)
    if len(tokens) < 2:
        return None
    # An end of the phrase that is a word character can reach into a longer word of the text.
    open_start = needle[:1] == tokens[0][:1]
    open_end = needle[-1:] == tokens[-1][-1:]
    pairs = list(zip(tokens, tokens[1:], strict=False))
    terms = []
    for i, (a, b) in enumerate(pairs):
        last = i == len(pairs) - 1
        if i == 0 and open_start and last and open_end:
            # Both words may reach into longer ones: "…a b…".
            terms.append(f"{_quote(_first_pair(a, b))}:*")
            if len(b) >= SECOND_WORD_PREFIX:
                terms.append(f"{_quote(SECOND_WORD + b)}:*")
        elif i == 0 and open_start:
            terms.append(f"{_quote(_second_word(a, b))}:*")  # "…a b", b whole
        elif last and open_end:
            terms.append(f"{_quote(_pair(a, b))}:*")
        else:
            terms.append(_quote(_pair(a, b)))
    if any(len(term.encode("utf-8")) > MAX_LEXEME_BYTES for term in terms):
        return None
    return " & ".join(terms)


class LiteralBuilder:
    """`tsvector_literal` for many texts in a row (an import): literals that PostgreSQL
    reads as the same tsvector (its input sorts the lexemes and drops repeats, so neither is
    done here), each word pair's three lexemes quoted once per run. The memo is emptied when it
    reaches `memo_limit` word pairs."""

    def __init__(self, memo_limit: int = 200_000) -> None:
        self.memo_limit = memo_limit
        self._quoted: dict[tuple[str, str], str | None] = {}  # pair -> its lexemes, quoted

    def literal(self, normalised: str, tokens: list[str]) -> str | None:
        """A literal of the tsvector of tsvector_literal(normalised); `tokens` are
        words(normalised)."""
        quoted = self._quoted
        if len(quoted) > self.memo_limit:
            quoted.clear()
        parts = []
        for pair in dict.fromkeys(zip(tokens, tokens[1:], strict=False)):
            text = quoted.get(pair, "")
            if text == "":
                a, b = pair
                lexemes = (_pair(a, b), _first_pair(a, b), _second_word(a, b))
                text = quoted[pair] = (
                    None
                    if any(len(lexeme.encode("utf-8")) > MAX_LEXEME_BYTES for lexeme in lexemes)
                    else " ".join(_quote(lexeme) for lexeme in lexemes)
                )
            if text is None:
                return None
            parts.append(text)
        literal = " ".join(parts)
        # Near the size limit the exact literal decides (repeated lexemes count here).
        return literal if len(literal) * 4 <= MAX_LITERAL_BYTES else tsvector_literal(normalised)
