"""The translated document as Word .docx.

    translated_docx(original, sources, texts, language) -> bytes | None
    generated_docx(units, texts, language, title) -> bytes

`translated_docx` writes the translation into the original upload: the original is read
again the way the importer reads it (formats/importers/docx.py, within the same limits), its
blocks matched in order with the units (None when they do not match: the caller then
generates one), and each translated block's paragraph (or footnote/endnote) gets the
translation as its runs. What the paragraph was is kept: its properties (style, list
numbering, alignment), the first text run's character formatting (font, size, colour) as the
base of the new runs, bookmarks, a note's own number, and the original footnote reference
runs and pictures, each put where the translation has that reference or that `<img>` place,
in order (one the translation left out goes at the paragraph's end: no note loses its
anchor, no picture is lost). A picture goes back as a run of its own with its run's
properties (a run that also held text gives the picture alone). Emphasis and strong become
italic and bold runs, code a monospaced font, links hyperlinks, superscript and subscript
w:vertAlign, deleted text w:strike, inserted text an underline, line breaks w:br. A
picture's translated description goes into the wp:docPr attribute it was read from (descr
or title). An untranslated unit's paragraph is left exactly as it was. Documents imported
before pictures had places are matched with the importer's legacy reading: their
paragraphs' pictures all go at the end.

`generated_docx` builds a document from the units alone (documents imported before the
originals were kept) with python-docx's built-in styles: Title, Heading 1-6, Quote, List
Bullet, Normal; footnotes are real Word footnotes (word/footnotes.xml), numbered 1, 2, ...
by Word.

Every new run carries the target language (w:lang) and, for a right-to-left language, w:rtl
with w:bidi on its paragraph, so spelling and direction follow the translation.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence

import docx
import lxml.etree
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from workbench.formats.importers._common import drafts_of_blocks
from workbench.formats.importers.docx import PictureAlt, W, read_docx, w
from workbench.formats.inline import BREAK, FNREF, IMAGE, Span, inline_spans, split_lines
from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.text.markup import to_plain
from workbench.text.records import (
    KIND_BLOCKQUOTE,
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_IMAGE,
    KIND_LIST_ITEM,
    KIND_TITLE,
    LanguageInfo,
    UnitRecord,
)

__all__ = ["generated_docx", "translated_docx"]

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CODE_FONT = "Courier New"

# Child order of w:rPr and w:pPr (ECMA-376 Part 1, CT_RPr and CT_PPr): Word refuses a file
# whose properties are out of order.
_RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath "
    "rPrChange"
).split()
_PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct "
    "autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing "
    "mirrorIndents suppressOverlap jc textDirection textAlignment textboxTightWrap "
    "outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
# Run properties the translation's own markup decides (or that would colour all of it).
_FORMATTING = {
    "rStyle", "b", "bCs", "i", "iCs", "strike", "dstrike", "vertAlign", "rtl", "lang", "rPrChange",
}  # fmt: skip
# What a paragraph keeps besides its properties, its references and its pictures: markers.
_KEPT_MARKS = {"bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd"}


def _local(el: lxml.etree._Element) -> str:
    tag = el.tag
    return lxml.etree.QName(tag).localname if isinstance(tag, str) else ""


def _set(parent: lxml.etree._Element, name: str, order: list[str], **attrs: str) -> None:
    """Set parent's w:NAME child (replacing one there) at its place in the schema's order."""
    for old in parent.findall(w(name)):
        parent.remove(old)
    el = lxml.etree.Element(w(name))
    for key, value in attrs.items():
        el.set(w(key), value)
    rank = order.index(name)
    for i, child in enumerate(parent):
        if _local(child) in order and order.index(_local(child)) > rank:
            parent.insert(i, el)
            return
    parent.append(el)


class _Writer:
    """Runs from markup, for one part (its relationships hold the hyperlinks)."""

    def __init__(self, language: LanguageInfo) -> None:
        self.language = language
        self.rtl = language.direction == "rtl"

    def rpr(self, base: lxml.etree._Element | None, span: Span) -> lxml.etree._Element:
        rpr = copy.deepcopy(base) if base is not None else lxml.etree.Element(w("rPr"))
        for child in list(rpr):
            if _local(child) in _FORMATTING:
                rpr.remove(child)
        if span.strong:
            _set(rpr, "b", _RPR_ORDER)
        if span.em:
            _set(rpr, "i", _RPR_ORDER)
        if span.code:
            _set(rpr, "rFonts", _RPR_ORDER, ascii=CODE_FONT, hAnsi=CODE_FONT, cs=CODE_FONT)
        if span.deleted:
            _set(rpr, "strike", _RPR_ORDER)
        if span.href or span.inserted:
            _set(rpr, "u", _RPR_ORDER, val="single")
        if span.sup or span.sub:
            _set(rpr, "vertAlign", _RPR_ORDER, val="superscript" if span.sup else "subscript")
        if self.rtl:
            _set(rpr, "rtl", _RPR_ORDER)
        _set(rpr, "lang", _RPR_ORDER, val=self.language.code, bidi=self.language.code)
        return rpr

    def runs(
        self,
        spans: Sequence[Span],
        part: Part,
        base: lxml.etree._Element | None,
        reference,  # label -> w:r element (or None): a footnote reference run
        picture=lambda: None,  # () -> the next picture's w:r (or None)
    ) -> list[lxml.etree._Element]:
        out: list[lxml.etree._Element] = []
        link: lxml.etree._Element | None = None
        link_href: str | None = None
        for span in spans:
            if span.kind == FNREF:
                link, link_href = None, None
                run = reference(span.text)
                if run is None:  # a reference to no known note: its label, raised
                    run = self._text_run(span.text, self.rpr(base, Span()))
                    _set(run.find(w("rPr")), "vertAlign", _RPR_ORDER, val="superscript")
                out.append(run)
                continue
            if span.kind == IMAGE:
                run = picture()
                if run is None:
                    continue  # no picture for this place (an HTML page's image, an extra one)
            elif span.kind == BREAK:
                run = lxml.etree.Element(w("r"))
                run.append(self.rpr(base, span))
                run.append(lxml.etree.Element(w("br")))
            else:
                run = self._text_run(span.text, self.rpr(base, span))
            if span.href:
                if link is None or link_href != span.href:
                    link = lxml.etree.Element(w("hyperlink"))
                    link.set(R_ID, part.relate_to(span.href, RT.HYPERLINK, is_external=True))
                    link_href = span.href
                    out.append(link)
                link.append(run)
            else:
                link, link_href = None, None
                out.append(run)
        return out

    @staticmethod
    def _text_run(text: str, rpr: lxml.etree._Element) -> lxml.etree._Element:
        run = lxml.etree.Element(w("r"))
        run.append(rpr)
        t = lxml.etree.SubElement(run, w("t"))
        t.text = text
        t.set(XML_SPACE, "preserve")
        return run

    def paragraph_direction(self, p: lxml.etree._Element) -> None:
        if not self.rtl:
            return
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = lxml.etree.Element(w("pPr"))
            p.insert(0, ppr)
        _set(ppr, "bidi", _PPR_ORDER)


# --- into the original ----------------------------------------------------------------------


def _reference_runs(p: lxml.etree._Element, labels) -> dict[str, list[lxml.etree._Element]]:
    """The runs of `p` holding a footnote or endnote reference, by the label shown."""
    found: dict[str, list[lxml.etree._Element]] = {}
    for run in p.iter(w("r")):
        for tag, notes in (("footnoteReference", labels[0]), ("endnoteReference", labels[1])):
            ref = run.find(w(tag))
            if ref is not None:
                label = notes.labels.get(ref.get(w("id")) or "")
                if label:
                    found.setdefault(label, []).append(run)
    return found


def _picture_runs(pictures: Sequence[tuple[lxml.etree._Element, ...]]) -> list:
    """A run of its own for each picture (the run, the picture element), in order: its
    run's properties and the picture, nothing else of the run (its text is translated)."""
    out = []
    for run, picture in pictures:
        new = lxml.etree.Element(w("r"), attrib=dict(run.attrib))
        rpr = run.find(w("rPr"))
        if rpr is not None:
            new.append(copy.deepcopy(rpr))
        new.append(picture)  # moved: the paragraph's old runs are removed
        out.append(new)
    return out


