"""The inline markup: sanitising (safety first), plain text, counting, footnote references."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.markup import (
    escape_text,
    fnref,
    footnote_refs,
    from_plain,
    links_of,
    sanitize_inline,
    tags_of,
    to_plain,
    word_count,
)

# --- sanitising: what survives ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_markup", "expected"),
    [
        ("plain words", "plain words"),
        (
            "<em>a</em> <strong>b</strong> <code>c</code>",
            "<em>a</em> <strong>b</strong> <code>c</code>",
        ),  # noqa: E501
        ("<i>it</i> and <b>bold</b>", "<em>it</em> and <strong>bold</strong>"),
        ("<cite>Book</cite>", "<em>Book</em>"),
        ("<kbd>Ctrl</kbd>", "<code>Ctrl</code>"),
        ("one<br>two<br/>three", "one<br>two<br>three"),
        ('<a href="https://example.org/x">l</a>', '<a href="https://example.org/x">l</a>'),
        ('<a href="http://example.org">l</a>', '<a href="http://example.org">l</a>'),
        ('<a href="mailto:a@example.org">m</a>', '<a href="mailto:a@example.org">m</a>'),
        ('<a href="#fn1" title="Note">f</a>', '<a href="#fn1" title="Note">f</a>'),
        ('word.<sup class="fnref">1</sup>', 'word.<sup class="fnref">1</sup>'),
        ('<sup class="fnref extra"> 2 </sup>', '<sup class="fnref">2</sup>'),
        ("E = mc<sup>2</sup>", "E = mc<sup>2</sup>"),
        ("<span style='color:red'>red</span>", "red"),
        ("<p>one</p><p>two</p>", "one two"),
        ("<ul><li>a</li><li>b</li></ul>", "a b"),
        ("a\u00a0b", "a\u00a0b"),
        ("Tom &amp; Jerry &lt;3", "Tom &amp; Jerry &lt;3"),
        ("&copy; &eacute; &#x27;", "© é '"),
        ("“quotes” — naiveté", "“quotes” — naiveté"),
        ("  outer whitespace\n", "outer whitespace"),
        ("<em></em>x<strong> </strong>", "x"),
        ("trailing<br>", "trailing"),
        ('<a href="#">x</a>', '<a href="#">x</a>'),
    ],
)
def test_sanitize_keeps_the_vocabulary(given_markup: str, expected: str) -> None:
    assert sanitize_inline(given_markup) == expected


# --- sanitising: XSS vectors ----------------------------------------------------------------

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="/relative/path">x</a>',
    '<a href="//evil.example">x</a>',
    '<em onclick="alert(1)" onmouseover="alert(1)">x</em>',
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">x</a>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<<script>script>alert(1)<</script>/script>",
    "<em><script>alert(1)</em></script>",
    '<sup class="fnref" onclick="alert(1)">1</sup>',
    '<sup class="fnref"><img src=x onerror=alert(1)>1</sup>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<a href="https://ok.example" style="position:fixed">x</a>',
    "<template><script>alert(1)</script></template>",
    '<details open ontoggle="alert(1)">x</details>',
    '<a href="https://ok.example/&quot;onmouseover=&quot;alert(1)">x</a>',
    '<sup onclick="alert(1)">2</sup>',
    '<sub style="x:expression(alert(1))" onmouseover=alert(1)>2</sub>',
    '<del onfocus=alert(1) autofocus tabindex=1>x</del><ins cite="javascript:alert(1)">y</ins>',
    '<s onclick=alert(1)>x</s><strike class="fnref" onclick=alert(1)>y</strike>',
    '<img src="javascript:alert(1)" alt="x">',
    '<img src=x onerror=alert(1) alt="&quot; onerror=alert(1)">',
    '<img srcset="javascript:alert(1) 1x" usemap="#m">',
    "<sup><img src=x onerror=alert(1)></sup>",
]

_ALLOWED_TAG = re.compile(
    r'^</?(em|strong|code|br|a|sup|sub|del|ins|img)( href="[^"<>]*"| title="[^"<>]*"'
    r'| class="fnref")*>$'
)


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_sanitize_neutralises_xss(vector: str) -> None:
    out = sanitize_inline(vector)
    lowered = out.lower()
    for forbidden in ("<script", "<style", "<img ", "<svg", "<iframe", "<object", "<embed",
                      "<meta", "<base", "<link", "<form", "<math", "<template"):  # fmt: skip
        assert forbidden not in lowered, out
    # An image is only ever its place, a bare <img>: no source, no handler, no attribute.
    assert not re.search(r"\son\w+\s*=", lowered.replace("&quot;", "")), out
    for tag in re.findall(r"<[^>]*>", out):
        assert _ALLOWED_TAG.match(tag), (tag, out)
    for href in links_of(out):
        assert href.startswith(("http://", "https://", "mailto:", "#")), href
    assert sanitize_inline(out) == out


def test_sanitize_drops_script_and_style_text_but_keeps_other_text() -> None:
    out = sanitize_inline("before<script>alert('x')</script><style>p{}</style><blink>after</blink>")
    assert out == "beforeafter"


def test_unbalanced_tags_are_balanced() -> None:
    assert sanitize_inline("<em>open") == "<em>open</em>"
    assert sanitize_inline("close</em> here") == "close here"
    assert sanitize_inline("<i>x<b>y</i>z") == "<em>x<strong>y</strong></em><strong>z</strong>"
    assert sanitize_inline("a < b > c") == "a &lt; b &gt; c"


def test_sanitize_removes_characters_xml_cannot_hold() -> None:
    assert sanitize_inline("a\x00b\x0bc\x1fd\ufffe") == "abcd"


markup_like = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(
            [
                "<em>",
                "</em>",
                "<i>",
                "</i>",
                "<b>",
                "</b>",
                "<strong>",
                "</strong>",
                "<br>",
                '<a href="https://x.example/?a=1&b=2">',
                '<a href="javascript:x">',
                "</a>",
                '<sup class="fnref">',
                "<sup>",
                "</sup>",
                "<code>",
                "</code>",
                "<p>",
                "</p>",
                "<script>",
                "</script>",
                "&amp;",
                "&",
                "<",
                ">",
                "&nbsp;",
                "\u00a0",
                '"',
                "'",
            ]
        ),  # fmt: skip
    ),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(markup_like)
def test_sanitize_is_idempotent_and_well_formed(raw: str) -> None:
    once = sanitize_inline(raw)
    assert sanitize_inline(once) == once
    for tag in re.findall(r"<[^>]*>", once):
        assert _ALLOWED_TAG.match(tag), (tag, once)
    # Balanced: every opening tag is closed, in order.
    stack = []
    for tag in re.findall(r"<(/?)(em|strong|code|a|sup)\b", once):
        if tag[0]:
            assert stack and stack.pop() == tag[1], once
        else:
            stack.append(tag[1])
    assert not stack, once
    # A footnote reference always holds a plain label (the HTML export links it by this shape).
    for ref in re.findall(r'<sup class="fnref">.*?</sup>', once):
        assert re.fullmatch(r'<sup class="fnref">[^<]*</sup>', ref), once


# --- reading markup ------------------------------------------------------------------------

SEED_QUOTE = (
    "It is a gross mistake to think that imperialism mechanically welds together all the "
    "classes of China from without... The revolutionary struggle against imperialism does "
    "not weaken, but rather strengthens the political differentiation of the classes."
    '<sup class="fnref">1</sup>'
)


def test_to_plain() -> None:
    assert to_plain('<em>a</em> &amp; <a href="#x">b</a><br>c<sup class="fnref">1</sup>') == (
        "a & b\nc[1]"
    )
    assert to_plain("a\u00a0b &lt;tag&gt;") == "a\u00a0b <tag>"
    assert to_plain(SEED_QUOTE).endswith("classes.[1]")


def test_tags_links_and_footnote_refs() -> None:
    markup = (
        '<em>a</em> <strong>b</strong> <a href="https://x.example">l</a>'
        '<sup class="fnref">1</sup> x<br><code>c</code><sup class="fnref">*</sup>'
    )
    assert tags_of(markup) == ["em", "strong", "a", "fnref:1", "br", "code", "fnref:*"]
    assert links_of(markup) == ["https://x.example"]
    assert footnote_refs(markup) == ["1", "*"]
    assert footnote_refs("no refs") == []


@pytest.mark.parametrize(
    ("markup", "count"),
    [
        ("", 0),
        ("one two three", 3),
        ("<em>one</em> two, three.", 3),
        ("Kai-shek’s naiveté — 1925-1927", 3),
        ("China—including its", 3),
        (SEED_QUOTE, 36),
        ("我们是中国人", 6),
        ("日本語のテキスト", 8),
        ("Unicode 文字 test", 4),
        ("한국어 텍스트입니다", 2),
        ("مرحبا بالعالم", 2),
        ('word<sup class="fnref">12</sup> next', 2),
        ("... — !", 0),
    ],
)
def test_word_count(markup: str, count: int) -> None:
    assert word_count(markup) == count


# --- from plain text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("the classes.[1]", 'the classes.<sup class="fnref">1</sup>'),
        ("word[2] and more", 'word<sup class="fnref">2</sup> and more'),
        ("markdown style[^note].", 'markdown style<sup class="fnref">note</sup>.'),
        ("“quoted.”[3]", '“quoted.”<sup class="fnref">3</sup>'),
        ("two refs[1][2]", 'two refs<sup class="fnref">1</sup><sup class="fnref">2</sup>'),
        ("see [1] in the list", "see [1] in the list"),
        ("array[i] stays", "array[i] stays"),
        ("x[12345] too long", "x[12345] too long"),
        ("5 < 6 & 7 > 2", "5 &lt; 6 &amp; 7 &gt; 2"),
        ("<em>not markup</em>", "&lt;em&gt;not markup&lt;/em&gt;"),
        ("line one\nline two", "line one<br>line two"),
        ("crlf\r\nline", "crlf<br>line"),
    ],
)
def test_from_plain(text: str, markup: str) -> None:
    assert from_plain(text) == markup
    assert sanitize_inline(markup) == markup


def test_fnref_and_escape_text() -> None:
    assert fnref(" 1 ") == '<sup class="fnref">1</sup>'
    assert escape_text("a<b>&c") == "a&lt;b&gt;&amp;c"


# Text as volunteers and importers meet it: any printable character, markup-special ones
# and typographic quotes more often than chance would give them.
plain_texts = st.lists(
    st.one_of(
        st.characters(
            blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\ufffe\uffff"
        ),
        st.sampled_from(list("<>&\"'“”‘’—…*_[]^#`\\ \n\u00a0") + ["&amp;", "[1]", "[^2]", "<em>"]),
    ),
    max_size=60,
).map("".join)


_TYPED_REF = re.compile(r"\[\^?([\w\-]{1,40})\]")


@settings(max_examples=400, deadline=None)
@given(plain_texts)
def test_from_plain_round_trips_through_to_plain(text: str) -> None:
    markup = from_plain(text)
    assert sanitize_inline(markup) == markup
    # Exact, except that a reference typed "[^x]" reads back as "[x]".
    outer = None
    while outer != text:  # outer whitespace and a leading byte order mark go
        outer, text = text, text.strip(" \t\n\r\f").lstrip("\ufeff")
    expected = _TYPED_REF.sub(r"[\1]", text)
    assert _TYPED_REF.sub(r"[\1]", to_plain(markup)) == expected
