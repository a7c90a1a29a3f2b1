"""The translated document in its own format, without a database: Markdown rebuilt from the
units, the translation written into an original .docx or HTML page, a .docx generated."""

from __future__ import annotations

import functools
import io
import re
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from tests.conftest import SAMPLE_MD
from tests.formats.test_importers import _add_hyperlink, _add_note_ref, _with_footnotes
from workbench.formats.docx_out import generated_docx, translated_docx
from workbench.formats.html_out import translated_html
from workbench.formats.importers import DocumentError, parse_document
from workbench.formats.inline import inline_spans
from workbench.formats.markdown_out import export_markdown
from workbench.formats.text_out import export_text
from workbench.text.markup import escape_text, fnref
from workbench.text.records import (
    KIND_BLOCKQUOTE,
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_LIST_ITEM,
    KIND_PARAGRAPH,
    KIND_TITLE,
    Block,
    LanguageInfo,
    UnitRecord,
)

FR = LanguageInfo("fr", "Français")
AR = LanguageInfo("ar", "العربية", direction="rtl")
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _units(blocks: list[Block]) -> list[UnitRecord]:
    return [
        UnitRecord(f"u{i:04}", i, b.kind, b.text, b.level, b.label)
        for i, b in enumerate(blocks, start=1)
    ]


def _shape(blocks) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, b.label) for b in blocks]


# --- Markdown ---------------------------------------------------------------------------------


def _translated(text: str, n: int) -> str:
    """A stand-in translation that keeps the markup: words replaced, tags and references
    where they were."""
    return f"«{n}» " + text.replace("the ", "le ").replace("The ", "Le ")


def test_sample_chapter_round_trips_with_its_translation() -> None:
    parsed = parse_document(SAMPLE_MD.read_bytes(), SAMPLE_MD.name)
    units = _units(parsed.blocks)
    texts = [_translated(b.text, i) for i, b in enumerate(parsed.blocks)]
    data = export_markdown(units, texts, parsed.front_matter)
    again = parse_document(data, "sample.fr.md")
    assert _shape(again.blocks) == _shape(parsed.blocks)
    assert [b.text for b in again.blocks] == texts
    assert again.front_matter == parsed.front_matter
    # markdown-it reads it as CommonMark with footnotes: the title heading, the footnotes.
    md = MarkdownIt("commonmark").use(footnote_plugin)
    tokens = md.parse(data.decode())
    assert tokens[0].type in ("paragraph_open", "heading_open")
    assert any(t.type == "heading_open" and t.tag == "h1" for t in tokens)
    html = md.render(data.decode())
    assert "«1»" in html and "<h1>«1» Le Historical" in html


def test_front_matter_comes_back_verbatim_and_structure_survives() -> None:
    source = (
        b'---\ntitle: "Permanent Revolution"\nauthor: L. Trotsky\ntags: [a, b]\n---\n\n'
        b"# Permanent Revolution\n\n## Introduction\n\nThe *theory*[^1] of **permanent** "
        b'revolution, see [the text](https://example.org/a_b "The text") and `code`.\n\n'
        b"> A quote,\n> first part.\n>\n> Second paragraph.\n\n- one item\n- two *items*\n\n"
        b"### Deep\n\n1984\\. A year.\n\n[^1]: The note, *with* emphasis.\n"
    )
    parsed = parse_document(source, "pr.md")
    data = export_markdown(_units(parsed.blocks), [b.text for b in parsed.blocks],
                           parsed.front_matter)  # fmt: skip
    assert data.startswith(b'---\ntitle: "Permanent Revolution"\nauthor: L. Trotsky\n')
    again = parse_document(data, "pr.fr.md")
    assert again.blocks == parsed.blocks
    assert again.front_matter == parsed.front_matter
    kinds = [b.kind for b in again.blocks]
    assert kinds == [KIND_TITLE, KIND_HEADING, KIND_PARAGRAPH, KIND_BLOCKQUOTE, KIND_BLOCKQUOTE,
                     KIND_LIST_ITEM, KIND_LIST_ITEM, KIND_HEADING, KIND_PARAGRAPH,
                     KIND_FOOTNOTE]  # fmt: skip


