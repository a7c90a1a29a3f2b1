"""Gettext catalogs made by other tools, read and written back losslessly.

A PO or POT file that the workbench did not export (a project's `django.po`, a documentation
catalog) becomes a document with one unit per entry. What gettext tools need is kept per
entry as a plain dict (`CatalogEntry.stored()`, kept with the unit): the exact msgctxt, msgid
and msgid_plural, `#:` references, `#,` flags, translator and extracted comments, the previous
msgid (`#|`), the original msgstr forms, and the entry's text exactly as it was in the file.
The file's header entry and its obsolete (`#~`) entries are kept whole, as text.

Writing back (`write_catalog`): an entry whose translation did not change is written exactly as
it was read (so the file differs from the original only where translations changed, whatever
tool wrapped it); a changed entry is rendered by polib, wrapped at 79 columns as msgcat does.

Accepted where `formats.po.read_po` (the reader of the workbench's own exports) refuses:
plural entries, one msgctxt for several msgids, and any charset Python knows (the header's
`charset=`). Pure: no Django.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polib

from workbench.text.i18n import gettext_noop
from workbench.text.markup import escape_text

from .po import (
    PoError,
    _check_lines,
    _declared_charset,
    _polib_message,
    _PoText,
    bcp47_language_code,
    refuse_what_is_not_po_text,
)
from .po_escapes import controls_as_pictures, escape

WRAP_WIDTH = 79  # msgcat's page width (columns, quotes included)
_ASCII_NAMES = {"ascii", "us-ascii", "ansi_x3.4-1968", "charset"}  # "CHARSET": a fresh POT
_MSGID_LINE = re.compile(r"^(?:#~\s*)?msgid\s", re.MULTILINE)


@dataclass(frozen=True)
class CatalogEntry:
    """One entry of a catalog, as read. `msgstr` holds every form (one unless plural)."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstr: tuple[str, ...]
    flags: tuple[str, ...]
    references: tuple[str, ...]  # the `#:` items, "file:line" or "file"
    comment: str  # extracted comments (`#.`)
    tcomment: str  # translator comments (`# `)
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    raw: str  # the entry's lines as in the file (decoded), "" when the file's layout is odd
    line: int

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return any(form for form in self.msgstr)

    def stored(self) -> dict[str, Any]:
        """The entry as JSON-ready data (kept with the unit); `entry_from_stored` reads it."""
        return {
            "msgctxt": self.msgctxt,
            "msgid": self.msgid,
            "msgid_plural": self.msgid_plural,
            "msgstr": list(self.msgstr),
            "flags": list(self.flags),
            "references": list(self.references),
            "comment": self.comment,
            "tcomment": self.tcomment,
            "previous_msgctxt": self.previous_msgctxt,
            "previous_msgid": self.previous_msgid,
            "previous_msgid_plural": self.previous_msgid_plural,
            "raw": self.raw,
        }


def entry_from_stored(data: dict[str, Any]) -> CatalogEntry:
    return CatalogEntry(
        msgctxt=data.get("msgctxt"),
        msgid=data.get("msgid", ""),
        msgid_plural=data.get("msgid_plural"),
        msgstr=tuple(data.get("msgstr") or ("",)),
        flags=tuple(data.get("flags") or ()),
        references=tuple(data.get("references") or ()),
        comment=data.get("comment", ""),
        tcomment=data.get("tcomment", ""),
        previous_msgctxt=data.get("previous_msgctxt"),
        previous_msgid=data.get("previous_msgid"),
        previous_msgid_plural=data.get("previous_msgid_plural"),
        raw=data.get("raw", ""),
        line=0,
    )


