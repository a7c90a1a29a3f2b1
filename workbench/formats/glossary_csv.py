"""The glossary as CSV, for spreadsheets: plain records in, bytes out (and back).

Also home of the glossary's plain record, :class:`ConceptRecord`, which the TBX format shares.

Layout (one header row, then one row per concept)::

    id,en,de,fr,notes,case_sensitive,forbidden:de,forbidden:fr
    12,Left Opposition,Linke Opposition,Opposition de gauche,Trotsky's...,no,Linksopposition,

- ``id``: the workbench's concept id (empty for a new concept); optional column.
- one column per language, named by its code (``en``, ``de``, ``zh-Hans``...): the term.
- ``notes``: optional; ``case_sensitive``: optional, yes/no (also true/false, 1/0).
- ``forbidden:<code>``: optional, rejected variants in that language, separated by ``|``.

The reader accepts UTF-8 with or without a byte-order mark (and UTF-16, which Excel's "Unicode
text" writes, tab-separated) and a comma, semicolon or tab as
delimiter (spreadsheets in many locales save with semicolons); the writer writes UTF-8 with a
BOM, so spreadsheet programs detect the encoding, and commas. Language codes are returned as
written: the service decides which ones the glossary has.

Messages are English templates marked with ``gettext_noop`` (like the check registry's), so
the UI shows them translated: ``gettext(error.template) % error.details``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.text.i18n import gettext_noop as gettext_noop  # re-exported for tbx.py

FORBIDDEN_PREFIX = "forbidden:"
VARIANT_SEPARATOR = "|"
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_TRUE = {"1", "yes", "y", "true", "x"}
_FALSE = {"0", "no", "n", "false", ""}
_ID_COLUMNS = {"id", "concept id", "concept_id", "concept"}
_NOTES_COLUMNS = {"notes", "note", "definition", "comment"}
_CASE_COLUMNS = {"case_sensitive", "case sensitive", "case-sensitive"}


@dataclass(frozen=True)
class ConceptRecord:
    """One glossary concept as a file holds it."""

    terms: Mapping[str, str]  # language code as written in the file -> term
    forbidden: Mapping[str, Sequence[str]] = field(default_factory=dict)
    notes: str = ""
    case_sensitive: bool | None = None  # None: the file does not say
    id: str = ""  # the file's concept id: "12" (CSV) or "c12" (TBX); "" for a new concept
    line: int = 0  # where the concept starts in the file, for error messages


class GlossaryFormatError(ValueError):
    """A glossary file that cannot be read; nothing is imported."""

    def __init__(self, template: str, **details: Any):
        self.template = template
        self.details = details
        super().__init__(template % details)


def looks_like_language(code: str) -> bool:
    return bool(_LANG_RE.match(code.strip()))


def _utf16_encoding(data: bytes) -> str | None:
    """ "utf-16" for UTF-16 with its byte-order mark (Excel's "Unicode text" and LibreOffice's
    UTF-16 exports), "utf-16-le"/"-be" for one without whose first characters are ASCII (a
    NUL byte beside each of them). None for anything else."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return None  # UTF-32: refused below as NUL bytes
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:8]  # the header row's first characters: language codes, ASCII
    if len(head) == 8 and len(data) % 2 == 0:
        if not any(head[1::2]) and all(head[0::2]):
            return "utf-16-le"
        if not any(head[0::2]) and all(head[1::2]):
            return "utf-16-be"
    return None


