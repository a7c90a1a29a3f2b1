"""The translation written into the original Markdown file, the way the HTML and .docx
exports write it into theirs:

    translated_markdown(original, sources, texts, limits) -> bytes | None

The file is read again as the importer reads it (formats/importers/md.py), each block knowing
where its pieces were written (its Origin's sites). Only the lines of translated blocks are
rewritten; everything else stays as it was written, byte for byte: the front matter, ordered
lists and their numbers, nesting, tables, the language of a code fence, link reference
definitions, raw HTML, comments, blank lines, and every block left untranslated.

- A paragraph's or heading's lines become one line after the prefix its first line had (the
  container markers: `> `, `1. `, indentation; `## ` for a heading); a line break of the
  translation is a hard break (a backslash), its next line indented like a continuation.
- A table cell's text is replaced where it stands in its row (a break is `<br>`).
- A code block's lines are replaced between its fences (or at its indentation).
- A block of a raw HTML block gets its translation inside its element (html_out's replacer).
- A block made of several pieces (a list item's paragraphs, a footnote's) gives each piece
  its share of the translation's lines when the counts agree, else all to the first piece.
- An image is an `<img>` place in its block's unit: the image goes back there as the file
  wrote it (`![alt](src "title")`, `![alt][ref]`, an inline `<img ...>` tag), the first at
  the first place and so on; an image the translation left out goes at the end of the
  block, a place with no image left is nothing. The translation of an image's alt text (a
  unit of its own) is the alt written there (`[`, `]`, `\\` ... escaped; a collapsed or
  shortcut reference `![alt]` keeps its label: `![translated][alt]`). When the block is not
  translated, only the alt is replaced where it stands; an alt written over several lines
  has its block written again from its source text. A paragraph of images and no text (a
  line of badges) is no unit: it stays as written, but for translated alts.
- A raw HTML `<img ...>` tag's alt (inline in a paragraph, or in an HTML block) is a unit
  too: its translation is written into that tag's alt attribute (double-quoted, escaped), the
  rest of the tag as written but for what would run (event handlers, javascript: sources:
  formats/tag_attrs.safe_tag). An HTML block whose only translated units are alts keeps
  every other byte; one with translated text is written again from its tree, as before.
- A document imported before images (and `~~`, sup/sub/ins/del) were kept is matched as it
  was read then (`read_markdown(legacy=True)`, an image as its alt text inline): its
  translated blocks are written as then (their images are not put back). One imported before
  an inline tag's alt was a unit is matched with `tag_alts=False`.

None when that cannot be done faithfully (the file no longer gives the document's units, an
inline note `^[...]` or a run of text of a raw HTML block is translated, a prefix is not
where it is expected): the caller then rebuilds the document from its units
(markdown_out.export_markdown).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import lxml.html
from markdown_it.token import Token

from workbench.formats.html_out import _Replacer
from workbench.formats.importers._common import decode_utf8, drafts_of_blocks
from workbench.formats.importers.html import HtmlFragment
from workbench.formats.importers.md import (
    _AT,
    SITE_ALT,
    SITE_CODE,
    SITE_HTML,
    SITE_INLINE,
    Origin,
    Site,
    read_markdown,
)
from workbench.formats.inline import BREAK, IMAGE, TEXT, Span, inline_spans, split_lines
from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.formats.markdown_out import markdown_lines, markdown_text
from workbench.formats.tag_attrs import (
    alt_edits,
    attribute,
    start_tags,
    unsafe_attribute,
    with_alt,
)
from workbench.text.markup import to_plain

__all__ = ["translated_markdown"]

# What may stand before a block's text on its first line: white space, quote markers, list
# markers and a heading's hashes.
_PREFIX = re.compile(r"(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t])|\[\^[^\]\s]+\]:|#{1,6}(?=[ \t]))*")
# What a continuation line has instead: spaces for a list marker or a footnote's label.
_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)|\[\^[^\]\s]+\]:")
_ROW_PREFIX = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*")
_PIPE = re.compile(r"(?<!\\)\|")


class _Unfaithful(Exception):
    """The translation cannot go into the file as it is written."""


@dataclass
class _Edit:
    start: int  # first line replaced
    end: int  # line after the last one replaced
    lines: list[str]


def translated_markdown(
    original: bytes,
    sources: Sequence[str],
    texts: Sequence[str | None],
    limits: FileLimits = DEFAULT_LIMITS,
) -> bytes | None:
    """The original Markdown with `texts[i]` (markup; None: untranslated, left as written)
    in place of block i. None when that cannot be done faithfully (see above)."""
    decoded = decode_utf8(original)
    # As the importer reads the file now; else as documents imported before an inline
    # <img> tag's alt was a unit; else as before images' places (and ~~, sup/sub/ins/del)
    # were kept.
    for reading_as in ({}, {"tag_alts": False}, {"legacy": True}):
        reading = read_markdown(decoded, limits, **reading_as)
        drafts = drafts_of_blocks(reading.drafts, sources, limits.max_units)
        if drafts is not None:
            break
    else:
        return None
    newline = "\r\n" if "\r\n" in reading.body else "\n"
    # markdown-it's line numbers count its own line ends: \r\n and a lone \r are \n to it.
    lines = reading.body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notes = {shown: label for label, shown in reading.labels.items()}
    alts: dict[int, str] = {}  # id(image token) -> the translation of its alt text
    holder: dict[int, int] = {}  # id(site) -> the block it is a piece of
    for i, (draft, text) in enumerate(zip(drafts, texts, strict=True)):
        origin = draft.origin
        if not isinstance(origin, Origin):
            continue
        for site in origin.sites:
            holder[id(site)] = i
            if site.kind == SITE_ALT and text is not None and site.image is not None:
                alts[id(site.image)] = text
    writer = _Writer(lines, notes, reading.tokens, alts)
    try:
        again: dict[int, tuple[Origin, str]] = {}  # id(site) -> written again for its alts
        in_place: list[tuple[int, tuple[int, int, int, str]]] = []
        for draft, text in zip(drafts, texts, strict=True):
            if text is None:
                continue
            origin = draft.origin
            if not isinstance(origin, Origin) or not origin.sites:
                raise _Unfaithful  # an inline note: defined inside another block's text
            site = origin.sites[0]
            if site.kind != SITE_ALT:
                writer.block(origin, text)
                continue
            container = site.container
            if container is None:
                raise _Unfaithful
            at = holder.get(id(container))
            if at is not None and texts[at] is not None:
                continue  # the alt is written with its translated block
            edit = writer.alt_in_place(site, text)
            if edit is not None:
                in_place.append((id(container), edit))
            elif at is not None:
                again[id(container)] = (drafts[at].origin, sources[at])  # type: ignore[assignment]
            else:  # a paragraph of images and no text
                again[id(container)] = (Origin([container]), container.markup)
        for origin, markup in again.values():
            writer.block(origin, markup)
        for container_id, (line, start, end, alt) in in_place:
            if container_id not in again:
                writer.cells.setdefault(line, []).append((start, end, alt))
        body = writer.result()
    except _Unfaithful:
        return None
    return (reading.front_matter + newline.join(body)).encode("utf-8")


class _Writer:
    def __init__(
        self, lines: list[str], notes: dict[str, str], tokens: list[Token], alts: dict[int, str]
    ) -> None:
        self.lines = lines
        self.alts = alts  # id(image token) -> its alt's translation
        self.cell_at = _cell_positions(tokens, lines)
        self.notes = notes  # label shown -> label written in the file
        self.edits: list[_Edit] = []
        self.cells: dict[int, list[tuple[int, int, str]]] = {}  # line -> (start, end, text)
        self.fragments: dict[int, tuple[Site, HtmlFragment]] = {}  # id(token) -> its block
        # Raw HTML blocks where only images' alts are translated: id(token) -> (its site,
        # [(the <img> element, its alt as read)]): written into the tags, not re-serialised.
        self.tag_alts: dict[int, tuple[Site, list[tuple[object, str]]]] = {}

    # -- blocks --------------------------------------------------------------------------

    def block(self, origin: Origin, text: str) -> None:
        if origin.number and text.startswith(origin.number):
            text = text[len(origin.number) :]  # the list marker in the file says it
        sites = origin.sites
        spans = split_lines(inline_spans(text))
        wanted = [site.breaks + 1 for site in sites]
        if len(sites) == 1:
            shares = [spans]
        elif sum(wanted) == len(spans):
            shares, at = [], 0
            for count in wanted:
                shares.append(spans[at : at + count])
                at += count
        else:
            shares = [spans] + [[] for _ in sites[1:]]
        # The images of the block as the file wrote them, for its <img> places in order;
        # those the translation left out go at the end of its last paragraph's text.
        images = [self._image(site, image) for site in sites for image in site.images]
        if images:
            inline = [n for n, site in enumerate(sites) if site.kind == SITE_INLINE and shares[n]]
            places = sum(span.kind == IMAGE for n in inline for line in shares[n] for span in line)
            if places < len(images):
                if not inline:
                    raise _Unfaithful
                last = shares[inline[-1]]
                last[-1] = list(last[-1])
                for _ in images[places:]:
                    last[-1] += [Span(" ", TEXT), Span("", IMAGE)]
        for site, share in zip(sites, shares, strict=True):
            if site.kind == SITE_HTML:
                if len(sites) != 1:
                    raise _Unfaithful
                self._html(site, text)
            elif site.kind == SITE_CODE:
                self._code(site, share)
            elif site.kind == SITE_INLINE and self._is_cell(site):
                self._cell(site, share, images)
            else:
                self._inline(site, share, images)

    # -- images --------------------------------------------------------------------------

    def _written(self, site: Site, image: Token) -> tuple[int, int, str]:
        """Where a Markdown image was written in its site's text (start, end) and its alt's
        source text."""
        at = image.meta.get(_AT)
        if at is None or at[2] is not site.token.content:
            raise _Unfaithful  # not read from this site's text
        start, end, _src = at
        text = site.token.content
        alt = image.content
        if not text.startswith("![" + alt + "]", start) or end > len(text):
            raise _Unfaithful
        return start, end, alt

    def _tag_written(self, site: Site, image: Token) -> tuple[int, int]:
        """Where an inline <img ...> tag was written in its site's text (start, end)."""
        at = image.meta.get(_AT)
        if at is None or at[2] is not site.token.content:
            raise _Unfaithful
        start, end, _src = at
        if site.token.content[start:end] != image.content:
            raise _Unfaithful
        return start, end

    def _tag(self, image: Token) -> str:
        """An inline <img ...> tag as written, with its alt's translation if any (plain
        text, escaped as an attribute value: it cannot leave the attribute)."""
        tag = image.content
        if id(image) in self.alts:
            # What would run or navigate is left out too, as html_out does.
            tag = with_alt(tag, _plain(self.alts[id(image)]))
        return tag

    def _image(self, site: Site, image: Token) -> str:
        """The image's Markdown as the file wrote it, with its alt's translation if any (on
        one line: a line end inside is a space)."""
        if image.type != "image":
            return self._tag(image).replace("\n", " ")  # an inline <img ...> tag
        start, end, alt = self._written(site, image)
        written = site.token.content[start:end]
        if id(image) in self.alts:
            written = "![" + self._alt(image, alt, written[len(alt) + 3 :])
        return written.replace("\n", " ")

    def _alt(self, image: Token, alt: str, rest: str) -> str:
        """The alt's translation, `]` and what follows it (a collapsed or shortcut reference
        keeps its label, the alt as written)."""
        translated = markdown_text(split_lines(inline_spans(self.alts[id(image)])))
        if rest in ("", "[]"):
            rest = "[" + alt + "]"
        return translated + "]" + rest

    def alt_in_place(self, site: Site, text: str) -> tuple[int, int, int, str] | None:
        """The edit of one line that writes an alt's translation where the alt stands (line,
        start, end, text), or None when the alt is not on one line of its own place."""
        container, image = site.container, site.image
        if container is None or image is None:
            raise _Unfaithful
        content = container.token.content
        if image.type == "image":
            start, end, alt = self._written(container, image)
            replacement = self._alt(image, alt, content[start + len(alt) + 3 : end])
            begin = start + 2
        else:  # an inline <img ...> tag
            start, end = self._tag_written(container, image)
            replacement = self._tag(image)
            begin = start
        if "\n" in content[start:end]:
            return None
        found = self._position(container, begin)
        if found is None:
            return None
        line, column = found
        return line, column, column + end - begin, replacement

    def _position(self, site: Site, offset: int) -> tuple[int, int] | None:
        """The line and column in the file of a place in an inline site's text."""
        token = site.token
        content = token.content
        if self._is_cell(site):
            line, start, end = self.cell_at[id(token)]
            return (line, start + offset) if self.lines[line][start:end] == content else None
        first = (token.map or (None,))[0]
        if first is None:
            return None
        number = content.count("\n", 0, offset)
        line_start = content.rfind("\n", 0, offset) + 1
        piece = content.split("\n")[number]
        if first + number >= len(self.lines):
            return None
        text = self.lines[first + number]
        if text.endswith(piece):
            at = len(text) - len(piece)
        elif text.rstrip(" \t").endswith(piece):
            at = len(text.rstrip(" \t")) - len(piece)
        elif site.heading and piece and text.count(piece) == 1:
            at = text.find(piece)
        else:
            return None
        return first + number, at + offset - line_start

    # -- pieces --------------------------------------------------------------------------

    def _inline(self, site: Site, share: list[list[Span]], images: list[str]) -> None:
        """A paragraph's, heading's or text line's lines: the first after its prefix."""
        start, end = site.token.map or (None, None)
        if start is None or end is None:
            raise _Unfaithful
        prefix = self._prefix(start, site.token.content)
        if not share:
            self.edits.append(_Edit(start, end, []))
            return
        rendered = markdown_lines(share, self.notes, images)
        if site.heading:
            out = [prefix + " ".join(line.strip() for line in rendered)]
        else:
            follow = _continuation(prefix)
            out = [prefix + rendered[0]]
            for line in rendered[1:]:
                out[-1] += "\\"
                out.append(follow + line)
        self.edits.append(_Edit(start, end, out))

    def _prefix(self, line: int, content: str) -> str:
        text = self.lines[line]
        first = content.lstrip().split("\n", 1)[0]
        at = text.find(first) if first else -1
        if at < 0 or _PREFIX.fullmatch(text[:at]) is None:
            raise _Unfaithful
        return text[:at]

    def _is_cell(self, site: Site) -> bool:
        return id(site.token) in self.cell_at

    def _cell(self, site: Site, share: list[list[Span]], images: list[str]) -> None:
        line, start, end = self.cell_at[id(site.token)]
        text = "<br>".join(markdown_lines(share, self.notes, images)) if share else ""
        self.cells.setdefault(line, []).append((start, end, text))

    def _code(self, site: Site, share: list[list[Span]]) -> None:
        token = site.token
        start = (token.map or (None,))[0]
        if start is None:
            raise _Unfaithful
        code = ["".join(span.text for span in line if span.kind != BREAK) for line in share]
        count = token.content.count("\n")
        if token.type == "fence":
            text = self.lines[start]
            at = text.find(token.markup)
            if at < 0:
                raise _Unfaithful
            prefix = text[:at]
            if any(line.lstrip(" ").startswith(token.markup) for line in code):
                raise _Unfaithful  # a line of the code would close the fence
            first = start + 1
        else:
            text = self.lines[start]
            head = token.content.split("\n", 1)[0]
            if not head or not text.endswith(head):
                raise _Unfaithful
            prefix = text[: len(text) - len(head)]
            first = start
        # A fence may open on a list item's first line ("- ```"): its lines are indented.
        prefix = _continuation(prefix)
        out = [(prefix + line) if line else prefix.rstrip(" \t") for line in code]
        self.edits.append(_Edit(first, first + count, out))

    def _html(self, site: Site, text: str) -> None:
        fragment = site.fragment
        if not isinstance(fragment, HtmlFragment) or fragment.extractor is None:
            raise _Unfaithful
        if site.element is None:
            raise _Unfaithful  # a run of text between the fragment's blocks
        element = site.element
        if isinstance(element, lxml.html.HtmlElement) and element.tag == "img":
            # An image's alt text (a unit of its own): its translation is the alt, set in
            # the tree too in case another block of the same HTML has it written again.
            read = element.get("alt") or ""
            element.set("alt", _plain(text))
            for name, value in list(element.attrib.items()):
                if unsafe_attribute("img", name, value):
                    del element.attrib[name]  # as in the tag itself (alt_edits)
            self.tag_alts.setdefault(id(site.token), (site, []))[1].append((element, read))
            return
        replacer = _Replacer(fragment.extractor)
        if site.element in fragment.extractor.notes:
            replacer.replace_note(site.element, text)
        else:
            replacer.replace(site.element, text)
        self.fragments[id(site.token)] = (site, fragment)

    # -- the file ------------------------------------------------------------------------

    def _alts_in_tags(self, site: Site, images: list[tuple[object, str]]) -> bool:
        """The alts of a raw HTML block's images written into their tags where they stand
        (self.cells), the rest of the block as written; False (nothing done) when a tag
        cannot be found for sure: the block is then written again from its tree."""
        fragment, token = site.fragment, site.token
        if not isinstance(fragment, HtmlFragment) or fragment.root is None:
            return False
        content = token.content
        tags = start_tags(content, "img")
        elements = list(fragment.root.iter("img"))
        first = (token.map or (None,))[0]
        if len(tags) != len(elements) or first is None:
            return False  # the tree and the text do not agree on the images
        pieces = content.split("\n")
        edits = []
        for element, read in images:
            at, end = tags[elements.index(element)]
            tag = content[at:end]
            if attribute(tag, "alt") != read:
                return False
            alt = element.get("alt") or ""  # type: ignore[attr-defined]
            # Each edit of the tag (its alt, an unsafe attribute) on its own line: a tag
            # written over several lines keeps them.
            for start, stop, text in alt_edits(tag, alt):
                start, stop = at + start, at + stop
                if "\n" in content[start:stop]:
                    return False
                number = content.count("\n", 0, start)
                line = first + number
                if line >= len(self.lines) or not self.lines[line].endswith(pieces[number]):
                    return False  # a container's prefix that is not simply cut off
                column = len(self.lines[line]) - len(pieces[number])
                column += start - (content.rfind("\n", 0, start) + 1)
                edits.append((line, column, column + stop - start, text))
        for line, start, end, text in edits:
            self.cells.setdefault(line, []).append((start, end, text))
        return True

    def result(self) -> list[str]:
        lines = list(self.lines)
        for token_id, (site, images) in self.tag_alts.items():
            if token_id not in self.fragments and not self._alts_in_tags(site, images):
                self.fragments[token_id] = (site, site.fragment)  # type: ignore[assignment]
        for site, fragment in self.fragments.values():
            start, end = site.token.map or (None, None)
            if start is None or end is None or fragment.root is None:
                raise _Unfaithful
            prefix = self._prefix(start, site.token.content)
            root = fragment.root
            html = lxml.html.tostring(root, encoding="unicode", method="html")
            inner = html[html.index(">") + 1 : html.rindex("</")]  # the <div> it was put in
            out = inner.removesuffix("\n").split("\n")
            if any(not line.strip() for line in out):
                # A blank line would end the HTML block (lxml may write one where a stray end
                # tag was): white space between elements, left out, except where it is text.
                if root.find(".//pre") is not None or root.find(".//textarea") is not None:
                    raise _Unfaithful
                out = [line for line in out if line.strip()]
            follow = _continuation(prefix)
            self.edits.append(_Edit(start, end, [prefix + out[0]] + [follow + x for x in out[1:]]))
        for number, cells in self.cells.items():
            text = lines[number]
            for start, end, replacement in sorted(cells, reverse=True):
                text = text[:start] + replacement + text[end:]
            lines[number] = text
        last = len(lines) + 1
        for edit in sorted(self.edits, key=lambda e: e.start, reverse=True):
            if edit.end > last or edit.start > edit.end:
                raise _Unfaithful  # two sites over the same lines
            lines[edit.start : edit.end] = edit.lines
            last = edit.start
        return lines


