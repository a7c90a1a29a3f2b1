"""Inline markup as short readable tokens for the translation box, and back.

Stored units hold sanitised inline markup (text/markup.py). A translator never sees or types
that HTML: the editor shows a translation as tokens and turns what is typed back into markup.

    [1]            footnote reference 1, when the source has a footnote reference "1"
    [^label]       any footnote reference (a label the source does not have, or not a number)
    *text*         emphasis (<em>)
    **text**       strong (<strong>)
    `text`         code
    {1}text{/1}    link 1 of the source (links are numbered in source order); a link that
                   only the translation has is numbered after the source's links
    {i} {b} {c}    explicit emphasis, strong and code, with {/i} {/b} {/c}: the unambiguous
                   spelling used when stars would be read differently (see to_tokens)
    {sup}text{/sup} {sub}text{/sub} {del}text{/del} {ins}text{/ins}
                   superscript, subscript, deleted (struck) and inserted text
    {img}          an inline image of the source, kept where the token stands
    a line break   <br>
    \\x            the character x as text, for x one of  \\ * ` [ { ] }  and a line break

Everything else is text: "<", ">" and "&" typed in the box are characters, never markup.

`to_tokens(markup, source=...)` and `from_tokens(tokens, source=...)` are inverse on the
gate's canonical output: from_tokens(to_tokens(m)) == m for every sanitised m (property
tests in tests/text/test_placeables.py). to_tokens first writes the readable form (stars,
few backslashes) and checks that it reads back; when it would not (emphasis inside strong
written "***", a star that looks like a multiplication sign), it writes the explicit form,
which always does. Both functions are linear in their input.

`placeables(source)` lists what a translator can insert from the source: footnote references,
emphasis, strong, code, links and numbers, each with the tokens it inserts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from workbench.text import markup as _markup

# A footnote label written "[^label]" is at most this long (labels are "1", "a", "*", "iv").
MAX_LABEL = 200


@dataclass(frozen=True)
class Link:
    href: str
    title: str = ""


@dataclass(frozen=True)
class Placeable:
    """Something of the source a translator can insert: `before` goes before the selection
    and `after` after it (`after` is "" for a footnote reference or a number)."""

    # "footnote", "emphasis", "strong", "code", "link", "superscript", "subscript",
    # "deleted", "inserted", "image", "number"
    kind: str
    before: str
    after: str
    label: str  # what the source shows: the footnote label, the span's text, the number


_Event = tuple[str, str, dict[str, str]]  # ("start"|"end"|"text", tag or text, attributes)


class _Events(HTMLParser):
    """Sanitised markup as a flat list of events (footnote references as one "fnref")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[_Event] = []
        self._label: list[str] | None = None
        self._sups: list[bool] = []  # per open <sup>: whether it is a footnote reference

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self._label is not None:
            return
        if tag == "sup":
            is_ref = _markup.FNREF_CLASS in values.get("class", "").split()
            self._sups.append(is_ref)
            if is_ref:
                self._label = []
                return
        if tag == "br":
            self.events.append(("text", "\n\0br", {}))  # marker, split below
            return
        if tag == "img":
            self.events.append(("img", "", {}))
            return
        self.events.append(("start", tag, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img") and not (tag == "sup" and self._label is not None):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "sup" and self._label is not None:
            if self._sups and self._sups.pop():
                self.events.append(("fnref", "".join(self._label).strip(), {}))
                self._label = None
            return
        if self._label is not None or tag in ("br", "img"):
            return
        if tag == "sup" and self._sups:
            self._sups.pop()
        self.events.append(("end", tag, {}))

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label.append(data)
        else:
            self.events.append(("text", data, {}))


def _events(markup: str) -> list[_Event]:
    parser = _Events()
    # Sanitised markup: _drive's fast path; anything else is made parser-safe first.
    _markup._drive(parser, markup, tame=True)
    out: list[_Event] = []
    for kind, value, attrs in parser.events:
        if kind == "text" and value == "\n\0br":
            out.append(("br", "", {}))
        elif kind == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + value, {})
        else:
            out.append((kind, value, attrs))
    return out


MARKUP_KINDS = ("fnref", "em", "strong", "a", "code", "sup", "sub", "del", "ins", "img")


def markup_counts(markup: str) -> dict[str, int]:
    """How many footnote references, emphasis, strong, link and code spans a text has: what a
    reviewer wants named when a change is (also) one of markup, which a diff of tokens shows
    only as brackets and backslashes."""
    counts = dict.fromkeys(MARKUP_KINDS, 0)
    for kind, value, _attrs in _events(markup):
        if kind in ("fnref", "img"):
            counts[kind] += 1
        elif kind == "start" and value in counts:
            counts[value] += 1
    return counts


def _link_of(attrs: dict[str, str]) -> Link:
    return Link(attrs.get("href", ""), attrs.get("title", ""))


def links_table(source: str, current: str = "") -> list[Link]:
    """The numbering of {n} link tokens: the source's distinct links in order, then the links
    of `current` (the translation being edited) that the source does not have."""
    table: list[Link] = []
    for markup in (source, current):
        if "<a " not in markup:
            continue
        for kind, tag, attrs in _events(markup):
            if kind == "start" and tag == "a" and _link_of(attrs) not in table:
                table.append(_link_of(attrs))
    return table


def source_refs(source: str) -> set[str]:
    return set(_markup.footnote_refs(source)) if "fnref" in source else set()


# ---------------------------------------------------------------------------------------
# markup -> tokens

_SPECIALS = "\\*`[{]}"
_NUMBERED_NAME = {"em": "i", "strong": "b", "code": "c"}
# Written by name only ({sup}..{/sup}), in both forms.
_NAMED = ("sup", "sub", "del", "ins")
_NAMED_KIND = {"sup": "superscript", "sub": "subscript", "del": "deleted", "ins": "inserted"}
_STARS = {"em": "*", "strong": "**", "code": "`"}


def _escape_label(label: str) -> str:
    return re.sub(r"([\\\[\]\n])", r"\\\1", label)


def _escape_explicit(text: str) -> str:
    return re.sub(r"([\\*`\[{\]}\n])", r"\\\1", text)


# In the readable form only what the reader would take for a token is escaped.
_READABLE_ESCAPE = re.compile(
    r"\\(?=[\\*`\[{\]}\n]|$)"  # a backslash the reader would take for an escape
    r"|(?<!\s)\*|\*(?!\s|$)|^\*"  # a star not standing alone between spaces
    r"|`|\n"
    r"|\{(?=/?(?:\d{1,4}|[ibc]|sup|sub|del|ins|img)\})"  # a brace that would open a token
)


def _escape_readable(text: str, refs: set[str]) -> str:
    text = _READABLE_ESCAPE.sub(lambda m: "\\" + m.group(), text)
    if "[" not in text:
        return text
    # "[1]" is a footnote reference where the source has one labelled "1"; "[^x]" always is.
    return _BRACKET.sub(
        lambda m: "\\" + m.group() if m.group(1) or _unescape(m.group(2)) in refs else m.group(),
        text,
    )


def _write(events: list[_Event], table: list[Link], refs: set[str], *, readable: bool) -> str:
    out: list[str] = []
    for kind, value, attrs in events:
        if kind == "text":
            out.append(_escape_readable(value, refs) if readable else _escape_explicit(value))
        elif kind == "br":
            out.append("\n")
        elif kind == "img":
            out.append("{img}")
        elif kind == "fnref":
            plain = value in refs and len(value) <= MAX_LABEL and "]" not in value
            plain = plain and "[" not in value
            plain = plain and "\\" not in value and "\n" not in value and value != "^"
            plain = plain and not value.startswith("^")
            out.append(f"[{value}]" if plain else f"[^{_escape_label(value)}]")
        elif value == "a":
            number = table.index(_link_of(attrs)) + 1 if kind == "start" else None
            out.append(f"{{{number}}}" if kind == "start" else "\0/a")
        elif value in _NAMED:
            out.append(f"{{{value}}}" if kind == "start" else f"{{/{value}}}")
        elif readable:
            out.append(_STARS[value])
        else:
            name = _NUMBERED_NAME[value]
            out.append(f"{{{name}}}" if kind == "start" else f"{{/{name}}}")
    # Close links with their own number (the closing event does not carry the href).
    result: list[str] = []
    open_links: list[str] = []
    for piece in out:
        if piece == "\0/a":
            result.append("{/" + open_links.pop() + "}")
            continue
        if piece.startswith("{") and piece[1:-1].isdigit():
            open_links.append(piece[1:-1])
        result.append(piece)
    return "".join(result)


def to_tokens(markup: str, *, source: str = "", table: list[Link] | None = None) -> str:
    """The translation box's text for stored `markup` (a translation of `source`, or the
    source itself). `table` is links_table(source, markup) unless given."""
    if not markup:
        return ""
    if "<" not in markup and not any(c in markup for c in "&" + _SPECIALS + "\n"):
        return markup  # plain text, most units
    refs = source_refs(source)
    table = table if table is not None else links_table(source, markup)
    events = _events(markup)
    readable = _write(events, table, refs, readable=True)
    # Stored markup is canonical (the gate's output), so reading back must give it exactly.
    if from_tokens(readable, source=source, table=table) == markup:
        return readable
    return _write(events, table, refs, readable=False)


# ---------------------------------------------------------------------------------------
# tokens -> markup

# A label holds no "[", "]", backslash or line break unescaped: a "[" that opens nothing is
# then given up at the next "[", which keeps "[[[[..." linear.
_LABEL = r"((?:[^\[\]\\\n]|\\[^\n]|\\\n){1," + str(MAX_LABEL) + "})"
_BRACKET = re.compile(r"\[(\^)?" + _LABEL + r"\]")
_TOKEN = re.compile(
    r"\\([\\*`\[{\]}\n])"  # 1: an escaped character
    r"|(\*+)"  # 2: a run of stars
    r"|(`)"  # 3: a backtick
    r"|\{(/?)(\d{1,4}|[ibc]|sup|sub|del|ins|img)\}"  # 4, 5: {n} {/n} {i} {/i} {sup} ...
    r"|\[(\^)?" + _LABEL + r"\]"  # 6, 7: a footnote reference
    r"|(\n)"  # 8: a line break
)
_UNESCAPE = re.compile(r"\\(.)", re.S)


def _unescape(label: str) -> str:
    return _UNESCAPE.sub(r"\1", label)


@dataclass
class _Open:
    name: str  # "em", "strong", "code", "a", "sup", "sub", "del", "ins"
    key: str  # what closes it: "*", "**", "`", "i", "b", "c" or the link number
    index: int  # where its opening tag is in the output
    literal: str  # the token as typed, put back as text when the element is never closed


class _Builder:
    def __init__(self, table: list[Link]) -> None:
        self.table = table
        self.out: list[str] = []
        self.stack: list[_Open] = []
        # Open elements per closing key: a token that closes nothing is found out in O(1),
        # so "{b}" * 50,000 + "{/i}" * 50,000 stays linear.
        self.open_keys: dict[str, int] = {}

    def text(self, text: str) -> None:
        if text:
            self.out.append(_markup.escape_text(text) if text != "\n" else "\n")

    def open(self, name: str, key: str, literal: str, tag: str) -> None:
        self.stack.append(_Open(name, key, len(self.out), literal))
        self.open_keys[key] = self.open_keys.get(key, 0) + 1
        self.out.append(tag)

    def close(self, key: str) -> bool:
        """Close the innermost element closed by `key`; elements opened inside it and never
        closed become their literal text again. False when nothing open matches."""
        if not self.open_keys.get(key):
            return False
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].key == key:
                # Each element is popped once: the scan costs what it removes.
                for unclosed in self.stack[depth:]:
                    self.open_keys[unclosed.key] -= 1
                for unclosed in self.stack[depth + 1 :]:
                    self.out[unclosed.index] = _markup.escape_text(unclosed.literal)
                element = self.stack[depth]
                del self.stack[depth:]
                self.out.append(f"</{element.name}>")
                return True
        return False

    def finish(self) -> str:
        for unclosed in self.stack:
            self.out[unclosed.index] = _markup.escape_text(unclosed.literal)
        return "".join(self.out)


