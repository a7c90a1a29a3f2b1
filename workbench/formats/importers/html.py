"""HTML: blocks from the element tree that lxml builds (it recovers from small tag errors the
way browsers do).

- h1 is the title (the first one, see _common.promote_title_and_byline), h2..h6 headings;
- p, li, td/th, dt/dd, figcaption, pre ... are blocks; text sitting directly in a div or
  section next to blocks becomes a block of its own (no text is lost);
- paragraphs inside <blockquote> are block quote paragraphs;
- <p class="byline"> (any element with class byline), or a p inside <header> above the h1,
  is a byline;
- footnotes in the common conventions (pandoc, kramdown, docutils/Sphinx, DPUB-ARIA roles,
  epub:type, HTML saved by Word and LibreOffice): containers `.footnotes`/`.endnotes`/
  role=doc-endnotes whose items are notes, single notes `.footnote`/role=doc-footnote, or
  whatever element (or `<a name>`) a reference points to; references `<sup><a
  href="#fn1">1</a></sup>`, `a.footnote-ref`, role=doc-noteref. Notes come last, in
  document order, labelled as their references show them; references become fnref markup;
  back links (↩) are dropped.
- Word's paragraph classes (MsoTitle, MsoQuote, MsoListParagraph) map like the docx styles.
- script, style, nav, noscript, template, iframe, svg, math ... are ignored.
- sup, sub, del (s, strike) and ins are kept as such (a <sup> that is a footnote reference
  becomes fnref markup, any other stays superscript).
- An image inside a block's text is an `<img>` in the unit, where it stands (the file keeps
  the image itself: formats/html_out.py puts it back there); its alt text is a block of its
  own right after that block, whose origin is the image (the export writes the translation
  into its alt). A block of images and no text is no block (its element is left as it is);
  only the alt texts are. `legacy=True` reads as before these were kept (an image as its alt
  text inline, sup/sub/del/ins as their text): documents imported then still match.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html

from workbench.formats.limits import DEFAULT_LIMITS, FileLimits, count_tags
from workbench.text.i18n import gettext_noop
from workbench.text.markup import collapse_whitespace, escape_text, fnref
from workbench.text.records import (
    KIND_BLOCKQUOTE,
    KIND_BYLINE,
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_IMAGE,
    KIND_LIST_ITEM,
    KIND_PARAGRAPH,
    KIND_TITLE,
    ParsedDocument,
)
from workbench.text.safe_xml import MAX_DEPTH

from ._common import Draft, decode_html, finish, too_many_units
from .errors import DocumentError

log = logging.getLogger(__name__)

IGNORED_TAGS = {
    "head", "script", "style", "nav", "noscript", "template", "iframe", "object", "embed",
    "svg", "math", "canvas", "audio", "video", "button", "select", "textarea", "input",
}  # fmt: skip
BLOCK_TAGS = {
    "html", "body", "address", "article", "aside", "blockquote", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li",
    "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}  # fmt: skip
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
EM_TAGS = {"em", "i", "cite", "dfn", "var"}
STRONG_TAGS = {"strong", "b"}
CODE_TAGS = {"code", "kbd", "samp", "tt"}
# Kept as they are (a footnote reference <sup> is found before), and what maps onto them.
MARK_TAGS = {"sup": "sup", "sub": "sub", "del": "del", "s": "del", "strike": "del", "ins": "ins"}
IMAGE = "<img>"
_TAG = re.compile(r"<[^>]*>")

NOTES_CONTAINER_CLASSES = {"footnotes", "endnotes", "footnote-list", "footnotes-list"}
NOTES_CONTAINER_ROLES = {"doc-endnotes", "doc-footnotes"}
NOTE_CLASSES = {"footnote", "endnote"}
NOTE_ROLES = {"doc-footnote", "doc-endnote"}
NOTE_EPUB_TYPES = {"footnote", "endnote", "rearnote", "note"}
REF_CLASSES = {
    "footnote-ref", "footnoteref", "fnref", "noteref", "footnote-reference",
    "msofootnotereference", "msoendnotereference", "sdfootnoteanc", "sdendnoteanc",
}  # fmt: skip
BACKLINK_CLASSES = {
    "footnote-back", "footnote-backref", "reversefootnote", "fn-backref", "footnote-return",
    "footnote-backlink", "sdfootnotesym", "sdendnotesym",
}  # fmt: skip
LABEL_CLASSES = {"label", "fn-label", "footnote-label", "footnote-number"}
BACKLINK_TEXTS = {"↩", "↩\ufe0e", "↩\ufe0f", "↑", "^"}
# Paragraph classes of HTML saved by Word ("Web page, filtered"): the styles behind them.
WORD_CLASSES = {
    "msotitle": (KIND_HEADING, 1),
    "msosubtitle": (KIND_HEADING, 2),
    "msoquote": (KIND_BLOCKQUOTE, 0),
    "msointensequote": (KIND_BLOCKQUOTE, 0),
    "msolistparagraph": (KIND_LIST_ITEM, 0),
    "msolistparagraphcxspfirst": (KIND_LIST_ITEM, 0),
    "msolistparagraphcxspmiddle": (KIND_LIST_ITEM, 0),
    "msolistparagraphcxsplast": (KIND_LIST_ITEM, 0),
}
NOTE_BLOCK_TAGS = ("p", "div", "li", "aside", "section", "dd")
# What a footnote marker says: 1, [1], (12), iv, a, *, †.
_LABEL_TEXT = re.compile(r"^[\[(]?(\d{1,4}|[ivxlcdm]{1,6}|[a-z]|[*†‡§¶]{1,3})[\])]?\.?$", re.I)

_HTML_WS = re.compile(r"[ \t\n\r\f]+")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f]")
_LOOKS_LIKE_HTML = re.compile(r"<[A-Za-z!/?]")
# Ids that footnote generators give notes: fn1 (pandoc), fn:1 (kramdown), _ftn1 (Word),
# sdfootnote1sym (LibreOffice), endnote-1, note1.
# A doctype with an internal subset (<!DOCTYPE html [ <!ENTITY x "y"> ]>): HTML parsers do
# not read one, and libxml2 would leave its "]>" as text.
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]{0,200}\[", re.I)
_SUBSET_END = re.compile(r"\][ \t\r\n]*>")
_NOTE_ID = re.compile(r"(fn|footnote|sdfootnote|sdendnote|note|endnote|_ftn|_edn)", re.I)


def _classes(el: lxml.html.HtmlElement) -> set[str]:
    return {c.lower() for c in (el.get("class") or "").split()}


def _epub_type(el: lxml.html.HtmlElement) -> set[str]:
    # lxml's HTML parser keeps the prefixed attribute name as it is written.
    return set((el.get("epub:type") or "").split())


def _is_element(node: object) -> bool:
    # Comments and processing instructions are nodes too, with a non-string tag.
    return isinstance(getattr(node, "tag", None), str)


def _clean_label(text: str) -> str:
    return text.strip().strip("[]().").strip()


def _top_level(
    root: lxml.html.HtmlElement, match: Callable[[lxml.html.HtmlElement], bool]
) -> list[lxml.html.HtmlElement]:
    """Descendants of `root` that `match`, leaving out those inside an earlier match."""
    found: list[lxml.html.HtmlElement] = []
    seen: set[lxml.html.HtmlElement] = set()
    for el in root.iter():
        if el is root or not _is_element(el) or not match(el):
            continue
        if not any(anc in seen for anc in el.iterancestors()):
            found.append(el)
            seen.add(el)
    return found


_REF_TAGS = ("a", "sup", "span")  # the elements a footnote reference can be


def _fragment_target(href: str | None) -> str | None:
    if href and href.startswith("#") and len(href) > 1:
        return href[1:]
    return None


class _Extractor:
    """One pass over a parsed tree: body drafts and note drafts, in document order."""

    def __init__(self, root: lxml.html.HtmlElement, legacy: bool = False) -> None:
        self.root = root
        self.legacy = legacy
        self.drafts: list[Draft] = []
        # Alt texts of the images met since the last block was emitted: blocks of their own,
        # right after it.
        self.alts: list[Draft] = []
        # Registered notes in document order (dicts keep insertion order); lxml returns the
        # same proxy object for an element as long as one is referenced, as here.
        self.notes: dict[lxml.html.HtmlElement, Draft] = {}
        self.note_elements: set[lxml.html.HtmlElement] = set()
        self.note_containers: set[lxml.html.HtmlElement] = set()
        self.note_ids: dict[str, lxml.html.HtmlElement] = {}
        self.ref_labels: dict[str, str] = {}  # note id -> label shown at its first reference
        self.ref_ids: set[str] = set()  # ids of reference elements (backlinks point there)
        self.header_bylines: set[lxml.html.HtmlElement] = set()
        self.blocks_entered = 0  # calls of block(): whether an element held blocks
        self._find_notes()
        self._find_refs()
        self._find_header_bylines()

    # -- discovery -------------------------------------------------------------------------

    def _iter_elements(self) -> Iterator[lxml.html.HtmlElement]:
        for el in self.root.iter():
            if _is_element(el):
                yield el

    def _is_container(self, el: lxml.html.HtmlElement) -> bool:
        return bool(
            _classes(el) & NOTES_CONTAINER_CLASSES
            or (el.get("role") or "") in NOTES_CONTAINER_ROLES
            or _epub_type(el) & {"footnotes", "endnotes", "rearnotes"}
        )

    def _in_note(self, el: lxml.html.HtmlElement) -> bool:
        return el in self.note_elements or any(
            anc in self.note_elements for anc in el.iterancestors()
        )

    def _is_single_note(self, el: lxml.html.HtmlElement) -> bool:
        if el.tag in ("a", "sup") or (el.tag == "span" and self._ref_anchor(el) is not None):
            # <span class="footnote"><a href="#fn1">1</a></span> is a reference, not a note.
            return False
        return bool(
            _classes(el) & NOTE_CLASSES
            or (el.get("role") or "") in NOTE_ROLES
            or _epub_type(el) & NOTE_EPUB_TYPES
        )

    def _add_note(self, el: lxml.html.HtmlElement, alias: str | None = None) -> None:
        # A note inside a note (a container matched twice) is the same note.
        if any(anc in self.note_elements for anc in el.iterancestors()):
            return
        self.note_elements.add(el)
        for name in (el.get("id"), alias):
            if name:
                self.note_ids.setdefault(name, el)

    def _find_notes(self) -> None:
        for el in self._iter_elements():
            if el.tag in IGNORED_TAGS:
                continue
            if self._is_container(el):
                if any(anc in self.note_containers for anc in el.iterancestors()):
                    continue
                self.note_containers.add(el)
                # The notes are the list items (pandoc, kramdown); else the elements marked
                # as notes or carrying an id (Word and LibreOffice exports); else paragraphs.
                items = _top_level(el, lambda c: c.tag == "li")
                if not items:
                    items = _top_level(
                        el,
                        lambda c: (
                            self._is_single_note(c)
                            or bool(c.get("id") and c.tag in ("p", "div", "aside"))
                        ),
                    )
                if not items:
                    items = _top_level(el, lambda c: c.tag == "p")
                for item in items:
                    self._add_note(item)
            elif self._is_single_note(el):
                self._add_note(el)
        # Anything with the id a note reference points to, e.g. <p id="fn1"> under a plain
        # heading "Notes", is a note as well.
        anchors: dict[str, lxml.html.HtmlElement] | None = None
        # Only these tags can be references (_looks_like_ref); lxml filters them in C.
        for el in self.root.iter(*_REF_TAGS):
            if not self._looks_like_ref(el) or self._in_note(el):
                continue
            target = self._ref_target(el)
            if not target or target in self.note_ids:
                continue
            if anchors is None:
                anchors = self._anchors()
            found = anchors.get(target)
            if found is None:
                continue
            # Word and LibreOffice point at an <a name> inside the note's paragraph.
            note = next(
                (n for n in (found, *found.iterancestors()) if n.tag in NOTE_BLOCK_TAGS),
                None,
            )
            # Never the page itself, nor an element holding its own reference.
            if note is not None and note is not self.root and note not in el.iterancestors():
                self._add_note(note, alias=target)

    def _anchors(self) -> dict[str, lxml.html.HtmlElement]:
        """Elements by id, and links by their old-style name (first one wins, as in browsers)."""
        found: dict[str, lxml.html.HtmlElement] = {}
        for el in self._iter_elements():
            if el.get("id"):
                found.setdefault(el.get("id"), el)
            if el.tag == "a" and el.get("name"):
                found.setdefault(el.get("name"), el)
        return found

    def _ref_anchor(self, el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
        """The <a> of a reference: the element itself or the single link inside a <sup>."""
        if el.tag == "a":
            return el
        children = [c for c in el if _is_element(c)]
        if (
            len(children) == 1
            and children[0].tag == "a"
            and not (el.text or "").strip()
            and not (children[0].tail or "").strip()
        ):
            return children[0]
        return None

    def _ref_target(self, el: lxml.html.HtmlElement) -> str | None:
        anchor = self._ref_anchor(el)
        return _fragment_target(anchor.get("href")) if anchor is not None else None

    def _looks_like_ref(self, el: lxml.html.HtmlElement) -> bool:
        """By its markup alone (before notes are known)."""
        if el.tag not in _REF_TAGS:
            return False
        if (el.get("role") or "") == "doc-noteref" or "noteref" in _epub_type(el):
            return True
        if _classes(el) & REF_CLASSES:
            return True
        if el.tag == "a":
            # <a href="#_ftn1"><span class="MsoFootnoteReference">[1]</span></a> (Word),
            # <a href="#fn1"><sup>1</sup></a>: a link to a note id showing a marker.
            target = _fragment_target(el.get("href")) or ""
            inner = {c for d in el.iterdescendants() if _is_element(d) for c in _classes(d)}
            marked = bool(inner & REF_CLASSES) or el.find(".//sup") is not None
            return bool(
                _NOTE_ID.match(target) and marked and _LABEL_TEXT.match(el.text_content().strip())
            )
        anchor = self._ref_anchor(el)
        if anchor is not None and anchor is not el:
            if (anchor.get("role") or "") == "doc-noteref" or _classes(anchor) & REF_CLASSES:
                return True
            target = _fragment_target(anchor.get("href")) or ""
            return el.tag == "sup" and bool(_NOTE_ID.match(target))
        return False

    def is_ref(self, el: lxml.html.HtmlElement) -> bool:
        if self._looks_like_ref(el):
            return True
        # <a href="#fn1"><sup>1</sup></a> or a bare <a href="#fn1">1</a> to a known note.
        if el.tag in ("a", "sup"):
            target = self._ref_target(el)
            text = el.text_content().strip()
            return bool(target and target in self.note_ids and 0 < len(text) <= 8)
        return False

    def _find_refs(self) -> None:
        for el in self.root.iter(*_REF_TAGS):  # is_ref is false for any other tag
            # A link inside a note is its back link (or a reference to another note, which
            # is rare enough to leave as a link).
            if not self.is_ref(el) or self._in_note(el):
                continue
            for node in (el, self._ref_anchor(el), el.getparent()):
                for attribute in ("id", "name"):
                    if node is not None and node.get(attribute):
                        self.ref_ids.add(node.get(attribute))
            target = self._ref_target(el)
            if target and target not in self.ref_labels:
                self.ref_labels[target] = _clean_label(el.text_content())

    def _find_header_bylines(self) -> None:
        for header in self.root.iter("header"):
            if header.find(".//h1") is None:
                continue
            for el in header.iter():
                if el.tag == "h1":
                    break
                if el.tag == "p":
                    self.header_bylines.add(el)

    def is_backlink(self, el: lxml.html.HtmlElement) -> bool:
        if el.tag != "a":
            return False
        if (el.get("role") or "") == "doc-backlink" or _classes(el) & BACKLINK_CLASSES:
            return True
        target = _fragment_target(el.get("href"))
        if target and target in self.ref_ids:
            return True
        return el.text_content().strip() in BACKLINK_TEXTS

    # -- inline ----------------------------------------------------------------------------

    def text(self, value: str | None, pre: bool = False) -> list[str]:
        if not value:
            return []
        if pre:
            return [escape_text(value).replace("\n", "<br>")]
        return [escape_text(collapse_whitespace(value))]

    def inline_content(
        self, el: lxml.html.HtmlElement, pre: bool = False, in_note: bool = False
    ) -> list[str]:
        pieces = self.text(el.text, pre)
        for child in el:
            pieces += self.inline_node(child, pre, in_note)
            pieces += self.text(child.tail, pre)
        return pieces

    def inline_node(
        self, el: lxml.html.HtmlElement, pre: bool = False, in_note: bool = False
    ) -> list[str]:
        if not _is_element(el) or el.tag in IGNORED_TAGS:
            return []
        tag = el.tag
        if in_note and (self.is_backlink(el) or _classes(el) & LABEL_CLASSES):
            return []
        if el in self.note_elements:
            # A note written inline (<span class="footnote">...</span>): it moves to the end.
            return [fnref(self._register_note(el))]
        if not in_note and self.is_ref(el):
            target = self._ref_target(el)
            label = _clean_label(el.text_content()) or self.ref_labels.get(target or "", "")
            return [fnref(label)] if label else []
        pre = pre or tag == "pre"
        content = self.inline_content(el, pre, in_note)
        if tag in EM_TAGS:
            return ["<em>", *content, "</em>"]
        if tag in STRONG_TAGS:
            return ["<strong>", *content, "</strong>"]
        if tag in CODE_TAGS:
            return ["<code>", *content, "</code>"]
        if tag == "br":
            return ["<br>"]
        if tag == "img":
            if self.legacy:
                return self.text(el.get("alt"))
            alt = self.text((el.get("alt") or "").strip())
            if alt and alt[0].strip():
                self.alts.append(Draft(KIND_IMAGE, alt, origin=el))
            return [IMAGE]
        if tag in MARK_TAGS and not self.legacy:
            name = MARK_TAGS[tag]
            return [f"<{name}>", *content, f"</{name}>"]
        if tag == "a" and el.get("href"):
            attrs = f' href="{escape_text(el.get("href")).replace(chr(34), "&quot;")}"'
            if el.get("title"):
                attrs += f' title="{escape_text(el.get("title")).replace(chr(34), "&quot;")}"'
            return [f"<a{attrs}>", *content, "</a>"]
        if tag in BLOCK_TAGS:
            # A block inside a heading or a note: keep its words apart from the next ones.
            return [" ", *content, " "]
        return content

    # -- blocks ----------------------------------------------------------------------------

    def emit(self, kind: str, pieces: list[str], level: int = 0, origin: object = None) -> None:
        """A draft of the pieces; `origin` is the element whose whole content they are (None
        for a run of text between blocks)."""
        if IMAGE in pieces:
            rest = [piece for piece in pieces if piece != IMAGE]
            if not _TAG.sub("", "".join(rest)).strip():
                pieces = rest  # images and no text: the element stays as it is
        if "".join(pieces).strip():
            self.drafts.append(Draft(kind, list(pieces), level, origin=origin))
        if self.alts:
            self.drafts.extend(self.alts)
            self.alts = []

    def block(self, el: lxml.html.HtmlElement, kind: str) -> None:
        if not _is_element(el) or el.tag in IGNORED_TAGS:
            return
        self.blocks_entered += 1
        if el in self.note_elements:
            self._register_note(el)
            return
        if el in self.note_containers:
            # Notes are registered when met; what else the container holds (a heading
            # "Notes", a separator) is not a translatable note but must not be lost either.
            self._container(el, kind)
            return
        tag = el.tag
        if tag in HEADINGS:
            self.emit(KIND_HEADING, self.inline_content(el), HEADINGS[tag], origin=el)
            return
        if tag == "hr":
            return
        word_style = next((WORD_CLASSES[c] for c in _classes(el) if c in WORD_CLASSES), None)
        if word_style is not None and tag == "p":
            self.emit(word_style[0], self.inline_content(el), word_style[1], origin=el)
            return
        if "byline" in _classes(el) or el in self.header_bylines:
            kind = KIND_BYLINE
        elif tag == "blockquote":
            kind = KIND_BLOCKQUOTE
        elif tag == "li":
            kind = KIND_LIST_ITEM
        if tag == "pre":
            content = self.inline_content(el, pre=True)
            # Preformatted text is code (or like it): as <code>, its spaces are kept.
            if not _one_code_element(el):
                content = ["<code>", *content, "</code>"]
            self.emit(kind, content, origin=el)
            return
        self.mixed(el, kind)

    def _container(self, el: lxml.html.HtmlElement, kind: str) -> None:
        run = self.text(el.text)
        for child in el:
            if not _is_element(child):
                pass
            elif child in self.note_elements:
                self._register_note(child)
            elif any(n in self.note_elements for n in child.iter()):
                self.emit(kind, run)
                run = []
                self._container(child, kind)
            elif child.tag in BLOCK_TAGS:
                self.emit(kind, run)
                run = []
                self.block(child, kind)
            else:
                run += self.inline_node(child)
            run += self.text(child.tail)
        self.emit(kind, run)

    def mixed(self, el: lxml.html.HtmlElement, kind: str) -> None:
        """Blocks inside `el`; runs of inline content between them are blocks of `kind`."""
        blocks, notes = self.blocks_entered, len(self.notes)
        run = self._flow(el, kind, [], None)
        # Without a block or a note inside, the run is the element's whole content.
        whole = self.blocks_entered == blocks and len(self.notes) == notes
        self.emit(kind, run, origin=el if whole else None)

    def _flow(
        self,
        el: lxml.html.HtmlElement,
        kind: str,
        run: list[str],
        wrap: tuple[str, str] | None,
    ) -> list[str]:
        """Add el's content to the inline `run`, emitting it at every block; return the rest.

        An inline element holding blocks is walked through rather than flattened into one
        block: libxml2 keeps "<p>a <em>b<p>c</p>" as p > em > p, where a browser shows two
        paragraphs. Its formatting (`wrap`) is kept on each of its text pieces.
        """

        def wrapped(pieces: list[str]) -> list[str]:
            return [wrap[0], *pieces, wrap[1]] if wrap and pieces else pieces

        run += wrapped(self.text(el.text))
        for child in el:
            is_block_note = child in self.note_elements and child.tag not in ("span", "a", "sup")
            if _is_element(child) and (child.tag in BLOCK_TAGS or is_block_note):
                self.emit(kind, run)
                run = []
                self.block(child, kind)
            elif self._holds_blocks(child):
                run = self._flow(child, kind, run, self._wrapper(child) or wrap)
            else:
                run += wrapped(self.inline_node(child))
            run += wrapped(self.text(child.tail))
        return run

    def _holds_blocks(self, el: lxml.html.HtmlElement) -> bool:
        if not _is_element(el) or el.tag in IGNORED_TAGS or el in self.note_elements:
            return False
        if self.is_ref(el):
            return False
        return any(
            _is_element(d) and d.tag in BLOCK_TAGS and d.tag != "br" for d in el.iterdescendants()
        )

    def _wrapper(self, el: lxml.html.HtmlElement) -> tuple[str, str] | None:
        if el.tag in EM_TAGS:
            return "<em>", "</em>"
        if el.tag in STRONG_TAGS:
            return "<strong>", "</strong>"
        if el.tag in CODE_TAGS:
            return "<code>", "</code>"
        if el.tag in MARK_TAGS and not self.legacy:
            return f"<{MARK_TAGS[el.tag]}>", f"</{MARK_TAGS[el.tag]}>"
        return None

    def _register_note(self, el: lxml.html.HtmlElement) -> str:
        if el in self.notes:
            return self.notes[el].label
        pieces: list[str] = []
        paragraphs = [c for c in el if _is_element(c) and c.tag in ("p", "div")]
        if paragraphs and not (el.text or "").strip():
            # Several paragraphs make one note; a line break keeps them apart.
            for child in el:
                if pieces and _is_element(child) and child.tag in ("p", "div"):
                    pieces.append("<br>")
                if _is_element(child) and child.tag in ("p", "div"):
                    pieces += self.inline_content(child, in_note=True)
                else:
                    pieces += self.inline_node(child, in_note=True)
                pieces += self.text(child.tail)
        else:
            pieces = self.inline_content(el, in_note=True)
        label = self._note_label(el)
        draft = Draft(KIND_FOOTNOTE, pieces, label=label, origin=el)
        self.notes[el] = draft
        return label

    def _note_label(self, el: lxml.html.HtmlElement) -> str:
        note_id = el.get("id") or ""
        if self.ref_labels.get(note_id):
            return self.ref_labels[note_id]
        for child in el.iter():
            if (
                child is not el
                and _is_element(child)
                and (self.is_backlink(child) or _classes(child) & LABEL_CLASSES)
            ):
                label = _clean_label(child.text_content())
                if label and len(label) <= 6 and label not in BACKLINK_TEXTS:
                    return label
        digits = re.search(r"(\d+)$", note_id)
        if digits:
            return str(int(digits.group(1)))
        parent = el.getparent()
        if el.tag == "li" and parent is not None and parent.tag == "ol":
            items = [c for c in parent if _is_element(c) and c.tag == "li"]
            start = int(parent.get("start", "1")) if (parent.get("start") or "").isdigit() else 1
            return str(start + items.index(el))
        return str(len(self.notes) + 1)

    def run(self, kind: str = KIND_PARAGRAPH) -> list[Draft]:
        self.block(self.root, kind)
        # Notes no walk reached (e.g. inside an element we do not descend into) still count.
        for el in self._iter_elements():
            if el in self.note_elements and el not in self.notes:
                if not any(a.tag in IGNORED_TAGS for a in el.iterancestors()):
                    self._register_note(el)
        alts, self.alts = self.alts, []
        return self.drafts + alts + list(self.notes.values())


@dataclass
class HtmlFragment:
    """An HTML fragment (raw HTML inside Markdown) read: its tree in a <div> (None when lxml
    could not read it: then one draft of its text) and the drafts of its blocks, notes last,
    each with its element as origin."""

    root: lxml.html.HtmlElement | None
    extractor: _Extractor | None
    drafts: list[Draft]


def html_fragment(fragment: str, kind: str = KIND_PARAGRAPH, legacy: bool = False) -> HtmlFragment:
    if not fragment.strip():
        return HtmlFragment(None, None, [])
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return HtmlFragment(None, None, [Draft(kind, [escape_text(fragment)])])
    extractor = _Extractor(root, legacy=legacy)
    return HtmlFragment(root, extractor, extractor.run(kind))


def _drop_internal_subset(text: str) -> str:
    start = _DOCTYPE_SUBSET.search(text)
    if start is None:
        return text
    end = _SUBSET_END.search(text, start.end())
    if end is None:
        return text
    return text[: start.start()] + "<!DOCTYPE html>" + text[end.end() :]


def _too_many_elements(limit: int) -> DocumentError:
    return DocumentError(
        gettext_noop("The file has more than %(limit)s elements; split it into smaller files."),
        limit=f"{limit:,}",
    )


# Opening tags of the elements that become blocks. Counted before parsing: a file of 300,000
# "<p>a</p>" is within the element limit, but walking its tree takes seconds before the unit
# cap can refuse it. Nested blocks (a <p> in an <li>) count twice, hence the slack below.
_BLOCK_START = re.compile(rb"<(?:p|li|h[1-6]|dd|dt|pre|td|th)[\s/>]", re.IGNORECASE)
_BLOCKS_PER_UNIT = 4


@dataclass
class HtmlReading:
    """An HTML file read within the limits: its tree, the extractor (notes, references) and
    the drafts in order, each with the element it is the whole content of as its `origin`
    (None for text between blocks): formats/html_out.py writes translations back there."""

    root: lxml.html.HtmlElement
    extractor: _Extractor
    drafts: list[Draft]
    head_title: str


def parse_html(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> ParsedDocument:
    reading = read_html(data, limits)
    document = finish(reading.drafts, "html", max_units=limits.max_units)
    if reading.head_title and not any(b.kind == KIND_TITLE for b in document.blocks):
        # No h1: the <title> names the document better than the first subheading does.
        return ParsedDocument(blocks=document.blocks, title=reading.head_title, format="html")
    return document


def read_html(data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> HtmlReading:
    """The file's tree and drafts; DocumentError as `parse_html` for what it refuses."""
    if count_tags(data) > limits.max_elements:
        raise _too_many_elements(limits.max_elements)
    blocks = 0
    for _match in _BLOCK_START.finditer(data):
        blocks += 1
        if blocks > _BLOCKS_PER_UNIT * limits.max_units:
            raise too_many_units(limits.max_units)
    text = _drop_internal_subset(decode_html(data)[0])
    if _BINARY.search(text):
        raise DocumentError(gettext_noop("The file holds binary data, not HTML text."))
    if not _LOOKS_LIKE_HTML.search(text):
        raise DocumentError(
            gettext_noop(
                "The file does not look like HTML (no tags found). "
                "Import plain text with the txt format instead."
            )
        )
    try:
        # Bytes with an explicit encoding: a str with an XML declaration would be refused,
        # and a <meta charset> naming another encoding must not override the UTF-8 we checked.
        root, parser = _parse(text.encode("utf-8"), huge=False)
        huge = _cut_short(parser)
        if huge:
            # A text or attribute over libxml2's 10 MB (a data: image of a page saved whole):
            # it stopped there, and the rest of the page would be lost without a word. The
            # file is within the upload limit, so it is read again without that limit.
            root, parser = _parse(text.encode("utf-8"), huge=True)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        # The parser's message names library internals: the log has it, the person a line.
        log.info("refused HTML: %s", exc)
        raise DocumentError(gettext_noop("The HTML could not be parsed.")) from None
    if huge and _cut_short(parser):  # still short without the limit
        raise DocumentError(gettext_noop("The HTML could not be read to its end."))
    if any("Excessive depth" in entry.message for entry in parser.error_log) or (
        huge and root is not None and _depth(root) > MAX_DEPTH
    ):
        # libxml2 stops reading there: the rest of the file would be lost without a word.
        raise DocumentError(
            gettext_noop("The file nests elements more than %(depth)s levels deep."),
            depth=MAX_DEPTH,
        )
    if root is None:
        raise DocumentError(gettext_noop("The HTML could not be parsed: the document is empty."))
    title_el = root.find(".//title")
    head_title = _HTML_WS.sub(" ", title_el.text_content()).strip() if title_el is not None else ""
    try:
        extractor = _Extractor(root)
        drafts = extractor.run()
    except RecursionError:
        # Within libxml2's depth the walk may still outgrow a deep caller's stack.
        raise DocumentError(
            gettext_noop("The file nests elements more than %(depth)s levels deep."),
            depth=MAX_DEPTH,
        ) from None
    return HtmlReading(root, extractor, drafts, head_title)


def _one_code_element(pre: lxml.html.HtmlElement) -> bool:
    """Whether a <pre> holds one code element and nothing else (`<pre><code>`)."""
    children = [child for child in pre if _is_element(child)]
    return (
        len(children) == 1
        and children[0].tag in CODE_TAGS
        and not (pre.text or "").strip()
        and not (children[0].tail or "").strip()
    )


def _parse(data: bytes, *, huge: bool) -> tuple[lxml.html.HtmlElement, lxml.html.HTMLParser]:
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=huge
    )
    return lxml.html.document_fromstring(data, parser=parser), parser


def _cut_short(parser: lxml.html.HTMLParser) -> bool:
    """Whether libxml2 stopped at one of its resource limits other than nesting depth."""
    return any(
        entry.type_name == "ERR_RESOURCE_LIMIT" and "Excessive depth" not in entry.message
        for entry in parser.error_log
    )


def _depth(root: lxml.html.HtmlElement) -> int:
    """How deep the tree nests, in one walk (libxml2 checks 256 levels only without its
    huge-tree option)."""
    depth = deepest = 0
    for event, _element in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest
