"""The translated document as Markdown (CommonMark with footnotes), rebuilt from its units.

    export_markdown(units, texts, front_matter="") -> bytes

The title is `# `, headings `#`..`######` by level, consecutive block-quote paragraphs one
`>` quote, consecutive list items one `-` list, footnotes `[^label]: ...` definitions at the
end with `[^label]` references; emphasis, strong, code and links become `*`, `**`, backticks
and `[text](<url> "title")`; deleted text `~~` (or `<del>`), superscript, subscript and
inserted text raw `<sup>`, `<sub>`, `<ins>`; line breaks are hard breaks (a backslash at
the line's end); a paragraph that is all code with line breaks (an imported code block) is
a fenced block again. Markdown's special characters in the text are escaped with a
backslash, so the text reads back as the same text; where a `*` would not open or close
emphasis (next to punctuation) the emphasis is written as `<em>`/`<strong>`, which the
importer reads too.

The front matter (metadata, not translated) comes back first, exactly as it was written.
Importing the result gives the same units (kinds, levels, footnote labels) with these texts
(formats/importers/md.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from workbench.formats.inline import BREAK, FNREF, IMAGE, Span, inline_spans, split_lines
from workbench.text.markup import fnref
from workbench.text.records import (
    KIND_BLOCKQUOTE,
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_LIST_ITEM,
    KIND_TITLE,
    UnitRecord,
)

__all__ = ["export_markdown"]

# Backslash-escaped wherever they are: a backslash escape of any ASCII punctuation is
# CommonMark, so escaping more than needed costs nothing but looks.
_ALWAYS = set("\\`*_[]<>!&|~")
# Only at the start of a line: headings, quotes, list markers, thematic breaks, setext.
_LINE_START = re.compile(r"^([#>+=-]|\d{1,9}(?=[.)]))")
_FENCE_RUN = re.compile(r"`+")
_URL_UNSAFE = re.compile(r"[<>\s\\]")
# A footnote label Markdown can write: no white space, brackets or backslash.
_LABEL = re.compile(r"^[^\s\[\]\\^]+$")


def _escape(text: str) -> str:
    return "".join("\\" + c if c in _ALWAYS else c for c in text)


def _escape_line_start(line: str) -> str:
    """Escape what would make a line a heading, quote, list item or break."""
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group(1)[0].isdigit():
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def _is_punct(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "PS"


def _flanking(before: str, inner: str, after: str) -> bool:
    """Whether `*inner*` between `before` and `after` (one character each, "" at an edge)
    is emphasis for CommonMark: left-flanking opener, right-flanking closer."""
    if not inner or inner[0].isspace() or inner[-1].isspace():
        return False
    first, last = inner[0], inner[-1]
    if _is_punct(first) and before and not (before.isspace() or _is_punct(before)):
        return False
    return not (_is_punct(last) and after and not (after.isspace() or _is_punct(after)))


def _code(text: str) -> str:
    longest = max((len(m) for m in _FENCE_RUN.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class _Inline:
    """One line of spans (no breaks) as Markdown: grouped outside in by link, strong,
    emphasis; code and text are the leaves."""

    def __init__(
        self, spans: Sequence[Span], notes: Mapping[str, str], images: list[str] | None = None
    ) -> None:
        self.spans = list(spans)
        self.notes = notes  # the document's footnotes: label shown -> label written
        # Markdown for the <img> places, in order, taken as they are met (markdown_into: the
        # images as the file wrote them); None or none left: a place is nothing.
        self.images = images

    def render(self) -> str:
        out: list[str] = []
        i, end = 0, len(self.spans)
        while i < end:
            href = self.spans[i].href
            j = i
            while j < end and self.spans[j].href == href:
                j += 1
            if href:
                text = self._group(i, j, "strong", "[", "]")
                title = self.spans[i].title
                url = href
                if _URL_UNSAFE.search(href) or not href:
                    escaped = href.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
                    url = f"<{escaped}>"
                extra = ""
                if title:
                    extra = ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
                out.append(f"[{text}]({url}{extra})")
            else:
                right = self._edge(j, end)
                out.append(self._group(i, j, "strong", "".join(out)[-1:], right))
            i = j
        return "".join(out)

    def _edge(self, j: int, end: int) -> str:
        """The first character the spans from j will be written with ("" past the end)."""
        if j >= end or j >= len(self.spans):
            return ""
        span = self.spans[j]
        if span.kind == FNREF or span.href:
            return "["
        if span.kind == IMAGE:
            return "!" if self.images else ""
        if span.em or span.strong:
            return "*"
        if span.code:
            return "`"
        return span.text[:1]

    def _group(self, start: int, end: int, which: str, before: str, after: str) -> str:
        """Spans start..end grouped by `which` ("strong", then "em"); the characters
        written just before and after them are `before` and `after`."""
        out: list[str] = []
        i = start
        while i < end:
            on = getattr(self.spans[i], which)
            j = i
            while j < end and getattr(self.spans[j], which) == on:
                j += 1
            left = "".join(out)[-1:] if out else before
            right = self._edge(j, end) if j < end else after
            if which == "strong":
                inner = self._group(i, j, "em", "*" if on else left, "*" if on else right)
            else:
                inner = self._leaves(i, j)
            if on:
                marker = "**" if which == "strong" else "*"
                if _flanking(left, inner, right) and "*" not in (
                    left,
                    right,
                    inner[:1],
                    inner[-1:],
                ):
                    out.append(f"{marker}{inner}{marker}")
                else:
                    out.append(f"<{which}>{inner}</{which}>")
            else:
                out.append(inner)
            i = j
        return "".join(out)

    def _leaves(self, start: int, end: int) -> str:
        """Spans start..end in runs of the same superscript, subscript, deleted and inserted
        marks: deleted text as `~~..~~` (raw `<del>` where the tildes might not read back),
        the others as raw HTML, which CommonMark keeps and the importer reads."""
        out: list[str] = []
        i = start
        while i < end:
            marks = _marks(self.spans[i])
            j = i
            while j < end and _marks(self.spans[j]) == marks:
                j += 1
            inner = self._plain_leaves(i, j)
            sup, sub, deleted, inserted = marks
            for on, tag in ((sup, "sup"), (sub, "sub"), (inserted, "ins")):
                if on:
                    inner = f"<{tag}>{inner}</{tag}>"
            if deleted:
                if inner[:1].isalnum() and inner[-1:].isalnum():
                    inner = f"~~{inner}~~"
                else:
                    inner = f"<del>{inner}</del>"
            out.append(inner)
            i = j
        return "".join(out)

    def _plain_leaves(self, start: int, end: int) -> str:
        out: list[str] = []
        for span in self.spans[start:end]:
            if span.kind == IMAGE:
                if self.images:
                    out.append(self.images.pop(0))
                continue  # else an image's place in an HTML page: nothing to show here
            if span.kind == FNREF and span.text in self.notes:
                out.append(f"[^{self.notes[span.text]}]")
            elif span.kind == FNREF:
                # No note of that label: "[^x]" would be read as text; the importer reads
                # the reference's own markup.
                out.append(fnref(span.text))
            elif span.code:
                out.append(_code(span.text))
            else:
                out.append(_escape(span.text))
        return "".join(out)


def _marks(span: Span) -> tuple[bool, bool, bool, bool]:
    return span.sup, span.sub, span.deleted, span.inserted


def _lines(markup: str, notes: Mapping[str, str]) -> list[str]:
    """The unit's text as Markdown lines (one per line break), line starts escaped."""
    return markdown_lines(split_lines(inline_spans(markup)), notes)