_TAG_OF = {"i": "em", "b": "strong", "c": "code", **{name: name for name in _NAMED}}


def _stars(builder: _Builder, run: str, before: str, after: str) -> None:
    """A run of stars: closes the open star elements it can, opens the rest. A run with white
    space (or the edge of the text) on both sides is text: "5 * 3"."""
    if (not before or before.isspace()) and (not after or after.isspace()):
        builder.text(run)
        return
    count = len(run)
    while count:
        top = builder.stack[-1].key if builder.stack else ""
        if top == "**" and count >= 2:
            builder.close("**")
            count -= 2
        elif top == "*":
            builder.close("*")
            count -= 1
        elif count >= 2 and not (after and after.isspace()):
            builder.open("strong", "**", "**", "<strong>")
            count -= 2
        elif not (after and after.isspace()):
            builder.open("em", "*", "*", "<em>")
            count -= 1
        else:
            builder.text("*" * count)
            count = 0


def from_tokens(tokens: str, *, source: str = "", table: list[Link] | None = None) -> str:
    """Sanitised markup for what the translation box holds. `table` numbers the {n} links
    (links_table(source, current translation)); a number without a link is text."""
    text = tokens.replace("\r\n", "\n").replace("\r", "\n")
    refs = source_refs(source)
    builder = _Builder(table if table is not None else links_table(source))
    last = position = 0
    while (match := _TOKEN.search(text, position)) is not None:
        builder.text(text[last : match.start()])
        last = position = match.end()
        token = match.group()
        if match.group(1) is not None:
            escaped = match.group(1)
            # An escaped line break is a line break in the text, not a <br>.
            builder.out.append(_markup.escape_text(escaped) if escaped != "\n" else "\n")
        elif match.group(2):
            before = text[match.start() - 1] if match.start() else ""
            after = text[match.end()] if match.end() < len(text) else ""
            _stars(builder, token, before, after)
        elif match.group(3):
            if not builder.close("`"):
                builder.open("code", "`", "`", "<code>")
        elif match.group(5) is not None:
            _named(builder, match.group(4) == "/", match.group(5), token)
        elif match.group(7) is not None:
            label = _unescape(match.group(7)) if match.group(6) else match.group(7)
            if match.group(6) or label in refs:
                builder.out.append(_markup.fnref(label) if label.strip() else "")
            else:
                # Not a reference: the "[" is text, and what follows it is read again.
                builder.text("[")
                last = position = match.start() + 1
        elif match.group(8):
            builder.out.append("<br>")
    builder.text(text[last:])
    return _markup.sanitize_inline(builder.finish())