def _decode(data: bytes) -> str:
    if not data.strip():
        raise GlossaryFormatError(gettext_noop("The file is empty."))
    encoding = "utf-8-sig"
    utf16 = _utf16_encoding(data)
    if utf16 is not None:
        encoding = utf16
    elif b"\x00" in data:
        raise GlossaryFormatError(
            gettext_noop("The file contains NUL bytes; it is not a CSV file.")
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if utf16 is not None:
            raise GlossaryFormatError(
                gettext_noop("The file is not valid UTF-16 (byte %(offset)s)."),
                offset=exc.start,
            ) from exc
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryFormatError(
            gettext_noop("The file is not valid UTF-8 (line %(line)s)."), line=line
        ) from exc
    if "\x00" in text:
        raise GlossaryFormatError(
            gettext_noop("The file contains NUL bytes; it is not a CSV file.")
        )
    return text.removeprefix("\ufeff")


def _delimiter(text: str) -> str:
    # Only the delimiter is sniffed, from the header line; quoting stays Excel's (a header
    # has no quotes to learn from, and the sniffer would then turn off doubled quotes).
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _flag(value: str, line: int) -> bool:
    folded = value.strip().casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise GlossaryFormatError(
        gettext_noop("Line %(line)s: case_sensitive must be yes or no, not “%(value)s”."),
        line=line,
        value=value,
    )


# A cell starting with one of these is a formula to a spreadsheet program (CSV injection): the
# writer protects it with a leading apostrophe, which spreadsheets hide, and the reader removes.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _protect(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _unprotect(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def split_variants(cell: str) -> list[str]:
    variants: list[str] = []
    for part in cell.split(VARIANT_SEPARATOR):
        part = " ".join(part.split())
        if part and part not in variants:
            variants.append(part)
    return variants


def read_glossary_csv(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> list[ConceptRecord]:
    """Parse a glossary CSV; raise GlossaryFormatError on a file that cannot be one (also
    beyond `limits.max_records` rows)."""
    text = _decode(data)
    reader = csv.reader(
        io.StringIO(text, newline=""), csv.excel, delimiter=_delimiter(text), strict=True
    )
    try:
        header = next(reader)
    except StopIteration:  # pragma: no cover - _decode refuses blank files
        raise GlossaryFormatError(gettext_noop("The file is empty.")) from None
    except csv.Error as exc:
        raise GlossaryFormatError(
            gettext_noop("The CSV file is malformed: %(error)s"), error=str(exc)
        ) from exc

    id_col = notes_col = case_col = None
    lang_cols: dict[int, str] = {}
    forbidden_cols: dict[int, str] = {}
    seen: set[str] = set()
    for index, raw in enumerate(header):
        name = raw.strip()
        folded = name.casefold()
        if not name:
            continue
        if folded in seen:
            raise GlossaryFormatError(
                gettext_noop("The column “%(column)s” appears twice."), column=name
            )
        seen.add(folded)
        if folded in _ID_COLUMNS:
            id_col = index
        elif folded in _NOTES_COLUMNS:
            notes_col = index
        elif folded in _CASE_COLUMNS:
            case_col = index
        elif folded.startswith(FORBIDDEN_PREFIX):
            code = name[len(FORBIDDEN_PREFIX) :].strip()
            if not looks_like_language(code):
                raise GlossaryFormatError(
                    gettext_noop("The column “%(column)s” does not name a language."), column=name
                )
            forbidden_cols[index] = code
        elif looks_like_language(name):
            lang_cols[index] = name
        else:
            raise GlossaryFormatError(
                gettext_noop(
                    "Unknown column “%(column)s”: expected id, notes, case_sensitive, "
                    "a language code or forbidden:<language code>."
                ),
                column=name,
            )
    if not lang_cols:
        raise GlossaryFormatError(
            gettext_noop("The header names no language column (e.g. en, de, fr).")
        )

    records: list[ConceptRecord] = []
    last_line = reader.line_num
    try:
        for row in reader:
            # Where the row starts: a quoted cell may span lines, line_num is where it ends.
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(records) >= limits.max_records:
                raise GlossaryFormatError(
                    gettext_noop("The file has more than %(limit)s concepts; split it."),
                    limit=f"{limits.max_records:,}",
                )
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
                raise GlossaryFormatError(
                    gettext_noop("Line %(line)s has more cells than the header has columns."),
                    line=line,
                )

            def cell(index: int | None, row: list[str] = row) -> str:
                if index is None or index >= len(row):
                    return ""
                return _unprotect(row[index])

            terms = {
                code: " ".join(cell(i).split()) for i, code in lang_cols.items() if cell(i).strip()
            }
            forbidden = {
                code: split_variants(cell(i))
                for i, code in forbidden_cols.items()
                if cell(i).strip()
            }
            records.append(
                ConceptRecord(
                    terms=terms,
                    forbidden=forbidden,
                    notes=cell(notes_col).strip(),
                    case_sensitive=_flag(cell(case_col), line) if case_col is not None else None,
                    id=cell(id_col).strip(),
                    line=line,
                )
            )
    except csv.Error as exc:
        raise GlossaryFormatError(
            gettext_noop("Line %(line)s: the CSV file is malformed: %(error)s"),
            line=last_line + 1,  # where the bad row starts (an open quote: the file's end)
            error=str(exc),
        ) from exc
    return records


def write_glossary_csv(records: Iterable[ConceptRecord], languages: Sequence[str]) -> bytes:
    """CSV bytes for `records`, with a term and a forbidden column for each of `languages`
    (in that order) and the id, notes and case_sensitive columns."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["id", *languages, "notes", "case_sensitive", *(FORBIDDEN_PREFIX + c for c in languages)]
    )
    for record in records:
        row = [
            record.id,
            *(record.terms.get(code, "") for code in languages),
            record.notes,
            "yes" if record.case_sensitive else "no",
            *(f" {VARIANT_SEPARATOR} ".join(record.forbidden.get(code, ())) for code in languages),
        ]
        writer.writerow([_protect(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
