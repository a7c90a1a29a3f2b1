"""Superscript, subscript, deleted and inserted text and inline images, end to end: the gate,
the importers (HTML, docx, Markdown), the exports read back with the formats' own parsers,
the editor's tokens and checks, and hostile markup."""

from __future__ import annotations

import io

import docx
import lxml.html
from lxml import etree
from markdown_it import MarkdownIt

from workbench.formats.docx_out import generated_docx, translated_docx
from workbench.formats.html_out import translated_html
from workbench.formats.importers.docx import parse_docx
from workbench.formats.importers.html import parse_html
from workbench.formats.importers.md import parse_md
from workbench.formats.markdown_out import export_markdown
from workbench.formats.xliff import export_xliff, read_xliff
from workbench.text.checks.markup_checks import markup as markup_check
from workbench.text.checks.registry import CheckContext
from workbench.text.markup import footnote_refs, sanitize_inline, tags_of
from workbench.text.placeables import from_tokens, placeables, to_tokens
from workbench.text.records import LanguageInfo, UnitRecord

DE = LanguageInfo("de", "German")

PAGE = b"""<!DOCTYPE html><html><head><title>T</title></head><body><h1>Title</h1>
<p>Area m<sup>2</sup>, H<sub>2</sub>O, <s>old</s> <ins>new</ins>, see
<img src="arrow.png" width="12" alt="an arrow" onerror="alert(1)"> here<sup><a href="#fn1"
id="r1">1</a></sup>.</p>
<p><a href="https://example.org/"><img src="logo.png" alt="Logo"></a></p>
<p>Bad <img src="java&#x09;script:alert(1)" alt="x1"> <img src="data:text/html,<script>">.</p>
<ol class="footnotes"><li id="fn1">A note. <a href="#r1">&#8617;</a></li></ol>
</body></html>"""


def test_gate_keeps_the_new_vocabulary_and_tells_superscript_from_references() -> None:
    out = sanitize_inline('m<sup>2</sup> 1<sup>st</sup><sup class="fnref">3</sup> <s>a</s>')
    assert out == 'm<sup>2</sup> 1<sup>st</sup><sup class="fnref">3</sup> <del>a</del>'
    assert footnote_refs(out) == ["3"]
    assert tags_of(out) == ["sup", "sup", "fnref:3", "del"]
    assert sanitize_inline("<strike>x</strike><sub>2</sub><ins>y</ins>") == (
        "<del>x</del><sub>2</sub><ins>y</ins>"
    )
    # An image is only its place: every attribute goes.
    assert sanitize_inline('<img src="javascript:alert(1)" onerror="alert(1)" alt="x">a') == (
        "<img>a"
    )


def test_hostile_marks_come_out_harmless() -> None:
    for vector in (
        '<sup onclick="alert(1)">2</sup>',
        '<sub style="background:url(javascript:alert(1))">2</sub>',
        "<del onmouseover=alert(1)>x</del>",
        '<ins cite="javascript:alert(1)">x</ins>',
        '<img src=x onerror="alert(1)">',
        '<sup class="fnref" onclick="alert(1)"><img src=x onerror=alert(1)>1</sup>',
    ):
        out = sanitize_inline(vector)
        assert "on" not in out.replace("fnref", ""), out
        assert "javascript" not in out and "style" not in out and "src" not in out, out


def test_html_import_keeps_marks_and_images_places() -> None:
    blocks = parse_html(PAGE).blocks
    texts = [b.text for b in blocks]
    assert texts[1] == (
        "Area m<sup>2</sup>, H<sub>2</sub>O, <del>old</del> <ins>new</ins>, see <img> "
        'here<sup class="fnref">1</sup>.'
    )
    # Alt texts are units of their own, right after their block.
    assert texts[2] == "an arrow"
    assert "Logo" in texts  # a linked image alone: no block of its own, its alt is one


def _translate(source: str) -> str:
    return {
        "Title": "Titel",
        "an arrow": "ein Pfeil",
        "Logo": "Das Logo",
        "x1": "X1",
        "A note.": "Eine Notiz.",
    }.get(source, source.replace("Area", "Fläche").replace("see", "siehe"))


def test_html_round_trip_keeps_marks_and_images_safely() -> None:
    sources = [b.text for b in parse_html(PAGE).blocks]
    texts = [_translate(s) for s in sources]
    out = translated_html(PAGE, sources, texts, DE)
    assert out is not None
    root = lxml.html.document_fromstring(out)
    p = root.findall(".//p")[0]
    assert p.text_content().startswith("Fläche m2")
    assert [el.tag for el in p.iter("sup", "sub", "del", "ins")] == [
        "sup", "sub", "del", "ins", "sup",
    ]  # fmt: skip
    image = p.find(".//img")
    assert image is not None
    assert image.get("src") == "arrow.png" and image.get("width") == "12"
    assert image.get("alt") == "ein Pfeil"
    assert image.get("onerror") is None
    logo = root.find(".//a[@href='https://example.org/']/img")
    assert logo is not None and logo.get("alt") == "Das Logo"
    for img in root.iter("img"):
        src = (img.get("src") or "").replace("\t", "").lower()
        assert not src.startswith(("javascript:", "data:text")), src
        assert not any(name.startswith("on") for name in img.attrib)
    # The footnote reference is the original's, not a plain <sup>.
    assert p.find(".//sup/a[@href='#fn1']") is not None


