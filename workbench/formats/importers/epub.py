"""EPUB 2 and 3 books: the spine's XHTML documents, in reading order, read as one HTML document.

The package (META-INF/container.xml -> the OPF file -> manifest and spine) is read with the safe
XML parser; each spine document's <body> is taken and the bodies are joined into one page for
the HTML importer (importers/html.py), which knows EPUB notes (`epub:type="noteref"`,
`"footnote"`/`"endnote"`). Links between the book's files ("notes.xhtml#n1") become fragment
links ("#n1") so a note in another file still pairs with its reference. The navigation
document (nav, toc.ncx) is not text of the book and is left out.

`read_package`, `body_of`, `book_links_as_fragments` and `joined_page` are the steps, shared
with formats/epub_into.py, which writes a translation back into the book's own files.

Limits: the members read are inflated in chunks and counted against
`limits.max_unpacked_bytes`, the archive may hold at most `limits.max_archive_members` files,
and the joined page goes through the HTML importer's own limits.
"""

from __future__ import annotations

import io
import logging
import lzma
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.text.i18n import gettext_noop
from workbench.text.records import ParsedDocument
from workbench.text.safe_xml import XmlRefused, parse_xml

from .errors import DocumentError
from .html import parse_html

log = logging.getLogger(__name__)

_CONTAINER = "META-INF/container.xml"
_XHTML_TYPES = {"application/xhtml+xml", "text/html"}
_CHUNK = 1 << 16
_BODY_START = re.compile(rb"<body\b")  # a fixed prefix: no backtracking
_BODY_END = re.compile(rb"\s*>")
# href="other.xhtml#id" -> href="#id" (only relative links: a URL with a scheme stays).
_BOOK_LINK = re.compile(rb'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^"#]*#')


def body_of(page: bytes) -> bytes | None:
    """What lies between a page's first <body ...> and its last </body>, found in linear
    time: a regular expression `<body[^>]*>(.*)</body>` backtracked over the rest of the page
    from every unclosed `<body` (a 3 KB zip of 300,000 of them took minutes)."""
    lower = page.lower()
    start = _BODY_START.search(lower)
    close = lower.find(b">", start.end()) if start else -1
    if close < 0:
        return None
    end = lower.rfind(b"</body")
    while end > close:
        if _BODY_END.match(lower, end + 6):
            return page[close + 1 : end]
        end = lower.rfind(b"</body", close, end)
    return None


def _damaged() -> DocumentError:
    return DocumentError(gettext_noop("The EPUB file is damaged or not an EPUB book."))


class _Archive:
    """Members of the zip read on demand, every byte inflated counted against the limit."""

    def __init__(self, data: bytes, limits: FileLimits) -> None:
        self.limits = limits
        self.unpacked = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        # NotImplementedError: a directory entry that asks for a zip version zipfile lacks
        # (found by the fuzz test on a mutated .odt).
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
                NotImplementedError) as exc:  # fmt: skip
            log.info("refused EPUB: %s", exc)
            raise _damaged() from None
        infos = self.zip.infolist()
        if len(infos) > limits.max_archive_members:
            raise DocumentError(
                gettext_noop("The EPUB file holds more than %(limit)s files."),
                limit=f"{limits.max_archive_members:,}",
            )
        self.names = {info.filename for info in infos}

    def read(self, name: str) -> bytes:
        if name not in self.names:
            raise DocumentError(
                gettext_noop("The EPUB file lacks %(name)s, which its package names."),
                name=repr(name),
            )
        chunks = []
        try:
            with self.zip.open(name) as member:
                while chunk := member.read(_CHUNK):
                    self.unpacked += len(chunk)
                    if self.unpacked > self.limits.max_unpacked_bytes:
                        raise DocumentError(
                            gettext_noop("The EPUB file unpacks to more than %(limit).0f MB."),
                            limit=self.limits.max_unpacked_bytes / 1024 / 1024,
                        )
                    chunks.append(chunk)
        except DocumentError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
                NotImplementedError, ValueError, zlib.error, lzma.LZMAError) as exc:  # fmt: skip
            log.info("refused EPUB member %s: %s", name, exc)
            raise _damaged() from None
        return b"".join(chunks)

    def xml(self, name: str):
        try:
            return parse_xml(self.read(name), self.limits.max_elements)
        except XmlRefused as exc:
            raise DocumentError(exc.template, **exc.details) from None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


@dataclass
class EpubPackage:
    """A book's package read: its archive (members read within the limits), the OPF file's
    path and tree, the title, and the spine's text documents (archive paths, reading order;
    the navigation document left out). formats/epub_into.py writes translations back here."""

    archive: _Archive
    opf_path: str
    opf: etree._Element
    title: str
    spine: list[str]


def read_package(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> EpubPackage:
    archive = _Archive(data, limits)
    if _CONTAINER not in archive.names:
        raise DocumentError(
            gettext_noop(
                "The file is a zip archive but not an EPUB book (no META-INF/container.xml)."
            )
        )
    container = archive.xml(_CONTAINER)
    rootfile = next((e for e in container.iter() if _local(e.tag) == "rootfile"), None)
    opf_path = rootfile.get("full-path") if rootfile is not None else None
    if not opf_path:
        raise _damaged()
    opf = archive.xml(opf_path)
    base = posixpath.dirname(opf_path)
    manifest: dict[str, tuple[str, str, str]] = {}
    title = ""
    for element in opf.iter():
        name = _local(element.tag)
        if name == "item" and element.get("id") and element.get("href"):
            href = posixpath.normpath(posixpath.join(base, unquote(element.get("href", ""))))
            manifest[element.get("id", "")] = (
                href,
                element.get("media-type", ""),
                element.get("properties", ""),
            )
        elif name == "title" and not title:
            title = "".join(element.itertext()).strip()
    spine: list[str] = []
    for itemref in (e for e in opf.iter() if _local(e.tag) == "itemref"):
        item = manifest.get(itemref.get("idref", ""))
        if item is None:
            continue
        href, media_type, properties = item
        if media_type not in _XHTML_TYPES or "nav" in properties.split():
            continue
        spine.append(href)
    return EpubPackage(archive, opf_path, opf, title, spine)


def book_links_as_fragments(body: bytes) -> bytes:
    """A body's links to places in other files of the book as fragment links (the joined
    page holds them all)."""
    return _BOOK_LINK.sub(b'href="#', body)


def joined_page(title: str, bodies: Iterable[bytes]) -> bytes:
    """The one HTML page of the book: its bodies in reading order, under the title."""
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8")
    return (
        b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>'
        + escaped
        + b"</title></head><body>"
        + b"\n".join(bodies)
        + b"</body></html>"
    )


def parse_epub(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> ParsedDocument:
    package = read_package(data, limits)
    bodies: list[bytes] = []
    for href in package.spine:
        body = body_of(package.archive.read(href))
        if body is not None:
            bodies.append(book_links_as_fragments(body))
    if not bodies:
        raise DocumentError(gettext_noop("The EPUB book has no text documents in its spine."))
    parsed = parse_html(joined_page(package.title, bodies), limits)
    return ParsedDocument(blocks=parsed.blocks, title=parsed.title or package.title, format="epub")