@dataclass(frozen=True)
class Catalog:
    entries: list[CatalogEntry]
    metadata: dict[str, str]
    header: str  # the header entry's lines as in the file ("" when there is none)
    obsolete: list[str]  # each obsolete entry's lines as in the file
    charset: str  # the declared charset (UTF-8 when none)
    language: str | None  # BCP 47, from the Language header
    nplurals: int | None = None  # from the Plural-Forms header
    plural_forms: str = ""
    generator: str = ""  # X-Generator
    stats: dict[str, int] = field(default_factory=dict)

    def stored(self) -> dict[str, Any]:
        """What the document keeps of the file besides its entries."""
        return {
            "header": self.header,
            "obsolete": list(self.obsolete),
            "charset": self.charset,
            "language": self.language,
            "plural_forms": self.plural_forms,
        }


def read_catalog(data: bytes, max_entries: int | None = None) -> Catalog:
    """Parse a PO/POT file of any charset; PoError with a readable message when it cannot be.
    With `max_entries`, a file of more entries is refused before it is parsed."""
    refuse_what_is_not_po_text(data)
    charset = _declared_charset(data) or "UTF-8"
    encoding = "utf-8" if charset.lower() in _ASCII_NAMES else charset
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise PoError(
            gettext_noop(
                "The PO file declares the unknown charset %(charset)s "
                "(convert it with: msgconv --to-code=UTF-8 FILE)."
            ),
            charset=charset,
        ) from None
    if codec.name == "utf-8":
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PoError(
            gettext_noop("The PO file is not valid %(charset)s (line %(line)s)."),
            charset=charset,
            line=line,
        ) from exc
    if "\x00" in text:
        raise PoError(gettext_noop("The PO file contains NUL bytes; it is not a text file."))
    if "\n" not in text.strip():
        raise PoError(gettext_noop("This is not a PO file (no msgid/msgstr lines)."))
    text = text.replace("\r\n", "\n")
    if max_entries is not None:
        count = len(_MSGID_LINE.findall(text))
        if count > max_entries + 1:
            raise PoError(
                gettext_noop("The PO file has more than %(limit)s entries; split it."),
                limit=f"{max_entries:,}",
            )
    _check_lines(text)
    try:
        po = polib.pofile(_PoText(text), wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError) as exc:
        raise PoError(
            gettext_noop("The PO file is malformed: %(error)s"), error=_polib_message(exc)
        ) from exc
    chunks = _chunks(text)
    has_header = bool(chunks) and _is_header_chunk(chunks[0])
    header = chunks[0] if has_header else ""
    body = chunks[1:] if has_header else chunks
    polib_entries = list(po)
    # The entry's own lines are kept only when the file separates entries by blank lines as
    # every gettext tool writes them (one msgid per chunk); else entries are rendered.
    exact = len(body) == len(polib_entries) and all(
        len(_MSGID_LINE.findall(chunk)) == 1 for chunk in body
    )
    entries: list[CatalogEntry] = []
    obsolete: list[str] = []
    seen: dict[tuple[str | None, str], int] = {}
    for index, entry in enumerate(polib_entries):
        raw = body[index] if exact else ""
        if entry.obsolete:
            obsolete.append(raw or entry.__unicode__(WRAP_WIDTH).rstrip("\n"))
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise PoError(
                gettext_noop(
                    "Line %(line)s: the msgid %(msgid)s occurs twice with the same context "
                    "(first at line %(first)s); msgfmt refuses such a file too."
                ),
                line=entry.linenum,
                msgid=repr(entry.msgid[:60]),
                first=seen[key],
            )
        seen[key] = entry.linenum or 0
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        entries.append(
            CatalogEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural or None,
                msgstr=forms or ("",),
                flags=tuple(entry.flags),
                references=tuple(
                    f"{path}:{line}" if line else path for path, line in entry.occurrences
                ),
                comment=entry.comment or "",
                tcomment=entry.tcomment or "",
                previous_msgctxt=entry.previous_msgctxt,
                previous_msgid=entry.previous_msgid,
                previous_msgid_plural=entry.previous_msgid_plural,
                raw=raw,
                line=entry.linenum or 0,
            )
        )
    metadata = dict(po.metadata)
    language = metadata.get("Language", "").strip()
    plural_forms = metadata.get("Plural-Forms", "").strip()
    return Catalog(
        entries=entries,
        metadata=metadata,
        header=header,
        obsolete=obsolete,
        charset=charset,
        language=bcp47_language_code(language) if language else None,
        nplurals=nplurals_of(plural_forms),
        plural_forms=plural_forms,
        generator=metadata.get("X-Generator", "").strip(),
    )


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d{1,2})")