def test_html_image_left_out_of_translation_is_kept_at_the_end() -> None:
    page = b'<html><body><p>Press <img src="b.png" alt=""> now.</p></body></html>'
    sources = [b.text for b in parse_html(page).blocks]
    assert sources == ["Press <img> now."]
    out = translated_html(page, sources, ["Jetzt drücken."], DE)
    assert out is not None
    p = lxml.html.document_fromstring(out).find(".//p")
    assert p.text_content().strip() == "Jetzt drücken." and p.find("img").get("src") == "b.png"


def test_html_document_imported_before_still_matches() -> None:
    page = b'<html><body><p>m<sup>2</sup> and <img src="a.png" alt="arrow"> x</p></body></html>'
    old_sources = ["m2 and arrow x"]  # as the importer read it before
    out = translated_html(page, old_sources, ["m2 und Pfeil x"], DE)
    assert out is not None
    assert b"m2 und Pfeil x" in out


def _docx_with_marks() -> bytes:
    document = docx.Document()
    p = document.add_paragraph("Area m")
    p.add_run("2").font.superscript = True
    p.add_run(", H")
    p.add_run("2").font.subscript = True
    p.add_run("O, ")
    p.add_run("old").font.strike = True
    italic = p.add_run(" it")
    italic.italic = True
    sup = p.add_run("x")
    sup.italic = True
    sup.font.superscript = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_round_trip_keeps_superscript_subscript_and_strike() -> None:
    data = _docx_with_marks()
    blocks = parse_docx(data).blocks
    assert blocks[0].text == (
        "Area m<sup>2</sup>, H<sub>2</sub>O, <del>old</del><em> it<sup>x</sup></em>"
    )
    translation = "Fläche m<sup>2</sup>, H<sub>2</sub>O, <del>alt</del><em> es<sup>x</sup></em>"
    out = translated_docx(data, [blocks[0].text], [translation], DE)
    assert out is not None
    runs = docx.Document(io.BytesIO(out)).paragraphs[0].runs
    assert [(r.text, r.font.superscript) for r in runs if r.font.superscript] == [
        ("2", True), ("x", True),
    ]  # fmt: skip
    assert [r.text for r in runs if r.font.subscript] == ["2"]
    assert [r.text for r in runs if r.font.strike] == ["alt"]
    assert parse_docx(out).blocks[0].text == translation
    generated = generated_docx([UnitRecord("k", 0, "paragraph", blocks[0].text)], [translation], DE)
    assert parse_docx(generated).blocks[0].text == translation


def test_markdown_round_trip_keeps_marks() -> None:
    source = "Area m<sup>2</sup>, H<sub>2</sub>O, ~~old~~ <ins>new</ins> and ~~a, b~~.\n"
    blocks = parse_md(source).blocks
    text = "Area m<sup>2</sup>, H<sub>2</sub>O, <del>old</del> <ins>new</ins> and <del>a, b</del>."
    assert blocks[0].text == text
    out = export_markdown([UnitRecord("k", 0, "paragraph", text)], [text]).decode()
    html = MarkdownIt("commonmark", {"html": True}).enable("strikethrough").render(out)
    assert "<s>old</s>" in html and "<sup>2</sup>" in html and "<sub>2</sub>" in html
    assert [b.text for b in parse_md(out).blocks] == [text]


def test_xliff_round_trip_and_schema_of_marks_and_images() -> None:
    from tests.formats.test_xliff import DOC, _row, _schema  # noqa: PLC0415

    schemas = {
        "1.2": _schema("xliff-core-1.2-strict.xsd", with_extension=True),
        "2.0": _schema("xliff-core-2.0.xsd", with_extension=False),
    }
    source = (
        'm<sup>2</sup> H<sub>2</sub>O <del>a</del><ins>b</ins> <img> x<sup class="fnref">1</sup>'
    )
    target = (
        'm<sup>2</sup> H<sub>2</sub>O <del>c</del><ins>d</ins> <img> y<sup class="fnref">1</sup>'
    )
    for version, schema in schemas.items():
        data = export_xliff(DOC, DE, _row(source, target), version=version)
        assert schema.validate(etree.fromstring(data)), schema.error_log
        unit = read_xliff(data).units[0]
        assert (unit.source, unit.target) == (source, target)
    assert b'ctype="x-sup"' in export_xliff(DOC, DE, _row(source, target), version="1.2")


def test_tokens_and_checks_treat_marks_like_emphasis() -> None:
    source = sanitize_inline("H<sub>2</sub>O and m<sup>2</sup> <img> <del>x</del>")
    tokens = to_tokens(source, source=source)
    assert tokens == "H{sub}2{/sub}O and m{sup}2{/sup} {img} {del}x{/del}"
    assert from_tokens(tokens, source=source) == source
    kinds = [p.kind for p in placeables(source)]
    assert kinds[:4] == ["subscript", "superscript", "image", "deleted"]
    context = CheckContext("en", "de")
    findings = list(markup_check(source, "H2O und m<sup>2</sup> <del>x</del>", context))
    missing = {f.details["tag"] for f in findings}
    assert missing == {"sub", "img"}
