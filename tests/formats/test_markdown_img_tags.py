"""Raw HTML <img> tags in Markdown (inline in a paragraph, and in an HTML block): the tag is an
<img> place in its unit where it is inline, its alt attribute a unit of its own, and the export
into the original file writes the alt's translation into that tag, attribute-escaped, the rest
of the file byte for byte (importers/md.py, formats/markdown_into.py, formats/tag_attrs.py)."""

from __future__ import annotations

import html

from workbench.formats.importers.md import _MD, parse_md
from workbench.formats.markdown_into import translated_markdown
from workbench.formats.tag_attrs import attribute, start_tags, with_alt


def _units(text: str) -> list[str]:
    return [b.text for b in parse_md(text).blocks]


def _tags(text: str) -> list[str]:
    """Every raw HTML piece markdown-it finds in the text (inline tags and HTML blocks)."""
    found = []
    for token in _MD.parse(text, {}):
        if token.type == "html_block":
            found.append(token.content)
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(child.content)
    return found


def _export(text: str, texts: list[str | None]) -> str:
    out = translated_markdown(text.encode(), _units(text), texts)
    assert out is not None
    return out.decode()


INLINE = 'Press <img src="b.png" alt="the bee" width=12> to start.\n\nNext paragraph.\n'


def test_an_inline_img_tag_is_a_place_and_its_alt_a_unit() -> None:
    assert _units(INLINE) == ["Press <img> to start.", "the bee", "Next paragraph."]


def test_the_translated_alt_goes_into_the_tag_at_the_translated_place() -> None:
    out = _export(INLINE, ["Zum Start <img> drücken.", "die Biene", None])
    assert out == (
        'Zum Start <img src="b.png" alt="die Biene" width=12> drücken.\n\nNext paragraph.\n'
    )
    assert _tags(out) == ['<img src="b.png" alt="die Biene" width=12>']
    assert _units(out) == ["Zum Start <img> drücken.", "die Biene", "Next paragraph."]


def test_only_the_alt_translated_changes_only_the_alt() -> None:
    out = _export(INLINE, [None, "die Biene", None])
    assert out == INLINE.replace('alt="the bee"', 'alt="die Biene"')


def test_a_hostile_alt_stays_inside_its_attribute() -> None:
    text = "A <img src=x.png alt='it\"s'> b.\n"
    assert _units(text) == ["A <img> b.", 'it"s']
    hostile = "\"><script>alert(1)</script> 'x' & y"
    out = _export(text, [None, html.escape(hostile, quote=False)])
    tags = _tags(out)
    assert len(tags) == 1 and "<script" not in out
    assert attribute(tags[0], "alt") == hostile
    assert attribute(tags[0], "src") == "x.png"
    assert out.startswith("A <img src=x.png alt=") and out.endswith("> b.\n")


def test_a_rewritten_tag_loses_what_would_run() -> None:
    text = 'A <img src="java\tscript:alert(1)" onerror=alert(1) alt="pic" class=c> b.\n'
    assert _units(text) == ["A <img> b.", "pic"]
    out = _export(text, [None, "Bild"])
    assert out == 'A <img alt="Bild" class=c> b.\n'
    # The same file untranslated is the author's, byte for byte.
    assert _export(text, [None, None]) == text


def test_a_line_of_img_tags_is_no_unit_but_their_alts_are() -> None:
    text = '<img src="a.svg" alt="build"> <img src="b.svg" alt="coverage">\n\nText.\n'
    assert _units(text) == ["build", "coverage", "Text."]
    out = _export(text, ["Bau", None, "Wörter."])
    assert out == '<img src="a.svg" alt="Bau"> <img src="b.svg" alt="coverage">\n\nWörter.\n'


def test_a_tag_over_two_lines_has_its_block_written_again_for_its_alt() -> None:
    text = 'Intro <img src="a.png"\nalt="two lines"> end.\n'
    assert _units(text) == ["Intro <img> end.", "two lines"]
    out = _export(text, [None, "zwei Zeilen"])
    assert out == 'Intro <img src="a.png" alt="zwei Zeilen"> end.\n'


def test_an_image_left_out_of_the_translation_comes_at_the_end() -> None:
    out = _export(INLINE, ["Zum Start drücken.", "die Biene", None])
    assert out.startswith('Zum Start drücken. <img src="b.png" alt="die Biene" width=12>\n')


HTML_BLOCK = """\
Intro.

<p align=center>
  <img src="logo.png" alt="The logo" width=100 />
  <br/>&nbsp;<b>Bold</b> &copy; 2024
</p>

> <div><!-- <img src="old.png" alt="old"> --><img src=q.png alt=Quoted></div>
"""


