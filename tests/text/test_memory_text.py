"""The pure part of the translation memory: normalising, keys, scoring, quotations, highlight."""

from __future__ import annotations

import random

from rapidfuzz import fuzz

from workbench.text import memory as tm

TROTSKY = (
    "The Stalinist bureaucracy has nothing in common with the Bolshevism of the October "
    "Revolution, whose program it has abandoned in every essential respect."
)


# --- normalising -------------------------------------------------------------------------------


def test_markup_footnotes_case_whitespace_and_quote_style_do_not_matter():
    a = 'The theory of <em>“socialism in one country”</em><sup class="fnref">3</sup>  was   new.'
    b = 'the theory of "Socialism in One Country" was new.'
    c = 'The theory of «socialism in one country» was\nnew.<sup class="fnref">12</sup>'
    assert tm.normalize(a) == tm.normalize(b) == tm.normalize(c)
    assert tm.normalize(a) == 'the theory of "socialism in one country" was new.'
    assert tm.text_hash(tm.normalize(a)) == tm.text_hash(tm.normalize(c))


def test_words_and_punctuation_still_matter():
    assert tm.normalize("Workers of the world, unite!") != tm.normalize(
        "Workers of the world unite"
    )
    assert tm.normalize("Lenin’s party") == tm.normalize("Lenin's party")
    assert tm.normalize("1905–1917") == tm.normalize("1905-1917")
    assert tm.normalize("Chiang Kai-shek") != tm.normalize("Chiang Kaishek")


def test_outer_quotation_marks_and_entities():
    assert tm.normalize("“Workers of the world, unite!”") == "workers of the world, unite!"
    assert tm.normalize("Marx &amp; Engels") == "marx & engels"
    assert tm.normalize("") == "" and tm.normalize('<sup class="fnref">1</sup>') == ""


def test_hash_is_signed_64_bit_and_stable():
    value = tm.text_hash("socialism in one country")
    assert -(2**63) <= value < 2**63
    # Stable across processes (blake2b, not Python's randomised hash): the index relies on it.
    assert value == tm.text_hash("socialism in one country")
    assert value != tm.text_hash("socialism in one country.")


# --- the fuzzy index ---------------------------------------------------------------------------


def test_keys_are_a_bounded_sketch_per_language_pair():
    text = tm.normalize(TROTSKY)
    keys = tm.index_keys(text, "1>2")
    assert len(keys) == tm.SKETCH_SIZE == len(set(keys))
    assert keys == sorted(keys)
    assert set(keys).isdisjoint(tm.index_keys(text, "1>3"))  # another pair, other keys
    assert tm.index_keys("", "1>2") == []


def test_short_texts_are_indexed_by_words_too():
    assert tm.shingles("chapter three") == {"chapter", "three", "chapter three"}
    assert "chapter" not in tm.shingles("chapter three of the book")
    # So two short headings differing in one word still share keys.
    assert set(tm.index_keys("chapter three", "p")) & set(tm.index_keys("chapter four", "p"))


def test_cjk_characters_are_words():
    assert tm.words("社会主义 in one") == ["社", "会", "主", "义", "in", "one"]


def test_similar_texts_share_keys_unrelated_ones_do_not():
    base = tm.normalize(TROTSKY)
    edited = tm.normalize(TROTSKY.replace("abandoned", "betrayed").replace("every", "each"))
    other = tm.normalize(
        "In 1924 Stalin, with the support of Bukharin, proposed that socialism could be built "
        "on a nationalist basis in the USSR."
    )
    shared = set(tm.index_keys(base, "p")) & set(tm.index_keys(edited, "p"))
    assert len(shared) >= 4
    assert not set(tm.index_keys(base, "p")) & set(tm.index_keys(other, "p"))


def test_length_window_is_exactly_what_the_score_allows():
    rng = random.Random(3)
    for _ in range(300):
        a = "x" * rng.randint(1, 200)
        b = "x" * rng.randint(1, 400)
        low, high = tm.length_window(len(a), 60)
        # Same letters: the ratio is the best any text of that length can reach.
        if fuzz.ratio(a, b) >= 60:
            assert low <= len(b) <= high
    assert tm.length_window(100, 100) == (100, 101)


# --- scoring -----------------------------------------------------------------------------------


