"""Word .docx, read with python-docx (the package, relationships and styles) and its lxml
elements (the text itself, since python-docx's paragraph API skips tracked insertions,
content controls and fields, and has no footnotes).

- Paragraph styles decide the kind, following `basedOn` so that custom styles derived from
  the built-in ones work: Title -> title, Subtitle -> level-2 heading, Heading N -> heading,
  Quote / Intense Quote / Block Text -> block quote paragraph, List* or a numbered/bulleted
  paragraph -> list item, Footnote/Endnote Text in the body -> footnote; the rest are
  paragraphs. One or two short paragraphs above the title are its byline.
- Italic/bold (direct or from a character style such as Emphasis/Strong) -> em/strong;
  superscript/subscript (w:vertAlign, not a footnote reference's) -> sup/sub; single or
  double strikethrough -> del;
  hyperlinks (w:hyperlink and HYPERLINK fields) -> links; line breaks -> <br>.
- A picture in a paragraph (a run's w:drawing, w:pict, w:object, or mc:AlternateContent
  holding one) is an `<img>` place in its unit where it stands, as in HTML; the picture's
  description (wp:docPr/@descr, else @title: its alt text, what a screen reader says) is a
  unit of its own right after the block (origin: PictureAlt). A paragraph of pictures and
  no text is no unit; only their descriptions are. formats/docx_out.py puts each picture's
  run back at its place and the translated description into the attribute it came from.
  `legacy=True` reads as documents imported before (pictures gave nothing).
- Footnotes (word/footnotes.xml) and endnotes (word/endnotes.xml) become footnote blocks
  after the body, in order of first reference, labelled 1, 2, ... (endnotes i, ii, ...,
  Word's default); their references become fnref markup. Table cells are blocks in reading
  order. Deleted text (tracked changes) is left out, inserted text kept.

Limitations: text in text boxes, shapes, headers, footers and comments is not imported;
a custom footnote mark is kept as text and the note is numbered.
"""

from __future__ import annotations

import io
import logging
import lzma
import re
import zipfile
import zlib
from dataclasses import dataclass

import docx
import lxml.etree
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part

from workbench.formats.limits import DEFAULT_LIMITS, FileLimits, count_tags
from workbench.text.i18n import gettext_noop
from workbench.text.markup import escape_text, fnref
from workbench.text.records import (
    KIND_BLOCKQUOTE,
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_IMAGE,
    KIND_LIST_ITEM,
    KIND_PARAGRAPH,
    KIND_TITLE,
    ParsedDocument,
)
from workbench.text.safe_xml import XmlRefused, safe_parser, syntax_error, too_many_elements

from ._common import Draft, finish, too_many_units
from .errors import DocumentError

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# A run's children that are a picture (or a shape, a chart, an embedded object): kept as a
# whole, moved with their run; an mc:AlternateContent is one when it holds one of these.
_PICTURE_TAGS = frozenset((f"{{{W}}}drawing", f"{{{W}}}pict", f"{{{W}}}object"))
_ALTERNATE = f"{{{MC}}}AlternateContent"
IMAGE = "<img>"

# A .docx is a zip: a small file may unpack to gigabytes, whatever sizes its directory
# declares. Members are inflated in chunks of this size and the bytes really inflated counted
# (FileLimits.max_unpacked_bytes), never ZipInfo.file_size.
_CHUNK = 64 * 1024
# Empty paragraphs are not units but cost a walk each: at most this many per unit allowed.
PARAGRAPHS_PER_UNIT = 5

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_PARSER = safe_parser()
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+"([^"]+)"', re.I)
_HEADING_STYLE = re.compile(r"^heading ([1-9])$")