def nplurals_of(plural_forms: str) -> int | None:
    match = _NPLURALS.search(plural_forms or "")
    return int(match.group(1)) if match else None


def _chunks(text: str) -> list[str]:
    """The file's entries as blocks of lines: split at blank lines, and where an entry starts
    right after the last msgstr of the one before (a hand-made file with no blank line after
    the header or between entries: each entry keeps its own lines all the same)."""
    chunks: list[str] = []
    current: list[str] = []
    after_msgstr = False  # the last line was a msgstr or one of its continued strings
    for line in text.split("\n"):
        if not line.strip():
            if current:
                chunks.append("\n".join(current))
                current = []
            after_msgstr = False
            continue
        field = line[2:].lstrip() if line.startswith("#~") else line
        if field.startswith("msgstr"):
            after_msgstr = True
        elif after_msgstr and not field.startswith('"'):
            # A comment, msgctxt or msgid after a msgstr: the next entry begins.
            chunks.append("\n".join(current))
            current = []
            after_msgstr = False
        current.append(line)
    if current:
        chunks.append("\n".join(current))
    return chunks


def _is_header_chunk(chunk: str) -> bool:
    lines = [line for line in chunk.split("\n") if not line.startswith("#")]
    return bool(lines) and lines[0].strip() == 'msgid ""' and "msgctxt" not in chunk


# --- writing back -------------------------------------------------------------------------


@dataclass(frozen=True)
class OutEntry:
    """One entry to write: the stored entry and the translation it has now (forms as plain
    text, one per plural form), fuzzy or not. `obsolete` writes it as a `#~` entry."""

    entry: CatalogEntry
    msgstr: tuple[str, ...]
    fuzzy: bool
    obsolete: bool = False
    # The exact lines of the file may be written when the translation is the one read.
    same_language: bool = True


def unchanged(out: OutEntry) -> bool:
    """Whether the entry may be written exactly as it was read."""
    entry = out.entry
    if not (entry.raw and out.same_language and not out.obsolete):
        return False
    return out.fuzzy == entry.fuzzy and same_forms(out.msgstr, entry.msgstr)


def same_forms(now: Sequence[str], before: Sequence[str]) -> bool:
    if len(now) != len(before):
        return False
    # The workbench stores translations without outer white space (see text/markup.py).
    return all(a.strip() == b.strip() for a, b in zip(now, before, strict=True))


def _with_outer_newlines(msgid: str, text: str) -> str:
    """msgfmt --check wants a msgstr to begin and end with a newline where the msgid does."""
    if not text:
        return text
    if msgid.startswith("\n") and not text.startswith("\n"):
        text = "\n" + text
    if msgid.endswith("\n") and not text.endswith("\n"):
        text += "\n"
    return text


