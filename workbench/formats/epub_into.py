"""The translated book as the EPUB it was imported from.

    translated_epub(original, sources, translated, language, limits) -> bytes | None

The package is read as the importer reads it (importers/epub.py, within the same limits) and
its spine documents' bodies joined into one page the same way, each body in an element of
its own that says which file it came from. Every element of a body is numbered first (an
attribute of the file's XML tree, parsed with the safe parser), so each element of the
joined page, however the HTML parser nested it, names the element of the file it was read
from. The translations go into that page as they go into an HTML page (html_out.py's
`translate_tree`: same block matching, footnote references, images and alt text), and each
element they changed is written back into its own file's XHTML: its new content is built
from the page, every element of it that came from the file taking the file's own tag and
attributes (namespaces, `epub:type`, ids, classes, and the links between files as written,
which the joined page had made "#id" links), the rest of the file untouched. A link the
translation wrote ("#n1") is given back the href the block's original link had; an id the
translation left out (a page break marker inside a paragraph) stays as an empty element at
the start of its block, so that the navigation's and other files' links still have a target.

A file with a translated block gets the target language (`xml:lang`; `lang` too in EPUB 3)
and direction on its `<html>`; the OPF's first dc:language becomes the target language.
Every other member (images, CSS, fonts, the navigation, the cover, a chapter with nothing
translated) is copied byte for byte, `mimetype` first and stored.

None when the book no longer gives the units as blocks, or a translated block cannot be
traced to its file: the caller then rebuilds the book from the units (formats/epub.py).
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

import lxml.html
from lxml import etree

from workbench.formats.html_out import INLINE_TAGS, translate_tree
from workbench.formats.importers.epub import (
    EpubPackage,
    body_of,
    book_links_as_fragments,
    joined_page,
    read_package,
)
from workbench.formats.importers.html import read_html
from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.text.markup import to_plain
from workbench.text.records import KIND_TITLE, LanguageInfo
from workbench.text.safe_xml import XmlRefused, parse_xml

__all__ = ["translated_epub"]

XHTML = "http://www.w3.org/1999/xhtml"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DC_LANGUAGE = "{http://purl.org/dc/elements/1.1/}language"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
# The number of an element of a book file, on the file's tree and on the joined page; never
# written out.
_MARK = "data-workbench-el"
# The attributes an element of the translation's markup (text/markup.py's vocabulary) has.
_MARKUP_ATTRIBUTES = ("href", "title", "class")


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


@dataclass
class _File:
    path: str
    data: bytes  # as stored
    root: etree._Element  # the whole XHTML document
    changed: bool = False


@dataclass
class _Book:
    files: list[_File] = field(default_factory=list)
    elements: dict[str, tuple[etree._Element, _File]] = field(default_factory=dict)


def _read_files(package: EpubPackage, limits: FileLimits) -> tuple[_Book, list[bytes]] | None:
    """The spine's documents as XML trees, their elements numbered, and their bodies as the
    importer joins them. None when a document is no well-formed XML (the importer's HTML
    parser read it; it cannot be written back as XHTML) or comes twice in the spine."""
    book = _Book()
    bodies: list[bytes] = []
    if len(set(package.spine)) != len(package.spine):
        return None
    for path in package.spine:
        data = package.archive.read(path)
        if body_of(data) is None:
            continue  # the importer left it out too
        try:
            root = parse_xml(data, limits.max_elements)
        except XmlRefused:
            return None
        body = next((e for e in root.iter() if _local(e.tag) == "body"), None)
        if body is None:
            return None
        file = _File(path, data, root)
        for el in body.iter():
            if isinstance(el.tag, str):
                number = str(len(book.elements))
                el.set(_MARK, number)
                book.elements[number] = (el, file)
        book.files.append(file)
        # The body as lxml writes it (namespace declarations on <body> only), then as the
        # importer takes it; its element stands for the body on the page.
        inner = body_of(etree.tostring(body, encoding="utf-8")) or b""
        bodies.append(
            f'<div {_MARK}="{body.get(_MARK)}">'.encode()
            + book_links_as_fragments(inner)
            + b"</div>"
        )
    return book, bodies


def _fragment_href(href: str) -> str:
    """The href the joined page gave a link of a book file ("notes.xhtml#n1" -> "#n1"), by
    the importer's own rewriting of the attribute as written."""
    quoted = f'href="{escape(href, quote=True)}"'.encode()
    return book_links_as_fragments(quoted).decode()[len('href="') : -1]