# (link target, bold, italic, markup, inner marks: "sup"/"sub" and "del", in nesting order)
Segment = tuple[str | None, bool, bool, str, tuple[str, ...]]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _text(el: lxml.etree._Element) -> str:
    """All the text of a w:t: an entity reference left unexpanded (a file declaring its own
    entities) is kept as written, and so is the text after it."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child, lxml.etree._Entity):
            parts.append(child.text or "")
        parts.append(child.tail or "")
    return "".join(parts)


def _on(el: lxml.etree._Element | None) -> bool | None:
    """The value of a w:b / w:i style toggle: None where the element is absent."""
    if el is None:
        return None
    return (el.get(w("val")) or "true").lower() not in ("0", "false", "off", "none")


def _strike(rpr: lxml.etree._Element | None) -> bool | None:
    """w:strike or w:dstrike of run properties: None where neither is set."""
    if rpr is None:
        return None
    values = [_on(rpr.find(w(name))) for name in ("strike", "dstrike")]
    if any(values):
        return True
    return False if any(v is not None for v in values) else None


def _vert_align(rpr: lxml.etree._Element | None) -> str | None:
    el = rpr.find(w("vertAlign")) if rpr is not None else None
    return (el.get(w("val")) or None) if el is not None else None


def is_picture(el: lxml.etree._Element) -> bool:
    """Whether a run's child is a picture (see _PICTURE_TAGS)."""
    if el.tag in _PICTURE_TAGS:
        return True
    return el.tag == _ALTERNATE and any(d.tag in _PICTURE_TAGS for d in el.iter(*_PICTURE_TAGS))


@dataclass
class PictureAlt:
    """A picture's description, the origin of its unit: the wp:docPr element and the
    attribute ("descr" or "title") the text was read from, for writing its translation."""

    element: lxml.etree._Element
    attribute: str


def _picture_alt(picture: lxml.etree._Element) -> tuple[PictureAlt, str] | None:
    """The picture's description and where it is; None when it has none. descr is the alt
    text Word's Alt Text pane writes; an older file may have only a title."""
    for doc_pr in picture.iter(f"{{{WP}}}docPr"):
        for name in ("descr", "title"):
            text = " ".join((doc_pr.get(name) or "").split())
            if text:
                return PictureAlt(doc_pr, name), text
        return None  # the first drawing is the picture (an mc:Fallback repeats it)
    return None


def _roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass
class _Style:
    name: str
    based_on: str | None
    italic: bool | None
    bold: bool | None
    strike: bool | None = None
    vert_align: str | None = None  # "superscript", "subscript", "baseline"


class _Styles:
    def __init__(self, styles_element: lxml.etree._Element | None) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        if styles_element is None:
            return
        for st in styles_element.iterchildren(w("style")):
            style_id = st.get(w("styleId")) or ""
            name_el = st.find(w("name"))
            based_el = st.find(w("basedOn"))
            rpr = st.find(w("rPr"))
            self.by_id[style_id] = _Style(
                name=(name_el.get(w("val")) if name_el is not None else style_id).lower(),
                based_on=based_el.get(w("val")) if based_el is not None else None,
                italic=_on(rpr.find(w("i"))) if rpr is not None else None,
                bold=_on(rpr.find(w("b"))) if rpr is not None else None,
                strike=_strike(rpr),
                vert_align=_vert_align(rpr),
            )
            is_default = (st.get(w("default")) or "").lower() in ("1", "true", "on")
            if st.get(w("type")) == "paragraph" and is_default:
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            out.append(self.by_id[style_id])
            style_id = self.by_id[style_id].based_on
        return out

    def paragraph_kind(self, style_id: str | None) -> tuple[str, int] | None:
        for style in self.chain(style_id or self.default_paragraph):
            name = style.name
            if name == "title":
                return KIND_TITLE, 0
            if name == "subtitle":
                return KIND_HEADING, 2
            heading = _HEADING_STYLE.match(name)
            if heading:
                return KIND_HEADING, min(int(heading.group(1)), 6)
            if name in ("quote", "intense quote", "block text"):
                return KIND_BLOCKQUOTE, 0
            if name.startswith("list"):
                return KIND_LIST_ITEM, 0
            if name in ("footnote text", "endnote text"):
                return KIND_FOOTNOTE, 0
        return None

    def flag(self, style_id: str | None, which: str) -> bool | None:
        for style in self.chain(style_id):
            value = getattr(style, which)
            if value is not None:
                return value
        return None


