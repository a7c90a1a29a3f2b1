"""TMX 1.4b export and import of aligned pairs (translation memory exchange).

Inline markup: TMX allows only text and the inline elements bpt/ept/ph/it/hi inside <seg>,
so the unit markup's tags travel as native code, the way CAT tools (OmegaT, Trados, Okapi)
write and read them:

    a <em>b</em><br>c<sup class="fnref">1</sup>
    ->  a <bpt i="1" type="italic">&lt;em&gt;</bpt>b<ept i="1">&lt;/em&gt;</ept>
        <ph type="lb">&lt;br&gt;</ph>c<ph type="fnote">&lt;sup class="fnref"&gt;1&lt;/sup&gt;</ph>

A footnote reference is one placeholder (translators move it, never edit its label); a tag
closed without being opened, or opened and never closed, becomes <it pos="end|begin">.
Reading turns the native code back into markup, and text back into escaped text, in the
canonical form of text/markup.py (only `&`, `<`, `>` escaped), so a round trip of canonical
markup gives the same string. Markup read from a TMX file comes from outside: callers must
pass it through the sanitiser before storing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from lxml import etree

from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.text.i18n import LocalizedError, gettext_noop
from workbench.text.markup import is_fnref
from workbench.text.safe_xml import XmlEvents, XmlRefused

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROP_KEY = "x-key"
PROP_DOCUMENT = "x-document"
TMX_DATE = "%Y%m%dT%H%M%SZ"

# Native-code types from the TMX 1.4b list (plus x- extensions, which the spec allows).
_BPT_TYPES = {"em": "italic", "i": "italic", "strong": "bold", "b": "bold", "a": "link",
              "u": "ulined", "code": "x-code", "sup": "x-sup", "sub": "x-sub",
              "del": "x-del", "ins": "x-ins"}  # fmt: skip
_VOID_TAGS = {"br", "wbr", "img", "hr"}
_PH_TYPES = {"br": "lb", "img": "image"}
_FNREF_TYPE = "fnote"
# Characters XML 1.0 cannot carry.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TmxError(LocalizedError):
    """A TMX file that cannot be written or read; the message is for people (in the UI
    language, see text/i18n.py)."""


@dataclass(frozen=True)
class TmxPair:
    """One aligned pair. `source` and `target` are unit markup (see text/markup.py)."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    key: str | None = None  # the unit key (prop x-key)
    document: str | None = None  # the document slug (prop x-document)
    created: datetime | None = None  # of the translation (target tuv creationdate)
    changed: datetime | None = None
    creator: str | None = None  # creationid
    changer: str | None = None  # changeid
    note: str | None = None
    props: tuple[tuple[str, str], ...] = ()  # other <prop type="...">value</prop>, in order


# --- export -------------------------------------------------------------------------------


