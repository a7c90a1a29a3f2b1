"""The translation written into the original Markdown file (formats/markdown_into.py): the
translated blocks take their translation where they stand; everything else stays as written."""

from __future__ import annotations

import re

import pytest

from workbench.formats.importers.md import _MD, parse_md, split_front_matter
from workbench.formats.inline import inline_spans
from workbench.formats.markdown_into import translated_markdown
from workbench.formats.markdown_out import export_markdown

RICH = """\
---
title: Test
tags: [a, b]
---
# The Title

Intro paragraph with *emphasis*, a [link][ref] and a note[^long].

1. First item
   continued here
2. Second item

   Second paragraph of item two.
   - nested bullet
3. Third

| Name | Value \\| pipe |
|------|------:|
| a    | `x` |
| b    | two words |

```python
def f():
    return 1
```

> Quote line one
> continued.
>
> Second quote paragraph.

Setext Heading
--------------

## ATX heading ##

<details>
<summary>More</summary>
<p>Hidden text here.</p>
</details>

    indented code
      more

- ```sh
  make run
  ```

[ref]: https://example.org "Title"

[^long]: The note text.

    Its second paragraph.
"""


def _upper(markup: str) -> str:
    """The markup's text in capitals, tags and character references as they are."""
    return re.sub(
        r"(<[^>]*>|&[a-z#0-9]+;)|([^<&]+)", lambda m: m.group(1) or m.group(2).upper(), markup
    )


def _shape(text: str) -> list[tuple]:
    """The file's block structure: markdown-it's tokens without their text."""
    _front, body = split_front_matter(text)
    return [
        (t.type, t.tag, t.markup, t.info if t.type == "fence" else "", t.attrGet("start"))
        for t in _MD.parse(body, {})
        if t.type not in ("inline", "text")
    ]


def _same_text(a: str, b: str) -> bool:
    # <em><strong>x</strong></em> and <strong><em>x</em></strong> say the same.
    return a == b or inline_spans(a) == inline_spans(b)


def _translate(text: str, translate=_upper) -> tuple[list, list[str], bytes]:
    parsed = parse_md(text)
    sources = [block.text for block in parsed.blocks]
    texts = [translate(source) for source in sources]
    out = translated_markdown(text.encode("utf-8"), sources, texts)
    assert out is not None
    return parsed.blocks, texts, out


def test_every_block_takes_its_translation_and_the_file_keeps_its_structure():
    blocks, texts, out = _translate(RICH)
    written = out.decode("utf-8")
    again = parse_md(written)
    assert [(b.kind, b.level, b.label) for b in again.blocks] == [
        (b.kind, b.level, b.label) for b in blocks
    ]
    assert all(_same_text(b.text, t) for b, t in zip(again.blocks, texts, strict=True))
    assert _shape(written) == _shape(RICH)
    # What was not translated is there as written: front matter, list numbers, the table's
    # alignment row, the fence and its language, the link definition, the HTML block's tags.
    assert written.startswith("---\ntitle: Test\ntags: [a, b]\n---\n# THE TITLE\n")
    for line in (
        "1. FIRST ITEM CONTINUED HERE",
        "2. SECOND ITEM",
        "   SECOND PARAGRAPH OF ITEM TWO.",
        "   - NESTED BULLET",
        "|------|------:|",
        "| A    | `X` |",
        "```python",
        "    RETURN 1",
        "SETEXT HEADING",
        "--------------",
        "<summary>MORE</summary>",
        "    INDENTED CODE",
        "      MORE",
        "- ```sh",
        "  MAKE RUN",
        '[ref]: https://example.org "Title"',
        "[^long]: THE NOTE TEXT.",
        "    ITS SECOND PARAGRAPH.",
    ):
        assert line in written.split("\n"), line


def test_untranslated_blocks_stay_byte_for_byte():
    data = RICH.encode("utf-8")
    sources = [block.text for block in parse_md(RICH).blocks]
    assert translated_markdown(data, sources, [None] * len(sources)) == data
    # One block translated: one line changes.
    texts: list[str | None] = [None] * len(sources)
    texts[sources.index("Third")] = "Dritter"
    out = translated_markdown(data, sources, texts)
    assert out is not None
    changed = [
        (a, b) for a, b in zip(RICH.split("\n"), out.decode().split("\n"), strict=True) if a != b
    ]
    assert changed == [("3. Third", "3. Dritter")]


def test_crlf_line_ends_and_a_byte_order_mark():
    text = "# Title\r\n\r\n1. One\r\n2. Two\r\n"
    data = b"\xef\xbb\xbf" + text.encode()
    sources = [b.text for b in parse_md(text).blocks]
    out = translated_markdown(data, sources, ["Titel", "Eins", None])
    assert out == b"# Titel\r\n\r\n1. Eins\r\n2. Two\r\n"


def test_a_list_that_does_not_start_at_one_keeps_its_numbers_once():
    text = "Intro.\n\n3. Three\n4. Four\n"
    blocks, texts, out = _translate(text)
    assert [b.text for b in blocks][1] == "3. Three"  # the author's number is in the unit
    assert out.decode() == "INTRO.\n\n3. THREE\n4. FOUR\n"


def test_line_breaks_of_a_translation():
    text = "- An item\n- Another\n\n| a | b |\n|---|---|\n| c | d |\n\n# Heading\n"
    sources = [b.text for b in parse_md(text).blocks]
    texts = ["Eins<br>zwei", None, "A|B<br>C", None, None, None, "Kopf<br>Zeile"]
    out = translated_markdown(text.encode(), sources, texts).decode()
    assert out.split("\n")[:2] == ["- Eins\\", "  zwei"]
    assert "| A\\|B<br>C | b |" in out.split("\n")
    assert "# Kopf Zeile" in out.split("\n")
    again = [b.text for b in parse_md(out).blocks]
    assert again[0] == "Eins<br>zwei" and again[2] == "A|B<br>C"


def test_leading_no_break_spaces_survive_both_exports():
    text = "Intro.\n\n&nbsp;&nbsp;Indented words.\n"
    parsed = parse_md(text)
    sources = [b.text for b in parsed.blocks]
    assert sources[1].startswith("\xa0\xa0")
    texts = [s.replace("words", "Wörter") for s in sources]
    own = translated_markdown(text.encode(), sources, texts).decode()
    built = export_markdown(parsed.blocks, texts).decode()
    for out in (own, built):
        assert parse_md(out).blocks[1].text == "\xa0\xa0Indented Wörter."


@pytest.mark.parametrize(
    ("text", "texts"),
    [
        # An inline note is defined inside its paragraph's text: no place of its own.
        ("Text^[an inline note].\n", ['Texte<sup class="fnref">1</sup>.', "une note"]),
        # A line of the translated code would close its fence.
        ("```\ncode\n```\n", ["<code>```<br>more</code>"]),
    ],
)
def test_what_cannot_go_into_the_file_is_refused(text, texts):
    sources = [b.text for b in parse_md(text).blocks]
    assert len(sources) == len(texts)
    assert translated_markdown(text.encode(), sources, texts) is None


def test_a_file_that_no_longer_gives_the_units_is_refused():
    sources = [b.text for b in parse_md(RICH).blocks]
    changed = RICH.replace("Third", "Fourth").encode()
    assert translated_markdown(changed, sources, [None] * len(sources)) is None