def _plain(markup: str) -> str:
    """An alt's translation as an attribute's text: plain, on one line."""
    return " ".join(to_plain(markup).split())


def _continuation(prefix: str) -> str:
    """The prefix of a block's later lines: its first line's, list markers and a note's
    label as spaces (a note's text is indented by four)."""
    return _MARKER.sub(lambda m: " " * (4 if m.group()[0] == "[" else len(m.group())), prefix)


def _cell_positions(tokens: list[Token], lines: list[str]) -> dict[int, tuple[int, int, int]]:
    """Where each table cell's text stands in its row: id(inline token) -> (line, start,
    end). A row is split at its pipes that no backslash escapes, as markdown-it splits it
    (a pipe in a code span splits too); a leading and a trailing pipe open and close it."""
    found: dict[int, tuple[int, int, int]] = {}
    row: list[Token] = []
    line = -1
    for token in tokens:
        if token.type == "tr_open":
            row, line = [], (token.map or (-1,))[0]
        elif token.type == "inline" and line >= 0:
            row.append(token)
        elif token.type == "tr_close":
            if 0 <= line < len(lines):
                for cell, place in zip(row, _row_cells(lines[line]), strict=False):
                    found[id(cell)] = (line, *place)
            line = -1
    return found


def _row_cells(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's text in a table row, white space around it left out."""
    bounds = [-1] + [m.start() for m in _PIPE.finditer(text)] + [len(text)]
    cells = []
    for number, (left, right) in enumerate(zip(bounds, bounds[1:], strict=False)):
        start, end = left + 1, right
        if number == 0:
            lead = _ROW_PREFIX.match(text, start, end)
            start = lead.end() if lead else start
            if start == end and len(bounds) > 2:
                continue  # the row opens with a pipe
        if number == len(bounds) - 2 and not text[start:end].strip() and len(bounds) > 2:
            continue  # the row closes with a pipe
        while start < end and text[start] in " \t":
            start += 1
        while end > start and text[end - 1] in " \t":
            end -= 1
        cells.append((start, end))
    return cells
