"""XLIFF 1.2 and 2.0 export and import of one document's units in one target language.

CAT tools (OmegaT, Okapi, memoQ, Trados) work in XLIFF. An export holds one `<file>` whose
`original` is the document's slug; each unit is one trans-unit (1.2) or unit (2.0) whose id
is the unit key (as the PO msgctxt is), in document order, with notes saying its kind,
position, footnote label and, for an outdated translation, the source it was made from.

The stored inline markup (text/markup.py) becomes XLIFF inline elements, chosen so that a
CAT tool shows them as tags and the import gives back exactly the stored markup:

    markup                   XLIFF 1.2                            XLIFF 2.0
    <em>..</em>              <g ctype="italic">                   <pc type="fmt" subType="xlf:i">
    <strong>..</strong>      <g ctype="bold">                     <pc type="fmt" subType="xlf:b">
    <code>..</code>          <g ctype="x-code">                   <pc type="fmt" subType="wb:code">
    <a href="..">..</a>      <bpt ctype="link">&lt;a href=".."&gt;  <pc type="link" dataRefStart=..>
    <sup>..</sup>            <g ctype="x-sup">                    <pc type="fmt" subType="wb:sup">
    <sub>..</sub>            <g ctype="x-sub">                    <pc type="fmt" subType="wb:sub">
    <del>..</del>            <g ctype="x-del">                    <pc type="fmt" subType="wb:del">
    <ins>..</ins>            <g ctype="x-ins">                    <pc type="fmt" subType="wb:ins">
    <br>                     <x ctype="lb"/>                      <ph type="fmt" subType="xlf:lb"/>
    <img> (an image's place) <x ctype="image"/>                   <ph type="image"/>
    footnote reference       <ph ctype="x-fnref">native code</ph> <ph subType="wb:fnref" dataRef=..>

A link's target must survive the round trip: 1.2 carries it as native code in <bpt>/<ept>
(a <g> has nowhere to put it), 2.0 in the unit's <originalData>. A code present in both
source and target has the same id in both, as CAT tools expect. Text is plain XML text:
"<Ctrl>" in a translation is written escaped and read back as text, never as markup.

States (the workbench's statuses):

    status       1.2 target state                        2.0 segment state
    draft        needs-review-translation                initial (subState wb:draft)
    outdated     needs-review-translation                initial (subState wb:outdated)
    translated   translated                              translated
    approved     signed-off, trans-unit approved="yes"   final

An untranslated unit has no <target>. On import a target in a needs-* or new (1.2) or
initial (2.0, also the default) state is a draft, any other a translation; nothing is
approved by an import.

The export time and its signature are attributes of our own namespace on <file>
(`wb:exported-at`, `wb:signature`; the importer trusts the time only when the signature
verifies, as for PO). XLIFF 1.2 allows such attributes where their schema is known: it is
tests/data/xliff/workbench-xliff.xsd, which the tests load beside the OASIS schemas.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.formats.po_escapes import controls_as_pictures
from workbench.text.i18n import LocalizedError, gettext_noop
from workbench.text.records import (
    KIND_FOOTNOTE,
    KIND_HEADING,
    STATUS_APPROVED,
    STATUS_DRAFT,
    STATUS_OUTDATED,
    STATUS_TRANSLATED,
    DocumentInfo,
    ExportRow,
    LanguageInfo,
)
from workbench.text.safe_xml import XmlRefused, parse_xml

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
# Read like 1.2, whose elements they share: 1.1 (translate-toolkit's po2xliff writes it) and
# 1.0, which had no namespace.
NS_11 = "urn:oasis:names:tc:xliff:document:1.1"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
_READ_NAMESPACES = (NS_12, NS_11, None, NS_20)
NS_WB = "urn:x-workbench:xliff"
NS_XML = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("1.2", "2.0")
GENERATOR = "workbench"
NOTE_CATEGORY = "workbench"

_STATE_12 = {
    STATUS_DRAFT: "needs-review-translation",
    STATUS_OUTDATED: "needs-review-translation",
    STATUS_TRANSLATED: "translated",
    STATUS_APPROVED: "signed-off",
}
_STATE_20 = {
    STATUS_DRAFT: "initial",
    STATUS_OUTDATED: "initial",
    STATUS_TRANSLATED: "translated",
    STATUS_APPROVED: "final",
}
_DRAFT_STATES_12 = {
    "new",
    "needs-translation",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-translation",
    "needs-review-adaptation",
    "needs-review-l10n",
}

# Paired formatting tags: (1.2 ctype, 2.0 subType).
_PAIRED = {
    "em": ("italic", "xlf:i"),
    "strong": ("bold", "xlf:b"),
    "code": ("x-code", "wb:code"),
    "sup": ("x-sup", "wb:sup"),
    "sub": ("x-sub", "wb:sub"),
    "del": ("x-del", "wb:del"),
    "ins": ("x-ins", "wb:ins"),
}
_BY_CTYPE = {ctype: tag for tag, (ctype, _sub) in _PAIRED.items()}
_BY_SUBTYPE = {sub: tag for tag, (_ctype, sub) in _PAIRED.items()}
FNREF_TYPE_12 = "x-fnref"
FNREF_SUBTYPE_20 = "wb:fnref"

# Stored markup is canonical (text/markup.py): tags are lowercase, attributes double-quoted,
# text escapes only &, < and >. So a regular expression splits it exactly.
_TOKEN = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z-]*="[^"<>]*")*)\s*/?>')
_FNREF_START = '<sup class="fnref">'


class XliffError(LocalizedError):
    """An XLIFF file that cannot be exported or read; the message is for people."""


@dataclass(frozen=True)
class XliffUnit:
    """One unit of an imported XLIFF file. `source` and `target` are markup as the workbench
    stores it (not yet sanitised: the importing service passes them through the gate)."""

    key: str
    source: str
    target: str | None  # None: no <target> (untranslated)
    draft: bool  # the target's state asks for more work (see module docstring)
    notes: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class XliffFile:
    version: str  # "1.2" or "2.0"
    document: str | None  # the slug in <file original="..."> (first file)
    source_language: str | None
    target_language: str | None
    units: list[XliffUnit]
    exported_at: datetime | None = None
    exported_at_text: str = ""
    signature: str = ""


# --- markup to XLIFF inline elements ---------------------------------------------------------


@dataclass
class _Code:
    """One code (tag) of a markup string: `native` is its markup as stored."""

    kind: str  # "paired" (em/strong/code/a), "lb", "fnref"
    tag: str
    native: str  # start tag (paired) or whole code (placeholders)
    id: str = ""


def _tokens(markup: str) -> list[tuple[str, str, str]]:
    """(kind, tag, text) for text, start, end and fnref pieces of canonical markup; the text
    of "text" pieces is unescaped, the footnote reference is one piece with its markup."""
    out: list[tuple[str, str, str]] = []
    pos = 0
    while pos < len(markup):
        match = _TOKEN.search(markup, pos)
        if match is None:
            out.append(("text", "", html.unescape(markup[pos:])))
            break
        if match.start() > pos:
            out.append(("text", "", html.unescape(markup[pos : match.start()])))
        if markup.startswith(_FNREF_START, match.start()):
            end = markup.find("</sup>", match.end())
            end = len(markup) if end < 0 else end + len("</sup>")
            out.append(("fnref", "sup", markup[match.start() : end]))
            pos = end
            continue
        closing, tag = match.group(1), match.group(2)
        if tag == "br":
            out.append(("lb", "br", "<br>"))
        elif tag == "img":
            out.append(("img", "img", "<img>"))
        else:
            out.append(("end" if closing else "start", tag, match.group(0)))
        pos = match.end()
    return out


class _Ids:
    """Inline ids: a code of the target gets the id the same code has in the source (CAT tools
    pair tags by id), codes only in the target get ids after the source's."""

    def __init__(self) -> None:
        self.by_native: dict[str, list[str]] = {}
        self.count = 0
        self.taken: dict[str, int] = {}

    def source(self, native: str) -> str:
        self.count += 1
        self.by_native.setdefault(native, []).append(str(self.count))
        return str(self.count)

    def target(self, native: str) -> str:
        known = self.by_native.get(native, [])
        used = self.taken.get(native, 0)
        if used < len(known):
            self.taken[native] = used + 1
            return known[used]
        self.count += 1
        return str(self.count)


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _fill(
    parent: etree._Element, markup: str, version: str, next_id, data: dict[str, str] | None
) -> None:
    """Write `markup` into `parent` (a <source> or <target>) as text and inline elements.
    `next_id(native)` gives the id of a code; `data` (2.0) collects originalData."""
    ns = NS_12 if version == "1.2" else NS_20
    stack: list[tuple[str, etree._Element, str]] = []  # (tag, element text goes into, id)

    def q(name: str) -> str:
        return f"{{{ns}}}{name}"

    def data_id(native: str) -> str:
        assert data is not None
        for key, value in data.items():
            if value == native:
                return key
        key = f"d{len(data) + 1}"
        data[key] = native
        return key

    for kind, tag, text in _tokens(markup):
        current = stack[-1][1] if stack else parent
        if kind == "text":
            _append_text(current, text)
        elif kind == "lb":
            code_id = next_id("<br>")
            if version == "1.2":
                etree.SubElement(current, q("x"), id=code_id, ctype="lb")
            else:
                etree.SubElement(current, q("ph"), id=code_id, type="fmt", subType="xlf:lb")
        elif kind == "img":
            code_id = next_id("<img>")
            if version == "1.2":
                etree.SubElement(current, q("x"), id=code_id, ctype="image")
            else:
                etree.SubElement(current, q("ph"), id=code_id, type="image")
        elif kind == "fnref":
            code_id = next_id(text)
            label = html.unescape(re.sub(r"<[^>]*>", "", text))
            if version == "1.2":
                ph = etree.SubElement(current, q("ph"), id=code_id, ctype=FNREF_TYPE_12)
                ph.text = text
            else:
                etree.SubElement(
                    current,
                    q("ph"),
                    id=code_id,
                    type="other",
                    subType=FNREF_SUBTYPE_20,
                    disp=label,
                    dataRef=data_id(text),
                )
        elif kind == "start":
            code_id = next_id(text)
            if tag in _PAIRED:
                ctype, subtype = _PAIRED[tag]
                if version == "1.2":
                    element = etree.SubElement(current, q("g"), id=code_id, ctype=ctype)
                else:
                    element = etree.SubElement(
                        current, q("pc"), id=code_id, type="fmt", subType=subtype
                    )
                stack.append((tag, element, code_id))
            elif version == "1.2":  # a link: its start tag is native code
                bpt = etree.SubElement(current, q("bpt"), id=code_id, ctype="link")
                bpt.text = text
                stack.append((tag, current, code_id))
            else:
                element = etree.SubElement(
                    current,
                    q("pc"),
                    id=code_id,
                    type="link",
                    dataRefStart=data_id(text),
                    dataRefEnd=data_id(f"</{tag}>"),
                )
                stack.append((tag, element, code_id))
        else:  # end: canonical markup is balanced, so it closes the innermost open tag
            if not stack:
                continue
            open_tag, _element, code_id = stack.pop()
            if open_tag not in _PAIRED and version == "1.2":
                ept = etree.SubElement(stack[-1][1] if stack else parent, q("ept"), id=code_id)
                ept.text = f"</{open_tag}>"


