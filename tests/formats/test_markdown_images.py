"""Images in Markdown, imported and written back into the file (importers/md.py,
formats/markdown_into.py): an image is an <img> place in its block's unit, its alt text a unit
of its own right after the block; the export puts the file's own image back at the place,
with the alt's translation as its alt."""

from __future__ import annotations

from workbench.formats.importers._common import finish
from workbench.formats.importers.md import _MD, parse_md, read_markdown, split_front_matter
from workbench.formats.markdown_into import translated_markdown

DOC = """\
---
title: Images
---
# The Title

Text with ![a *small* cat](img/cat.png "The cat") inline and more words.

[![build](https://ci.example/badge.svg)](https://ci.example/job) [![cov](cov.svg)](https://cov.example)

See the ![company logo][logo] here and ![short] there.

3. An item with ![icon](icon.png)
4. Another item

| Name | Picture |
|------|---------|
| cat  | ![a cat](cat.png) is here |

[logo]: img/logo.png "Logo title"
[short]: img/short.png
"""


def _images(text: str) -> list[tuple[str, str | None, str]]:
    """(src, title, alt as a renderer shows it) of every image markdown-it finds."""
    _front, body = split_front_matter(text)
    found = []
    for token in _MD.parse(body, {}):
        for child in token.children or []:
            if child.type == "image":
                alt = "".join(c.content for c in child.children or [])
                found.append((str(child.attrGet("src")), child.attrGet("title"), alt))
    return found


def _units(text: str) -> list[str]:
    return [b.text for b in parse_md(text).blocks]


def _german(markup: str) -> str:
    words = {
        "Text with": "Text mit",
        "inline and more words.": "im Satz und mehr Wörter.",
        "a <em>small</em> cat": "eine <em>kleine</em> Katze",
        "See the": "Siehe das",
        "here and": "hier und",
        "there.": "dort.",
        "build": "Bau",
        "cov": "Abdeckung",
        "company logo": "Firmen]logo\\",
        "short": "kurz",
        "An item with": "Ein Eintrag mit",
        "icon": "Symbol",
        "a cat": "eine Katze",
        "is here": "ist hier",
    }
    for source, target in words.items():
        markup = markup.replace(source, target)
    return markup


def test_an_image_is_a_place_in_its_unit_and_its_alt_a_unit_of_its_own():
    assert _units(DOC) == [
        "The Title",
        "Text with <img> inline and more words.",
        "a <em>small</em> cat",
        # The line of linked badges is no unit: only the alt texts are.
        "build",
        "cov",
        "See the <img> here and <img> there.",
        "company logo",
        "short",
        "3. An item with <img>",
        "icon",
        "4. Another item",
        "Name",
        "Picture",
        "cat",
        "<img> is here",
        "a cat",
    ]


def test_the_images_come_back_with_their_translated_alt_and_the_text_around():
    sources = _units(DOC)
    texts = [_german(s) for s in sources]
    out = translated_markdown(DOC.encode(), sources, texts)
    assert out is not None
    written = out.decode()
    assert _images(written) == [
        ("img/cat.png", "The cat", "eine kleine Katze"),
        ("https://ci.example/badge.svg", None, "Bau"),
        ("cov.svg", None, "Abdeckung"),
        ("img/logo.png", "Logo title", "Firmen]logo\\"),
        ("img/short.png", None, "kurz"),
        ("icon.png", None, "Symbol"),
        ("cat.png", None, "eine Katze"),
    ]
    lines = written.split("\n")
    # The image as the file wrote it; the alt's markup and its ] and \ escaped.
    assert 'Text mit ![eine *kleine* Katze](img/cat.png "The cat") im Satz und mehr Wörter.' in (
        lines
    )
    assert "Siehe das ![Firmen\\]logo\\\\][logo] hier und ![kurz][short] dort." in lines
    # The badges' line: only the alts changed.
    assert (
        "[![Bau](https://ci.example/badge.svg)](https://ci.example/job) "
        "[![Abdeckung](cov.svg)](https://cov.example)"
    ) in lines
    assert "3. Ein Eintrag mit ![Symbol](icon.png)" in lines
    assert "| cat  | ![eine Katze](cat.png) ist hier |" in lines
    # Read back: the same units with the translations, link definitions as written.
    assert _units(written) == texts
    assert '[logo]: img/logo.png "Logo title"' in lines


def test_an_untranslated_file_comes_back_byte_for_byte():
    sources = _units(DOC)
    assert translated_markdown(DOC.encode(), sources, [None] * len(sources)) == DOC.encode()


