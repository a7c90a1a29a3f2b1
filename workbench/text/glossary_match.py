"""Finding glossary terms in a unit's source, and marking them in its inline markup.

Pure Python, no Django. The editor builds one :class:`TermIndex` per page for the document's
language pair (from one query) and calls :meth:`TermIndex.highlight` for each row, so the
cost per row is proportional to the row's length, not to the size of the glossary:

- in languages written with spaces, the text is cut into word tokens and each token start
  looks up the spans of 1..n tokens (n = the longest term, in words) in a dictionary;
- in languages written without spaces (Chinese, Japanese...), each character position looks
  up the substrings of the lengths the glossary's terms have.

Matching is whole-word (a term never matches inside a longer word), leftmost-longest and
non-overlapping, folds runs of white space, and ignores case unless the concept is marked
case-sensitive. Separators inside a term must be the same in the text ("Left Opposition"
does not match "left. Opposition").

The source is markup: matches are looked for in text nodes only, never in tags or attribute
values, and not inside <code>, footnote references (<sup>) or existing <mark>s. A term split
by a tag ("Left <em>Opposition</em>") is not marked.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from workbench.text.checks.langs import NO_SPACE_LANGUAGES, is_spaceless_char
from workbench.text.languages import primary_subtag
from workbench.text.markup import is_fnref, parser_safe

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# Inside these nothing is marked: code is literal, <sup> holds footnote references (a <sup>
# without the fnref class is plain superscript, and marked like any text), <mark> is
# already a highlight. Only elements with an end tag belong here (a void <br> would never
# close the skipped region).
_SKIP_TAGS = frozenset({"code", "sup", "mark", "script", "style"})


@dataclass(frozen=True)
class TermHint:
    """A source-language term to find, and what to say about it where it is found."""

    term: str
    title: str  # the tooltip: the approved translation(s) in the target language
    case_sensitive: bool = False
    ref: object = None  # the caller's handle (e.g. the concept id); matching ignores it


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    hints: tuple[TermHint, ...]  # several concepts may share one source term

    @property
    def title(self) -> str:
        seen: list[str] = []
        for hint in self.hints:
            if hint.title and hint.title not in seen:
                seen.append(hint.title)
        return " / ".join(seen)


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _word_span(term: str) -> str:
    """The part of a term from its first to its last word character: what a match covers."""
    words = list(_WORD.finditer(term))
    if not words:
        return ""
    return term[words[0].start() : words[-1].end()]


def is_spaceless_language(code: str) -> bool:
    return primary_subtag(code) in NO_SPACE_LANGUAGES


class TermIndex:
    """The terms of one glossary for one source language, ready for repeated lookups."""

    def __init__(self, hints: Iterable[TermHint], *, spaceless: bool = False):
        self.spaceless = spaceless
        self._exact: dict[str, list[TermHint]] = {}
        self._folded: dict[str, list[TermHint]] = {}
        self._max_words = 0
        self._lengths: set[int] = set()
        self._starts: dict[str, set[int]] = {}
        for hint in hints:
            key = _normalise(hint.term if spaceless else _word_span(hint.term))
            if not key:
                continue
            if hint.case_sensitive:
                self._exact.setdefault(key, []).append(hint)
            else:
                self._folded.setdefault(key.casefold(), []).append(hint)
            self._max_words = max(self._max_words, len(_WORD.findall(key)))
            self._lengths.add(len(key))
            # The spaceless search only tries, at each position, the lengths of the terms
            # that can start there (keyed by first character, composed and decomposed).
            folded = key if hint.case_sensitive else key.casefold()
            for first in {folded[0], unicodedata.normalize("NFD", folded)[0]}:
                self._starts.setdefault(first, set()).add(len(key))
        self._lengths_desc = sorted(self._lengths, reverse=True)
        self._starts_desc = {c: sorted(ls, reverse=True) for c, ls in self._starts.items()}

    def __bool__(self) -> bool:
        return bool(self._exact or self._folded)

    def _lookup(self, span: str) -> tuple[TermHint, ...]:
        key = _normalise(span)
        found = list(self._exact.get(key, ()))
        found.extend(self._folded.get(key.casefold(), ()))
        return tuple(found)

    def find(self, text: str) -> list[TermMatch]:
        """Matches in plain text, in order, leftmost-longest, never overlapping."""
        if not self or not text:
            return []
        return self._find_spaceless(text) if self.spaceless else self._find_words(text)

    def _find_words(self, text: str) -> list[TermMatch]:
        tokens = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        matches: list[TermMatch] = []
        i = 0
        while i < len(tokens):
            for width in range(min(self._max_words, len(tokens) - i), 0, -1):
                start, end = tokens[i][0], tokens[i + width - 1][1]
                hints = self._lookup(text[start:end])
                if hints:
                    matches.append(TermMatch(start, end, hints))
                    i += width
                    break
            else:
                i += 1
        return matches

    def _find_spaceless(self, text: str) -> list[TermMatch]:
        matches: list[TermMatch] = []
        i = 0
        while i < len(text):
            for length in self._start_lengths(text[i]):
                end = i + length
                if end > len(text):
                    continue
                hints = self._lookup(text[i:end]) if self._bounded(text, i, end) else ()
                if hints:
                    matches.append(TermMatch(i, end, hints))
                    i = end
                    break
            else:
                i += 1
        return matches

    def _start_lengths(self, char: str) -> list[int]:
        """The lengths of the terms that may match at a position holding `char`, longest
        first: a linear search in text, not (text length x number of term lengths)."""
        if char.isspace():
            return self._lengths_desc  # a span's outer space is stripped before the lookup
        lengths = self._starts_desc.get(char)
        folded = self._starts_desc.get(char.casefold()[:1])
        if lengths is None or folded is None or lengths is folded:
            return lengths or folded or []
        return sorted({*lengths, *folded}, reverse=True)

    @staticmethod
    def _bounded(text: str, start: int, end: int) -> bool:
        # Han or kana may touch anything; a Latin term inside Japanese text ("Trotsky") must
        # still not match the middle of a longer Latin word.
        def latin_word_char(char: str) -> bool:
            return char.isalnum() and not is_spaceless_char(char)

        if start > 0 and latin_word_char(text[start]) and latin_word_char(text[start - 1]):
            return False
        if end < len(text) and latin_word_char(text[end - 1]) and latin_word_char(text[end]):
            return False
        return True

    def highlight(self, markup: str) -> str:
        """`markup` with each match in a text node wrapped in <mark class="term" title=...>.

        Tags and attributes are copied as they are; text is re-escaped, so the result is as
        safe as the input (the caller passes sanitised markup)."""
        if not self or not markup:
            return markup
        out: list[str] = []
        for kind, value in _walk(markup):
            if kind != _TEXT:
                out.append(value)
                continue
            pos = 0
            for match in self.find(value):
                out.append(html.escape(value[pos : match.start], quote=False))
                out.append(
                    f'<mark class="term" title="{html.escape(match.title, quote=True)}">'
                    f"{html.escape(value[match.start : match.end], quote=False)}</mark>"
                )
                pos = match.end
            out.append(html.escape(value[pos:], quote=False))
        return "".join(out)

    def present(self, markup: str) -> list[TermHint]:
        """The hints whose terms occur in the text of `markup`, once each, in order."""
        if not self or not markup:
            return []
        found: list[TermHint] = []
        for kind, value in _walk(markup):
            if kind != _TEXT:
                continue
            for match in self.find(value):
                for hint in match.hints:
                    if hint not in found:
                        found.append(hint)
        return found


_TEXT = "text"
_RAW = "raw"  # markup copied unchanged: tags, comments, and text where nothing is marked


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, str]] = []
        self.skip_depth = 0
        self.sups: list[bool] = []  # per open <sup>: whether it is a footnote reference

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append((_RAW, self.get_starttag_text() or ""))
        if tag == "sup":
            # A footnote reference is skipped, plain superscript ("1<sup>st</sup>") is text.
            is_ref = is_fnref(attrs)
            self.sups.append(is_ref)
            if is_ref:
                self.skip_depth += 1
        elif tag in _SKIP_TAGS:
            self.skip_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append((_RAW, self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        self.parts.append((_RAW, f"</{tag}>"))
        if tag == "sup":
            if self.sups.pop() if self.sups else False:
                self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            self.parts.append((_RAW, html.escape(data, quote=False)))
        else:
            self.parts.append((_TEXT, data))

    def handle_comment(self, data: str) -> None:
        self.parts.append((_RAW, f"<!--{data}-->"))


def _walk(markup: str) -> Iterator[tuple[str, str]]:
    walker = _Walker()
    walker.feed(parser_safe(markup))  # linear on any input (see markup.parser_safe)
    walker.close()
    # Adjacent text pieces (the parser may split text at a stray "<") are joined, so a term is
    # never missed because of where the parser cut.
    pending: list[str] = []
    for kind, value in walker.parts:
        if kind == _TEXT:
            pending.append(value)
            continue
        if pending:
            yield _TEXT, "".join(pending)
            pending = []
        yield kind, value
    if pending:
        yield _TEXT, "".join(pending)


def build_index(hints: Sequence[TermHint], source_language: str) -> TermIndex:
    """A TermIndex with the matching mode the source language needs."""
    return TermIndex(hints, spaceless=is_spaceless_language(source_language))