def test_score_is_100_only_for_equal_texts():
    a = tm.normalize(TROTSKY)
    assert tm.score(a, a) == 100
    almost = a[:-1] + "!"
    assert 90 <= tm.score(a, almost) == 99


def test_rank_orders_by_score_then_newest_and_cuts():
    query = "the left opposition fought for a correct economic policy"
    candidates = {
        1: "the left opposition fought for a correct economic policy",
        2: "the left opposition fought for a correct economic program",
        3: "the right opposition fought for a wrong economic policy",
        4: "an unrelated sentence about the weather in paris",
        5: "the left opposition fought for a correct economic program",
    }
    ranked = tm.rank(query, candidates, min_score=60)
    assert [key for key, _ in ranked][:3] == [1, 5, 2]  # 5 and 2 tie: the newer (larger) first
    assert ranked[0][1] == 100 and ranked[1][1] == ranked[2][1] < 100
    assert 4 not in dict(ranked)
    assert all(s >= 60 for _, s in ranked)
    assert len(tm.rank(query, candidates, min_score=60, limit=2)) == 2


# --- quotations --------------------------------------------------------------------------------


def test_quotations_of_several_styles():
    text = (
        "Lenin wrote: “The proletarian revolution is impossible without the forcible destruction "
        "of the bourgeois state machine.” Marx said „Die Arbeiter haben kein Vaterland“ and "
        "French workers sang «Debout les damnés de la terre»."
    )
    assert tm.quotations(text) == [
        "The proletarian revolution is impossible without the forcible destruction of the "
        "bourgeois state machine.",
        "Die Arbeiter haben kein Vaterland",
        "Debout les damnés de la terre",
    ]


def test_sentences_keep_abbreviations_and_closing_quotes():
    text = "He said “No.” Then he left, e.g. to Paris. Was it 1927? It was."
    assert tm.sentences(text) == ["He said “No.”", "Then he left, e.g. to Paris.", "Was it 1927?",
                                  "It was."]  # fmt: skip


def test_fragments_of_a_paragraph():
    paragraph = (
        "As Trotsky wrote in 1928: “The theory of socialism in one country is a reactionary "
        "utopia. It leads to national isolation.” This was the <em>decisive</em> question of the "
        'period.<sup class="fnref">1</sup>'
    )
    found = tm.fragments(paragraph)
    kinds = [(f.kind, f.text) for f in found]
    assert kinds[0] == (
        tm.QUOTATION,
        "The theory of socialism in one country is a reactionary utopia. It leads to national "
        "isolation.",
    )
    assert (
        tm.QUOTATION,
        "The theory of socialism in one country is a reactionary utopia.",
    ) in kinds
    assert (tm.SENTENCE, "This was the decisive question of the period.") in kinds
    # Each once, no fragment of fewer than MIN_FRAGMENT_WORDS words, and not the whole unit.
    assert len({f.normalised for f in found}) == len(found)
    assert all(len(tm.words(f.normalised)) >= tm.MIN_FRAGMENT_WORDS for f in found)
    assert tm.normalize(paragraph) not in {f.normalised for f in found}


def test_a_single_sentence_has_no_fragments():
    assert tm.fragments("The Soviet state would not survive.") == []


# --- concordance highlight ---------------------------------------------------------------------


def test_highlight_ignores_case_quote_style_and_spacing():
    text = "The theory of “Socialism in One Country” was\nnew; socialism in one country again."
    parts = tm.highlight(text, 'theory of "socialism')
    assert [p for hit, p in parts if hit] == ["theory of “Socialism"]
    # Quotation marks around the whole phrase are not part of it (as in the search).
    parts = tm.highlight(text, '"socialism in one country"')
    assert [p for hit, p in parts if hit] == [
        "Socialism in One Country",
        "socialism in one country",
    ]
    parts = tm.highlight(text, "socialism  in one")
    assert [p for hit, p in parts if hit] == ["Socialism in One", "socialism in one"]
    assert "".join(p for _, p in parts) == text  # nothing lost, nothing escaped here


def test_highlight_without_match_or_query():
    assert tm.highlight("abc <b>", "zzz") == [(False, "abc <b>")]
    assert tm.highlight("abc", "") == [(False, "abc")]
    assert tm.highlight("", "abc") == []


def test_dedupe_keeps_first_of_each_pair():
    assert tm.dedupe([("a", "x"), ("b", "x"), ("a", "x"), ("a", "y")]) == [0, 1, 3]