def export_tmx(
    pairs: Iterable[TmxPair],
    *,
    source_language: str,
    creation_tool: str = "workbench",
    creation_tool_version: str = "1",
    admin_language: str = "en",
    created: datetime | None = None,
) -> bytes:
    """A TMX 1.4b document (UTF-8 bytes) with one <tu> per pair."""
    root = etree.Element("tmx", {"version": "1.4"})
    root.text = "\n"
    header = etree.SubElement(
        root,
        "header",
        {
            "creationtool": creation_tool,
            "creationtoolversion": creation_tool_version,
            "segtype": "paragraph",
            "o-tmf": "workbench",
            "adminlang": admin_language,
            "srclang": source_language,
            "datatype": "html",
            "creationdate": _tmx_date(created or datetime.now(UTC)),
        },
    )
    header.tail = "\n"
    body = etree.SubElement(root, "body")
    body.text = "\n"
    body.tail = "\n"
    used_ids: set[str] = set()
    for pair in pairs:
        tu = etree.SubElement(body, "tu")
        tu.text = "\n  "
        tu.tail = "\n"
        tuid = _tuid(pair, used_ids)
        if tuid:
            tu.set("tuid", tuid)
        if pair.source_lang.lower() != source_language.lower():
            tu.set("srclang", pair.source_lang)
        children: list[etree._Element] = []
        if pair.note:
            note = etree.Element("note")
            note.text = _xml_text(pair.note, pair)
            children.append(note)
        props = []
        if pair.key is not None:
            props.append((PROP_KEY, pair.key))
        if pair.document is not None:
            props.append((PROP_DOCUMENT, pair.document))
        for prop_type, value in [*props, *pair.props]:
            prop = etree.Element("prop", {"type": prop_type})
            prop.text = _xml_text(value, pair)
            children.append(prop)
        children.append(_tuv(pair.source_lang, pair.source, pair))
        target = _tuv(pair.target_lang, pair.target, pair)
        for attribute, stamp in (
            ("creationdate", _tmx_date(pair.created) if pair.created else None),
            ("creationid", pair.creator),
            ("changedate", _tmx_date(pair.changed) if pair.changed else None),
            ("changeid", pair.changer),
        ):
            if stamp:
                target.set(attribute, _xml_text(stamp, pair))
        children.append(target)
        for position, child in enumerate(children):
            child.tail = "\n" if position == len(children) - 1 else "\n  "
            tu.append(child)
    # The declaration by hand: lxml writes it with single quotes, which some older TMX
    # readers reject.
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"
    )


def _tuid(pair: TmxPair, used: set[str]) -> str | None:
    # Keys are unique within a document; a memory export spans documents, hence the slug.
    # tuid must be unique in the file, so a repeat (the same unit in two pairs) gets a suffix.
    if pair.key is None:
        return None
    base = f"{pair.document}:{pair.key}" if pair.document else pair.key
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}~{n}"
    used.add(candidate)
    return candidate


def _tuv(lang: str, markup: str, pair: TmxPair) -> etree._Element:
    tuv = etree.Element("tuv", {XML_LANG: lang})
    seg = etree.SubElement(tuv, "seg")
    _encode_segment(seg, _xml_text(markup, pair))
    return tuv


def _xml_text(text: str, pair: TmxPair) -> str:
    match = _XML_INVALID.search(text)
    if match:
        code = f"U+{ord(match.group()):04X}"
        if pair.key:
            raise TmxError(
                gettext_noop(
                    "Unit %(key)s contains the character %(code)s, which XML cannot carry."
                ),
                key=repr(pair.key),
                code=code,
            )
        raise TmxError(
            gettext_noop("A pair contains the character %(code)s, which XML cannot carry."),
            code=code,
        )
    return text