def markdown_lines(
    lines: Sequence[Sequence[Span]], notes: Mapping[str, str], images: list[str] | None = None
) -> list[str]:
    """Lines of spans (formats/inline.split_lines) as Markdown, line starts escaped; a
    footnote reference whose label `notes` maps is written `[^written label]`; the <img>
    places take the Markdown of `images` in order (those used are taken off the list)."""
    return [_keep_ends(_escape_line_start(_Inline(line, notes, images).render())) for line in lines]


def markdown_text(lines: Sequence[Sequence[Span]]) -> str:
    """Lines of spans as the text of an image's alt (`![...]`), one line, `[`, `]`, `\\`
    and the other special characters escaped."""
    return " ".join(_Inline(line, {}).render().strip() for line in lines).strip()


def _keep_ends(line: str) -> str:
    """White space other than spaces and tabs (a no-break space) at either end of a line, as
    character references: Markdown strips a paragraph's line ends, and the importer any
    white space there."""
    body = line.strip()
    if body == line.strip(" \t"):
        return line
    start = line.index(body[:1]) if body else len(line)
    end = start + len(body)
    head = "".join(c if c in " \t" else f"&#{ord(c)};" for c in line[:start])
    tail = "".join(c if c in " \t" else f"&#{ord(c)};" for c in line[end:])
    return head + body + tail


