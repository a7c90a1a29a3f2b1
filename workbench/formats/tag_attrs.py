"""An HTML start tag's attributes read and rewritten in its own text, so that writing one
attribute (an image's translated alt) leaves the rest of the tag as the author wrote it:
quotes, order, case, `/>`, entities. Used where raw HTML stands in a file that is written
back byte for byte (formats/markdown_into.py).

Attributes are split as the HTML tokenizer splits them (a name runs to white space, `/`,
`>` or `=`; a value is quoted or runs to white space or `>`), which covers CommonMark's
stricter raw-HTML grammar too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["alt_edits", "attribute", "start_tags", "unsafe_attribute", "with_alt"]

_NAME = re.compile(r"<[A-Za-z][^\s/>]*")
_GAP = re.compile(r"[\s/]*")
_ATTR_NAME = re.compile(r"[^\s/>][^\s/>=]*")
_VALUE = re.compile(r"""\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)""")


@dataclass(frozen=True)
class _Attr:
    name: str  # lower case
    start: int  # where the attribute (its name) starts in the tag
    end: int  # where it ends (after its value, if any)
    value: str  # decoded ("" for a name alone)


def _attributes(tag: str) -> list[_Attr]:
    found = _NAME.match(tag)
    if found is None:
        return []
    out: list[_Attr] = []
    pos = found.end()
    while True:
        gap = _GAP.match(tag, pos)
        pos = gap.end() if gap else pos
        name = _ATTR_NAME.match(tag, pos)
        if name is None:
            return out
        end = name.end()
        value = ""
        has = _VALUE.match(tag, end)
        if has is not None:
            end = has.end()
            raw = has.group(1)
            value = html.unescape(raw[1:-1] if raw[:1] in "\"'" and len(raw) > 1 else raw)
        out.append(_Attr(name.group().lower(), name.start(), end, value))
        pos = end


def attribute(tag: str, name: str) -> str | None:
    """The decoded value of the tag's attribute `name` (the first one, as HTML reads a
    repeated attribute); None when the tag has none."""
    name = name.lower()
    return next((a.value for a in _attributes(tag) if a.name == name), None)


URL_ATTRIBUTES = frozenset(
    ("href", "src", "action", "formaction", "longdesc", "lowsrc", "dynsrc", "background",
     "poster", "data", "cite", "xlink:href")
)  # fmt: skip
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def unsafe_attribute(element: str, name: str, value: str) -> bool:
    """Whether an attribute runs or navigates by itself: an event handler, a javascript: or
    vbscript: URL (browsers drop white space and controls inside a scheme: "java\tscript:"),
    a data: URL but an image's source, a javascript: candidate in an image's srcset."""
    name = name.lower()
    if name.startswith("on"):
        return True
    url = _URL_NOISE.sub("", value).lower()
    if name in URL_ATTRIBUTES:
        if url.startswith(("javascript:", "vbscript:")):
            return True
        if url.startswith("data:"):
            return name != "src" or not url.startswith("data:image/")
    return element == "img" and name == "srcset" and "javascript:" in url


def alt_edits(tag: str, alt: str) -> list[tuple[int, int, str]]:
    """The edits (start, end, text) of an <img> tag's own text, in order, that set its alt
    to `alt` (double-quoted and escaped, so no value leaves its attribute: the first alt, as
    HTML reads a repeated one; added after the element's name if it has none) and leave out
    what would run or navigate (unsafe_attribute). Everything else stays as written."""
    found = _NAME.match(tag)
    if found is None:
        raise ValueError("not a start tag")
    element = found.group()[1:].lower()
    written = f'alt="{html.escape(alt, quote=True)}"'
    edits: list[tuple[int, int, str]] = []
    has_alt = False
    for attr in _attributes(tag):
        if attr.name == "alt" and not has_alt:
            edits.append((attr.start, attr.end, written))
            has_alt = True
        elif unsafe_attribute(element, attr.name, attr.value):
            start, end = attr.start, attr.end
            while tag[start - 1] in " \t":  # the white space before it on its line too
                start -= 1
            if tag[start - 1] == "\n":
                # Alone on its line: the line goes (a blank line would end an HTML block).
                while tag[end] in " \t":
                    end += 1
                end += tag[end] == "\n"
            edits.append((start, end, ""))
    if not has_alt:
        edits.insert(0, (found.end(), found.end(), " " + written))
    return edits


def with_alt(tag: str, alt: str) -> str:
    """The tag with alt_edits made."""
    for start, end, text in reversed(alt_edits(tag, alt)):
        tag = tag[:start] + text + tag[end:]
    return tag


# What a scan for start tags stops at: a comment, an end tag, a doctype or other "bogus
# comment" (`</...>`, `<!...>`, `<?...>`: up to the next `>`), a script or style element (their
# text is not markup), or a start tag.
_OPENING = re.compile(r"<(!--|/|!|\?|(?:script|style)(?=[\s/>])|[A-Za-z])", re.IGNORECASE)


def _tag_end(text: str, start: int) -> int | None:
    """Where the start tag at `start` ends (after its `>`; a `>` inside a quoted value does
    not end it), None when the text ends first."""
    found = _NAME.match(text, start)
    if found is None:
        return None
    pos = found.end()
    while pos < len(text):
        pos = _GAP.match(text, pos).end()  # type: ignore[union-attr]  # `*`: always matches
        if text.startswith(">", pos):
            return pos + 1
        name = _ATTR_NAME.match(text, pos)
        if name is None:
            return None
        value = _VALUE.match(text, name.end())
        pos = value.end() if value is not None else name.end()
    return None


def start_tags(text: str, name: str) -> list[tuple[int, int]]:
    """(start, end) of each start tag `name` in a piece of HTML, in order; tags inside
    comments, <script> and <style> are not tags, and a tag the text ends inside is none (as
    the HTML tokenizer has it). One pass, each character read a bounded number of times:
    Python's html.parser took 11 s on a 400 KB run of "</" and 26 s on 60 KB of "<a "."""
    name = name.lower()
    lower = text.lower()
    out: list[tuple[int, int]] = []
    pos = 0
    while (found := _OPENING.search(text, pos)) is not None:
        what = found.group(1).lower()
        if what == "!--":
            end = text.find("-->", found.end())
            if end < 0:
                break
            pos = end + 3
        elif what in ("/", "!", "?"):
            end = text.find(">", found.end())
            if end < 0:
                break
            pos = end + 1
        elif what in ("script", "style"):
            end = lower.find(f"</{what}", found.end())
            if end < 0:
                break
            pos = end
        else:
            tag_end = _tag_end(text, found.start())
            if tag_end is None:
                break
            tag = _NAME.match(text, found.start())
            if tag is not None and tag.group()[1:].lower() == name:
                out.append((found.start(), tag_end))
            pos = tag_end
    return out
