"""Just enough of the inline markup for the checks: plain text, tags, links, footnote labels.

Kept here rather than shared with text/markup.py on purpose: the checks must judge what a
translator typed, unbalanced tags included, while a sanitiser would repair them first. So this
reads with the stdlib tokenizer (which never rebalances) and records balance errors itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from workbench.text.markup import parser_safe

VOID_TAGS = frozenset({"br", "wbr", "img", "hr"})
# Stands for the content of <code> in `prose`: code is not prose, so quote and punctuation
# checks must not see its quotes or spaces; one opaque character keeps the boundaries.
CODE_PLACEHOLDER = "\ufffc"


@dataclass(frozen=True)
class ParsedText:
    plain: str  # text without tags, entities decoded, footnote labels dropped, <br> as "\n"
    prose: str  # `plain` with each <code> element as CODE_PLACEHOLDER
    footnotes: tuple[str, ...]  # footnote reference labels, in order
    # elements other than <br> and footnote references (<img> included); shared, read only
    tags: Counter[str]
    hrefs: tuple[str, ...]  # href of each <a>, in order
    # ("unclosed" | "stray-close" | "misnested", tag name), in order of discovery
    balance_errors: tuple[tuple[str, str], ...]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.plain: list[str] = []
        self.prose: list[str] = []
        self.footnotes: list[str] = []
        self.tags: Counter[str] = Counter()
        self.hrefs: list[str] = []
        self.errors: list[tuple[str, str]] = []
        self.stack: list[str] = []
        self.footnote: list[str] | None = None  # label being read inside <sup class="fnref">
        self.code_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.footnote is not None:
            # Markup inside a footnote reference (e.g. a link to the note) is part of the
            # reference, not of the text: it is not counted, and its end tag is ignored.
            return
        attributes = dict(attrs)
        if tag in VOID_TAGS:
            if tag == "br":
                self.plain.append("\n")
                self.prose.append("\n")
            elif tag == "img":
                self.tags[tag] += 1  # an inline image's place: the translation keeps it
            return
        classes = (attributes.get("class") or "").split()
        if tag == "sup" and "fnref" in classes and self.footnote is None:
            self.footnote = []
            self.stack.append("sup.fnref")
            return
        self.stack.append(tag)
        self.tags[tag] += 1
        if tag == "a":
            self.hrefs.append((attributes.get("href") or "").strip())
        if tag == "code":
            if self.code_depth == 0:
                self.prose.append(CODE_PLACEHOLDER)
            self.code_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <em/> and friends: an empty element, balanced by definition.
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if self.footnote is not None:
            if tag != "sup":
                return
            tag = "sup.fnref"
        if tag not in self.stack:
            self.errors.append(("stray-close", tag))
            return
        # Close out of order: the elements opened inside and left open are misnested.
        while self.stack:
            top = self.stack.pop()
            self._closed(top)
            if top == tag:
                break
            self.errors.append(("misnested", _display(top)))

    def _closed(self, tag: str) -> None:
        if tag == "sup.fnref" and self.footnote is not None:
            self.footnotes.append("".join(self.footnote).strip())
            self.footnote = None
        elif tag == "code":
            self.code_depth = max(0, self.code_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.footnote is not None:
            self.footnote.append(data)
            return
        self.plain.append(data)
        if self.code_depth == 0:
            self.prose.append(data)

    def finish(self) -> None:
        self.close()
        while self.stack:
            top = self.stack.pop()
            self._closed(top)
            self.errors.append(("unclosed", _display(top)))


def _display(tag: str) -> str:
    return "sup" if tag == "sup.fnref" else tag


_TAG_RE = re.compile(r"<[^<>]*+>")


@lru_cache(maxsize=2048)
def parse(text: str) -> ParsedText:
    """Read `text`; cached because every check of a unit reads the same two texts."""
    reader = _Reader()
    try:
        # parser_safe: a "<" that starts no tag is text; html.parser alone rescans to the end
        # of the text from each such "<", and a translator's text may hold any number.
        reader.feed(parser_safe(text))
        reader.finish()
    except Exception:  # the stdlib tokenizer has raised on odd input in the past
        # A text the tokenizer cannot read is judged as plain text: the checks still run, and
        # the markup check reports the difference from the (sanitised) source.
        stripped = _TAG_RE.sub("", text)
        return ParsedText(stripped, stripped, (), Counter(), (), (("unreadable", "markup"),))
    return ParsedText(
        plain="".join(reader.plain),
        prose="".join(reader.prose),
        footnotes=tuple(reader.footnotes),
        tags=reader.tags,
        hrefs=tuple(reader.hrefs),
        balance_errors=tuple(reader.errors),
    )
