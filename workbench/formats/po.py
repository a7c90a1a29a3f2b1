"""Gettext PO export and import of one document's units in one target language.

Export: one entry per unit, in document order::

    #. kind: heading 2
    #. position: 3
    #. footnote: 1            (footnote units only: the footnote label)
    #, fuzzy                   (draft and outdated translations)
    #| msgid "old source"      (outdated translations: the source they were made from)
    msgctxt "unit-key"
    msgid "source markup"
    msgstr "translation markup"

The `#.` lines are "name: value" pairs, so `parse_unit_comments` (used by `read_po` and by the
document importer for `--format po`) can read them back; unknown names are kept, not rejected,
so later versions may add lines.

Import (`read_po`) accepts what translators' tools do to such a file: re-wrapping, reordering,
translator comments, entries marked or unmarked fuzzy, a fuzzy header, obsolete (`#~`) entries
(ignored). Only UTF-8 is accepted (see `read_po`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import polib

from workbench.text.i18n import LocalizedError, gettext_noop
from workbench.text.languages import subtags
from workbench.text.records import (
    KIND_FOOTNOTE,
    KIND_HEADING,
    STATUS_DRAFT,
    STATUS_OUTDATED,
    DocumentInfo,
    ExportRow,
    LanguageInfo,
)

from .po_escapes import escape, install

# GNU gettext's escapes (\a, octal, hex) in and out, for polib too: see po_escapes.py.
install()

GENERATOR = "workbench"
# The first four bytes of a compiled catalog (.mo), in either byte order.
MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
# Our own header fields. Editors (Poedit, Lokalize, msgcat, ...) keep unknown X- fields.
HEADER_DOCUMENT = "X-Workbench-Document"
# The exact export time: PO-Revision-Date is rewritten by editors on every save, and
# POT-Creation-Date has only minute precision; the importer compares this with the time
# each translation last changed online to find conflicting edits.
HEADER_EXPORTED_AT = "X-Workbench-Exported-At"
# An HMAC over document, language and export time, made by the caller (this module has no
# key): the importer trusts the export time only when it verifies (export_signature.py).
HEADER_SIGNATURE = "X-Workbench-Signature"

COMMENT_KIND = "kind"
COMMENT_POSITION = "position"
COMMENT_FOOTNOTE = "footnote"


class PoError(LocalizedError):
    """A PO file that cannot be exported or imported; the message is for people (in the
    UI language, see text/i18n.py)."""


def refuse_what_is_not_po_text(data: bytes) -> None:
    """PoError for bytes no PO reader should parse: nothing, a compiled catalog (.mo), UTF-16
    (both readers, po.py's and po_catalog.py's, start here)."""
    if not data.strip():
        raise PoError(gettext_noop("The PO file is empty."))
    if data.startswith(MO_MAGIC):
        raise PoError(
            gettext_noop(
                "This is a compiled gettext catalog (an MO file), not a PO file: give its PO "
                "file, or convert it with: msgunfmt FILE.mo -o FILE.po"
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PoError(
            gettext_noop(
                "The PO file is encoded as UTF-16; only UTF-8 is accepted "
                "(convert it with: msgconv --to-code=UTF-8 FILE)."
            )
        )


@dataclass(frozen=True)
class PoRecord:
    """One (non-obsolete) entry of an imported PO file."""

    msgctxt: str | None
    msgid: str
    msgstr: str
    fuzzy: bool
    previous_msgid: str | None
    comment: str  # extracted comments (`#.`), lines joined with "\n"
    tcomment: str  # translator comments (`# `), lines joined with "\n"
    line: int  # line of the entry in the file, for messages

    @property
    def unit_info(self) -> UnitComments:
        return parse_unit_comments(self.comment)


@dataclass(frozen=True)
class UnitComments:
    """What the `#.` lines of an exported entry say about its unit (see module docstring)."""

    kind: str | None = None
    level: int = 0
    position: int | None = None
    label: str = ""
    other: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PoCatalog:
    records: list[PoRecord]
    metadata: dict[str, str]
    language: str | None  # BCP 47 (converted from the gettext form `pt_BR`)
    document: str | None  # the X-Workbench-Document header: the slug it was exported from
    exported_at: datetime | None
    obsolete: int = 0  # number of `#~` entries, which are ignored
    # The X-Workbench-Exported-At header as written and the X-Workbench-Signature header
    # (empty when absent), for the caller to verify.
    exported_at_text: str = ""
    signature: str = ""

    def by_context(self) -> dict[str, PoRecord]:
        return {r.msgctxt: r for r in self.records if r.msgctxt is not None}


# --- export -------------------------------------------------------------------------------


def export_po(
    doc: DocumentInfo,
    language: LanguageInfo,
    rows: Sequence[ExportRow],
    *,
    generated_at: datetime | None = None,
    signature: str = "",
) -> bytes:
    """One PO catalog (UTF-8 bytes) of `rows` translated into `language`. `signature`, when
    given, is written as the X-Workbench-Signature header: the caller's signature of
    `exported_at_text(generated_at)`."""
    now = _utc(generated_at or datetime.now(UTC))
    po = polib.POFile(wrapwidth=78)
    # Header comment lines are free text for people; one line per fact keeps it readable.
    po.header = "\n".join(
        [
            f"{_one_line(doc.title) or doc.slug}: {_one_line(language.name)} translation",
            f"Exported by {GENERATOR} from document {doc.slug!r}.",
        ]
    )
    po.metadata = {
        "Project-Id-Version": _one_line(f"{doc.project} {doc.slug}"),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": _po_date(now),
        "PO-Revision-Date": _po_date(now),
        # No single translator: the file is a snapshot of a team's work.
        "Last-Translator": f"{GENERATOR} export",
        "Language-Team": _one_line(language.name) or language.code,
        "Language": po_language_code(language.code),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": _one_line(language.plural_forms),
        "X-Generator": GENERATOR,
        HEADER_DOCUMENT: _one_line(doc.slug),
        HEADER_EXPORTED_AT: exported_at_text(now),
    }
    if signature:
        po.metadata[HEADER_SIGNATURE] = _one_line(signature)
    seen: set[str] = set()
    entries: list[str] = []
    for row in sorted(rows, key=lambda r: r.unit.position):
        unit = row.unit
        if not unit.source.strip():
            # An empty msgid is the header entry; gettext cannot hold such a unit at all.
            raise PoError(
                gettext_noop("Unit %(key)s has an empty source text; it cannot go into a PO file."),
                key=repr(unit.key),
            )
        if unit.key in seen:
            raise PoError(
                gettext_noop("Unit key %(key)s occurs twice; PO contexts must be unique."),
                key=repr(unit.key),
            )
        seen.add(unit.key)
        translation = row.translations.get(language.code)
        texts = [unit.source]
        if translation is not None:
            texts += [translation.text, translation.previous_source or ""]
        if any("\x00" in text for text in texts):
            # gettext strings are C strings: a NUL would cut the message short in the .mo file.
            raise PoError(
                gettext_noop("Unit %(key)s contains a NUL character; PO files cannot hold it."),
                key=repr(unit.key),
            )
        msgstr, fuzzy, previous = "", False, None
        if translation is not None and translation.text:
            msgstr = translation.text
            # A translation that starts or ends with a newline where the source does not (or
            # the reverse) fails `msgfmt --check`; fuzzy, it is left out of the .mo and the
            # translator's tool shows it for fixing.
            fuzzy = translation.status in (STATUS_DRAFT, STATUS_OUTDATED) or _newlines_differ(
                unit.source, translation.text
            )
            if translation.status == STATUS_OUTDATED and translation.previous_source:
                previous = translation.previous_source
        comment = _unit_comment(unit.kind, unit.level, unit.position, unit.label)
        entries.append(_entry_text(unit.key, unit.source, msgstr, comment, fuzzy, previous))
    # The header through polib, the entries written here as polib writes them (a third of a
    # book's export was polib's per-entry machinery); tests/formats/test_po.py holds the
    # two to the same bytes.
    return ("\n".join([str(po), *entries]).rstrip("\n") + "\n").encode("utf-8")


def _newlines_differ(msgid: str, msgstr: str) -> bool:
    starts = msgid.startswith("\n") != msgstr.startswith("\n")
    ends = msgid.endswith("\n") != msgstr.endswith("\n")
    return starts or ends


def _one_line(text: str) -> str:
    # Header values end at a newline: a name with one would break the header.
    return " ".join(text.split())


def _entry_text(
    msgctxt: str, msgid: str, msgstr: str, comment: str, fuzzy: bool, previous: str | None
) -> str:
    """One entry as polib.POEntry writes it at width 78: `#.` lines (the unit comments are
    short: never wrapped), the fuzzy flag, the previous msgid, msgctxt, msgid, msgstr."""
    lines = [f"#. {line}" for line in comment.split("\n")] if comment else []
    if fuzzy:
        lines.append("#, fuzzy")
    if previous:
        lines += field_lines("msgid", "#| ", previous)
    lines += field_lines("msgctxt", "", msgctxt)
    lines += field_lines("msgid", "", msgid)
    lines += field_lines("msgstr", "", msgstr)
    lines.append("")
    return "\n".join(lines)


def field_lines(fieldname: str, delflag: str, field: str, wrapwidth: int = 78) -> list[str]:
    """A field's lines as gettext writes them, in linear time (polib wraps with textwrap,
    which took ~85% of a 10,000-paragraph export): a long string starts with `""`, breaks
    after spaces and after each embedded newline, and each line fits the wrap width unless
    one word is longer."""
    head = f"{delflag}{fieldname}"
    parts = field.split("\n")
    pieces = [_escape(p) + "\\n" for p in parts[:-1]] + [_escape(parts[-1])]
    if pieces and not pieces[-1]:
        pieces.pop()  # the field ended with a newline
    escaped = "".join(pieces)
    if len(pieces) <= 1 and (wrapwidth <= 0 or len(head) + 3 + len(escaped) <= wrapwidth):
        return [f'{head} "{escaped}"']
    lines = [f'{head} ""']
    for piece in pieces:
        for line in _wrap(piece, wrapwidth - 2) if wrapwidth > 0 else [piece]:
            lines.append(f'{delflag}"{line}"')
    return lines


def _escape(text: str) -> str:
    """`escape` of a string without newlines, skipped when there is nothing to escape
    (most lines of a book): eight str.replace calls a line were a fifth of an export."""
    if _NEEDS_ESCAPE.search(text):
        return escape(text)
    return text


_NEEDS_ESCAPE = re.compile(r'[\\"\t\r\v\b\f\a]')


@functools.cache
def _wrap_re(width: int) -> re.Pattern[str]:
    # Longest run that fits: all that is left, else up to a space, else one overlong word.
    # An escape sequence (\" \\ \n) holds no space, so it is never split.
    return re.compile(rf".{{1,{width}}}$|.{{1,{width}}}(?<= )|[^ ]+ *", re.DOTALL)


def _wrap(text: str, width: int) -> list[str]:
    return _wrap_re(max(width, 1)).findall(text) or [""]


def _unit_comment(kind: str, level: int, position: int, label: str) -> str:
    kind_text = f"{kind} {level}" if kind == KIND_HEADING and level else kind
    lines = [f"{COMMENT_KIND}: {kind_text}", f"{COMMENT_POSITION}: {position}"]
    if kind == KIND_FOOTNOTE and label:
        lines.append(f"{COMMENT_FOOTNOTE}: {label}")
    return "\n".join(lines)


def parse_unit_comments(comment: str) -> UnitComments:
    """Read back the `#.` lines written by `export_po`; lines of other forms are skipped."""
    values: dict[str, str] = {}
    for line in comment.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            values.setdefault(name.strip().lower(), value.strip())
    kind: str | None = None
    level = 0
    if COMMENT_KIND in values:
        kind_name, _, level_text = values[COMMENT_KIND].partition(" ")
        kind = kind_name or None
        level = int(level_text) if level_text.strip().isdigit() else 0
    position_text = values.get(COMMENT_POSITION, "")
    position = int(position_text) if position_text.isdigit() else None
    other = {
        k: v
        for k, v in values.items()
        if k not in (COMMENT_KIND, COMMENT_POSITION, COMMENT_FOOTNOTE)
    }
    return UnitComments(
        kind=kind,
        level=level,
        position=position,
        label=values.get(COMMENT_FOOTNOTE, ""),
        other=other,
    )


def po_language_code(bcp47: str) -> str:
    """gettext writes `pt_BR` and `sr@latin` where BCP 47 writes `pt-BR` and `sr-Latn`."""
    parts = subtags(bcp47)
    if len(parts) == 2 and parts[1].lower() == "latn":
        return f"{parts[0]}@latin"
    return "_".join(parts)


def bcp47_language_code(po_code: str) -> str:
    code, _, modifier = po_code.strip().partition("@")
    code = code.partition(".")[0]  # `de_DE.UTF-8` happens in hand-made headers
    tag = "-".join(subtags(code))
    if modifier.lower() == "latin":
        tag += "-Latn"
    return tag


def _po_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M%z")


def exported_at_text(moment: datetime) -> str:
    """The export time as the X-Workbench-Exported-At header writes it (and a signature
    signs it)."""
    return _utc(moment).isoformat(timespec="microseconds")


def _utc(moment: datetime) -> datetime:
    # A naive time is taken as UTC: the services store aware UTC times, tests pass naive ones.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# --- import -------------------------------------------------------------------------------

# The scan after "Content-Type:" stops at the next "Content-Type:" (tried on its own), so a
# header of 200 KB of them is read once, not once from each.
_CHARSET_RE = re.compile(
    rb'Content-Type:(?:[^"\nc]|c(?!harset|ontent-type:))*+charset\s*=\s*([A-Za-z0-9_.:-]+)',
    re.IGNORECASE,
)
_UTF8_NAMES = {"utf-8", "utf8"}
_ASCII_NAMES = {"ascii", "us-ascii", "ansi_x3.4-1968"}
# A line holding a string literal must be exactly one complete "..." (polib itself does not
# check that the closing quote is there).
_STRING_LINE_RE = re.compile(
    r"^(?:#~\s*)?(?:#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"
    r'"[^"\\]*(?:\\.[^"\\]*)*"$'  # unrolled loop: linear, no per-character alternation
)
_KEYWORD_RE = re.compile(r"^(?:#~\s*)?(?:#\|\s*)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\b")


def read_po(data: bytes, max_entries: int | None = None) -> PoCatalog:
    """Parse an uploaded PO file; raise PoError with a readable message when it is not usable.

    Charset: only UTF-8 is accepted (the exporter writes UTF-8 and every PO editor keeps it).
    A file declaring another charset is refused, with the msgconv command that converts it,
    rather than decoded: a wrong guess would store mojibake in translations silently. Pure
    ASCII content declared as ASCII is accepted, since it is also valid UTF-8.
    With `max_entries`, a file of more entries is refused before it is parsed.
    """
    refuse_what_is_not_po_text(data)
    declared = _declared_charset(data)
    if declared is not None and declared.lower() not in _UTF8_NAMES | _ASCII_NAMES | {"charset"}:
        raise PoError(
            gettext_noop(
                "The PO file is encoded as %(charset)s; only UTF-8 is accepted "
                "(convert it with: msgconv --to-code=UTF-8 FILE)."
            ),
            charset=declared,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PoError(
            gettext_noop("The PO file is not valid UTF-8 (line %(line)s)."), line=line
        ) from exc
    if "\x00" in text:
        raise PoError(gettext_noop("The PO file contains NUL bytes; it is not a text file."))
    if "\n" not in text.strip():
        # Also guards polib, which would read `text` as a file name if such a file existed.
        raise PoError(gettext_noop("This is not a PO file (no msgid/msgstr lines)."))
    text = text.replace("\r\n", "\n")
    if max_entries is not None:
        # Counted before polib builds the entries: each starts with msgid (the header entry
        # too, hence the one more); obsolete ones cost as much to parse.
        entries = text.count("\nmsgid ") + text.count("\n#~ msgid ") + text.startswith("msgid ")
        if entries > max_entries + 1:
            raise PoError(
                gettext_noop("The PO file has more than %(limit)s entries; split it."),
                limit=f"{max_entries:,}",
            )
    _check_lines(text)
    try:
        po = polib.pofile(_PoText(text), encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise PoError(
            gettext_noop("The PO file is malformed: %(error)s"), error=_polib_message(exc)
        ) from exc

    records: list[PoRecord] = []
    seen: dict[str, int] = {}
    obsolete = 0
    for entry in po:
        if entry.obsolete:
            obsolete += 1
            continue
        if entry.msgid_plural:
            raise PoError(
                gettext_noop(
                    "Line %(line)s: plural entries (msgid_plural) are not supported; "
                    "workbench units have no plural forms."
                ),
                line=entry.linenum,
            )
        if entry.msgctxt is not None:
            if entry.msgctxt in seen:
                raise PoError(
                    gettext_noop(
                        "Line %(line)s: msgctxt %(context)s occurs twice (first at line %(first)s)."
                    ),
                    line=entry.linenum,
                    context=repr(entry.msgctxt),
                    first=seen[entry.msgctxt],
                )
            seen[entry.msgctxt] = entry.linenum or 0
        records.append(
            PoRecord(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                fuzzy="fuzzy" in entry.flags,
                previous_msgid=entry.previous_msgid,
                comment=entry.comment or "",
                tcomment=entry.tcomment or "",
                line=entry.linenum or 0,
            )
        )
    metadata = dict(po.metadata)
    language = metadata.get("Language", "").strip()
    document = metadata.get(HEADER_DOCUMENT, "").strip()
    return PoCatalog(
        records=records,
        metadata=metadata,
        language=bcp47_language_code(language) if language else None,
        document=document or None,
        exported_at=parse_exported_at(metadata.get(HEADER_EXPORTED_AT, "")),
        obsolete=obsolete,
        exported_at_text=metadata.get(HEADER_EXPORTED_AT, "").strip(),
        signature=metadata.get(HEADER_SIGNATURE, "").strip(),
    )


class _PoText(str):
    """PO lines end at "\n" only; str.splitlines (which polib uses) also splits at U+2028,
    U+0085 and other characters that are ordinary text inside a msgstr."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        lines = self.split("\n")
        if keepends:
            lines = [line + "\n" for line in lines[:-1]] + [lines[-1]]
        return [line for line in lines if line] if keepends else lines


