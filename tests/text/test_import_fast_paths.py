"""Fast paths of the import (sanitising markup already in its final form, folding white
space for checksums): the same results as the general code, for any input."""

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text import markup as m


def through_the_canonicaliser(text: str) -> str:
    cleaned = m._CLEANER.clean(m._xml_safe(text))
    if "<" not in cleaned:
        return m.sanitize_inline(text)
    parser = m._Canonicaliser()
    m._drive(parser, cleaned)
    return m._strip_outer(m._xml_safe("".join(parser.out)), breaks=True)


PIECES = [
    "a", " ", "  ", "\n", "&amp;", "&lt;", "&gt;", "&nbsp;", "&#39;", "&quot;", ">", "<", "'",
    '"', "<em>", "</em>", "<i>", "</i>", "<strong>", "</strong>", "<code>", "</code>", "<br>",
    "<br/>", "<a>", "</a>", '<a href="https://x.org/?a=1&amp;b=2">', '<a href="#fn1" title="t">',
    '<a href="javascript:x">', "<a href=\"x'y\">", '<a href=" https://e.org">',
    '<a href="https://e.org ">', '<a href="&amp;">', '<a href="a b">',
    '<a href="https://e.org" title="">', '<a href="https://e.org" title=" t ">',
    '<sup class="fnref">', "</sup>", "<sup>", "<p>", "</p>", "<span>", "1", "é", "\u00a0",
    "<script>", "</script>", "<!-- c -->", "\x01",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_the_fast_path_gives_what_the_canonicaliser_gives(parts: list[str]) -> None:
    text = "".join(parts)
    assert m.sanitize_inline(text) == through_the_canonicaliser(text)


def test_importer_markup_takes_the_fast_path() -> None:
    built = 'A <em>b</em> &amp; <a href="https://e.org/?a=1&amp;b">c</a>.<sup class="fnref">2</sup>'
    assert m._ALREADY_CANONICAL.fullmatch(built)
    assert m.sanitize_inline(built) == built


SPACES = ["a", "b", " ", "\n", "\t", "\u00a0", "\u2028", "\u3000", "\x1c", "\x85", "\u200b", "é"]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(SPACES), max_size=20))
def test_the_checksum_folds_white_space_as_the_regex_did(text: str) -> None:
    import hashlib
    import re

    from workbench.text.fingerprint import source_checksum

    folded = re.sub(r"\s+", " ", text).strip()
    assert source_checksum(text) == hashlib.sha1(folded.encode("utf-8")).hexdigest()


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\\", '"', "\t", "\r", "\v", "\b", "\f", "é"])))
def test_the_po_writer_escapes_as_polib_does(text: str) -> None:
    import polib

    from workbench.formats.po import _escape

    assert _escape(text) == polib.escape(text)


NESTING = [*PIECES, '<a href="mailto:a@b.org">', '<a href="HTTPS://e.org">', '<a href="/x">',
           '<a href="ftp://e.org">', '<a href="#">', "<em>b</em>", "\r", "\ufeff", "\ud800",
           "\x0b", "<br>", " <br>"]  # fmt: skip


@settings(max_examples=6000, deadline=None)
@given(st.lists(st.sampled_from(NESTING), max_size=14))
def test_markup_that_passes_unchanged_is_what_the_gate_gives_back(parts: list[str]) -> None:
    text = "".join(parts)
    if m.passes_unchanged(text):
        assert m.sanitize_inline(text) == text


# Well-formed markup, as stored markup mostly is, with links of every kind, odd characters and
# nesting the parser rewrites: random pieces are rarely well-formed enough to pass.
TEXT = st.sampled_from(["a", "b c", " ", "&amp;", "&lt;", "&gt;", "é", "\u00a0", "'", '"', "\r",
                        "\ufeff", "\x0b", "\n", "x=1", ">"])  # fmt: skip
HREF = st.sampled_from(["https://e.org", "HTTPS://e.org", "javascript:x", "JavaScript:x", "/x",
                        "#fn", "#", "mailto:a@b.org", "ftp://e.org", "http://e.org/?a=1&amp;b=2",
                        "data:text/html,x", "//e.org", "x:y", "https:", "#a b"])  # fmt: skip

FNREFS = [f'<sup class="fnref">{label}</sup>' for label in ["1", "11", "a  b", "a\nb", " 1", "1 "]]


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    inline = st.builds(
        lambda tag, inner: f"<{tag}>{inner}</{tag}>",
        st.sampled_from(["em", "strong", "code", "sup"]), children,
    )  # fmt: skip
    link = st.builds(
        lambda href, title, inner: f'<a href="{href}"{title}>{inner}</a>',
        HREF, st.sampled_from(["", ' title="t"', ' title=""']), children,
    )  # fmt: skip
    return st.one_of(inline, link)


MARKUP = st.recursive(
    st.one_of(TEXT, st.just("<br>"), st.sampled_from(FNREFS)),
    lambda children: st.one_of(
        _element(children), st.lists(children, min_size=1, max_size=4).map("".join)
    ),
    max_leaves=12,
)


@settings(max_examples=6000, deadline=None)
@given(MARKUP)
def test_well_formed_markup_that_passes_unchanged_is_what_the_gate_gives_back(text: str) -> None:
    if m.passes_unchanged(text):
        assert m.sanitize_inline(text) == text


def test_stored_markup_passes_unchanged_and_anything_else_goes_to_the_gate() -> None:
    for stored in [
        'A <em>b</em> &amp; <a href="https://e.org/?a=1&amp;b">c</a>.<sup class="fnref">2</sup>',
        '<strong>See <a href="#fn-1" title="note">the <code>x</code> note</a></strong>',
        'Mail <a href="mailto:a@b.org">us</a> &lt;now&gt;',
    ]:
        assert m.sanitize_inline(stored) == stored and m.passes_unchanged(stored), stored
    for other in [
        '<a href="javascript:alert(1)">x</a>', '<a href="/admin">x</a>', "<em>open",
        "</em>x", "<em>a<strong>b</em></strong>", '<a href="#a"><a href="#b">x</a></a>',
        "x\r\ny", " x", "x<br>", "<em> </em>x", "<script>x</script>", "a\x01b",
    ]:  # fmt: skip
        assert not m.passes_unchanged(other), other