def test_an_alt_in_an_html_block_is_written_into_its_tag_and_nothing_else_changes() -> None:
    units = _units(HTML_BLOCK)
    assert units == [
        "Intro.", "<img><br>\xa0<strong>Bold</strong> © 2024", "The logo", "Quoted",
    ]  # fmt: skip
    out = _export(HTML_BLOCK, [None, None, 'Das "Logo" <&>', "Zitiert"])
    assert out == HTML_BLOCK.replace(
        'alt="The logo"', 'alt="Das &quot;Logo&quot; &lt;&amp;&gt;"'
    ).replace("alt=Quoted", 'alt="Zitiert"')
    assert _units(out)[2:] == ['Das "Logo" &lt;&amp;&gt;', "Zitiert"]


def test_an_html_block_with_translated_text_is_written_from_its_tree() -> None:
    out = _export(HTML_BLOCK, [None, "<img><br>Fett", "Das Logo", None])
    assert 'alt="Das Logo"' in out and "Fett" in out and "alt=Quoted" in out


def test_documents_imported_before_tag_alts_were_units_still_match() -> None:
    # As read before: the tag's place, no unit for its alt.
    out = translated_markdown(
        INLINE.encode(), ["Press <img> to start.", "Next paragraph."], ["Drücken <img>.", None]
    )
    assert out is not None
    assert out.decode() == 'Drücken <img src="b.png" alt="the bee" width=12>.\n\nNext paragraph.\n'


def test_tag_attributes_as_written() -> None:
    tag = "<IMG SRC=a.png Alt='x' alt=\"second\"/>"
    assert attribute(tag, "alt") == "x"  # the first, as HTML reads a repeated attribute
    assert with_alt(tag, 'a"b') == '<IMG SRC=a.png alt="a&quot;b" alt="second"/>'
    assert with_alt("<img src=a>", "y") == '<img alt="y" src=a>'
    assert attribute("<img alt>", "alt") == "" and attribute("<img>", "alt") is None
    assert with_alt('<img src=" javascript:x" srcset="a.png 1x" onload=f() alt=y>', "z") == (
        '<img srcset="a.png 1x" alt="z">'
    )
    data = '<img src="data:image/png;base64,AA" alt>'
    assert with_alt(data, "") == '<img src="data:image/png;base64,AA" alt="">'
    assert with_alt("<img\n  onload=f()\n  alt=x>", "y") == '<img\n  alt="y">'
    text = '<script>"<img src=a>"</script><!-- <img> --><p><img\nsrc=b></p>'
    assert [text[s:e] for s, e in start_tags(text, "img")] == ["<img\nsrc=b>"]


def test_a_tag_written_over_several_lines_in_an_html_block_keeps_its_lines() -> None:
    text = (
        '<div align="center">\n  <picture>\n    <source srcset="dark.svg">\n'
        '    <img alt="The language"\n         src="light.svg"\n         width="50%">\n'
        "  </picture>\n\n[Site][s] | [Learn]\n</div>\n\nBody.\n"
    )
    assert _units(text) == ["The language", "[Site][s] | [Learn]", "Body."]
    out = _export(text, ["Die Sprache", None, None])
    assert out == text.replace('alt="The language"', 'alt="Die Sprache"')


def test_an_unsafe_attribute_alone_on_its_line_leaves_no_blank_line() -> None:
    text = '<p>\n<img src="a.png"\n     onerror="alert(1)"\n     alt="pic">\n</p>\n\nEnd.\n'
    out = _export(text, ["Bild", None])
    assert "onerror" not in out and 'alt="Bild"' in out
    assert "\n\n\n" not in out and _units(out) == ["Bild", "End."]


def test_finding_img_tags_is_linear_on_hostile_html() -> None:
    """Python's html.parser took 11 s on a 400 KB run of "</" and 26 s on 60 KB of "<a ":
    the scan reads each character a bounded number of times."""
    import time

    from workbench.formats.tag_attrs import start_tags

    for text in ("</" * 200_000, "<a " * 200_000, '<a b="' * 200_000, "<!--" * 200_000):
        started = time.process_time()
        assert start_tags(text + '<img alt="x">', "img") == []  # inside the tag or comment
        assert time.process_time() - started < 2.0
    text = '<!-- <img alt=a> --><img alt="b>c" src=x><script><img></script><IMG/>'
    assert start_tags(text, "img") == [(20, 41), (63, 69)]
