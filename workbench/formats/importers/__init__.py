"""Importers: a file's bytes become a ParsedDocument of translatable blocks (pure Python).

    parse_document(data, filename="x.md")          # format from the extension
    parse_document(data, fmt="html")                # or given explicitly

One module per format (txt, md, html, docx, po); each block's text is sanitised inline markup
(see text/markup.py). Every failure is a DocumentError whose message can be shown to the
person who uploaded the file as is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.text.i18n import gettext_noop
from workbench.text.records import ParsedDocument

from ._common import decode_utf8
from .errors import DocumentError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FILE_FORMATS",
    "FORMATS",
    "ALIGNABLE_FORMATS",
    "DocumentError",
    "check_archive",
    "FileFormat",
    "detect_format",
    "parse_document",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class FileFormat:
    """A document format the workbench reads: the upload forms, the commands and
    `detect_format` all take the list from `FILE_FORMATS`."""

    name: str
    label: str  # shown in the format menus (through gettext where it is marked)
    extensions: tuple[str, ...]  # file extensions, also accepted as spelled-out names
    alignable: bool = True  # a translation can be aligned from a file in this format


FILE_FORMATS = (
    FileFormat("txt", gettext_noop("plain text"), ("txt", "text")),
    FileFormat("md", "Markdown", ("md", "markdown", "mdown", "mkd")),
    FileFormat("html", "HTML", ("html", "htm", "xhtml")),
    FileFormat("docx", "Word (.docx)", ("docx",)),
    FileFormat("epub", "EPUB", ("epub",)),
    FileFormat("odt", "OpenDocument (.odt)", ("odt",)),
    # A PO file carries units and translations already: it is imported, not aligned.
    FileFormat("po", "gettext PO", ("po", "pot"), alignable=False),
)
FORMATS = tuple(f.name for f in FILE_FORMATS)
ALIGNABLE_FORMATS = tuple(f.name for f in FILE_FORMATS if f.alignable)
_ALIASES = {extension: f.name for f in FILE_FORMATS for extension in f.extensions}


def _supported() -> str:
    return ", ".join(FORMATS)


def detect_format(filename: str = "", fmt: str | None = None) -> str:
    """The format name for an explicit `fmt` or, failing that, the file name's extension."""
    if fmt:
        name = _ALIASES.get(fmt.strip().lower().lstrip("."))
        if name is None:
            raise DocumentError(
                gettext_noop("Unsupported format %(format)s. Supported formats: %(supported)s."),
                format=repr(fmt),
                supported=_supported(),
            )
        return name
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if not extension:
        raise DocumentError(
            gettext_noop(
                "Cannot tell the format of %(name)s: it has no extension. "
                "Name the format explicitly (%(supported)s)."
            ),
            name=repr(filename or "the file"),
            supported=_supported(),
        )
    name = _ALIASES.get(extension)
    if name is None:
        template = (
            gettext_noop(
                "Unsupported file type .%(extension)s. Supported formats: %(supported)s. "
                "Save it as .docx first."
            )
            if extension in ("doc", "odt", "rtf")
            else gettext_noop(
                "Unsupported file type .%(extension)s. Supported formats: %(supported)s."
            )
        )
        raise DocumentError(template, extension=extension, supported=_supported())
    return name


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"


# What a file is, by its first bytes, for a clear refusal when it is not what its name says.
_ZIP_MAGIC = b"PK\x03\x04"
_BINARY_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
)


def _looks_like(data: bytes) -> str | None:
    """A short name of what the bytes are, when they are plainly something we do not read as
    the format asked for; None when nothing stands out."""
    head = data[:4096]
    if head.startswith(_ZIP_MAGIC):
        if b"mimetypeapplication/epub+zip" in head:
            return "EPUB"
        if b"mimetypeapplication/vnd.oasis.opendocument" in head:
            return "OpenDocument (ODT)"
        if b"word/" in data[:65536] or b"[Content_Types].xml" in head:
            return "Word (.docx)"
        return "zip archive"
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            return what
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<"):
        if b"<xliff" in head:
            return "XLIFF"
        if b"<tmx" in head:
            return "TMX"
        if b"<martif" in head or b"<tbx" in head:
            return "TBX"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data"
    return None