def render_entry(out: OutEntry) -> str:
    """The entry's lines: the file's own when unchanged, else written as msgcat writes them
    (its order of comments, its line breaking; see `_wrap`)."""
    if unchanged(out):
        return out.entry.raw
    entry = out.entry
    obsolete = out.obsolete
    lines: list[str] = []
    if out.same_language and entry.tcomment:
        lines += ["#" if not c else f"# {c}" for c in entry.tcomment.split("\n")]
    if entry.comment:
        lines += ["#." if not c else f"#. {c}" for c in entry.comment.split("\n")]
    if entry.references and not obsolete:
        lines += _references(entry.references)
    flags = [flag for flag in entry.flags if flag != "fuzzy"]
    fuzzy = out.fuzzy and any(out.msgstr)
    if fuzzy:
        flags.insert(0, "fuzzy")
    if flags:
        lines.append("#, " + ", ".join(flags))
    if fuzzy:
        # msgmerge's previous msgid stays while the entry is fuzzy.
        previous = "#~| " if obsolete else "#| "
        for keyword, value in (
            ("msgctxt", entry.previous_msgctxt),
            ("msgid", entry.previous_msgid),
            ("msgid_plural", entry.previous_msgid_plural),
        ):
            if value is not None:
                lines += _field(previous, keyword, value)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        lines += _field(prefix, "msgctxt", entry.msgctxt)
    lines += _field(prefix, "msgid", entry.msgid)
    if entry.msgid_plural is not None:
        lines += _field(prefix, "msgid_plural", entry.msgid_plural)
        forms = [_with_outer_newlines(entry.msgid, form) for form in out.msgstr] or [""]
        for index, form in enumerate(forms):
            lines += _field(prefix, f"msgstr[{index}]", form)
    else:
        text = out.msgstr[0] if out.msgstr else ""
        lines += _field(prefix, "msgstr", _with_outer_newlines(entry.msgid, text))
    return "\n".join(lines)


def _references(references: Sequence[str]) -> list[str]:
    """`#:` lines holding as many references as fit in the page width, as msgcat does."""
    lines: list[str] = []
    current = "#:"
    for ref in references:
        if current != "#:" and len(current) + 1 + len(ref) > WRAP_WIDTH:
            lines.append(current)
            current = "#:"
        current += " " + ref
    lines.append(current)
    return lines


# --- msgcat's line breaking ------------------------------------------------------------------
#
# GNU gettext breaks a long string where Unicode line breaking (UAX #14, through libunistring)
# allows, filling each line up to 79 columns (wide CJK characters count two, combining marks
# none). The rules below are the ones that matter in catalogs; checked against msgcat's
# re-save of the catalogs Django ships (tests/test_gettext_catalogs.py).

_CLOSING = frozenset(
    "、。，．・：；？！）」』】〉》〕｝］〙〗ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    ")]}»’”,.:;!?%"
)
_OPENING = frozenset("（「『【〈《〔｛［〘〖([{«‘“")
_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf"})
_QUOTES = frozenset("'\"‘’“”")  # no break on either side of a quotation mark (UAX #14 QU)


def _columns(text: str) -> int:
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            width += 2
        elif unicodedata.category(char) not in _ZERO_WIDTH:
            width += 1
    return width


def _wide(char: str) -> bool:
    return not char.isascii() and unicodedata.east_asian_width(char) in "WF"


def _break_points(text: str) -> list[int]:
    """Positions where a line may end (before text[i])."""
    points: list[int] = []
    for i in range(1, len(text)):
        before, char = text[i - 1], text[i]
        if char == " ":
            continue  # a space stays at the end of its line
        if (
            before == " "
            or (before == "-" and char.isalpha())
            or (
                before in ".:;,!?"
                and (char.isalpha() or char == "%")
                and i >= 2
                and not text[i - 2].isspace()
            )
            or (char in "[(" and before not in " ([%" and not before.isalnum())
            or (before == "/" and (char.isalnum() or char in '%"'))
            or before == "…"
            or (
                (_wide(before) or _wide(char))
                and char not in _CLOSING
                and before not in _OPENING
                and char not in _QUOTES
                and before not in _QUOTES
            )
        ):
            points.append(i)
    return points


def _field(prefix: str, keyword: str, value: str) -> list[str]:
    """A keyword and its string as msgcat writes it: on one line when it fits and holds no
    inner newline, else `keyword ""` and one line per piece, broken after each newline and
    where line breaking allows."""
    parts = value.split("\n")
    pieces = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    head = f"{prefix}{keyword}"
    if len(pieces) <= 1:
        escaped = escape(pieces[0] if pieces else "")
        if _columns(head) + 3 + _columns(escaped) <= WRAP_WIDTH:
            return [f'{head} "{escaped}"']
    lines = [f'{head} ""']
    for piece in pieces:
        lines += _wrapped(prefix, piece)
    return lines