@dataclass
class _Notes:
    """Footnotes or endnotes of the document: their elements and the labels handed out."""

    elements: dict[str, lxml.etree._Element]
    part: Part | None
    numbering: str  # "decimal" or "roman"
    labels: dict[str, str]
    root: lxml.etree._Element | None = None  # the part's tree (the exports write it back)

    def label(self, note_id: str) -> str:
        if note_id not in self.labels:
            n = len(self.labels) + 1
            self.labels[note_id] = _roman(n) if self.numbering == "roman" else str(n)
        return self.labels[note_id]


def _load_notes(document_part: Part, reltype: str, tag: str, numbering: str) -> _Notes:
    for rel in document_part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part = rel.target_part
            root = lxml.etree.fromstring(part.blob, _XML_PARSER)
            elements = {
                el.get(w("id")) or "": el
                for el in root.iterchildren(w(tag))
                # Separators and continuation notices are layout, not notes.
                if (el.get(w("type")) or "normal") == "normal"
            }
            return _Notes(elements, part, numbering, {}, root)
    return _Notes({}, None, numbering, {})


class _Reader:
    def __init__(
        self, document: docx.document.Document, max_units: int, legacy: bool = False
    ) -> None:
        self.max_units = max_units
        self.legacy = legacy
        # Each paragraph's pictures in reading order (the run, the picture element): their
        # places in its markup, for docx_out. Recorded in the legacy reading too, whose
        # markup has no places (its pictures go at the end of a translated paragraph).
        self.pictures: dict[lxml.etree._Element, list[tuple[lxml.etree._Element, ...]]] = {}
        self.alts: list[Draft] = []  # descriptions of the paragraph being read: next blocks
        self._paragraph: lxml.etree._Element | None = None
        self.units = 0  # drafts with any markup so far
        self.part = document.part
        self.styles = _Styles(document.styles.element)
        self.footnotes = _load_notes(self.part, RT.FOOTNOTES, "footnote", "decimal")
        self.endnotes = _load_notes(self.part, RT.ENDNOTES, "endnote", "roman")
        self.drafts: list[Draft] = []
        self.has_title = False

    # -- runs ------------------------------------------------------------------------------

    def paragraph_markup(self, p: lxml.etree._Element, part: Part) -> str:
        """The markup of one w:p: formatting grouped so Word's arbitrary run splits vanish."""
        segments: list[Segment] = []
        fields: list[dict] = []
        self._paragraph = p
        self._walk(p, part, None, segments, fields)
        return _render(segments)

    def _walk(
        self,
        el: lxml.etree._Element,
        part: Part,
        href: str | None,
        segments: list[Segment],
        fields: list[dict],
    ) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == w("r"):
                self._run(child, part, href, segments, fields)
            elif tag == w("hyperlink"):
                target = None
                rel_id = child.get(f"{{{R}}}id")
                if rel_id and rel_id in part.rels and part.rels[rel_id].is_external:
                    target = part.rels[rel_id].target_ref
                self._walk(child, part, target or href, segments, fields)
            elif tag == w("fldSimple"):
                match = _HYPERLINK_FIELD.match(child.get(w("instr")) or "")
                self._walk(child, part, match.group(1) if match else href, segments, fields)
            elif tag in (w("del"), w("moveFrom"), w("pPr"), w("rPr")):
                continue  # deleted or moved-away text, properties
            elif tag in (f"{{{M}}}oMath", f"{{{M}}}oMathPara"):
                text = "".join(t.text or "" for t in child.iter(f"{{{M}}}t"))
                segments.append((href, False, False, escape_text(text), ()))
            else:
                # w:ins, w:moveTo, w:smartTag, w:sdt/w:sdtContent, w:customXml, w:dir ...
                self._walk(child, part, href, segments, fields)

    def _run(
        self,
        r: lxml.etree._Element,
        part: Part,
        href: str | None,
        segments: list[Segment],
        fields: list[dict],
    ) -> None:
        rpr = r.find(w("rPr"))
        style_el = rpr.find(w("rStyle")) if rpr is not None else None
        style_id = style_el.get(w("val")) if style_el is not None else None

        def flag(name: str, styled: str) -> bool:
            direct = _on(rpr.find(w(name))) if rpr is not None else None
            if direct is None:
                direct = self.styles.flag(style_id, styled)
            return bool(direct)

        italic, bold = flag("i", "italic"), flag("b", "bold")
        struck = _strike(rpr)
        if struck is None:
            struck = self.styles.flag(style_id, "strike")
        vert = _vert_align(rpr) or self.styles.flag(style_id, "vert_align")
        # Inner marks, nested inside em/strong: superscript or subscript, struck through.
        marks = (("sup",) if vert == "superscript" else ("sub",) if vert == "subscript" else ()) + (
            ("del",) if struck else ()
        )
        for child in r:
            tag = child.tag
            # A HYPERLINK field's result text links to the field's target.
            field_href = next((f["href"] for f in reversed(fields) if f["result"]), None)
            link = field_href or href
            if tag == w("t"):
                if fields and not fields[-1]["result"]:
                    continue
                segments.append((link, bold, italic, escape_text(_text(child)), marks))
            elif tag == w("instrText"):
                if fields and not fields[-1]["result"]:
                    fields[-1]["instr"] += _text(child)
            elif tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    fields.append({"instr": "", "result": False, "href": None})
                elif kind == "separate" and fields:
                    match = _HYPERLINK_FIELD.match(fields[-1]["instr"])
                    fields[-1]["href"] = match.group(1) if match else None
                    fields[-1]["result"] = True
                elif kind == "end" and fields:
                    fields.pop()
            elif tag in (w("tab"), w("ptab")):
                segments.append((link, bold, italic, " ", marks))
            elif tag == w("br"):
                kind = child.get(w("type")) or "textWrapping"
                piece = "<br>" if kind == "textWrapping" else " "
                segments.append((link, False, False, piece, ()))
            elif tag == w("cr"):
                segments.append((link, False, False, "<br>", ()))
            elif tag == w("noBreakHyphen"):
                segments.append((link, bold, italic, "\u2011", marks))
            elif tag == w("sym"):
                code = int(child.get(w("char")) or "0", 16)
                # Symbol-font characters (U+F0xx) only mean something in that font.
                if code and not 0xF000 <= code <= 0xF0FF:
                    segments.append((link, bold, italic, escape_text(chr(code)), marks))
            elif tag == w("footnoteReference"):
                label = self.footnotes.label(child.get(w("id")) or "")
                segments.append((None, False, False, fnref(label), ()))
            elif tag == w("endnoteReference"):
                label = self.endnotes.label(child.get(w("id")) or "")
                segments.append((None, False, False, fnref(label), ()))
            elif isinstance(tag, str) and is_picture(child):
                if fields and not fields[-1]["result"]:
                    continue  # inside a field's instructions: not shown
                self._picture(r, child, link, bold, italic, marks, segments)
            # w:footnoteRef (a note's own number), w:delText: no text of ours.

    def _picture(
        self,
        r: lxml.etree._Element,
        picture: lxml.etree._Element,
        link: str | None,
        bold: bool,
        italic: bool,
        marks: tuple[str, ...],
        segments: list[Segment],
    ) -> None:
        if self._paragraph is not None:
            self.pictures.setdefault(self._paragraph, []).append((r, picture))
        if self.legacy:
            return
        # The run's own formatting, so that a picture inside emphasis does not split it.
        segments.append((link, bold, italic, IMAGE, marks))
        found = _picture_alt(picture)
        if found is not None:
            origin, text = found
            self.alts.append(Draft(KIND_IMAGE, [escape_text(text)], origin=origin))

    def _count(self, markup: str) -> None:
        if markup:
            self.units += 1
            if self.units > self.max_units:
                raise too_many_units(self.max_units)

    def _flush_alts(self, drafts: list[Draft]) -> None:
        """The descriptions of the pictures just read, as blocks after theirs."""
        for alt in self.alts:
            self._count(alt.markup())
            drafts.append(alt)
        self.alts = []

    # -- blocks ----------------------------------------------------------------------------

    def body(self, container: lxml.etree._Element) -> None:
        for child in container:
            if child.tag == w("p"):
                self.paragraph(child)
            elif child.tag in (
                w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent"), w("customXml"),
                w("ins"), w("moveTo"),
            ):  # fmt: skip
                self.body(child)

    def paragraph(self, p: lxml.etree._Element) -> None:
        ppr = p.find(w("pPr"))
        style_id = None
        numbered = False
        if ppr is not None:
            style_el = ppr.find(w("pStyle"))
            style_id = style_el.get(w("val")) if style_el is not None else None
            num_id = ppr.find(f"{w('numPr')}/{w('numId')}")
            numbered = num_id is not None and (num_id.get(w("val")) or "0") != "0"
        kind, level = self.styles.paragraph_kind(style_id) or (
            (KIND_LIST_ITEM, 0) if numbered else (KIND_PARAGRAPH, 0)
        )
        if kind == KIND_TITLE:
            if self.has_title:
                kind, level = KIND_HEADING, 1
            self.has_title = True
        markup = self.paragraph_markup(p, self.part)
        self._count(markup)
        self.drafts.append(Draft(kind, [markup], level, origin=p))
        self._flush_alts(self.drafts)

    def notes(self, notes: _Notes) -> list[Draft]:
        if notes.part is None:
            return []
        for note_id in notes.elements:
            notes.label(note_id)  # unreferenced notes get the next labels
        drafts = []
        for note_id, label in notes.labels.items():
            element = notes.elements.get(note_id)
            if element is None:
                continue
            parts = [self.paragraph_markup(p, notes.part) for p in element.iter(w("p"))]
            text = "<br>".join(x for x in parts if x)
            drafts.append(Draft(KIND_FOOTNOTE, [text], label=label, origin=element))
            self._flush_alts(drafts)
        return drafts