def test_only_an_alt_translated_changes_only_the_alt():
    sources = _units(DOC)
    texts: list[str | None] = [None] * len(sources)
    texts[sources.index("a <em>small</em> cat")] = "eine <em>kleine</em> Katze"
    texts[sources.index("short")] = "kurz"
    out = translated_markdown(DOC.encode(), sources, texts)
    assert out is not None
    changed = [
        (a, b) for a, b in zip(DOC.split("\n"), out.decode().split("\n"), strict=True) if a != b
    ]
    assert changed == [
        (
            'Text with ![a *small* cat](img/cat.png "The cat") inline and more words.',
            'Text with ![eine *kleine* Katze](img/cat.png "The cat") inline and more words.',
        ),
        # A shortcut reference keeps its label.
        (
            "See the ![company logo][logo] here and ![short] there.",
            "See the ![company logo][logo] here and ![kurz][short] there.",
        ),
    ]


def test_an_alt_written_over_two_lines_has_its_block_written_again():
    text = "Intro ![a long\nalt text](x.png) end.\n"
    sources = _units(text)
    assert sources == ["Intro <img> end.", "a long alt text"]
    out = translated_markdown(text.encode(), sources, [None, "ein langer Alt"])
    assert out is not None
    assert out.decode() == "Intro ![ein langer Alt](x.png) end.\n"


def test_images_left_out_go_at_the_end_and_extra_places_are_dropped():
    text = "One ![a](a.png) two ![b](b.png) three.\n"
    sources = _units(text)
    out = translated_markdown(text.encode(), sources, ["Eins zwei drei.", None, None])
    assert out is not None and out.decode() == "Eins zwei drei. ![a](a.png) ![b](b.png)\n"
    out = translated_markdown(text.encode(), sources, ["<img> <img> Eins <img>.", None, None])
    assert out is not None and out.decode() == "![a](a.png) ![b](b.png) Eins .\n"


def test_an_image_in_a_raw_html_block_and_an_inline_img_tag():
    text = '<p>Text <img src="a.png" alt="pic"> more</p>\n\nWords <img src="b.png"> end.\n'
    sources = _units(text)
    assert sources == ["Text <img> more", "pic", "Words <img> end."]
    out = translated_markdown(text.encode(), sources, ["Texte <img> plus", "image", "Mots <img>."])
    assert out is not None
    written = out.decode()
    assert '<img src="a.png" alt="image">' in written
    assert 'Mots <img src="b.png">.' in written
    assert _units(written) == ["Texte <img> plus", "image", "Mots <img>."]


def test_a_document_imported_before_still_gets_its_own_layout():
    """Units read the way the importer read before images had places: the alt text inline,
    no unit of its own; `~~` was text."""
    text = "# Title\n\n3. Three ![a cat](cat.png) here\n4. Four ~~old~~\n\n| a | b |\n|---|---|\n"
    old = [b.text for b in finish(read_markdown(text, legacy=True).drafts, "md").blocks]
    assert old == ["Title", "3. Three a cat here", "4. Four ~~old~~", "a", "b"]
    assert old != _units(text)
    texts = [s.upper() for s in old]
    out = translated_markdown(text.encode(), old, texts)
    assert out is not None  # not None: the caller would rebuild the file from the units
    assert out.decode() == (
        "# TITLE\n\n3. THREE A CAT HERE\n4. FOUR \\~\\~OLD\\~\\~\n\n| A | B |\n|---|---|\n"
    )
    assert translated_markdown(text.encode(), old, [None] * len(old)) == text.encode()


def test_an_image_only_heading_or_cell_is_no_unit_and_stays():
    text = "# ![Logo](logo.png)\n\nBody text.\n"
    assert _units(text) == ["Logo", "Body text."]
    out = translated_markdown(text.encode(), _units(text), [None, "Text."])
    assert out == b"# ![Logo](logo.png)\n\nText.\n"
    out = translated_markdown(text.encode(), _units(text), ["Logo DE", None])
    assert out == b"# ![Logo DE](logo.png)\n\nBody text.\n"


def test_an_ordered_item_of_an_image_alone_keeps_its_number_and_image():
    text = "Intro.\n\n3. ![x](y.png)\n4. Four\n"
    sources = _units(text)
    assert sources == ["Intro.", "3. <img>", "x", "4. Four"]
    out = translated_markdown(text.encode(), sources, ["Einl.", "3. <img>", "X", "4. Vier"])
    assert out == b"Einl.\n\n3. ![X](y.png)\n4. Vier\n"