def _wrapped(prefix: str, piece: str) -> list[str]:
    """The string lines of one piece (no inner newline), each within the page width."""
    room = WRAP_WIDTH - _columns(prefix) - 2
    points = [*_break_points(piece), len(piece)]
    lines: list[str] = []
    start = 0
    while start < len(piece):
        end = None
        for point in points:
            if point <= start:
                continue
            if _columns(escape(piece[start:point])) <= room:
                end = point
            else:
                break
        if end is None:  # one word longer than a line: it stays whole
            end = next(point for point in points if point > start)
        lines.append(f'{prefix}"{escape(piece[start:end])}"')
        start = end
    return lines


def write_catalog(
    header: str,
    entries: Sequence[OutEntry],
    obsolete: Sequence[str],
    *,
    charset: str = "UTF-8",
    extra_headers: Sequence[tuple[str, str]] = (),
    replace_headers: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The catalog as bytes: the header entry (with `replace_headers` values changed and
    `extra_headers` added at its end), every entry, then the obsolete ones, in `charset` when
    every character fits, else UTF-8 (and the header says so)."""
    header = _edit_header(header, replace_headers, extra_headers)
    parts = [header] if header else []
    parts += [render_entry(out) for out in entries]
    parts += list(obsolete)
    text = "\n\n".join(parts) + "\n"
    if charset.upper() == "CHARSET":  # a template's placeholder: the file is UTF-8
        text = _set_charset(text, charset)
    encoding = "utf-8" if charset.lower() in _ASCII_NAMES else charset
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = _set_charset(text, charset)
        return text.encode("utf-8")


def initialised_header(header: str) -> str:
    """A template's header made a translation's, as msginit does: without its `fuzzy` flag
    (msgfmt ignores a fuzzy header, its Plural-Forms included). Language, Plural-Forms and
    the charset are the writer's `replace_headers` and `charset` to set."""
    lines: list[str] = []
    in_comments = True
    for line in header.split("\n"):
        in_comments = in_comments and not line.startswith("msgid ")
        if in_comments and line.startswith("#,"):
            flags = [flag.strip() for flag in line[2:].split(",")]
            flags = [flag for flag in flags if flag and flag != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        lines.append(line)
    return "\n".join(lines)


def _header_line(name: str, value: str) -> str:
    """One header field as msgcat writes it (a line of the header's msgstr)."""
    return "\n".join(_wrapped("", f"{name}: {' '.join(value.split())}\n"))


def _edit_header(
    header: str, replace: Sequence[tuple[str, str]], extra: Sequence[tuple[str, str]]
) -> str:
    if not header:
        return header
    lines = header.split("\n")
    for name, value in replace:
        prefix = f'"{name}:'
        for i, line in enumerate(lines):
            if line.startswith(prefix):
                # A wrapped value continues on lines that do not start a new field.
                end = i + 1
                while end < len(lines) and not re.match(r'^"[A-Za-z-]+:', lines[end]):
                    if not lines[end].startswith('"'):
                        break
                    end += 1
                lines[i:end] = [_header_line(name, value)]
                break
        else:
            lines.append(_header_line(name, value))
    lines += [_header_line(name, value) for name, value in extra]
    return "\n".join(lines)


def _set_charset(text: str, charset: str) -> str:
    return text.replace(f"charset={charset}", "charset=UTF-8", 1)


def source_markup(msgid: str) -> str:
    """A msgid as the unit's source: plain text, escaped (`<Ctrl>`, `x[0]` and `&` are text,
    not markup or footnotes), newlines as <br>, control characters as their pictures
    (po_escapes.py); the exact msgid is kept with the entry."""
    return escape_text(controls_as_pictures(msgid)).replace("\n", "<br>")


def translation_markup(msgstr: str) -> str:
    """A msgstr as a translation's text, the same way as `source_markup`."""
    return source_markup(msgstr)