def _render(segments: list[Segment]) -> str:
    """Markup from segments: one <a> per run of the same link, one <strong>/<em> per run of
    the same formatting inside it, and <sup>/<sub>/<del> inside those (so that without them
    the markup is what it was before they were kept)."""
    out: list[str] = []
    i = 0
    while i < len(segments):
        href = segments[i][0]
        j = i
        while j < len(segments) and segments[j][0] == href:
            j += 1
        inner: list[str] = []
        k = i
        while k < j:
            bold, italic = segments[k][1], segments[k][2]
            text = ""
            while k < j and segments[k][1:3] == (bold, italic):
                # Inside one run of the same emphasis: superscript, subscript, struck text.
                marks = segments[k][4]
                piece = ""
                while k < j and segments[k][1:3] == (bold, italic) and segments[k][4] == marks:
                    piece += segments[k][3]
                    k += 1
                for mark in marks:
                    piece = f"<{mark}>{piece}</{mark}>"
                text += piece
            if italic:
                text = f"<em>{text}</em>"
            if bold:
                text = f"<strong>{text}</strong>"
            inner.append(text)
        body = "".join(inner)
        if href:
            body = f'<a href="{escape_text(href).replace(chr(34), "&quot;")}">{body}</a>'
        out.append(body)
        i = j
    return "".join(out)


