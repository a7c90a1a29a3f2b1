"""The glossary as TBX (TermBase eXchange, ISO 30042): plain records in, bytes out (and back).

The writer produces TBX v3 (ISO 30042:2019) in the TBX-Basic dialect, DCA style::

    <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader><fileDesc><titleStmt><title>…</title></titleStmt>
        <sourceDesc><p>…</p></sourceDesc></fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="c12">
          <note>notes</note>
          <langSec xml:lang="de">
            <termSec><term>Linke Opposition</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
            <termSec><term>Linksopposition</term>
              <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
          </langSec>
        </conceptEntry>
      </body></text>
    </tbx>

A forbidden variant is a term whose administrative status is deprecated. Concept ids are
``c`` + the workbench id (an XML ID cannot start with a digit). TBX has no data category
for "match case": the flag travels in CSV only.

The reader also takes TBX v2 / TBX-Basic 2008 files (``martif`` root, ``termEntry``,
``langSet``, ``tig`` or ``ntig/termGrp``), namespaced or not. Per language, the first
preferred term (or else the first term that is not deprecated, superseded or forbidden) is
the concept's term; deprecated, superseded, "forbidden" and "obsolete" terms are forbidden
variants; further admitted synonyms are not kept (the glossary has one term per language).
Concept-level ``<note>``s become the notes, or else the definitions (``descrip
type="definition"``).

Parsing is safe for untrusted files: no network, no DTD loading, no entity expansion, and a
file declaring entities is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from workbench.formats.glossary_csv import ConceptRecord, GlossaryFormatError, gettext_noop
from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.text.safe_xml import XmlRefused, parse_xml

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
_REJECTED = {
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
    "forbidden",
    "obsolete",
    "deprecatedterm",
    "supersededterm",
}
_RNG = (
    'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"'
)
_SCH = (
    'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBX-Basic_DCA.sch" type="application/xml" '
    'schematypens="http://purl.oclc.org/dsdl/schematron"'
)


def _local(element: etree._Element) -> str:
    if not isinstance(element.tag, str):  # comments and processing instructions
        return ""
    return etree.QName(element).localname


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in element if _local(child) in names]


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _note_text(element: etree._Element) -> str:
    """Free text with its line breaks kept (notes are paragraphs, terms are one line)."""
    lines = "".join(element.itertext()).strip().splitlines()
    return "\n".join(" ".join(line.split()) for line in lines)


def write_tbx(
    records: Iterable[ConceptRecord],
    languages: Sequence[str],
    *,
    source_language: str = "en",
    title: str = "Glossary",
    description: str = "",
) -> bytes:
    """TBX v3 (TBX-Basic, DCA) bytes with one conceptEntry per record; language sections in
    the order of `languages` (codes written as given, BCP 47)."""
    nsmap = {None: TBX_NAMESPACE}

    def sub(parent: etree._Element, name: str, text: str | None = None, **attrib: str):
        element = etree.SubElement(parent, f"{{{TBX_NAMESPACE}}}{name}", nsmap=nsmap)
        for key, value in attrib.items():
            element.set(key, value)
        if text is not None:
            element.text = text
        return element

    root = etree.Element(f"{{{TBX_NAMESPACE}}}tbx", nsmap=nsmap)
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, source_language)
    header = sub(root, "tbxHeader")
    file_desc = sub(header, "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", title)
    sub(sub(file_desc, "sourceDesc"), "p", description or title)
    body = sub(sub(root, "text"), "body")
    for index, record in enumerate(records, start=1):
        entry = sub(body, "conceptEntry", id=f"c{record.id}" if record.id else f"n{index}")
        if record.notes:
            sub(entry, "note", record.notes)
        for code in languages:
            term = record.terms.get(code, "")
            forbidden = list(record.forbidden.get(code, ()))
            if not term and not forbidden:
                continue
            lang_sec = sub(entry, "langSec")
            lang_sec.set(XML_LANG, code)
            for text, status in [(term, PREFERRED)] + [(f, DEPRECATED) for f in forbidden]:
                if not text:
                    continue
                term_sec = sub(lang_sec, "termSec")
                sub(term_sec, "term", text)
                sub(term_sec, "termNote", status, type="administrativeStatus")
    tree = etree.ElementTree(root)
    root.addprevious(etree.ProcessingInstruction("xml-model", _RNG))
    root.addprevious(etree.ProcessingInstruction("xml-model", _SCH))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# TBX-Basic v2 (2008): the martif format translate-toolkit, Okapi and older CAT tools read. The
# DOCTYPE names the DTD of the TBX-Basic package (TBXBasiccoreStructV02.dtd, with the XCS
# TBXBasicXCSV02.xcs); readers do not fetch it.
_MARTIF_DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'


def write_tbx_v2(
    records: Iterable[ConceptRecord],
    languages: Sequence[str],
    *,
    source_language: str = "en",
    title: str = "Glossary",
    description: str = "",
) -> bytes:
    """TBX-Basic v2 (martif) bytes: one termEntry per record, a langSet per language, a tig
    per term (preferred, then the forbidden variants as deprecated terms). The source
    language's langSet comes first (tools such as translate-toolkit take the first as the
    source)."""
    root = etree.Element("martif", type="TBX-Basic-V1")
    root.set(XML_LANG, source_language)
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = title
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = description or title
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    order = sorted(languages, key=lambda code: code != source_language)
    for index, record in enumerate(records, start=1):
        entry = etree.SubElement(
            body, "termEntry", id=f"c{record.id}" if record.id else f"n{index}"
        )
        if record.notes:
            etree.SubElement(entry, "note").text = record.notes
        for code in order:
            term = record.terms.get(code, "")
            forbidden = list(record.forbidden.get(code, ()))
            if not term and not forbidden:
                continue
            lang_set = etree.SubElement(entry, "langSet")
            lang_set.set(XML_LANG, code)
            for text, status in [(term, PREFERRED)] + [(f, DEPRECATED) for f in forbidden]:
                if not text:
                    continue
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = text
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=_MARTIF_DOCTYPE
    )


def _status(term_holder: etree._Element) -> str:
    for note in term_holder.iter():
        if _local(note) == "termNote" and note.get("type") == "administrativeStatus":
            return _text(note).casefold()
    return ""


def _terms_of(lang_sec: etree._Element) -> list[tuple[str, str, int]]:
    """(term, status, line) for each term of a langSec (v3) or langSet (v2)."""
    found = []
    for holder in _children(lang_sec, "termSec", "tig", "ntig"):
        groups = _children(holder, "termGrp") or [holder]
        for group in groups:
            for term in _children(group, "term"):
                found.append((_text(term), _status(holder), term.sourceline or 0))
    return found


def read_tbx(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> list[ConceptRecord]:
    """Parse a TBX file; raise GlossaryFormatError when it is not a usable one (also beyond
    `limits.max_elements` tags or `limits.max_records` concepts)."""
    if not data.strip():
        raise GlossaryFormatError(gettext_noop("The file is empty."))
    try:
        root = parse_xml(data, limits.max_elements)
    except XmlRefused as exc:
        raise GlossaryFormatError(exc.template, **exc.details) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None and any(True for _ in docinfo.internalDTD.iterentities()):
        raise GlossaryFormatError(gettext_noop("TBX files with entity declarations are refused."))
    if _local(root) not in ("tbx", "martif"):
        raise GlossaryFormatError(
            gettext_noop("This is not a TBX file (its root element is <%(root)s>)."),
            root=_local(root),
        )
    records: list[ConceptRecord] = []
    for entry in root.iter():
        if _local(entry) not in ("conceptEntry", "termEntry"):
            continue
        if len(records) >= limits.max_records:
            raise GlossaryFormatError(
                gettext_noop("The file has more than %(limit)s concepts; split it."),
                limit=f"{limits.max_records:,}",
            )
        records.append(_read_entry(entry))
    return records


def _read_entry(entry: etree._Element) -> ConceptRecord:
    line = entry.sourceline or 0
    terms: dict[str, str] = {}
    forbidden: dict[str, list[str]] = {}
    for lang_sec in _children(entry, "langSec", "langSet"):
        code = (lang_sec.get(XML_LANG) or lang_sec.get("lang") or "").strip()
        if not code:
            raise GlossaryFormatError(
                gettext_noop("Line %(line)s: a language section has no xml:lang."),
                line=lang_sec.sourceline or line,
            )
        allowed: list[tuple[str, str]] = []
        for text, status, _term_line in _terms_of(lang_sec):
            if not text:
                continue
            if status in _REJECTED:
                variants = forbidden.setdefault(code, [])
                if text not in variants:
                    variants.append(text)
            else:
                allowed.append((text, status))
        preferred = [text for text, status in allowed if status == PREFERRED.casefold()]
        if preferred or allowed:
            terms.setdefault(code, (preferred or [allowed[0][0]])[0])
    notes = [_note_text(note) for note in _children(entry, "note")]
    if not any(notes):
        notes = [
            _note_text(descrip)
            for descrip in entry.iter()
            if _local(descrip) == "descrip" and descrip.get("type") == "definition"
        ]
    return ConceptRecord(
        terms=terms,
        forbidden=forbidden,
        notes="\n\n".join(note for note in notes if note),
        case_sensitive=None,
        id=(entry.get("id") or "").strip(),
        line=line,
    )
