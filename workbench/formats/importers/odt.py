"""OpenDocument text (.odt, LibreOffice's own format), read as HTML by the HTML importer.

content.xml is read with the safe XML parser and written out as the HTML the HTML importer
knows (importers/html.py), so both formats share one reading of structure and notes:

    text:h outline-level N      -> hN (paragraph style "Title" -> h1)
    text:p                      -> p  (styles named Quotations/Quote -> blockquote)
    text:list / text:list-item  -> ul / li
    text:span (italic, bold)    -> em / strong, from the automatic and named styles
    text:a                      -> a href;  text:line-break -> br;  text:s, text:tab -> spaces
    text:note                   -> an EPUB noteref, its body an EPUB footnote at the end

Limits: the archive's members count and inflated bytes as for EPUB (importers/epub.py), and
the HTML importer's own limits on the result. Frames, drawings, comments and tracked
deletions are not text of the document and are left out.
"""

from __future__ import annotations

from html import escape

from lxml import etree

from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.text.i18n import gettext_noop
from workbench.text.records import ParsedDocument

from .epub import _Archive
from .errors import DocumentError
from .html import parse_html

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
XLINK = "http://www.w3.org/1999/xlink"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_SKIP = {"tracked-changes", "note-citation", "bookmark", "bookmark-start", "bookmark-end",
         "soft-page-break", "sequence-decls", "annotation", "annotation-end"}  # fmt: skip


def _t(name: str) -> str:
    return f"{{{TEXT}}}{name}"


class _Styles:
    """Paragraph and text styles by name: their parent and their italic/bold/quote flags."""

    def __init__(self, *roots: etree._Element) -> None:
        self.parent: dict[str, str] = {}
        self.flags: dict[str, set[str]] = {}
        for root in roots:
            for style in root.iter(f"{{{STYLE}}}style"):
                name = style.get(f"{{{STYLE}}}name", "")
                self.parent[name] = style.get(f"{{{STYLE}}}parent-style-name", "")
                flags = set()
                props = style.find(f"{{{STYLE}}}text-properties")
                if props is not None:
                    if props.get(f"{{{FO}}}font-style") == "italic":
                        flags.add("em")
                    if props.get(f"{{{FO}}}font-weight") in ("bold", "600", "700", "800", "900"):
                        flags.add("strong")
                display = (style.get(f"{{{STYLE}}}display-name") or name).casefold()
                if display in ("quotations", "quote", "quotation", "block quotation"):
                    flags.add("quote")
                if display == "title":
                    flags.add("title")
                self.flags[name] = flags

    def of(self, name: str) -> set[str]:
        found: set[str] = set()
        seen: set[str] = set()
        while name and name not in seen:  # parents, without looping on a cycle
            seen.add(name)
            found |= self.flags.get(name, set())
            name = self.parent.get(name, "")
        return found


def _own_paragraphs(body: etree._Element) -> list[etree._Element]:
    """The paragraphs of a note's body, in document order, without those of a note inside
    it: those are its own note's (reached through `inline`). Taking them here too doubled
    the work at each level of nesting (a 912-byte file of 24 nested notes: 116 s, 3.6 GB)."""
    found: list[etree._Element] = []
    stack = [iter(body)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag != _t("note") and isinstance(child.tag, str):
            if child.tag == _t("p"):
                found.append(child)
            stack.append(iter(child))
    return found


class _Writer:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.notes: list[str] = []

    def inline(self, element: etree._Element) -> str:
        out = [escape(element.text or "", quote=False)]
        for child in element:
            if isinstance(child.tag, str):
                out.append(self.inline_child(child))
            out.append(escape(child.tail or "", quote=False))
        return "".join(out)

    def inline_child(self, child: etree._Element) -> str:
        name = etree.QName(child).localname
        namespace = etree.QName(child).namespace
        if namespace != TEXT or name in _SKIP:
            return ""
        if name == "span":
            flags = self.styles.of(child.get(_t("style-name"), ""))
            inner = self.inline(child)
            for tag in ("strong", "em"):
                if tag in flags:
                    inner = f"<{tag}>{inner}</{tag}>"
            return inner
        if name == "a":
            href = escape(child.get(f"{{{XLINK}}}href", ""), quote=True)
            return f'<a href="{href}">{self.inline(child)}</a>'
        if name == "line-break":
            return "<br>"
        if name == "s":
            count = child.get(_t("c"), "1")
            return " " * (int(count) if count.isdigit() and int(count) < 100 else 1)
        if name == "tab":
            return "\t"
        if name == "note":
            return self.note(child)
        return self.inline(child)

    def note(self, note: etree._Element) -> str:
        # The slot first: a note inside this one (reached while its paragraphs are read)
        # takes the next number, not this one's again.
        self.notes.append("")
        number = len(self.notes)
        citation = note.find(_t("note-citation"))
        label = "".join(citation.itertext()).strip() if citation is not None else str(number)
        body = note.find(_t("note-body"))
        paragraphs = [self.inline(p) for p in _own_paragraphs(body)] if body is not None else []
        self.notes[number - 1] = (
            f'<aside epub:type="footnote" id="odt-note-{number}"><p>'
            + "<br>".join(paragraphs)
            + "</p></aside>"
        )
        return f'<a epub:type="noteref" href="#odt-note-{number}">{escape(label)}</a>'

    def blocks(self, element: etree._Element) -> list[str]:
        out: list[str] = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            namespace = etree.QName(child).namespace
            if namespace == TEXT and name == "h":
                flags = self.styles.of(child.get(_t("style-name"), ""))
                level = child.get(_t("outline-level"), "1")
                level = level if level.isdigit() and 1 <= int(level) <= 6 else "1"
                level = "1" if "title" in flags else level
                out.append(f"<h{level}>{self.inline(child)}</h{level}>")
            elif namespace == TEXT and name == "p":
                flags = self.styles.of(child.get(_t("style-name"), ""))
                text = self.inline(child)
                if "title" in flags:
                    out.append(f"<h1>{text}</h1>")
                elif "quote" in flags:
                    out.append(f"<blockquote><p>{text}</p></blockquote>")
                else:
                    out.append(f"<p>{text}</p>")
            elif namespace == TEXT and name == "list":
                items = [
                    "<li>" + "".join(self.blocks(item)) + "</li>"
                    for item in child
                    if isinstance(item.tag, str) and etree.QName(item).localname == "list-item"
                ]
                out.append("<ul>" + "".join(items) + "</ul>")
            elif namespace in (TEXT, TABLE) or name in ("section", "table-row", "table-cell"):
                if name not in _SKIP:
                    out.extend(self.blocks(child))  # sections, tables: their paragraphs
        return out


def parse_odt(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> ParsedDocument:
    archive = _Archive(data, limits)
    if "content.xml" not in archive.names:
        raise DocumentError(
            gettext_noop("The file is a zip archive but not an OpenDocument text (no content.xml).")
        )
    content = archive.xml("content.xml")
    roots = [content]
    if "styles.xml" in archive.names:
        roots.append(archive.xml("styles.xml"))
    body = content.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if body is None:
        raise DocumentError(gettext_noop("The OpenDocument file has no text (is it a .odt?)."))
    writer = _Writer(_Styles(*roots))
    blocks = writer.blocks(body)
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        + "\n".join(blocks + writer.notes)
        + "</body></html>"
    ).encode("utf-8")
    parsed = parse_html(page, limits)
    return ParsedDocument(blocks=parsed.blocks, title=parsed.title, format="odt")