def _declared_charset(data: bytes) -> str | None:
    """The charset named in the header entry's Content-Type, read before decoding.

    The header is ASCII in every charset gettext supports, so a byte search finds it. Only the
    header entry (up to the first blank line after `msgid ""`) counts: a msgstr elsewhere may
    well mention "charset=".
    """
    data = data.replace(b"\r\n", b"\n")
    start = data.find(b'msgid ""')
    if start < 0:
        return None
    end = data.find(b"\n\n", start)
    # Join continuation lines: `msgcat -w 40` splits "Content-Type: text/plain; " "charset=...".
    header = data[start : end if end >= 0 else None].replace(b'"\n"', b"")
    match = _CHARSET_RE.search(header)
    return match.group(1).decode("ascii") if match else None


def _check_lines(text: str) -> None:
    """Refuse lines polib would misread: it does not check that a string is closed."""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or (line[0] == "#" and line[1:2] not in ("~", "|")):
            continue  # blank, comments, flags, references: free text
        if _STRING_LINE_RE.match(line):
            continue
        if line.startswith("#~") and (
            line[2:].strip() in ("", "#") or line[2:].lstrip()[:1] == "|"
        ):
            continue  # obsolete previous-msgid lines (#~|) are ignored, as gettext does
        body = line.removeprefix("#~").lstrip().removeprefix("#|").lstrip()
        if body.startswith('"') or _KEYWORD_RE.match(body):
            raise PoError(
                gettext_noop("Line %(line)s: the string is not properly quoted: %(text)s."),
                line=number,
                text=repr(line[:60]),
            )
        raise PoError(
            gettext_noop("Line %(line)s: unexpected text %(text)s."),
            line=number,
            text=repr(line[:40]),
        )


def _polib_message(exc: Exception) -> str:
    # polib's messages start with "Syntax error in po file " and the file name, when any.
    message = str(exc)
    return message.replace("Syntax error in po file ", "syntax error ", 1)


def parse_exported_at(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return _utc(moment)