_CONTAINERS = {"EPUB", "OpenDocument (ODT)", "Word (.docx)"}


def _refuse_other_kinds(data: bytes, name: str) -> None:
    """Refuse, naming what it looks like, a file that is not what its name or format says:
    an XLIFF or EPUB given as HTML becomes neither one 11,000-character unit nor a misleading
    "not UTF-8" message."""
    found = _looks_like(data)
    expected = {"docx": "Word (.docx)", "epub": "EPUB", "odt": "OpenDocument (ODT)"}.get(name)
    if found is None or found == expected:
        return
    if expected is not None and found not in _CONTAINERS:
        return  # the .docx and EPUB importers say precisely what else they found
    template = {
        "XLIFF": gettext_noop(
            "The file looks like XLIFF, not %(format)s: upload XLIFF files on the document's "
            "XLIFF import page."
        ),
        "TMX": gettext_noop(
            "The file looks like TMX, not %(format)s: import TMX files into the translation memory."
        ),
        "TBX": gettext_noop(
            "The file looks like TBX, not %(format)s: import TBX files into the glossary."
        ),
    }.get(found, gettext_noop("The file looks like %(found)s, not %(format)s."))
    raise DocumentError(template, found=found, format=name)


def parse_document(
    data: bytes,
    filename: str = "",
    fmt: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: FileLimits = DEFAULT_LIMITS,
) -> ParsedDocument:
    """Parse a file into blocks; raise DocumentError with a readable message if it cannot be.

    Checked in this order: format known, size within `max_bytes`, not empty, then the format's
    own checks (UTF-8 text, HTML that parses, a real .docx, a readable PO file) and finally
    that at least one block of text came out. Every importer stops, with a DocumentError, at
    the `limits` (blocks, markup tags, a .docx inflated): a hostile file costs bounded time and
    memory, and DocumentError is the only error that comes out.
    """
    name = detect_format(filename, fmt)
    if len(data) > max_bytes:
        raise DocumentError(
            gettext_noop("The file is too large: %(size)s; the limit is %(limit)s."),
            size=_megabytes(len(data)),
            limit=_megabytes(max_bytes),
        )
    if not data.strip():
        raise DocumentError(gettext_noop("The file is empty."))
    # Imported here, not at the top: each importer pulls in its parser library, and a
    # caller that only needs DocumentError or detect_format should not pay for all of them.
    _refuse_other_kinds(data, name)
    if name == "epub":
        from .epub import parse_epub

        return parse_epub(data, limits)
    if name == "odt":
        from .odt import parse_odt

        return parse_odt(data, limits)
    if name == "docx":
        from .docx import parse_docx

        return parse_docx(data, limits)
    if name == "po":
        from .po import parse_po

        return parse_po(data, limits.max_units)
    if name == "html":
        from .html import parse_html

        return parse_html(data, limits)
    text = decode_utf8(data)
    if name == "md":
        from .md import parse_md

        return parse_md(text, limits)
    from .txt import parse_txt

    return parse_txt(text, limits.max_units)


def check_archive(
    data: bytes,
    *,
    filename: str | None = None,
    fmt: str | None = None,
    limits: FileLimits = DEFAULT_LIMITS,
) -> None:
    """Inflate every member of a zip-based file (docx, EPUB, ODT) within the limits, raising
    the DocumentError its import would raise for a damaged archive or a zip bomb; other
    formats pass. Cheap (the members are only inflated, never parsed; a forged size stops at
    once): a page checks an upload with it before handing the file to a background job, so
    that such a file is refused at once rather than by a job that fails later."""
    try:
        name = detect_format(filename or "", fmt)
    except DocumentError:
        return  # the job's import says what is wrong with the name
    if name == "docx":
        from . import docx  # lazy: only for zip-based uploads

        docx._unpack(data, limits)
    elif name in ("epub", "odt"):
        from .epub import _Archive  # lazy, as above; the ODT reader shares it

        archive = _Archive(data, limits)
        for member in sorted(archive.names):
            archive.read(member)
