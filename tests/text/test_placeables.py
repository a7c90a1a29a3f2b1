"""Placeables: stored markup as tokens in the translation box and back, losslessly."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.formats.po import export_po, read_po
from workbench.formats.tmx import TmxPair, export_tmx, read_tmx
from workbench.text.markup import sanitize_inline, tags_of, to_plain
from workbench.text.placeables import (
    Link,
    from_tokens,
    links_table,
    placeables,
    to_tokens,
)
from workbench.text.records import (
    KIND_PARAGRAPH,
    STATUS_TRANSLATED,
    DocumentInfo,
    ExportRow,
    LanguageInfo,
    TranslationRecord,
    UnitRecord,
)

SOURCE = (
    'He wrote<sup class="fnref">1</sup> that <em>this</em> is <strong>big</strong>, see '
    '<a href="https://example.org/a?b=1&amp;c=2" title="A &quot;site&quot;">here</a>, in 1917 '
    'and <code>x=1</code><sup class="fnref">*</sup>.'
)


def test_source_tokens_are_short_and_readable() -> None:
    tokens = to_tokens(SOURCE, source=SOURCE)
    assert tokens == "He wrote[1] that *this* is **big**, see {1}here{/1}, in 1917 and `x=1`[*]."
    assert from_tokens(tokens, source=SOURCE) == SOURCE


def test_typed_tokens_become_markup() -> None:
    typed = "Er schrieb[1], dass *dies* **groß** ist, {1}hier{/1}, 1917, `x=1`[*]."
    assert from_tokens(typed, source=SOURCE) == (
        'Er schrieb<sup class="fnref">1</sup>, dass <em>dies</em> <strong>groß</strong> ist, '
        '<a href="https://example.org/a?b=1&amp;c=2" title="A &quot;site&quot;">hier</a>, 1917, '
        '<code>x=1</code><sup class="fnref">*</sup>.'
    )


def test_angle_brackets_and_ampersands_are_text_both_ways() -> None:
    assert from_tokens("a < b && <em>x</em> <Ctrl>") == (
        "a &lt; b &amp;&amp; &lt;em&gt;x&lt;/em&gt; &lt;Ctrl&gt;"
    )
    assert to_tokens("a &lt; b &amp; c") == "a < b & c"


def test_brackets_only_reference_footnotes_the_source_has() -> None:
    # "[2]" is not a footnote of the source: a citation in running text stays text.
    assert from_tokens("siehe [2] und[1]", source=SOURCE) == (
        'siehe [2] und<sup class="fnref">1</sup>'
    )
    # ... and a literal "[1]" where the source has footnote 1 is written escaped.
    literal = "siehe [1]"
    assert to_tokens(literal, source=SOURCE) == "siehe \\[1]"
    # "[^label]" always is a footnote reference.
    assert from_tokens("x[^7]") == 'x<sup class="fnref">7</sup>'


def test_stars_between_spaces_and_unclosed_tokens_are_text() -> None:
    assert from_tokens("5 * 3 = 15") == "5 * 3 = 15"
    assert from_tokens("*nicht geschlossen") == "*nicht geschlossen"
    assert from_tokens("{1}kein Link{/1}") == "{1}kein Link{/1}"  # no link 1 in the table
    assert from_tokens("`a") == "`a"


def test_line_breaks() -> None:
    assert from_tokens("eins\nzwei\r\ndrei") == "eins<br>zwei<br>drei"
    assert to_tokens("eins<br>zwei") == "eins\nzwei"
    assert to_tokens("eins\nzwei") == "eins\\\nzwei"  # a newline in the text is not a <br>


def test_ambiguous_stars_fall_back_to_explicit_tokens() -> None:
    markup = "<em><strong>x</strong></em> and <em> y</em>"
    tokens = to_tokens(markup)
    assert "{i}" in tokens
    assert from_tokens(tokens) == markup


def test_links_the_source_does_not_have_are_numbered_after_its_own() -> None:
    translation = (
        'see <a href="https://other.example">there</a> and '
        '<a href="https://example.org/a?b=1&amp;c=2" title="A &quot;site&quot;">here</a>'
    )
    table = links_table(SOURCE, translation)
    assert table[1] == Link("https://other.example")
    tokens = to_tokens(translation, source=SOURCE)
    assert tokens == "see {2}there{/2} and {1}here{/1}"
    assert from_tokens(tokens, source=SOURCE, table=table) == translation


def test_placeables_of_the_source() -> None:
    found = [(p.kind, p.before, p.after, p.label) for p in placeables(SOURCE)]
    assert found == [
        ("footnote", "[1]", "", "1"),
        ("emphasis", "*", "*", "this"),
        ("strong", "**", "**", "big"),
        ("link", "{1}", "{/1}", "here"),
        ("code", "`", "`", "x=1"),
        ("footnote", "[*]", "", "*"),
        ("number", "1917", "", "1917"),
        ("number", "1", "", "1"),
    ]


# --- the round trip, by property ---------------------------------------------------------

pieces = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        [
            "<em>", "</em>", "<strong>", "</strong>", "<code>", "</code>", "<br>", "</a>",
            '<a href="https://x.example/?a=1&amp;b=2">', '<a href="#fn1" title="t">',
            '<a href="mailto:a@b.example">',
            '<sup class="fnref">1</sup>', '<sup class="fnref">2</sup>', '<sup class="fnref">',
            "</sup>", "*", "**", "`", "[", "]", "[1]", "[^2]", "{", "}", "{1}", "{/1}", "{i}",
            "{/b}", "\\", "\\*", "\n", " ", "  ", "&amp;", "&lt;", ">", " * ", "^", "\u00a0",
        ]
    ),
)  # fmt: skip
markup_like = st.lists(pieces, max_size=30).map("".join).map(sanitize_inline)
SOURCES = [
    "",
    SOURCE,
    'a<sup class="fnref">1</sup> b<sup class="fnref">2</sup> <a href="#fn1" title="t">x</a>',
]


@settings(max_examples=600, deadline=None)
@given(markup_like, st.sampled_from(SOURCES))
def test_round_trip_is_lossless(markup: str, source: str) -> None:
    tokens = to_tokens(markup, source=source)
    table = links_table(source, markup)
    assert from_tokens(tokens, source=source, table=table) == markup, tokens
    assert "<" not in tokens or "<" in to_plain(markup)  # no raw HTML in the box


typed_like = st.lists(
    st.one_of(
        st.text(max_size=6),
        st.sampled_from(
            [
                "*",
                "**",
                "`",
                "[1]",
                "[^x]",
                "{1}",
                "{/1}",
                "{i}",
                "{/i}",
                "\n",
                "\\",
                "<em>",
                "&",
                "<",
            ]
        ),  # fmt: skip
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(typed_like, st.sampled_from(SOURCES))
def test_whatever_is_typed_gives_canonical_markup_that_shows_the_same(
    typed: str, source: str
) -> None:
    markup = from_tokens(typed, source=source)
    assert sanitize_inline(markup) == markup
    # Shown again and saved again, it stays the same markup.
    table = links_table(source, markup)
    assert from_tokens(to_tokens(markup, source=source), source=source, table=table) == markup


DOC = DocumentInfo("essay", "Essay", LanguageInfo("en", "English"))
DE = LanguageInfo("de", "Deutsch")


@settings(max_examples=150, deadline=None)
@given(typed_like)
def test_tokens_survive_po_tmx_and_html_exports(typed: str) -> None:
    markup = from_tokens(typed, source=SOURCE)
    if not markup:
        return
    row = ExportRow(
        UnitRecord("p1", 1, KIND_PARAGRAPH, SOURCE),
        {"de": TranslationRecord(markup, STATUS_TRANSLATED)},
    )
    po = read_po(export_po(DOC, DE, [row]))
    imported = po.by_context()["p1"].msgstr
    # The PO import's own gate (services/po_import.py): angle text kept, then sanitised.
    from workbench.text.markup import keep_angle_text

    assert sanitize_inline(keep_angle_text(imported)) == markup
    (pair,) = read_tmx(
        export_tmx([TmxPair(SOURCE, markup, "en", "de", key="p1")], source_language="en")
    )
    assert sanitize_inline(pair.target) == markup
    assert to_tokens(pair.target, source=SOURCE) == to_tokens(markup, source=SOURCE)


def test_tokens_reach_the_html_export_as_markup() -> None:
    from workbench.formats.html import bilingual_html

    markup = from_tokens("Er schrieb[1], dass *dies* {1}hier{/1} ist.", source=SOURCE)
    row = ExportRow(
        UnitRecord("p1", 1, KIND_PARAGRAPH, SOURCE),
        {"de": TranslationRecord(markup, STATUS_TRANSLATED)},
    )
    html = bilingual_html(DOC, [DE], [row]).decode()
    assert "<em>dies</em>" in html
    assert re.search(r'<a href="https://example.org/a\?b=1&amp;c=2"[^>]*>hier</a>', html)
    assert tags_of(markup).count("fnref:1") == 1


@pytest.mark.parametrize(
    "hostile",
    [
        # 120,000 characters: twice the default translation limit, the most the editor's
        # save converts (services/translations.markup_from_tokens).
        "{b}" * 10_000 + "{/i}" * 7_500 + "{/b}" * 7_500,
        "*a" * 60_000,
        "[" * 120_000,
        "[^" * 60_000,
        "{1}" * 40_000,
        "\\" * 120_000,
        "`" * 120_000,
    ],
)
def test_hostile_tokens_cost_linear_time(hostile: str) -> None:
    import time

    start = time.perf_counter()
    markup = from_tokens(hostile, source=SOURCE)
    to_tokens(markup, source=SOURCE)
    # Linear work takes a few seconds here (the gate sanitises 60,000 elements); quadratic
    # work would take many minutes.
    assert time.perf_counter() - start < 30.0


def test_markup_counts_name_what_a_token_diff_shows_as_brackets():
    from workbench.text.placeables import markup_counts

    plain = markup_counts("He wrote [1] that *this* is <b>big</b> & x<y.")
    none = {"sup": 0, "sub": 0, "del": 0, "ins": 0, "img": 0}
    assert plain == {"fnref": 0, "em": 0, "strong": 0, "a": 0, "code": 0, **none}
    marked = markup_counts(
        'He wrote<sup class="fnref">1</sup><sup class="fnref">2</sup> that <em>this</em> is '
        '<strong>big</strong>, see <a href="https://example.org/">here</a> and <code>x</code>.'
    )
    assert marked == {"fnref": 2, "em": 1, "strong": 1, "a": 1, "code": 1, **none}
    marks = markup_counts("m<sup>2</sup> H<sub>2</sub>O <del>a</del><ins>b</ins> <img><img>")
    assert marks == {"fnref": 0, "em": 0, "strong": 0, "a": 0, "code": 0,
                     "sup": 1, "sub": 1, "del": 1, "ins": 1, "img": 2}  # fmt: skip
