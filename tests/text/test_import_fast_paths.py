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
