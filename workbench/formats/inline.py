"""Canonical inline markup (text/markup.py) as a flat list of spans, for the writers of
formats without HTML (Word runs, Markdown).

    inline_spans('a <em>b<sup class="fnref">1</sup></em><br>c')
    -> [Span("a "), Span("b", em=True), Span("1", kind="fnref"), Span(kind="br"), Span("c")]

Text is plain (entities decoded); each span carries the formatting around it. Nesting order
(<em> in <strong> or the reverse) is not kept: it means the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from workbench.text.markup import FNREF_CLASS

TEXT = "text"
BREAK = "br"
FNREF = "fnref"


@dataclass(frozen=True)
class Span:
    text: str = ""
    kind: str = TEXT  # TEXT, BREAK or FNREF (text is then the label)
    em: bool = False
    strong: bool = False
    code: bool = False
    href: str | None = None
    title: str | None = None


class _Spans(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[Span] = []
        self.em = self.strong = self.code = 0
        self.links: list[tuple[str | None, str | None]] = []
        self.fnref: list[str] | None = None

    def _span(self, text: str, kind: str = TEXT) -> Span:
        href, title = self.links[-1] if self.links else (None, None)
        return Span(text, kind, self.em > 0, self.strong > 0, self.code > 0, href, title)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.spans.append(self._span("", BREAK))
        elif tag == "em":
            self.em += 1
        elif tag == "strong":
            self.strong += 1
        elif tag == "code":
            self.code += 1
        elif tag == "a":
            values = dict(attrs)
            self.links.append((values.get("href"), values.get("title")))
        elif tag == "sup" and FNREF_CLASS in (dict(attrs).get("class") or "").split():
            self.fnref = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "em":
            self.em = max(0, self.em - 1)
        elif tag == "strong":
            self.strong = max(0, self.strong - 1)
        elif tag == "code":
            self.code = max(0, self.code - 1)
        elif tag == "a" and self.links:
            self.links.pop()
        elif tag == "sup" and self.fnref is not None:
            self.spans.append(Span("".join(self.fnref).strip(), FNREF))
            self.fnref = None

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
