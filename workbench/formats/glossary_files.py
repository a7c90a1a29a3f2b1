"""Which glossary format a file is in (CSV or TBX), and reading it as plain records.

Pure: bytes and names in, records out; errors are GlossaryFormatError with a catalog template
(translated where they are shown, see formats/glossary_csv.py)."""

from __future__ import annotations

from pathlib import PurePath

from workbench.formats.glossary_csv import (
    ConceptRecord,
    GlossaryFormatError,
    gettext_noop,
    read_glossary_csv,
)
from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.formats.tbx import read_tbx

FORMATS = ("csv", "tbx")
# Written only (read as "tbx"): TBX-Basic v2, the martif format of older terminology tools.
EXPORT_FORMATS = ("csv", "tbx", "tbx2")


def guess_format(filename: str = "", fmt: str | None = None, data: bytes = b"") -> str:
    """`fmt` when given (one of FORMATS), else from the file name's suffix, else from the
    content (a file starting with "<" is TBX)."""
    if fmt:
        if fmt not in FORMATS:
            raise GlossaryFormatError(
                gettext_noop("Unknown glossary format %(format)s (use csv or tbx)."), format=fmt
            )
        return fmt
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "tbx" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else "csv"


def read_glossary(
    data: bytes, fmt: str, limits: FileLimits = DEFAULT_LIMITS
) -> list[ConceptRecord]:
    return read_tbx(data, limits) if fmt == "tbx" else read_glossary_csv(data, limits)