def test_markdown_specials_in_text_are_escaped() -> None:
    texts = [
        "1984. A year # not a heading &amp; &lt;tag&gt; [x](y) _u_ *s* \\ `t` ![i]",
        "- not a list<br>+ nor this<br>&gt; nor a quote<br>=== nor a heading",
        'a <em>"quoted"</em>word, <strong>bold <em>both</em></strong>, <code>a`b</code>',
    ]
    units = [UnitRecord(f"u{i}", i, KIND_PARAGRAPH, t) for i, t in enumerate(texts)]
    data = export_markdown(units, texts)
    again = parse_document(
        data,
        "x.md",
    )
    assert [b.text for b in again.blocks] == texts
    assert [b.kind for b in again.blocks] == [KIND_PARAGRAPH] * 3


_WORDS = st.text(
    alphabet=st.sampled_from(list("abc XYZ.,;:!?'\"()[]{}<>&*_`#+-=|~\\/1é»")),
    min_size=1,
    max_size=12,
)


@st.composite
def _inline(draw) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        text = escape_text(draw(_WORDS))
        wrap = draw(st.sampled_from(["", "em", "strong", "code", "a", "ref"]))
        if wrap in ("em", "strong"):
            pieces.append(f"<{wrap}>{text}</{wrap}>")
        elif wrap == "code":
            pieces.append(f"<code>{text}</code>")
        elif wrap == "a":
            pieces.append(f'<a href="https://example.org/{draw(st.integers(0, 9))}">{text}</a>')
        elif wrap == "ref":
            pieces.append(text + fnref(str(draw(st.integers(1, 3)))))
        else:
            pieces.append(text)
    return " ".join(pieces)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["p", "q", "li", "h2"]), _inline()), min_size=1,
                max_size=5))  # fmt: skip
def test_markdown_round_trip_property(items) -> None:
    """Whatever the text, importing the export gives the blocks the importer gives for the
    same text written in HTML (its canonical form): nothing added, lost or reinterpreted."""
    html = "".join(
        {"p": "<p>{}</p>", "q": "<blockquote><p>{}</p></blockquote>", "li": "<ul><li>{}</li></ul>",
         "h2": "<h2>{}</h2>"}[kind].format(text)
        for kind, text in items
    ) + "".join(f'<p id="fn{n}">note {n}</p>' for n in (1, 2, 3))  # fmt: skip
    try:
        expected = parse_document(f"<html><body>{html}</body></html>".encode(), "x.html")
    except DocumentError:
        return  # nothing but spaces: no document either way
    units = _units(expected.blocks)
    data = export_markdown(units, [u.source for u in units])
    again = parse_document(data, "x.md")
    assert _shape(again.blocks) == _shape(expected.blocks)
    # The same text with the same formatting ("<em>a </em><em>b</em>" is "<em>a b</em>").
    assert [inline_spans(b.text) for b in again.blocks] == [
        inline_spans(b.text) for b in expected.blocks
    ]


def test_plain_text_export() -> None:
    units = [
        UnitRecord("a", 1, KIND_TITLE, "Title"),
        UnitRecord("b", 2, KIND_PARAGRAPH, 'One<sup class="fnref">1</sup> <em>two</em>'),
        UnitRecord("c", 3, KIND_FOOTNOTE, "The note.", label="1"),
    ]
    data = export_text(units, [u.source for u in units])
    assert data == b"Title\n\nOne[1] two\n\n[1] The note.\n"
    again = parse_document(data, "x.txt")
    assert again.blocks[1].text == 'One<sup class="fnref">1</sup> two'


# --- .docx ------------------------------------------------------------------------------------