def _named(builder: _Builder, closing: bool, name: str, token: str) -> None:
    if name == "img":
        if closing:
            builder.text(token)
        else:
            builder.out.append("<img>")
        return
    if closing:
        if not builder.close(name):
            builder.text(token)
        return
    if name in _TAG_OF:
        builder.open(_TAG_OF[name], name, token, f"<{_TAG_OF[name]}>")
        return
    number = int(name)
    if not 1 <= number <= len(builder.table):
        builder.text(token)
        return
    link = builder.table[number - 1]
    title = f' title="{_markup._escape_attr(link.title)}"' if link.title else ""
    builder.open("a", name, token, f'<a href="{_markup._escape_attr(link.href)}"{title}>')


# ---------------------------------------------------------------------------------------
# what the source offers

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,:]\d+)*(?![\w])")
MAX_PLACEABLES = 30


def placeables(source: str) -> list[Placeable]:
    """The source's footnote references, emphasis, strong, code, links, superscript,
    subscript, deleted and inserted text and images in order, then its numbers (each once),
    at most MAX_PLACEABLES."""
    found: list[Placeable] = []
    if "<" not in source and not any(ch.isdigit() for ch in source):
        return found
    refs = source_refs(source)
    table = links_table(source)
    events = _events(source)
    numbers: list[str] = []
    open_spans: list[tuple[str, str, list[str]]] = []  # (kind, before, texts)
    pending: list[Placeable | None] = []
    for kind, value, attrs in events:
        if kind == "fnref":
            plain = value in refs and not value.startswith("^")
            plain = plain and not any(c in value for c in "[]\\\n")
            token = f"[{value}]" if plain else f"[^{_escape_label(value)}]"
            found.append(Placeable("footnote", token, "", value))
        elif kind == "text":
            for span in open_spans:
                span[2].append(value)
            for number in _NUMBER.findall(value):
                if number not in numbers:
                    numbers.append(number)
        elif kind == "img":
            found.append(Placeable("image", "{img}", "", ""))
        elif kind == "start" and value in ("em", "strong", "code", "a", *_NAMED):
            if value == "a":
                n = table.index(_link_of(attrs)) + 1
                before, after, name = f"{{{n}}}", f"{{/{n}}}", "link"
            elif value in _NAMED:
                before, after, name = f"{{{value}}}", f"{{/{value}}}", _NAMED_KIND[value]
            else:
                before = after = _STARS[value]
                name = {"em": "emphasis", "strong": "strong", "code": "code"}[value]
            open_spans.append((name, before + "\0" + after, []))
            pending.append(None)
            found.append(Placeable(name, before, after, ""))
            pending[-1] = found[-1]
        elif kind == "end" and open_spans:
            name, pair, texts = open_spans.pop()
            placeable = pending.pop()
            if placeable is not None:
                index = found.index(placeable)
                label = " ".join("".join(texts).split())
                found[index] = Placeable(name, placeable.before, placeable.after, label[:60])
    for number in numbers:
        found.append(Placeable("number", number, "", number))
    return found[:MAX_PLACEABLES]
