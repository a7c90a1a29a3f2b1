"""Pictures in .docx paragraphs: an <img> place in the unit where the picture's run stands, its
description (wp:docPr/@descr, else @title) a unit of its own; the export into the original puts
the picture's run back at the place the translation has it (the paragraph's end when it left
it out) and the translated description into the attribute (importers/docx.py, docx_out.py).
Exports are read back with python-docx."""

from __future__ import annotations

import io
import struct
import zlib

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from workbench.formats.docx_out import translated_docx
from workbench.formats.importers.docx import parse_docx
from workbench.text.records import LanguageInfo

DE = LanguageInfo("de", "German")
WP_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _png() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _picture(run, descr: str | None = None, title: str | None = None) -> None:
    run.add_picture(io.BytesIO(_png()))
    doc_pr = run._r.find(".//" + WP_DOC_PR)
    if descr is not None:
        doc_pr.set("descr", descr)
    if title is not None:
        doc_pr.set("title", title)


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _sample() -> bytes:
    document = docx.Document()
    p = document.add_paragraph("Look at ")
    _picture(p.add_run(), descr="A bar\nchart")
    p.add_run(" this chart.")
    _picture(document.add_paragraph().add_run(), title="The logo")  # a picture alone
    p = document.add_paragraph("Two ")
    _picture(p.add_run())  # no description: no unit
    p.add_run(" and ")
    italic = p.add_run("tilted ")
    italic.italic = True
    _picture(italic, descr="second")  # in the same run as italic text
    document.add_paragraph("Plain text.")
    return _save(document)


def _shape(paragraph) -> list[tuple[str, bool]]:
    """(text, holds a picture) of each run of the paragraph, as python-docx reads it."""
    return [(run.text, bool(run._r.findall(qn("w:drawing")))) for run in paragraph.runs]


def test_pictures_are_places_and_their_descriptions_units() -> None:
    units = [b.text for b in parse_docx(_sample()).blocks]
    assert units == [
        "Look at <img> this chart.",
        "A bar chart",
        "The logo",
        "Two <img> and <em>tilted <img></em>",
        "second",
        "Plain text.",
    ]
    kinds = [b.kind for b in parse_docx(_sample()).blocks]
    assert kinds == ["paragraph", "image", "image", "paragraph", "image", "paragraph"]


def test_a_picture_goes_back_where_the_translation_has_it() -> None:
    data = _sample()
    sources = [b.text for b in parse_docx(data).blocks]
    texts = [
        "Sieh <img> dir dieses Diagramm an.",
        'Ein "Balken"-Diagramm <script>',
        "Das Logo",
        "<em><img> schräg</em> und <img> zwei",  # the two pictures in order, at new places
        None,
        None,
    ]
    texts[1] = texts[1].replace("<script>", "&lt;script&gt;")
    out = translated_docx(data, sources, texts, DE)
    assert out is not None
    document = docx.Document(io.BytesIO(out))
    paragraphs = document.paragraphs
    assert _shape(paragraphs[0])[0] == ("Sieh ", False)
    assert [has for _text, has in _shape(paragraphs[0])] == [False, True, False]
    assert paragraphs[0].text == "Sieh  dir dieses Diagramm an."
    doc_prs = list(document.element.body.iter(WP_DOC_PR))
    assert doc_prs[0].get("descr") == 'Ein "Balken"-Diagramm <script>'
    assert doc_prs[1].get("title") == "Das Logo" and not doc_prs[1].get("descr")
    # The third paragraph: its pictures in reading order at the translation's places.
    shape = _shape(paragraphs[2])
    assert [has for _text, has in shape] == [True, False, False, True, False]
    assert "".join(text for text, _has in shape) == " schräg und  zwei"
    pictures = [r for r in paragraphs[2].runs if r._r.findall(qn("w:drawing"))]
    assert pictures[0]._r.find(".//" + WP_DOC_PR).get("descr") is None
    assert pictures[1]._r.find(".//" + WP_DOC_PR).get("descr") == "second"
    assert pictures[1].italic and not pictures[0].italic  # their own runs' properties
    assert paragraphs[2].runs[1].italic and paragraphs[2].runs[1].text == " schräg"
    assert paragraphs[3].text == "Plain text."
    # Read again, the export gives the translation's units; a picture's place carries its
    # own run's formatting (the second picture's run is italic), not the translation's.
    assert [b.text for b in parse_docx(out).blocks][:4] == [
        "Sieh <img> dir dieses Diagramm an.",
        'Ein "Balken"-Diagramm &lt;script&gt;',
        "Das Logo",
        "<img><em> schräg</em> und <em><img></em> zwei",
    ]


