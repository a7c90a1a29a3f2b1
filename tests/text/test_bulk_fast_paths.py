"""The fast paths of the bulk TMX import give what the general code gives: sanitize_inline's
plain-text path against the full sanitiser, plain_text's, normalize_plain's ASCII path
against the NFKC one, the memoised index keys
(KeyIndexer) against index_keys, and the word-index literals (LiteralBuilder) against
tsvector_literal as sets of lexemes (PostgreSQL sorts and deduplicates them on input)."""

from __future__ import annotations

import random
import re
import string
import unicodedata

from workbench.text import fulltext, markup
from workbench.text import memory as tm
from workbench.text.markup import to_plain

ALPHABET = (
    "ab Zé ß\u00a0\t\n\r\x00\x01\x0b\x0c\x1f\x7f\x85\u2028\ufeff\ufffe\U0001fffe\U0002a6a5"
    "<>&;\"'/=émcodstrongbr革命Октябрь  "
)


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))


def test_sanitize_plain_text_path_equals_the_full_sanitiser():
    rng = random.Random(7)
    plain = 0
    for _ in range(20_000):
        text = _random_text(rng)
        plain += bool(markup._PLAIN_TEXT.fullmatch(text))
        assert markup.sanitize_inline(text) == markup._sanitize_full(text), repr(text)
    assert plain > 1_000  # the fast path was taken often enough to be tested


def test_plain_text_of_text_without_markup_is_what_to_plain_gives():
    rng = random.Random(8)
    for _ in range(5_000):
        text = _random_text(rng).replace("<", "").replace("&", "")
        assert tm.plain_text(text) == to_plain(text)


def _texts(rng: random.Random, count: int) -> list[str]:
    words = "the of party state革 命 révolution x y z 1917".split()
    return [
        tm.normalize(" ".join(rng.choice(words) for _ in range(rng.randint(0, 25))))
        for _ in range(count)
    ]


def test_normalize_of_ascii_text_is_the_nfkc_folding():
    rng = random.Random(9)
    # Every ASCII character: control characters, white space, quotes, the backtick.
    alphabet = [chr(n) for n in range(128)] + list(string.ascii_letters + " '\"`") * 3
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        folded = unicodedata.normalize("NFKC", text).translate(tm._FOLD).casefold()
        assert tm.normalize_plain(text) == " ".join(folded.split()).strip(tm._OUTER), repr(text)


def test_key_indexer_gives_index_keys():
    rng = random.Random(9)
    indexer = tm.KeyIndexer(memo_limit=50)  # emptied now and then
    for text in _texts(rng, 2_000):
        for pair in ("1>2", "2>1"):
            assert indexer.keys(tm.words(text), pair) == tm.index_keys(text, pair)


_LEXEME = re.compile(r"'((?:[^']|'')*)'")


def _lexemes(literal: str | None) -> set[str] | None:
    return None if literal is None else {m.replace("''", "'") for m in _LEXEME.findall(literal)}


def test_literal_builder_gives_the_lexemes_of_tsvector_literal():
    rng = random.Random(10)
    builder = fulltext.LiteralBuilder(memo_limit=50)
    texts = _texts(rng, 2_000) + ["l'art d'état don't", "a " + "x" * 2_100 + " b", ""]
    for text in texts:
        expected = fulltext.tsvector_literal(text)
        got = builder.literal(text, tm.words(text))
        assert _lexemes(got) == _lexemes(expected), text
