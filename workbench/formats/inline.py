"""Canonical inline markup (text/markup.py) as a flat list of spans, for the writers of
formats without HTML (Word runs, Markdown).

    inline_spans('a <em>b<sup class="fnref">1</sup></em><br>c')
    -> [Span("a "), Span("b", em=True), Span("1", kind="fnref"), Span(kind="br"), Span("c")]

Text is plain (entities decoded); each span carries the formatting around it (emphasis,
strong, code, a link, superscript, subscript, deleted and inserted text). Nesting order
(<em> in <strong> or the reverse) is not kept: it means the same. An inline image's place
(<img>) is a span of kind IMAGE.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from workbench.text.markup import FNREF_CLASS

TEXT = "text"
BREAK = "br"
FNREF = "fnref"
IMAGE = "img"


@dataclass(frozen=True)
class Span:
    text: str = ""
    kind: str = TEXT  # TEXT, BREAK, IMAGE or FNREF (text is then the label)
    em: bool = False
    strong: bool = False
    code: bool = False
    href: str | None = None
    title: str | None = None
    sup: bool = False
    sub: bool = False
    deleted: bool = False  # <del>: struck through
    inserted: bool = False  # <ins>


# The flags that follow simple tags: tag -> Span field.
_FLAGS = {
    "em": "em",
    "strong": "strong",
    "code": "code",
    "sup": "sup",
    "sub": "sub",
    "del": "deleted",
    "ins": "inserted",
}


class _Spans(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[Span] = []
        self.depth = dict.fromkeys(_FLAGS.values(), 0)
        self.sups: list[bool] = []  # per open <sup>: whether it is a footnote reference
        self.links: list[tuple[str | None, str | None]] = []
        self.fnref: list[str] | None = None

    def _span(self, text: str, kind: str = TEXT) -> Span:
        href, title = self.links[-1] if self.links else (None, None)
        flags = {name: depth > 0 for name, depth in self.depth.items()}
        return Span(text, kind, href=href, title=title, **flags)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.fnref is not None:
            return  # a footnote label is plain text
        if tag == "br":
            self.spans.append(self._span("", BREAK))
        elif tag == "img":
            self.spans.append(self._span("", IMAGE))
        elif tag == "sup" and FNREF_CLASS in (dict(attrs).get("class") or "").split():
            self.sups.append(True)
            self.fnref = []
        elif tag in _FLAGS:
            if tag == "sup":
                self.sups.append(False)
            self.depth[_FLAGS[tag]] += 1
        elif tag == "a":
            values = dict(attrs)
            self.links.append((values.get("href"), values.get("title")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "sup" and self.sups and self.sups.pop():
            self.spans.append(Span("".join(self.fnref or []).strip(), FNREF))
            self.fnref = None
        elif self.fnref is not None:
            return
        elif tag in _FLAGS:
            self.depth[_FLAGS[tag]] = max(0, self.depth[_FLAGS[tag]] - 1)
        elif tag == "a" and self.links:
            self.links.pop()

    def handle_data(self, data: str) -> None:
        if self.fnref is not None:
            self.fnref.append(data)
        elif data:
            if (
                self.spans
                and self.spans[-1].kind == TEXT
                and self.spans[-1] == self._span(self.spans[-1].text)
            ):
                self.spans[-1] = self._span(self.spans[-1].text + data)
            else:
                self.spans.append(self._span(data))


def inline_spans(markup: str) -> list[Span]:
    parser = _Spans()
    parser.feed(markup)
    parser.close()
    return parser.spans


def split_lines(spans: list[Span]) -> list[list[Span]]:
    """The spans between line breaks (one list more than there are breaks)."""
    lines: list[list[Span]] = [[]]
    for span in spans:
        if span.kind == BREAK:
            lines.append([])
        else:
            lines[-1].append(span)
    return lines