def _base_rpr(p: lxml.etree._Element) -> lxml.etree._Element | None:
    """The character formatting of the paragraph's first text run (font, size, colour)."""
    for run in p.iter(w("r")):
        if run.find(w("t")) is not None:
            return run.find(w("rPr"))
    return None


def _rewrite(
    p: lxml.etree._Element,
    spans: Sequence[Span],
    part: Part,
    writer: _Writer,
    notes,
    pictures: Sequence[tuple[lxml.etree._Element, ...]] = (),
) -> None:
    """The paragraph's content replaced by the spans' runs; `pictures`: its pictures as the
    importer read them, in order (the run, the picture element)."""
    refs = _reference_runs(p, notes)
    base = copy.deepcopy(_base_rpr(p))
    kept: list[lxml.etree._Element] = []  # bookmarks, a note's own number
    for el in p.iter():
        name = _local(el)
        if name in _KEPT_MARKS:
            kept.append(el)
        elif name == "r" and any(_local(c) in ("footnoteRef", "endnoteRef") for c in el):
            kept.append(el)
    picture_runs = _picture_runs(pictures)
    placed = 0
    used: set[int] = set()

    def picture() -> lxml.etree._Element | None:
        nonlocal placed
        if placed >= len(picture_runs):
            return None
        placed += 1
        return picture_runs[placed - 1]

    def reference(label: str) -> lxml.etree._Element | None:
        runs = refs.get(label)
        if runs:
            run = runs.pop(0)
            used.add(id(run))
            return run
        return None

    new_runs = writer.runs(spans, part, base, reference, picture)
    if any(el.find(w("footnoteRef")) is not None or el.find(w("endnoteRef")) is not None
           for el in kept):  # fmt: skip
        # A note's own number, then a space (Word's notes have it as a run of its own).
        new_runs.insert(0, writer._text_run(" ", writer.rpr(base, Span())))
    leftover = [run for runs in refs.values() for run in runs if id(run) not in used]
    for child in list(p):
        if _local(child) != "pPr":
            p.remove(child)
    for el in kept:
        el.tail = None
        p.append(el)
    for el in [*new_runs, *picture_runs[placed:], *leftover]:
        p.append(el)
    writer.paragraph_direction(p)