class _Writer:
    """Writes the page's changed elements back into the elements of the files they came from."""

    def __init__(self, book: _Book) -> None:
        self.book = book
        self.links: dict[str, str] = {}

    def counterpart(self, el: lxml.html.HtmlElement) -> etree._Element | None:
        found = self.book.elements.get(el.get(_MARK) or "")
        return found[0] if found else None

    def write(self, el: lxml.html.HtmlElement) -> bool:
        """The file's element of `el` gets el's content; False when it has none."""
        found = self.book.elements.get(el.get(_MARK) or "")
        if found is None:
            return False
        target, file = found
        file.changed = True
        if _local(target.tag) == "img":
            target.set("alt", el.get("alt") or "")
            return True
        # The block's own links between files, by the "#id" the page and the units know.
        self.links = {
            _fragment_href(a.get("href", "")): a.get("href", "")
            for a in target.iter()
            if isinstance(a.tag, str) and a.get("href")
        }
        ids = [d for d in target.iterdescendants() if isinstance(d.tag, str) and d.get("id")]
        children = [self.convert(child) for child in el]
        target.text = el.text
        for old in list(target):
            target.remove(old)
        for child in children:
            target.append(child)
        kept = {d.get("id") for d in target.iterdescendants() if isinstance(d.tag, str)}
        for lost in reversed([d for d in ids if d.get("id") not in kept]):
            anchor = _empty_copy(lost)
            anchor.tail, target.text = target.text, None
            target.insert(0, anchor)
        return True

    def convert(self, el: lxml.html.HtmlElement) -> etree._Element:
        """The XML of a page node: a file's element with its own tag and attributes (deep as
        in the file when nothing in it changed and the parser nested it as the file does),
        or an element of the translation's markup."""
        original = self.counterpart(el)
        if original is not None and _unchanged(el, original):
            out = copy.deepcopy(original)
        else:
            if original is not None:
                out = original.makeelement(original.tag, original.attrib)
                if _local(original.tag) == "img":
                    out.set("alt", el.get("alt") or "")
            else:
                out = etree.Element(f"{{{XHTML}}}{el.tag}")
                for name in _MARKUP_ATTRIBUTES:
                    if el.get(name) is not None:
                        out.set(name, el.get(name))
                if el.tag == "a" and el.get("href") in self.links:
                    out.set("href", self.links[el.get("href")])
            out.text = el.text
            for child in el:
                if isinstance(child.tag, str):
                    out.append(self.convert(child))
                elif child.tail:  # no comments on the page; were one there, its text stays
                    if len(out):
                        out[-1].tail = (out[-1].tail or "") + child.tail
                    else:
                        out.text = (out.text or "") + child.tail
        out.tail = el.tail
        return out


def _unchanged(el: lxml.html.HtmlElement, original: etree._Element) -> bool:
    """Whether the page holds `original`'s subtree as the file does: the same elements, as
    the file nests them (the HTML parser nests an XHTML `<span/>` over what follows it), with
    the same text and alt text."""
    page = [n for n in el.iter() if isinstance(n.tag, str)]
    file = [n for n in original.iter() if isinstance(n.tag, str)]
    if len(page) != len(file):
        return False
    for i, (p, f) in enumerate(zip(page, file, strict=True)):
        if p.get(_MARK) != f.get(_MARK) or (p.text or "") != (f.text or ""):
            return False
        if p.get("alt") != f.get("alt"):
            return False
        if i and (
            (p.tail or "") != (f.tail or "") or p.getparent().get(_MARK) != f.getparent().get(_MARK)
        ):
            return False
    return True


