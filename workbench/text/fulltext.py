"""The concordance's full-text index on PostgreSQL: the lexemes of a memory entry's text and
the query of a phrase, as tsvector and tsquery literals.

The concordance finds the entries whose normalised text *contains* the normalised phrase (a
substring: "munist int" finds "anticommunist internationalism"). A GIN index on a tsvector
answers word queries, not substring ones, so the index is used as a filter that can never
lose a match, and the substring test (LIKE) decides, on the few rows the filter lets through:

- the text is cut into the same words as everywhere in the memory (text/memory.words), not by
  PostgreSQL's parser, whose idea of a letter depends on the database's locale (in the C
  locale "é" is not one): what the index holds cannot differ from what the query asks for;
- a phrase of words w1 ... wn occurs in a text only where the text has a word *ending* in w1,
  then exactly w2 ... w(n-1), then a word *starting* with wn, at consecutive positions (inside
  the phrase, words are bounded by the phrase's own separators; only its two ends can reach
  into longer words of the text). Prefix queries (`'w':*`) serve the end; for the beginning,
  each word is indexed a second time reversed, at the same position (`'~tsinummoc'`), so
  "a word ending in w1" is a prefix query on the reversed form. `~` is never part of a word.

A single word is not a phrase: it may sit in the middle of a longer word, which no word index
answers; the trigram index (pg_trgm) serves it. A text the tsvector type cannot hold exactly
(more than 16,383 words, a word of more than 2 KB, a word more than 256 times: PostgreSQL
clamps or drops positions beyond those) gets no lexemes (NULL) and is always tested with LIKE.
"""

from __future__ import annotations

from workbench.text.memory import words

# PostgreSQL's limits of a tsvector (docs: "Text Search Types"): positions 1..16383, at most
# 256 positions per lexeme, lexemes shorter than 2 KB.
MAX_POSITION = 16_383
MAX_POSITIONS_PER_LEXEME = 256
MAX_LEXEME_BYTES = 2_000
REVERSED = "~"


def _quote(lexeme: str) -> str:
    # Quoted lexeme of a tsvector/tsquery literal: ' doubled, backslash escaped.
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(normalised: str) -> str | None:
    """The text's words and reversed words with their positions, as a tsvector literal; None
    when the tsvector type could not hold them exactly."""
    tokens = words(normalised)
    if len(tokens) > MAX_POSITION:
        return None
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(tokens, start=1):
        if len(token.encode("utf-8")) > MAX_LEXEME_BYTES:
            return None
        positions.setdefault(token, []).append(position)
    if any(len(p) > MAX_POSITIONS_PER_LEXEME for p in positions.values()):
        return None
    parts = []
    for token, where in positions.items():
        at = ",".join(map(str, where))
        parts.append(f"{_quote(token)}:{at}")
        parts.append(f"{_quote(REVERSED + token[::-1])}:{at}")
    return " ".join(parts)


def tsquery_literal(needle: str) -> str | None:
    """The phrase query that every text containing `needle` (normalised) matches; None for a
    phrase of fewer than two words, which the index cannot serve."""
    tokens = words(needle)
    if len(tokens) < 2 or any(len(t.encode("utf-8")) > MAX_LEXEME_BYTES for t in tokens):
        return None
    first, last = tokens[0], tokens[-1]
    # An end of the phrase that is a word character can reach into a longer word of the text.
    open_start = needle[:1] == first[:1]
    open_end = needle[-1:] == last[-1:]
    terms = [
        f"{_quote(REVERSED + first[::-1])}:*" if open_start else _quote(first),
        *(_quote(token) for token in tokens[1:-1]),
        f"{_quote(last)}:*" if open_end else _quote(last),
    ]
    return " <-> ".join(terms)