def _rewrite_note(
    note: lxml.etree._Element, spans: list[Span], part: Part, writer, notes, pictures
) -> None:
    """A footnote's paragraphs: one translated line each when the counts agree, else the whole
    translation in the first paragraph with text (the others removed, their pictures moved
    into it). `pictures`: w:p -> its pictures as read."""
    paragraphs = [p for p in note.iter(w("p")) if "".join(t.text or "" for t in p.iter(w("t")))]
    if not paragraphs:
        paragraphs = list(note.iter(w("p")))[:1]
    if not paragraphs:
        return
    lines = split_lines(list(spans))
    if len(lines) == len(paragraphs):
        for p, line in zip(paragraphs, lines, strict=True):
            _rewrite(p, line, part, writer, notes, pictures.get(p, ()))
        return
    every = [pic for p in note.iter(w("p")) for pic in pictures.get(p, ())]
    _rewrite(paragraphs[0], spans, part, writer, notes, every)
    for p in paragraphs[1:]:
        p.getparent().remove(p)


def _set_document_language(document, language: LanguageInfo) -> None:
    document.core_properties.language = language.code
    styles = document.styles.element
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
    if rpr is None:
        return
    lang = rpr.find(w("lang"))
    if lang is None:
        _set(rpr, "lang", _RPR_ORDER, val=language.code)
    else:
        lang.set(w("val"), language.code)