@functools.cache
def _original_docx() -> bytes:
    d = docx.Document()
    d.add_heading("The Permanent Revolution", level=1)
    d.add_heading("Introduction", level=2)
    p = d.add_paragraph("The ")
    p.add_run("theory").italic = True
    p.add_run(" of ")
    p.add_run("permanent").bold = True
    p.add_run(" revolution")
    _add_note_ref(p, 1)
    p.add_run(" began in 1905; see ")
    _add_hyperlink(p, "https://example.org/pr", "the text")
    p.add_run(".")
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for run in p.runs:
        run.font.size = Pt(13)
    d.add_paragraph("")  # empty: no unit, left alone
    d.add_paragraph("First point", style="List Number")
    d.add_paragraph("Second point", style="List Number")
    d.add_paragraph("A quotation", style="Quote")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell one"
    table.cell(0, 1).text = "Cell two"
    buf = io.BytesIO()
    d.save(buf)
    return _with_footnotes(
        buf.getvalue(), {1: '<w:r><w:t xml:space="preserve">The note, </w:t></w:r>'
                            '<w:r><w:rPr><w:i/></w:rPr><w:t>italic</w:t></w:r>'},
    )  # fmt: skip


FR_TEXTS = {
    "The Permanent Revolution": "La Révolution permanente",
    "Introduction": None,  # untranslated: the paragraph stays as it was
    "First point": "Premier point",
    "Second point": "Second <strong>point</strong>",
    "A quotation": "Une citation",
    "Cell one": "Cellule un",
    "Cell two": "Cellule deux",
    "The note, <em>italic</em>": "La note, <em>italique</em>",
}
FR_PARAGRAPH = (
    'La <em>théorie</em> de la révolution <strong>permanente</strong><sup class="fnref">1</sup> '
    'naquit en 1905 ; voir <a href="https://example.org/pr">le texte</a>.'
)


def _fr(blocks: list[Block]) -> list[str | None]:
    return [FR_PARAGRAPH if b.kind == KIND_PARAGRAPH and "theory" in b.text
            else FR_TEXTS[b.text] for b in blocks]  # fmt: skip


def test_docx_translation_into_the_original() -> None:
    original = _original_docx()
    parsed = parse_document(original, "pr.docx")
    texts = _fr(parsed.blocks)
    out = translated_docx(original, [b.text for b in parsed.blocks], texts, FR)
    assert out is not None
    again = parse_document(out, "pr.fr.docx")
    assert _shape(again.blocks) == _shape(parsed.blocks)
    expected = [t if t is not None else b.text for t, b in zip(texts, parsed.blocks, strict=True)]
    assert [b.text for b in again.blocks] == expected
    # python-docx reopens it: the styles, list numbering, alignment and fonts are the original's.
    document = docx.Document(io.BytesIO(out))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[:4] == [
        ("Heading 1", "La Révolution permanente"),
        ("Heading 2", "Introduction"),
        ("Normal", "La théorie de la révolution permanente naquit en 1905 ; voir le texte."),
        ("Normal", ""),
    ]
    assert styles[4:7] == [("List Number", "Premier point"), ("List Number", "Second point"),
                           ("Quote", "Une citation")]  # fmt: skip
    body = document.paragraphs[2]
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert [r.text for r in body.runs if r.italic] == ["théorie"]
    assert [r.text for r in body.runs if r.bold] == ["permanente"]
    assert all(r.font.size == Pt(13) for r in body.runs if r.text)
    assert document.tables[0].cell(0, 1).text == "Cellule deux"
    assert document.core_properties.language == "fr"
    # The footnote is a Word footnote still, referenced from the paragraph, translated.
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        notes = archive.read("word/footnotes.xml").decode()
        body_xml = archive.read("word/document.xml").decode()
    assert "La note, " in notes and "italique" in notes and "The note" not in notes
    assert "<w:footnoteRef/>" in notes
    # The note's number, then a space, then the translation.
    space = '<w:rPr><w:lang w:val="fr" w:bidi="fr"/></w:rPr><w:t xml:space="preserve"> </w:t>'
    assert f"<w:footnoteRef/></w:r><w:r>{space}" in notes
    assert body_xml.count('<w:footnoteReference w:id="1"/>') == 1
    assert 'w:lang w:val="fr"' in body_xml