def test_a_picture_left_out_of_the_translation_goes_at_the_end() -> None:
    data = _sample()
    sources = [b.text for b in parse_docx(data).blocks]
    texts: list[str | None] = [None] * len(sources)
    texts[0] = "Ohne Bild."
    texts[3] = "Nur <img> eins und <img> zwei <img> drei."  # one place too many: dropped
    out = translated_docx(data, sources, texts, DE)
    assert out is not None
    paragraphs = docx.Document(io.BytesIO(out)).paragraphs
    assert _shape(paragraphs[0]) == [("Ohne Bild.", False), ("", True)]
    shape = _shape(paragraphs[2])
    assert [text for text, has in shape if has] == ["", ""]
    assert [has for _text, has in shape][:4] == [False, True, False, True]
    assert paragraphs[2].text == "Nur  eins und  zwei  drei."


def test_a_vml_picture_keeps_its_place_too() -> None:
    document = docx.Document()
    p = document.add_paragraph("Old ")
    p._p.append(
        parse_xml(
            f"<w:r {nsdecls('w')} xmlns:v='urn:schemas-microsoft-com:vml'>"
            "<w:pict><v:rect style='width:10pt;height:10pt'/></w:pict></w:r>"
        )
    )
    p.add_run(" shape.")
    data = _save(document)
    sources = [b.text for b in parse_docx(data).blocks]
    assert sources == ["Old <img> shape."]
    out = translated_docx(data, sources, ["Alte <img> Form."], DE)
    assert out is not None
    runs = docx.Document(io.BytesIO(out)).paragraphs[0].runs
    assert [(r.text, bool(r._r.findall(qn("w:pict")))) for r in runs] == [
        ("Alte ", False), ("", True), (" Form.", False),
    ]  # fmt: skip


def test_a_document_imported_before_still_exports() -> None:
    data = _sample()
    # As the importer read it before: pictures gave nothing, descriptions were no units.
    sources = ["Look at this chart.", "Two and <em>tilted</em>", "Plain text."]
    out = translated_docx(data, sources, ["Sieh dir das an.", None, "Text."], DE)
    assert out is not None
    document = docx.Document(io.BytesIO(out))
    paragraphs = document.paragraphs
    assert _shape(paragraphs[0]) == [("Sieh dir das an.", False), ("", True)]
    assert paragraphs[3].text == "Text."
    assert next(document.element.body.iter(WP_DOC_PR)).get("descr") == "A bar\nchart"


def test_an_untranslated_file_keeps_its_pictures_where_they_were() -> None:
    data = _sample()
    sources = [b.text for b in parse_docx(data).blocks]
    out = translated_docx(data, sources, [None] * len(sources), DE)
    assert out is not None
    assert [b.text for b in parse_docx(out).blocks] == sources


def test_a_linked_picture_stays_linked() -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    p = document.add_paragraph("Logo: ")
    link = parse_xml(f"<w:hyperlink {nsdecls('w', 'r')}/>")
    link.set(qn("r:id"), p.part.relate_to("https://example.org/", RT.HYPERLINK, True))
    run = p.add_run()
    _picture(run, descr="Home")
    link.append(run._r)
    p._p.append(link)
    p.add_run(" end.")
    data = _save(document)
    sources = [b.text for b in parse_docx(data).blocks]
    assert sources == ['Logo: <a href="https://example.org/"><img></a> end.', "Home"]
    out = translated_docx(data, sources, [sources[0].replace("end", "Ende"), "Start"], DE)
    assert out is not None
    assert [b.text for b in parse_docx(out).blocks] == [
        'Logo: <a href="https://example.org/"><img></a> Ende.', "Start",
    ]  # fmt: skip
    links = docx.Document(io.BytesIO(out)).paragraphs[0]._p.findall(qn("w:hyperlink"))
    assert len(links) == 1 and links[0].find(".//" + qn("w:drawing")) is not None