# --- export -------------------------------------------------------------------------------


def exported_at_text(moment: datetime) -> str:
    """The export time as written in wb:exported-at (and signed), as for PO."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _notes(row: ExportRow, language: LanguageInfo) -> list[str]:
    unit = row.unit
    kind = f"{unit.kind} {unit.level}" if unit.kind == KIND_HEADING and unit.level else unit.kind
    notes = [f"kind: {kind}", f"position: {unit.position}"]
    if unit.kind == KIND_FOOTNOTE and unit.label:
        notes.append(f"footnote: {unit.label}")
    translation = row.translations.get(language.code)
    if translation is not None and translation.status == STATUS_OUTDATED:
        previous = translation.previous_source or ""
        notes.append(f"outdated: the source changed since this translation; it was: {previous}")
    return notes


def export_xliff(
    doc: DocumentInfo,
    language: LanguageInfo,
    rows: Sequence[ExportRow],
    *,
    version: str = "1.2",
    generated_at: datetime | None = None,
    signature: str = "",
) -> bytes:
    """One XLIFF file (UTF-8 bytes) of `rows` translated into `language`; see the module
    docstring for the mapping. `signature` signs `exported_at_text(generated_at)`."""
    if version not in VERSIONS:
        raise XliffError(
            gettext_noop("XLIFF version %(version)s is not supported (1.2 or 2.0)."),
            version=repr(version),
        )
    now = generated_at or datetime.now(UTC)
    stamp = exported_at_text(now)
    source_lang = doc.source_language.code
    nsmap = {None: NS_12 if version == "1.2" else NS_20, "wb": NS_WB}
    ns = nsmap[None]

    def q(name: str) -> str:
        return f"{{{ns}}}{name}"

    file_attrs = {"original": doc.slug, f"{{{NS_WB}}}exported-at": stamp}
    if signature:
        file_attrs[f"{{{NS_WB}}}signature"] = signature
    if version == "1.2":
        root = etree.Element(q("xliff"), nsmap=nsmap, version="1.2")
        file_el = etree.SubElement(
            root,
            q("file"),
            {
                **file_attrs,
                "source-language": source_lang,
                "target-language": language.code,
                "datatype": "html",
                "date": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "tool-id": GENERATOR,
            },
        )
        header = etree.SubElement(file_el, q("header"))
        etree.SubElement(header, q("tool"), {"tool-id": GENERATOR, "tool-name": GENERATOR})
        body = etree.SubElement(file_el, q("body"))
    else:
        root = etree.Element(
            q("xliff"), nsmap=nsmap, version="2.0", srcLang=source_lang, trgLang=language.code
        )
        body = etree.SubElement(root, q("file"), {"id": "f1", **file_attrs})
    for row in sorted(rows, key=lambda r: r.unit.position):
        _export_unit(body, row, language, version, q)
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


# Elements holding only other elements: indented for people. Source, target, note and data
# are text, where whitespace is content (lxml's pretty_print would add some).
_STRUCTURAL = {
    "xliff", "file", "header", "body", "trans-unit", "unit", "notes", "originalData", "segment",
}  # fmt: skip


def _indent(element: etree._Element, level: int) -> None:
    if _local(element.tag) not in _STRUCTURAL or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    element[-1].tail = "\n" + "  " * level


def _export_unit(body: etree._Element, row: ExportRow, language: LanguageInfo, version, q):
    unit = row.unit
    translation = row.translations.get(language.code)
    has_target = translation is not None and bool(translation.text)
    ids = _Ids()
    space = {f"{{{NS_XML}}}space": "preserve"}
    if version == "1.2":
        tu = etree.SubElement(body, q("trans-unit"), {"id": unit.key, "resname": unit.key, **space})
        source = etree.SubElement(tu, q("source"))
        _fill(source, unit.source, version, ids.source, None)
        if has_target:
            assert translation is not None
            target = etree.SubElement(tu, q("target"), state=_STATE_12[translation.status])
            _fill(target, translation.text, version, ids.target, None)
            if translation.status == STATUS_APPROVED:
                tu.set("approved", "yes")
        for text in _notes(row, language):
            note = etree.SubElement(tu, q("note"), {"from": GENERATOR, "annotates": "general"})
            note.text = text
        return
    element = etree.SubElement(body, q("unit"), {"id": unit.key, "name": unit.key, **space})
    notes = etree.SubElement(element, q("notes"))
    for text in _notes(row, language):
        note = etree.SubElement(notes, q("note"), category=NOTE_CATEGORY)
        note.text = text
    data: dict[str, str] = {}
    original = etree.SubElement(element, q("originalData"))
    segment = etree.SubElement(element, q("segment"))
    source = etree.SubElement(segment, q("source"))
    _fill(source, unit.source, version, ids.source, data)
    if has_target:
        assert translation is not None
        segment.set("state", _STATE_20[translation.status])
        if translation.status in (STATUS_DRAFT, STATUS_OUTDATED):
            segment.set("subState", f"wb:{translation.status}")
        target = etree.SubElement(segment, q("target"))
        _fill(target, translation.text, version, ids.target, data)
    if data:
        for key, native in data.items():
            etree.SubElement(original, q("data"), id=key).text = native
    else:
        element.remove(original)  # originalData may not be empty


# --- import -------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _escape(text: str) -> str:
    # The canonical escaping of stored markup (text/markup.py): only &, < and >.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _decode(element: etree._Element, data: dict[str, str]) -> str:
    """The stored-markup form of a <source>/<target> (or an inline element's content)."""
    parts = [_escape(element.text or "")]
    for child in element:
        if isinstance(child, etree._Entity):
            raise XliffError(
                gettext_noop("Line %(line)s: entity references are not accepted."),
                line=child.sourceline,
            )
        if isinstance(child.tag, str):
            parts.append(_decode_inline(child, data))
        parts.append(_escape(child.tail or ""))
    return "".join(parts)


def _decode_inline(child: etree._Element, data: dict[str, str]) -> str:
    name = _local(child.tag)
    if name == "g":  # 1.2 paired code: formatting we know, else its content only
        tag = _BY_CTYPE.get(child.get("ctype", ""))
        inner = _decode(child, data)
        return f"<{tag}>{inner}</{tag}>" if tag else inner
    if name == "pc":  # 2.0 paired code
        start, end = data.get(child.get("dataRefStart", "")), data.get(child.get("dataRefEnd", ""))
        inner = _decode(child, data)
        if start is not None and end is not None:
            return f"{start}{inner}{end}"
        tag = _BY_SUBTYPE.get(child.get("subType", ""))
        return f"<{tag}>{inner}</{tag}>" if tag else inner
    if name in ("bpt", "ept", "it", "ph"):
        if child.get("dataRef") is not None:  # 2.0 placeholder with original data
            return data.get(child.get("dataRef", ""), "")
        if name == "ph" and child.get("subType") == "xlf:lb":
            return "<br>"
        if name == "ph" and child.get("type") == "image":
            return "<img>"
        return "".join(child.itertext())  # 1.2 native code: the markup as it was
    if name == "x":
        return {"lb": "<br>", "image": "<img>"}.get(child.get("ctype", ""), "")
    if name in ("sc", "ec"):
        return data.get(child.get("dataRef", ""), "")
    if name == "mrk":  # an annotation (term, comment): its text
        return _decode(child, data)
    if name == "cp":  # 2.0: a character XML cannot hold (a control: stored as its picture)
        return _code_point(child.get("hex", ""))
    return ""  # bx, ex, sm, em: no text of their own


def _code_point(hexadecimal: str) -> str:
    try:
        value = int(hexadecimal[:6], 16)
    except ValueError:
        return ""
    if 0 < value < 0x20:
        return controls_as_pictures(chr(value))
    if 0x20 <= value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
        return _escape(chr(value))
    return ""


def _file_times(file_el: etree._Element) -> tuple[datetime | None, str, str]:
    text = file_el.get(f"{{{NS_WB}}}exported-at", "") or ""
    moment: datetime | None = None
    if text:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    return moment, text, file_el.get(f"{{{NS_WB}}}signature", "") or ""


def read_xliff(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> XliffFile:
    """The units of an XLIFF 1.2 or 2.0 file, or XliffError with a message for people."""
    try:
        root = parse_xml(data, limits.max_elements)
    except XmlRefused as exc:
        raise XliffError(exc.template, **exc.details) from None
    namespace = etree.QName(root).namespace
    if _local(root.tag) != "xliff" or namespace not in _READ_NAMESPACES:
        raise XliffError(
            gettext_noop("This is not an XLIFF 1.2 or 2.0 file (its root element is %(root)s)."),
            root=repr(etree.QName(root).localname),
        )
    version = "2.0" if namespace == NS_20 else "1.2"
    prefix = f"{{{namespace}}}" if namespace else ""
    files = root.findall(f"{prefix}file")
    if not files:
        raise XliffError(gettext_noop("The XLIFF file has no <file> element."))
    first = files[0]
    exported_at, stamp, signature = _file_times(first)
    units: list[XliffUnit] = []
    if version == "1.2":
        source_lang, target_lang = first.get("source-language"), first.get("target-language")
        for file_el in files:
            for tu in file_el.iter(f"{prefix}trans-unit"):
                units.append(_unit_12(tu, prefix))
                _check_count(units, limits)
    else:
        source_lang, target_lang = root.get("srcLang"), root.get("trgLang")
        for file_el in files:
            for element in file_el.iter(f"{{{NS_20}}}unit"):
                units.append(_unit_20(element))
                _check_count(units, limits)
    return XliffFile(
        version=version,
        document=first.get("original"),
        source_language=source_lang,
        target_language=target_lang,
        units=units,
        exported_at=exported_at,
        exported_at_text=stamp,
        signature=signature,
    )


def _check_count(units: list[XliffUnit], limits: FileLimits) -> None:
    if len(units) > limits.max_units:
        raise XliffError(
            gettext_noop("The file has more than %(limit)s units; split it into smaller files."),
            limit=f"{limits.max_units:,}",
        )


def _unit_12(tu: etree._Element, prefix: str) -> XliffUnit:
    source_el = tu.find(f"{prefix}source")
    target_el = tu.find(f"{prefix}target")
    source = _decode(source_el, {}) if source_el is not None else ""
    target = _decode(target_el, {}) if target_el is not None else None
    state = target_el.get("state", "") if target_el is not None else ""
    approved = tu.get("approved") == "yes"
    notes = tuple("".join(n.itertext()) for n in tu.findall(f"{prefix}note"))
    return XliffUnit(
        key=tu.get("resname") or tu.get("id") or "",
        source=source,
        target=target,
        draft=not approved and state in _DRAFT_STATES_12,
        notes=notes,
        line=tu.sourceline or 0,
    )


def _unit_20(element: etree._Element) -> XliffUnit:
    data = {
        d.get("id", ""): "".join(d.itertext())
        for d in element.iterfind(f"{{{NS_20}}}originalData/{{{NS_20}}}data")
    }
    sources: list[str] = []
    targets: list[str] = []
    any_target = False
    draft = False
    for part in element:
        name = _local(part.tag)
        if name not in ("segment", "ignorable"):
            continue
        source_el = part.find(f"{{{NS_20}}}source")
        target_el = part.find(f"{{{NS_20}}}target")
        source = _decode(source_el, data) if source_el is not None else ""
        sources.append(source)
        if target_el is not None:
            any_target = any_target or name == "segment"
            targets.append(_decode(target_el, data))
        else:
            # An ignorable's target defaults to its source (whitespace between segments).
            targets.append(source if name == "ignorable" else "")
        if name == "segment" and target_el is not None:
            draft = draft or part.get("state", "initial") == "initial"
    notes = tuple(
        "".join(n.itertext()) for n in element.iterfind(f"{{{NS_20}}}notes/{{{NS_20}}}note")
    )
    return XliffUnit(
        key=element.get("name") or element.get("id") or "",
        source="".join(sources),
        target="".join(targets) if any_target else None,
        draft=draft,
        notes=notes,
        line=element.sourceline or 0,
    )


def looks_like_xliff(data: bytes) -> bool:
    """Whether bytes start like an XLIFF document (for the importers' wrong-type refusal)."""
    head = data[:2048]
    return b"<xliff" in head and (
        any(ns.encode() in head for ns in (NS_12, NS_11, NS_20)) or b"version=" in head
    )