def translated_docx(
    original: bytes,
    sources: Sequence[str],
    texts: Sequence[str | None],
    language: LanguageInfo,
    limits: FileLimits = DEFAULT_LIMITS,
) -> bytes | None:
    """The original .docx with `texts[i]` (markup; None: untranslated, left as it is) in
    place of block i. None when the original's blocks are not `sources` (a DocumentError
    when it is no longer a readable .docx)."""
    reading = read_docx(original, limits)
    drafts = drafts_of_blocks(reading.drafts, sources, limits.max_units)
    if drafts is None:
        # Imported before pictures had places (and descriptions units): read as then.
        reading = read_docx(original, limits, legacy=True)
        drafts = drafts_of_blocks(reading.drafts, sources, limits.max_units)
    if drafts is None:
        return None
    reader = reading.reader
    notes = (reader.footnotes, reader.endnotes)
    writer = _Writer(language)
    touched_notes: set[int] = set()
    for draft, text in zip(drafts, texts, strict=True):
        if text is None:
            continue
        el = draft.origin
        if isinstance(el, PictureAlt):
            el.element.set(el.attribute, " ".join(to_plain(text).split()))
            continue
        spans = inline_spans(text)
        if _local(el) == "p":
            _rewrite(el, spans, reader.part, writer, notes, reader.pictures.get(el, ()))
        else:
            which = reader.footnotes if _local(el) == "footnote" else reader.endnotes
            if which.part is None:  # a note is only read from its part
                continue
            _rewrite_note(el, spans, which.part, writer, notes, reader.pictures)
            touched_notes.add(id(which))
    for which in notes:
        if id(which) in touched_notes and which.part is not None and which.root is not None:
            which.part._blob = lxml.etree.tostring(
                which.root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    _set_document_language(reading.document, language)
    out = io.BytesIO()
    reading.document.save(out)
    return out.getvalue()


# --- from the units alone ---------------------------------------------------------------------

_FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote></w:footnotes>"
)


def _style(kind: str, level: int) -> str:
    if kind == KIND_TITLE:
        return "Title"
    if kind == KIND_HEADING:
        return f"Heading {min(max(level, 1), 6)}"
    if kind == KIND_BLOCKQUOTE:
        return "Quote"
    if kind == KIND_LIST_ITEM:
        return "List Bullet"
    if kind == KIND_IMAGE:
        return "Caption"  # the image's description; the generated file has no image
    return "Normal"


def generated_docx(
    units: Sequence[UnitRecord],
    texts: Sequence[str],
    language: LanguageInfo,
    title: str = "",
) -> bytes:
    """A .docx of `texts[i]` (markup) in the style of `units[i]`'s kind; footnotes as Word
    footnotes, referenced where the text has their label."""
    document = docx.Document()
    writer = _Writer(language)
    part = document.part
    notes_root = lxml.etree.fromstring(_FOOTNOTES_XML.encode())
    notes_part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"", part.package)
    part.relate_to(notes_part, RT.FOOTNOTES)
    note_ids: dict[str, str] = {}
    for unit in units:
        if unit.kind == KIND_FOOTNOTE and unit.label and unit.label not in note_ids:
            note_ids[unit.label] = str(len(note_ids) + 1)
    used_notes: set[str] = set()

    def reference(label: str) -> lxml.etree._Element | None:
        note_id = note_ids.get(label)
        if note_id is None or note_id in used_notes:
            return None
        used_notes.add(note_id)
        run = lxml.etree.Element(w("r"))
        rpr = lxml.etree.SubElement(run, w("rPr"))
        _set(rpr, "vertAlign", _RPR_ORDER, val="superscript")
        ref = lxml.etree.SubElement(run, w("footnoteReference"))
        ref.set(w("id"), note_id)
        return run

    written_notes: set[str] = set()
    for unit, text in zip(units, texts, strict=True):
        spans = inline_spans(text)
        if unit.kind == KIND_FOOTNOTE and note_ids.get(unit.label) not in written_notes:
            note_id = note_ids[unit.label] if unit.label else ""
            if note_id:
                written_notes.add(note_id)
                note = lxml.etree.SubElement(notes_root, w("footnote"))
                note.set(w("id"), note_id)
                p = lxml.etree.SubElement(note, w("p"))
                mark = lxml.etree.SubElement(p, w("r"))
                _set(lxml.etree.SubElement(mark, w("rPr")), "vertAlign", _RPR_ORDER,
                     val="superscript")  # fmt: skip
                lxml.etree.SubElement(mark, w("footnoteRef"))
                p.append(writer._text_run(" ", writer.rpr(None, Span())))
                for run in writer.runs(spans, notes_part, None, lambda label: None):
                    p.append(run)
                writer.paragraph_direction(p)
                continue
        paragraph = document.add_paragraph(style=_style(unit.kind, unit.level))
        p = paragraph._p
        for run in writer.runs(spans, part, None, reference):
            p.append(run)
        writer.paragraph_direction(p)
    notes_part._blob = lxml.etree.tostring(
        notes_root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    if title:
        document.core_properties.title = title
    _set_document_language(document, language)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