def _code_block(markup: str) -> str | None:
    """A unit that is one <code> with line breaks (an imported code block), as a fence."""
    spans = inline_spans(markup)
    if not any(s.kind == BREAK for s in spans):
        return None
    if not all(s.kind == BREAK or (s.code and not s.href and s.kind != FNREF) for s in spans):
        return None
    if any(s.em or s.strong for s in spans):
        return None
    text = "\n".join("".join(s.text for s in line) for line in split_lines(spans))
    longest = max((len(m) for m in _FENCE_RUN.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _join(lines: list[str], prefix: str, indent: str) -> str:
    """Lines joined by hard breaks: the first after `prefix`, the others after `indent`."""
    out = prefix + lines[0]
    for line in lines[1:]:
        out += "\\\n" + indent + line
    return out


def export_markdown(
    units: Sequence[UnitRecord], texts: Sequence[str], front_matter: str = ""
) -> bytes:
    """Markdown of `texts[i]` (markup) laid out by `units[i]` (kind, level, label)."""
    blocks: list[str] = []
    notes: list[str] = []
    labels = {u.label: u.label for u in units if u.kind == KIND_FOOTNOTE and _LABEL.match(u.label)}
    group = ""  # the kind whose run of blocks is open (a quote, a list)
    for unit, text in zip(units, texts, strict=True):
        kind = unit.kind
        fenced = _code_block(text) if kind not in (KIND_TITLE, KIND_HEADING) else None
        lines = _lines(text, labels)
        if kind == KIND_FOOTNOTE and unit.label in labels:
            notes.append(_join(lines, f"[^{unit.label}]: ", "    "))
            continue
        if kind == KIND_TITLE or kind == KIND_HEADING:
            level = 1 if kind == KIND_TITLE else min(max(unit.level, 1), 6)
            # A heading is one line: a break inside becomes a space.
            block = "#" * level + " " + " ".join(line.strip() for line in lines)
        elif kind == KIND_BLOCKQUOTE:
            body = fenced.replace("\n", "\n> ") if fenced else _join(lines, "", "> ")
            block = "> " + body
            if group == KIND_BLOCKQUOTE:
                blocks[-1] += "\n>\n" + block
                continue
        elif kind == KIND_LIST_ITEM:
            body = fenced.replace("\n", "\n  ") if fenced else _join(lines, "", "  ")
            block = "- " + body
            if group == KIND_LIST_ITEM:
                blocks[-1] += "\n" + block
                continue
        else:
            block = fenced or _join(lines, "", "")
        group = kind
        blocks.append(block)
        if kind not in (KIND_BLOCKQUOTE, KIND_LIST_ITEM):
            group = ""
    out = "\n\n".join(blocks + notes) + "\n"
    if front_matter:
        head = front_matter if front_matter.endswith("\n") else front_matter + "\n"
        out = head + "\n" + out
    return out.encode("utf-8")