def _damaged() -> DocumentError:
    return DocumentError(
        gettext_noop("The file is not a Word .docx document (the zip archive is damaged).")
    )


def _unpack(data: bytes, limits: FileLimits) -> bytes:
    """The archive again, its members stored, once each has been inflated within the limits.

    python-docx reads members whole (ZipFile.read), trusting the sizes the archive declares;
    it is given this copy, whose members are what was counted here.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_archive_members:
                raise DocumentError(
                    gettext_noop(
                        "The .docx file holds more than %(limit)s files; it is not a document "
                        "the workbench can read."
                    ),
                    limit=f"{limits.max_archive_members:,}",
                )
            if "word/document.xml" not in {info.filename for info in infos}:
                raise DocumentError(
                    gettext_noop(
                        "The file is a zip archive but not a Word .docx document "
                        "(no word/document.xml)."
                    )
                )
            unpacked = tags = 0
            out = io.BytesIO()
            written: set[str] = set()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
                for info in infos:
                    if info.is_dir() or info.filename in written:
                        continue
                    chunks = []
                    with archive.open(info) as member:
                        while chunk := member.read(_CHUNK):
                            unpacked += len(chunk)
                            if unpacked > limits.max_unpacked_bytes:
                                raise DocumentError(
                                    gettext_noop(
                                        "The .docx file unpacks to more than %(limit).0f MB, "
                                        "the limit."
                                    ),
                                    limit=limits.max_unpacked_bytes / 1024 / 1024,
                                )
                            tags += count_tags(chunk)
                            if tags > limits.max_elements:
                                raise _refused(too_many_elements(limits.max_elements))
                            chunks.append(chunk)
                    copy.writestr(info.filename, b"".join(chunks))
                    written.add(info.filename)
            return out.getvalue()
    except DocumentError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,  # a compression method zipfile lacks
        RuntimeError,  # an encrypted member
        zlib.error,
        lzma.LZMAError,
    ) as exc:
        log.info("refused .docx: %s", exc)
        raise _damaged() from None


def _refused(exc: XmlRefused) -> DocumentError:
    return DocumentError(exc.template, **exc.details)


@dataclass
class DocxReading:
    """A .docx read within the limits: python-docx's document, the reader (styles, notes
    and their trees) and the drafts in order, each with the w:p or w:footnote/w:endnote it
    came from as its `origin` (formats/docx_out.py writes translations back there)."""

    document: docx.document.Document
    reader: _Reader
    drafts: list[Draft]
    core_title: str


def parse_docx(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> ParsedDocument:
    reading = read_docx(data, limits)
    parsed = finish(reading.drafts, "docx", max_units=limits.max_units)
    core_title = reading.core_title
    if core_title and not any(b.kind == KIND_TITLE for b in parsed.blocks):
        return ParsedDocument(blocks=parsed.blocks, title=core_title, format="docx")
    return parsed


def read_docx(
    data: bytes, limits: FileLimits = DEFAULT_LIMITS, legacy: bool = False
) -> DocxReading:
    """The .docx's drafts (not yet blocks) and what they were read from; DocumentError as
    `parse_docx` for a file that is not a readable .docx or is beyond the limits. `legacy`:
    as documents imported before pictures had places (see the module's docstring)."""
    if data.startswith(_OLE_MAGIC):
        raise DocumentError(
            gettext_noop(
                "This is an old Word .doc file, not .docx. Open it in Word or LibreOffice, "
                "save it as .docx and try again."
            )
        )
    if not data.startswith(b"PK"):
        raise DocumentError(
            gettext_noop("The file is not a Word .docx document (it is not a zip archive).")
        )
    unpacked = _unpack(data, limits)
    try:
        document = docx.Document(io.BytesIO(unpacked))
        body = document.element.body
        paragraphs = sum(1 for _ in body.iter(w("p")))
        if paragraphs > PARAGRAPHS_PER_UNIT * limits.max_units:
            raise DocumentError(
                gettext_noop(
                    "The file has %(count)s paragraphs (empty ones too); at most %(limit)s "
                    "are read."
                ),
                count=f"{paragraphs:,}",
                limit=f"{PARAGRAPHS_PER_UNIT * limits.max_units:,}",
            )
        reader = _Reader(document, limits.max_units, legacy)
        reader.body(body)
        drafts = reader.drafts + reader.notes(reader.footnotes) + reader.notes(reader.endnotes)
        core_title = (document.core_properties.title or "").strip()
    except lxml.etree.XMLSyntaxError as exc:
        raise _refused(syntax_error(exc, "docx")) from None
    except DocumentError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        # python-docx's messages name parts and library internals: the log has them.
        log.info("refused .docx: %r", exc)
        raise DocumentError(
            gettext_noop(
                "The Word document could not be read: a part it needs is missing or damaged."
            )
        ) from None
    return DocxReading(document, reader, drafts, core_title)