class _Tokens(HTMLParser):
    """Splits markup into text and tags, keeping each start tag exactly as written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, str, str]] = []  # (kind, tag name, text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = "fnref" if tag == "sup" and is_fnref(attrs) else "start"
        self.tokens.append((kind, tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("void", tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag, f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.tokens.append(("text", "", data))


def _encode_segment(seg: etree._Element, markup: str) -> None:
    tokenizer = _Tokens()
    tokenizer.feed(markup)
    tokenizer.close()
    tokens = tokenizer.tokens
    open_tags: list[tuple[str, etree._Element]] = []  # (tag name, its <bpt>)
    counter = 0
    index = 0
    while index < len(tokens):
        kind, tag, text = tokens[index]
        index += 1
        if kind == "text":
            _append_text(seg, text)
        elif kind == "fnref":
            # The whole reference is one placeholder: its label is not for translating.
            code = [text]
            while index < len(tokens) and not (
                tokens[index][0] == "end" and tokens[index][1] == "sup"
            ):
                inner_kind, _, inner = tokens[index]
                code.append(_escape_text(inner) if inner_kind == "text" else inner)
                index += 1
            code.append("</sup>")
            index += 1
            _inline(seg, "ph", "".join(code), type=_FNREF_TYPE)
        elif kind == "void" or tag in _VOID_TAGS:
            attributes = {"type": _PH_TYPES[tag]} if tag in _PH_TYPES else {}
            _inline(seg, "ph", text, **attributes)
        elif kind == "start":
            counter += 1
            attributes = {"i": str(counter)}
            if tag in _BPT_TYPES:
                attributes["type"] = _BPT_TYPES[tag]
            open_tags.append((tag, _inline(seg, "bpt", text, **attributes)))
        else:  # end tag
            match = next(
                (n for n in range(len(open_tags) - 1, -1, -1) if open_tags[n][0] == tag), None
            )
            if match is None:
                _inline(seg, "it", text, pos="end")
                continue
            for _, unclosed in open_tags[match + 1 :]:
                _isolate(unclosed)
            _, bpt = open_tags[match]
            del open_tags[match:]
            _inline(seg, "ept", text, i=bpt.get("i", ""))
    for _, unclosed in open_tags:
        _isolate(unclosed)


def _isolate(bpt: etree._Element) -> None:
    """A start tag without its end in this segment is an isolated tag (<it pos="begin">)."""
    bpt.tag = "it"
    kind = bpt.get("type")
    bpt.attrib.clear()
    bpt.set("pos", "begin")
    if kind:
        bpt.set("type", kind)


def _inline(seg: etree._Element, name: str, code: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(seg, name, attributes)
    element.text = code
    return element


def _append_text(seg: etree._Element, text: str) -> None:
    if len(seg):
        seg[-1].tail = (seg[-1].tail or "") + text
    else:
        seg.text = (seg.text or "") + text


def _tmx_date(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # naive times are UTC, as in the services
    return moment.astimezone(UTC).strftime(TMX_DATE)


# --- import -------------------------------------------------------------------------------


def read_tmx(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> list[TmxPair]:
    """Every pair of a TMX file: for each <tu>, its source <tuv> with each other <tuv>.

    The source is the <tuv> in the tu's srclang (else the header's); with `*all*` or no
    match, the first <tuv>. Language codes are returned as written in the file. At most
    `limits.max_elements` tags and `limits.max_records` pairs are read (else TmxError)."""
    return [pair for batch in iter_tmx(data, limits) for pair in batch]


def iter_tmx(
    data: bytes, limits: FileLimits = DEFAULT_LIMITS, batch: int = 5000
) -> Iterator[list[TmxPair]]:
    """The pairs of `read_tmx` in lists of about `batch` as they are read, for an import that
    stores them meanwhile: a TmxError may come after some lists, so use what came only once
    the iteration has ended without one (the import stores in one transaction).

    The file is read as a stream (`_TmxReader`): each <tu> is read when it ends and then
    dropped, so only the pairs stay in memory, not the file's tree (at 100,000 pairs the
    tree took 270 MB). Errors are those of reading the whole tree first, in its order: XML
    that is not well-formed, then the root, the version, a missing header or body, then the
    first bad <tu> or the pair limit."""
    if not data.strip():
        raise TmxError(gettext_noop("The TMX file is empty."))
    try:
        events = XmlEvents(
            data, limits.max_elements, events=("start", "end"), tag=("header", "body", "tu")
        )
        reader = _TmxReader(limits.max_records)
        for event, element in events:
            reader.event(event, element)
            if len(reader.pairs) >= batch and reader.error is None:
                yield reader.pairs
                reader.pairs = []
    except XmlRefused as exc:
        raise TmxError(exc.template, **exc.details) from None
    root = events.root
    assert root is not None  # a document without a root element is not well-formed
    if root.tag != "tmx":
        raise TmxError(
            gettext_noop("This is not a TMX file (its root element is <%(element)s>)."),
            element=_local(root.tag),
        )
    version = root.get("version", "")
    if not version.startswith("1."):
        raise TmxError(
            gettext_noop("Unsupported TMX version %(version)s; TMX 1.x (1.4) is expected."),
            version=repr(version),
        )
    if reader.header_source is None or reader.body is None:
        raise TmxError(gettext_noop("The TMX file has no <header> or no <body>."))
    if reader.error is not None:
        raise reader.error
    if reader.pairs:
        yield reader.pairs


class _TmxReader:
    """The pairs of a TMX file from its parse events (<header>, <body> and <tu>, start and
    end), as a tree walk would find them: the <tu> elements inside the root's first <body>,
    in document order, with the srclang of the root's first <header>. The body's children are
    read when a <tu> child of it ends (that one and those before it), then removed; until the
    header has begun (a header after the body), they wait in the tree. The first error is
    kept, not raised, so that the file is still checked to its end and a malformed file gets
    the message it got when it was parsed whole."""

    def __init__(self, max_records: int) -> None:
        self.max_records = max_records
        self.pairs: list[TmxPair] = []  # read since the caller last took them
        self.count = 0  # pairs read in all
        self.error: TmxError | None = None
        self.header_source: str | None = None
        self.body: etree._Element | None = None
        self._tmx: bool | None = None  # the root is a TMX 1.x root: pairs are worth reading
        self._read: etree._Element | None = None  # the last child read, emptied, still there

    def event(self, event: str, element: etree._Element) -> None:
        if self._tmx is None:
            root = element.getroottree().getroot()
            self._tmx = root.tag == "tmx" and root.get("version", "").startswith("1.")
        tag = element.tag
        if event == "start":
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                return  # only the root's own children are the header and the body
            if tag == "header" and self.header_source is None:
                self.header_source = element.get("srclang", "")
                if self.body is not None:
                    self._read_body(None)  # the children that waited (a finished body)
            elif tag == "body" and self.body is None:
                self.body = element
        elif self.body is not None and self.header_source is not None:
            if tag == "tu" and element.getparent() is self.body:
                self._read_body(element)
            elif element is self.body:
                self._read_body(None)

    def _read_body(self, upto: etree._Element | None) -> None:
        """Read the body's children up to `upto` (all of them with None) and remove them;
        `upto` is emptied instead, since the parser is still at it. The parser runs ahead of
        the events: children after `upto` may be in the tree, unfinished, and are left."""
        body = self.body
        assert body is not None
        done = 0
        for child in body:
            if child is not self._read:
                for tu in child.iter("tu"):
                    self._tu(tu)
            done += 1
            if child is upto:
                break
        if upto is None:
            del body[:done]
            self._read = None
        else:
            del body[: done - 1]
            upto.clear(keep_tail=True)
            self._read = upto

    def _tu(self, tu: etree._Element) -> None:
        if not self._tmx or self.error is not None:
            return
        try:
            pairs = _tu_pairs(tu, self.header_source or "")
        except TmxError as error:
            self.error = error
            return
        self.pairs.extend(pairs)
        self.count += len(pairs)
        if self.count > self.max_records:
            self.error = TmxError(
                gettext_noop("The TMX file has more than %(limit)s pairs; split it."),
                limit=f"{self.max_records:,}",
            )


def _tu_pairs(tu: etree._Element, header_source: str) -> list[TmxPair]:
    """The pairs of one <tu>: its source <tuv> with each other one."""
    # One pass over the children (each lxml proxy made once; findall per kind cost a third
    # of the reading).
    tuvs: list[etree._Element] = []
    props: list[tuple[str, str]] = []
    notes: list[str] = []
    for child in tu:
        tag = child.tag
        if tag == "tuv":
            tuvs.append(child)
        elif tag == "prop":
            props.append((child.get("type", ""), child.text or ""))
        elif tag == "note":
            notes.append(child.text or "")
    if len(tuvs) < 2:
        return []  # a monolingual entry: nothing to pair
    source_lang = tu.get("srclang") or header_source
    languages = [_tuv_lang(tuv, tu) for tuv in tuvs]
    if source_lang and source_lang != "*all*":
        wanted = source_lang.lower()
        source_index = next((n for n, lang in enumerate(languages) if lang.lower() == wanted), 0)
    else:
        source_index = 0
    source = _decode_segment(_seg(tuvs[source_index], tu))
    key = next((value for kind, value in props if kind == PROP_KEY), None)
    document = next((value for kind, value in props if kind == PROP_DOCUMENT), None)
    others = tuple((kind, value) for kind, value in props if kind not in (PROP_KEY, PROP_DOCUMENT))
    pairs = []
    for n, tuv in enumerate(tuvs):
        if n == source_index:
            continue
        pairs.append(
            TmxPair(
                source=source,
                target=_decode_segment(_seg(tuv, tu)),
                source_lang=languages[source_index],
                target_lang=languages[n],
                key=key,
                document=document,
                created=_attr_date(tuv, tu, "creationdate"),
                changed=_attr_date(tuv, tu, "changedate"),
                creator=tuv.get("creationid") or tu.get("creationid"),
                changer=tuv.get("changeid") or tu.get("changeid"),
                note="\n".join(notes) if notes else None,
                props=others,
            )
        )
    return pairs


def _tuv_lang(tuv: etree._Element, tu: etree._Element) -> str:
    # TMX 1.4 uses xml:lang; 1.1-1.3 files (still common from old Trados) use lang.
    lang = tuv.get(XML_LANG) or tuv.get("lang")
    if not lang:
        raise TmxError(
            gettext_noop("Line %(line)s: a <tuv> has no xml:lang (tu %(tu)s)."),
            line=tuv.sourceline,
            tu=tu.get("tuid", "?"),
        )
    return lang


def _seg(tuv: etree._Element, tu: etree._Element) -> etree._Element:
    seg = tuv.find("seg")
    if seg is None:
        raise TmxError(
            gettext_noop("Line %(line)s: a <tuv> has no <seg> (tu %(tu)s)."),
            line=tuv.sourceline,
            tu=tu.get("tuid", "?"),
        )
    return seg


def _decode_segment(element: etree._Element) -> str:
    parts = [_escape_text(element.text or "")]
    for child in element:
        if isinstance(child.tag, str):
            name = _local(child.tag)
            if name in ("bpt", "ept", "ph", "it", "ut"):
                parts.append(_native_code(name, "".join(child.itertext())))
            elif name == "hi" or name == "sub":
                parts.append(_decode_segment(child))  # highlighted text: its content only
            else:
                parts.append(_escape_text("".join(child.itertext())))
        elif isinstance(child, etree._Entity):
            raise TmxError(
                gettext_noop("Line %(line)s: entity references are not accepted."),
                line=child.sourceline,
            )
        parts.append(_escape_text(child.tail or ""))
    return "".join(parts)


_TAG = re.compile(r"\s*<.*>\s*", re.DOTALL)  # tags, maybe with text between (a footnote)


def _native_code(name: str, code: str) -> str:
    """What an inline code element of a <seg> brings to the stored markup. Markup tags (the
    workbench's own <em>, a link, HTML from other tools) as they were: the sanitiser keeps
    those it knows. A placeholder (<ph>: `%s`, `{0}`) is text of the sentence. Any other
    native code (RTF's `{\\b `, Trados's and Word's formatting) is not text: it is left
    out, or it would show in every match as if it were part of the translation."""
    if _TAG.fullmatch(code):
        return code
    return _escape_text(code) if name == "ph" else ""


def _escape_text(text: str) -> str:
    # The canonical escaping of stored markup (text/markup.py): only &, < and >.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr_date(tuv: etree._Element, tu: etree._Element, name: str) -> datetime | None:
    value = tuv.get(name) or tu.get(name)
    if not value:
        return None
    try:
        return datetime.strptime(value, TMX_DATE).replace(tzinfo=UTC)
    except ValueError as exc:
        raise TmxError(
            gettext_noop("Line %(line)s: %(name)s %(value)s is not a TMX date (YYYYMMDDThhmmssZ)."),
            line=tuv.sourceline,
            name=name,
            value=repr(value),
        ) from exc


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]
