"""Glossary matching and highlighting in inline markup: pure, no database."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from workbench.text.glossary_match import TermHint, TermIndex, build_index

LEFT = TermHint("Left Opposition", "Linke Opposition", ref=1)
OPPOSITION = TermHint("Opposition", "Opposition", ref=2)
PARTY = TermHint("Party", "Partei", case_sensitive=True, ref=3)
BLOC = TermHint("Bloc of Four Classes", "Block der vier Klassen", ref=4)
INDEX = TermIndex([LEFT, OPPOSITION, PARTY, BLOC])

_MARK = re.compile(r'<mark class="term" title="[^"]*">|</mark>')


def marked(markup: str) -> list[tuple[str, str]]:
    return re.findall(r'<mark class="term" title="([^"]*)">(.*?)</mark>', markup, re.S)


def test_marks_a_term_with_its_translation_as_title():
    out = INDEX.highlight("While Trotsky and the Left Opposition fought")
    assert out == (
        'While Trotsky and the <mark class="term" title="Linke Opposition">'
        "Left Opposition</mark> fought"
    )


def test_longest_term_wins_and_matches_do_not_overlap():
    out = INDEX.highlight("the Left Opposition and the Opposition")
    assert marked(out) == [("Linke Opposition", "Left Opposition"), ("Opposition", "Opposition")]


def test_whole_words_only():
    assert marked(INDEX.highlight("Oppositionists and the Counteropposition")) == []


def test_case_is_ignored_unless_the_concept_is_case_sensitive():
    assert marked(INDEX.highlight("the left opposition")) == [
        ("Linke Opposition", "left opposition")
    ]
    assert marked(INDEX.highlight("the party line and the Party")) == [("Partei", "Party")]


def test_white_space_is_folded_but_separators_must_match():
    assert marked(INDEX.highlight("the Left\n   Opposition")) == [
        ("Linke Opposition", "Left\n   Opposition")
    ]
    # A sentence break between the words is not the term (only "Opposition" alone is).
    assert marked(INDEX.highlight("turned left. Opposition grew")) == [("Opposition", "Opposition")]


def test_term_with_quotes_inside_markup_text():
    source = "the theory of the “Bloc of Four Classes” against imperialism"
    assert marked(INDEX.highlight(source)) == [("Block der vier Klassen", "Bloc of Four Classes")]


def test_never_inside_tags_or_attribute_values():
    source = (
        '<a href="https://example.org/Left Opposition" title="Left Opposition">'
        "the Left Opposition</a>"
    )
    out = INDEX.highlight(source)
    assert out.startswith(
        '<a href="https://example.org/Left Opposition" title="Left Opposition">the <mark'
    )
    assert marked(out) == [("Linke Opposition", "Left Opposition")]


def test_not_inside_code_footnote_references_or_existing_marks():
    source = (
        '<code>Opposition</code> and<sup class="fnref">Opposition</sup> '
        '<mark class="x">Opposition</mark> but <em>Opposition</em>'
    )
    out = INDEX.highlight(source)
    assert out == (
        '<code>Opposition</code> and<sup class="fnref">Opposition</sup> '
        '<mark class="x">Opposition</mark> but <em><mark class="term" title="Opposition">'
        "Opposition</mark></em>"
    )


def test_a_term_split_by_a_tag_is_left_alone():
    out = INDEX.highlight("the <em>Left</em> Opposition")
    # "Left" alone is no term; "Opposition" alone is.
    assert marked(out) == [("Opposition", "Opposition")]
    assert out.startswith("the <em>Left</em> ")


def test_escaped_text_stays_escaped_and_entities_match():
    index = TermIndex([TermHint("AT&T", "AT&T (de)")])
    out = index.highlight("&lt;script&gt;alert(1)&lt;/script&gt; AT&amp;T")
    assert "<script>" not in out
    assert out.startswith("&lt;script&gt;alert(1)&lt;/script&gt; ")
    assert out.endswith('<mark class="term" title="AT&amp;T (de)">AT&amp;T</mark>')


def test_titles_are_escaped():
    index = TermIndex([TermHint("Party", 'Die "Partei" <b>')])
    out = index.highlight("the Party")
    assert 'title="Die &quot;Partei&quot; &lt;b&gt;"' in out
    assert "<b>" not in out


def test_concepts_sharing_a_source_term_join_their_titles():
    index = TermIndex(
        [TermHint("International", "Internationale"), TermHint("international", "international")]
    )
    assert marked(index.highlight("the International")) == [
        ("Internationale / international", "International")
    ]


def test_term_edges_with_punctuation():
    index = TermIndex([TermHint("Comintern (Communist International)", "Komintern")])
    assert marked(index.highlight("the Comintern (Communist International) said")) == [
        ("Komintern", "Comintern (Communist International")
    ]


def test_markup_without_matches_is_returned_unchanged():
    source = (
        'The <em>promulgation</em> of <a href="https://wsws.org/?a=1&amp;b=2">the theory</a>'
        ' of 1924<br>and<sup class="fnref">1</sup> &amp; more'
    )
    assert INDEX.highlight(source) == source
    assert TermIndex([]).highlight(source) == source


def test_spaceless_source_languages_match_substrings():
    hints = [TermHint("永続革命", "permanent revolution"), TermHint("Trotsky", "T")]
    index = build_index(hints, "ja")
    out = index.highlight("トロツキーの永続革命論とTrotskyはTrotskyist")
    assert marked(out) == [("permanent revolution", "永続革命"), ("T", "Trotsky")]


def test_present_lists_each_hint_once_in_order():
    source = "<p>The Party, the Left Opposition, the Left Opposition, the Bloc of Four Classes</p>"
    assert INDEX.present(source) == [PARTY, LEFT, BLOC]
    assert INDEX.present('<a title="Party">x</a>') == []


WORDS = [
    "Left",
    "Opposition",
    "left",
    "opposition",
    "Party",
    "party",
    "Bloc",
    "of",
    "Four",
    "Classes",
    "<",
    "&",
    '"',
    "x",
    "Oppositionist",
]


SEPARATORS = [" ", "  ", "\n", ", "]


@given(
    st.lists(st.sampled_from(WORDS), max_size=25),
    st.lists(st.sampled_from(SEPARATORS), min_size=25, max_size=25),
)
def test_highlighting_only_adds_marks(words, separators):
    text = "".join(w + s for w, s in zip(words, separators, strict=False))
    markup = "<p>" + html.escape(text, quote=False) + "</p>"
    out = INDEX.highlight(markup)
    # Removing the marks gives the input back: nothing else was changed.
    assert _MARK.sub("", out) == markup
    # Every mark holds a term (ignoring case and spacing, except for case-sensitive Party).
    terms = {"left opposition", "opposition", "bloc of four classes"}
    for _title, inner in marked(out):
        folded = " ".join(html.unescape(inner).split()).casefold()
        assert folded in terms or inner == "Party"