def _empty_copy(el: etree._Element) -> etree._Element:
    """An empty element that keeps `el`'s id where its text was (an empty link would be one
    no reader can follow: it loses its href)."""
    if _local(el.tag) in INLINE_TAGS:
        out = el.makeelement(el.tag, {k: v for k, v in el.attrib.items() if k != "href"})
    else:
        out = el.makeelement(f"{{{XHTML}}}span", {"id": el.get("id", "")})
    return out


def translated_epub(
    original: bytes,
    sources: Sequence[str],
    translated: Sequence[str | None],
    language: LanguageInfo,
    kinds: Sequence[str] = (),
    limits: FileLimits = DEFAULT_LIMITS,
) -> bytes | None:
    """The original book with `translated[i]` (markup; None: untranslated) as the content of
    block i's element in its own file. None when that cannot be done faithfully. With the
    units' `kinds`, a translated title unit that gives the book's dc:title becomes its
    dc:title (a reading system lists the translated book by it)."""
    package = read_package(original, limits)
    read = _read_files(package, limits)
    if read is None:
        return None
    book, bodies = read
    if not bodies:
        return None
    page = read_html(joined_page(package.title, bodies), limits)
    tree = translate_tree(page, sources, translated, kinds, limits)
    if tree is None:
        return None
    writer = _Writer(book)
    changed = set(tree.changed)
    written: set[lxml.html.HtmlElement] = set()
    try:
        for el in tree.changed:
            # An element inside a changed one is written with it.
            if el in written or any(a in changed for a in el.iterancestors()):
                continue
            written.add(el)
            if not writer.write(el):
                return None
    except ValueError:
        # A name or a character XML cannot carry (the page was read by an HTML parser).
        return None
    titles = {
        " ".join(to_plain(sources[i]).split()): " ".join(to_plain(text).split())
        for i, text in enumerate(translated)
        if text and i < len(kinds) and kinds[i] == KIND_TITLE
    }
    return _package(package, book, language, titles)


def _package(
    package: EpubPackage, book: _Book, language: LanguageInfo, titles: dict[str, str]
) -> bytes:
    epub3 = (package.opf.get("version") or "").startswith("3")
    written: dict[str, bytes] = {}
    for file in book.files:
        if not file.changed:
            written[file.path] = file.data  # read once is enough
            continue
        etree.strip_attributes(file.root, _MARK)
        file.root.set(_XML_LANG, language.code)
        if epub3 or file.root.get("lang") is not None:
            # XHTML 1.1 (EPUB 2) has no `lang` attribute.
            file.root.set("lang", language.code)
        file.root.set("dir", language.direction)
        written[file.path] = etree.tostring(
            file.root.getroottree(), encoding="utf-8", xml_declaration=True
        )
    opf = copy.deepcopy(package.opf)
    dc_language = next(opf.iter(_DC_LANGUAGE), None)
    if dc_language is not None:
        dc_language.text = language.code
    dc_title = next(opf.iter(_DC_TITLE), None)
    if dc_title is not None and len(dc_title) == 0:
        title = titles.get(" ".join((dc_title.text or "").split()))
        if title:
            dc_title.text = title
    written[package.opf_path] = etree.tostring(
        opf.getroottree(), encoding="utf-8", xml_declaration=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), b"application/epub+zip", compress_type=zipfile.ZIP_STORED
        )
        seen = {"mimetype"}
        for info in package.archive.zip.infolist():
            name = info.filename
            if name in seen or info.is_dir():
                continue
            seen.add(name)
            data = written.get(name)
            if data is None:
                data = package.archive.read(name)
            member = zipfile.ZipInfo(name, date_time=info.date_time)
            member.external_attr = info.external_attr
            archive.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