def test_docx_reference_left_out_of_the_translation_stays_in_the_paragraph() -> None:
    original = _original_docx()
    parsed = parse_document(original, "pr.docx")
    texts = _fr(parsed.blocks)
    texts[2] = "Sans la référence."
    out = translated_docx(original, [b.text for b in parsed.blocks], texts, FR)
    again = parse_document(out, "pr.fr.docx")
    assert again.blocks[2].text == 'Sans la référence.<sup class="fnref">1</sup>'
    assert again.blocks[-1].kind == KIND_FOOTNOTE


def test_docx_right_to_left_and_mismatch() -> None:
    original = _original_docx()
    parsed = parse_document(original, "pr.docx")
    sources = [b.text for b in parsed.blocks]
    out = translated_docx(original, sources, ["نص"] * len(sources), AR)
    document = docx.Document(io.BytesIO(out))
    xml = document.paragraphs[0]._p.xml
    assert "<w:bidi/>" in xml and "<w:rtl/>" in xml
    # Units that are not the original's blocks: no guess, the caller generates a file.
    assert translated_docx(original, sources[:-1], [None] * (len(sources) - 1), FR) is None
    changed = [*sources[:-1], "Another note"]
    assert translated_docx(original, changed, [None] * len(sources), FR) is None


def test_generated_docx_has_styles_and_real_footnotes() -> None:
    units = [
        UnitRecord("a", 1, KIND_TITLE, "Title"),
        UnitRecord("b", 2, KIND_HEADING, "Part", level=2),
        UnitRecord("c", 3, KIND_PARAGRAPH, 'Text <em>it</em><sup class="fnref">1</sup>.'),
        UnitRecord("d", 4, KIND_BLOCKQUOTE, "Quoted"),
        UnitRecord("e", 5, KIND_LIST_ITEM, "Item"),
        UnitRecord("f", 6, KIND_FOOTNOTE, "The <strong>note</strong>.", label="1"),
    ]
    data = generated_docx(units, [u.source for u in units], FR, "Title")
    document = docx.Document(io.BytesIO(data))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", "Title"), ("Heading 2", "Part"), ("Normal", "Text it."), ("Quote", "Quoted"),
        ("List Bullet", "Item"),
    ]  # fmt: skip
    again = parse_document(data, "g.docx")
    assert _shape(again.blocks) == _shape(units)
    assert [b.text for b in again.blocks] == [u.source for u in units]


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="windows-1252"><title>The Title</title>
<link rel="stylesheet" href="site.css"><script>alert(1)</script>
<meta http-equiv="refresh" content="0; url=https://example.org/"><base href="https://example.org/"></head>
<body><nav><a href="/">Home</a></nav><article class="main"><h1 id="t">The Title</h1>
<p class="lead" onclick="steal()">Some <em>text</em> with a note<sup id="fnref1"><a
href="#fn1" class="footnote-ref">1</a></sup>.</p>
<ul class="points"><li>One</li><li>Two <strong>b</strong></li></ul>
<blockquote><p>Quoted</p></blockquote>
<div>Loose text<p>inner para</p>after</div>
</article><section class="footnotes"><ol><li id="fn1"><p>The note. <a href="#fnref1"
class="footnote-back">↩</a></p></li></ol></section></body></html>""".encode()


def test_html_translation_keeps_the_page() -> None:
    parsed = parse_document(PAGE, "page.html")
    sources = [b.text for b in parsed.blocks]
    texts: list[str | None] = [None] * len(sources)
    texts[0] = "Le Titre"
    texts[1] = 'Du <em>texte</em> avec une note<sup class="fnref">1</sup> ici.'
    texts[2] = "Un"
    texts[4] = "Cité"
    texts[6] = "paragraphe <script>x</script>intérieur"
    texts[8] = "La note."
    out = translated_html(PAGE, sources, texts, FR, [b.kind for b in parsed.blocks])
    assert out is not None
    page = out.decode()
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fr" dir="ltr">' in page
    assert '<meta charset="utf-8">' in page and "<title>Le Titre</title>" in page
    assert '<link rel="stylesheet" href="site.css">' in page
    assert "<script" not in page and "onclick" not in page
    assert "refresh" not in page and "<base" not in page
    assert '<p class="lead">Du <em>texte</em> avec une note<sup id="fnref1"><a' in page
    assert '<ul class="points"><li>Un</li><li>Two <strong>b</strong></li></ul>' in page
    assert '<li id="fn1"><p>La note. <a href="#fnref1" class="footnote-back">↩</a></p></li>' in page
    again = parse_document(out, "page.fr.html")
    assert _shape(again.blocks) == _shape(parsed.blocks)
    expected = [t if t is not None else s for t, s in zip(texts, sources, strict=True)]
    expected[6] = "paragraphe intérieur"
    assert [b.text for b in again.blocks] == expected


def test_html_text_between_blocks_is_placed() -> None:
    """A run of text between blocks ("Loose text" in a <div> beside a <p>, an <li>'s words
    before its inner list, an image's alt text in a <figure>) has no element of its own: the
    page fell back to the workbench's own layout. Each run now takes its translation in
    place, and the page reads back as the same blocks."""
    parsed = parse_document(PAGE, "page.html")
    sources = [b.text for b in parsed.blocks]
    texts: list[str | None] = [None] * len(sources)
    texts[5] = "Texte <em>libre</em>"  # "Loose text": a run between blocks
    texts[7] = "après"
    out = translated_html(PAGE, sources, texts, FR)
    assert out is not None
    assert "<div>Texte <em>libre</em><p>inner para</p>après</div>" in out.decode()
    again = [b.text for b in parse_document(out, "page.fr.html").blocks]
    assert again == [t if t is not None else s for t, s in zip(texts, sources, strict=True)]
    assert "data-workbench-run" not in out.decode()
    # Blocks that no longer match the units: still refused.
    assert translated_html(PAGE, sources[1:], texts[1:], FR) is None
    page = (
        b"<html><body><ul><li>Outer <em>item</em><ul><li>inner</li></ul>after</li></ul>"
        b'<figure><img src="a.png" alt="A chart"><figcaption>Prices</figcaption></figure>'
        b"</body></html>"
    )
    blocks = [b.text for b in parse_document(page, "p.html").blocks]
    assert blocks == ["Outer <em>item</em>", "inner", "after", "A chart", "Prices"]
    out = translated_html(page, blocks, [f"«{b}»" for b in blocks], FR)
    assert out is not None
    html = out.decode()
    assert "<li>«Outer <em>item</em>»<ul><li>«inner»</li></ul>«after»</li>" in html
    assert '<img src="a.png" alt="«A chart»"><figcaption>«Prices»</figcaption>' in html


def test_html_right_to_left() -> None:
    parsed = parse_document(PAGE, "page.html")
    texts = [None] * len(parsed.blocks)
    out = translated_html(PAGE, [b.text for b in parsed.blocks], texts, AR)
    assert b'<html lang="ar" dir="rtl">' in out


@pytest.mark.parametrize("limit", [5])
def test_reading_the_original_again_keeps_the_limits(limit) -> None:
    from workbench.formats.limits import FileLimits

    parsed = parse_document(PAGE, "page.html")
    sources = [b.text for b in parsed.blocks]
    with pytest.raises(DocumentError):
        translated_html(
            PAGE, sources, [None] * len(sources), FR, limits=FileLimits(max_units=limit)
        )
    original = _original_docx()
    parsed = parse_document(original, "pr.docx")
    sources = [b.text for b in parsed.blocks]
    with pytest.raises(DocumentError):
        translated_docx(original, sources, [None] * len(sources), FR,
                        FileLimits(max_units=limit))  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(_inline(), _inline(), st.sampled_from(["p", "h1", "li", "note"]))
def test_docx_round_trip_property(before: str, after: str, where: str) -> None:
    """Any translation written into the original's paragraph (with the paragraph's note
    reference somewhere in it), into a generated file, or into a footnote, reads back as
    the same text with the same formatting (Word has no code markup: code comes back as
    text in a monospaced font, its spaces read as prose's)."""
    from workbench.formats.importers._common import block_text, tidy_spaces

    def without_refs(text: str) -> str:
        return re.sub(r'<sup class="fnref">[^<]*</sup>', "", text)

    ref = fnref("1") if where == "p" else ""
    text = block_text(without_refs(before) + ref + " " + without_refs(after))
    if text is None:
        return  # nothing but spaces: no unit
    original = _original_docx()
    parsed = parse_document(original, "pr.docx")
    kinds = {"p": KIND_PARAGRAPH, "h1": KIND_TITLE, "li": KIND_LIST_ITEM, "note": KIND_FOOTNOTE}
    index = next(i for i, b in enumerate(parsed.blocks) if b.kind == kinds[where])
    rows: list[str | None] = [None] * len(parsed.blocks)
    rows[index] = text
    out = translated_docx(original, [b.text for b in parsed.blocks], rows, FR)
    again = parse_document(out, "x.docx")
    # Without code markup, the code's own spaces are read back as prose's (collapsed).
    expected = inline_spans(tidy_spaces(re.sub(r"</?code>", "", text)))
    assert inline_spans(again.blocks[index].text) == expected
    units = _units(parsed.blocks)
    texts = [t if t is not None else b.text for t, b in zip(rows, parsed.blocks, strict=True)]
    generated = parse_document(generated_docx(units, texts, FR), "g.docx")
    assert inline_spans(generated.blocks[index].text) == expected


# --- code blocks ------------------------------------------------------------------------------

CODE_MD = b"""# Install

Run this:

```python
def main():
    if True:
        print("  two  spaces")
\ttab = 1
```

A fence holding a fence:

````markdown
```
nested
```
````

Indented code:

    $ make run
      --flag

Inline `a  b` code.
"""


def _code_texts(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [t.content for t in tokens if t.type in ("fence", "code_block")]


def test_code_blocks_keep_their_indentation_through_import_and_export() -> None:
    """The lines of a fence or an indented block kept their words but lost their leading
    spaces and tabs (the importers tidied white space as in prose)."""
    parsed = parse_document(CODE_MD, "readme.md")
    code = [b.text for b in parsed.blocks if b.text.startswith("<code>")]
    assert code[0] == (
        '<code>def main():<br>    if True:<br>        print("  two  spaces")<br>\ttab = 1</code>'
    )
    assert code[2] == "<code>$ make run<br>  --flag</code>"
    assert parsed.blocks[-1].text == "Inline <code>a  b</code> code."
    data = export_markdown(_units(parsed.blocks), [b.text for b in parsed.blocks])
    assert _code_texts(data.decode()) == _code_texts(CODE_MD.decode())[:1] + [
        "```\nnested\n```\n",
        "$ make run\n  --flag\n",
    ]
    assert [b.text for b in parse_document(data, "again.md").blocks] == [
        b.text for b in parsed.blocks
    ]


def test_preformatted_html_keeps_its_spaces() -> None:
    page = (
        b"<html><body><p>Run:</p><pre>def f():\n    return  <b>1</b>\n\tx</pre>"
        b"<pre><code>if x:\n    y()</code></pre><p>a  <code>b  c</code></p></body></html>"
    )
    texts = [b.text for b in parse_document(page, "page.html").blocks]
    assert texts == [
        "Run:",
        "<code>def f():<br>    return  <strong>1</strong><br>\tx</code>",
        "<code>if x:<br>    y()</code>",
        "a <code>b c</code>",  # outside <pre>, HTML's own white space rule
    ]
