"""The small inline markup every stored unit uses, and the helpers around it.

A unit's text is an HTML fragment restricted to:

    <em>  <strong>  <code>  <br>  <a href="..." [title="..."]>
    <sup>  <sub>  <del>  <ins>              (superscript, subscript, deleted/struck, inserted)
    <img>                                   (an inline image's place: no attributes; the
                                             image itself stays in the original file)
    <sup class="fnref">LABEL</sup>          (a footnote reference)

A <sup> without the fnref class is plain superscript ("m<sup>2</sup>", "1<sup>st</sup>"),
never a footnote reference.

Links may point to http, https, mailto or a #fragment in the same document only. Anything
else (scripts, styles, event handlers, unknown tags) is removed while its text is kept; the
text of <script>, <style> and the like is dropped with the element.

`sanitize_inline` is the one gate: importers build markup and volunteers type it, and both
pass through it before storage, so exporters and templates may trust stored markup. The
output is canonical: re-sanitising it gives the same string, tags are balanced, text
escapes only `&`, `<` and `>` (other characters, including U+00A0, stay literal so PO and
TMX files stay readable), and it never holds characters XML 1.0 forbids (TMX, docx).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

FNREF_CLASS = "fnref"

# Tags kept by the first, nh3 pass. Besides the final vocabulary it keeps the tags we map
# (<i>, <b>, ...) and block-level tags, whose boundaries we turn into a space so that
# "<p>one</p><p>two</p>" does not glue words together into "onetwo".
_INLINE_TAGS = {"em", "strong", "code", "br", "a", "sup", "sub", "del", "ins", "img"}
_MAPPED_TAGS = {
    "i": "em",
    "cite": "em",
    "dfn": "em",
    "var": "em",
    "b": "strong",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "s": "del",
    "strike": "del",
}
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
    "section", "article", "aside", "header", "footer", "figure", "figcaption", "address",
    "hr", "main",
}  # fmt: skip
# Elements whose content is code or presentation, not text: removed with their content.
_DROP_CONTENT_TAGS = {"script", "style", "template", "noscript", "object", "embed", "svg", "math"}
_ALLOWED_SCHEMES = {"http", "https", "mailto"}

_CLEANER = nh3.Cleaner(
    tags=_INLINE_TAGS | set(_MAPPED_TAGS) | _BLOCK_TAGS,
    clean_content_tags=_DROP_CONTENT_TAGS,
    attributes={"a": {"href", "title"}, "sup": {"class"}},
    url_schemes=_ALLOWED_SCHEMES,
    # Relative links would point into our own site from an exported file: only same-document
    # fragments (footnotes, anchors) make sense in a unit.
    url_relative=lambda url: url if url.startswith("#") else None,
    # No rel in storage: only renderers know whether a link opens a new context, and a
    # constant attribute on every link would just be noise for the tag-structure checks.
    link_rel=None,
    strip_comments=True,
)

# Characters XML 1.0 cannot carry (C0 controls except tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF); html5ever keeps some of them, TMX and docx writers would choke.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_INVALID_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """`text` without the characters XML cannot carry (fast when there are none)."""
    try:
        text.encode("utf-8")  # fails on lone surrogates only, far faster than a regex
    except UnicodeEncodeError:
        return _XML_INVALID.sub("", text)
    if _XML_INVALID_BMP.search(text) is None:
        return text
    return _XML_INVALID_BMP.sub("", text)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_text(text: str) -> str:
    """Escape plain text for inclusion in markup (no footnote detection, see from_plain)."""
    return _escape_text(_xml_safe(text.replace("\r\n", "\n").replace("\r", "\n")))


def _escape_attr(value: str) -> str:
    return html.escape(value, quote=True)


def fnref(label: str) -> str:
    """The markup of a footnote reference with this label."""
    return f'<sup class="{FNREF_CLASS}">{escape_text(label.strip())}</sup>'


def is_fnref(attrs: list[tuple[str, str | None]]) -> bool:
    """Whether a tag's attributes (html.parser's list) mark it a footnote reference."""
    for name, value in attrs:
        if name == "class" and value and FNREF_CLASS in value.split():
            return True
    return False


class _Canonicaliser(HTMLParser):
    """Re-serialise nh3's (well-formed) output into the final vocabulary.

    nh3 has done the security work; this pass maps tags, drops <sup> that is not a footnote
    reference and links without a target, flattens anything nested inside a footnote
    reference (a label is plain text) and removes empty elements.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        # For every open element: the closing tag we emitted for it ("" if it was dropped),
        # the index of its opening tag in `out` and `solid` as it was before that tag.
        self.stack: list[tuple[str, int, int, bool]] = []
        # The index in `out` of the last tag or text that is not white space (-1: none): an
        # element is empty when nothing solid follows its opening tag. Tracked as output is
        # added, so closing an element costs O(1) however deeply elements nest.
        self.solid = -1
        self.in_fnref = 0

    def _emit(self, piece: str) -> None:
        self.out.append(piece)
        if piece.startswith("<") or piece.strip():
            self.solid = len(self.out) - 1

    def _space(self) -> None:
        """Separate the texts of two blocks (not inside a label, not after a line break)."""
        if self.in_fnref or not self.out:
            return
        last = self.out[-1]
        if last != "<br>" and not last.endswith((" ", "\n", "\t")):
            self.out.append(" ")  # white space: not solid

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            if not self.in_fnref:
                self._emit("<br>")
            return
        if tag == "hr":
            self._space()
            return
        if tag == "img":
            if not self.in_fnref:
                self._emit("<img>")
            return
        if tag in _BLOCK_TAGS:
            self._space()
            self.stack.append(("", 0, 0, False))
            return
        if self.in_fnref:
            self.stack.append(("", 0, 0, False))
            return
        tag = _MAPPED_TAGS.get(tag, tag)
        if tag == "sup":
            if is_fnref(attrs):
                self.in_fnref += 1
                self._open("</sup>", f'<sup class="{FNREF_CLASS}">', ref=True)
            else:
                self._open("</sup>", "<sup>")
            return
        if tag == "a":
            values = dict(attrs)
            href = (values.get("href") or "").strip()
            if not href:
                self.stack.append(("", 0, 0, False))
                return
            title = values.get("title")
            extra = f' title="{_escape_attr(title)}"' if title else ""
            self._open("</a>", f'<a href="{_escape_attr(href)}"{extra}>')
            return
        if tag in _INLINE_TAGS:
            self._open(f"</{tag}>", f"<{tag}>")
            return
        self.stack.append(("", 0, 0, False))

    def _open(self, closing: str, opening: str, ref: bool = False) -> None:
        before = self.solid
        self._emit(opening)
        self.stack.append((closing, len(self.out) - 1, before, ref))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "hr", "img") or not self.stack:
            return
        closing, start, before, ref = self.stack.pop()
        if tag in _BLOCK_TAGS:
            self._space()
        if not closing:
            return
        if ref:
            self.in_fnref -= 1
        if self.solid == start:
            # Empty or whitespace-only element: keep the whitespace, not "<em> </em>". What
            # follows the opening tag is white space only, so the deletion moves little.
            del self.out[start]
            self.solid = before
            return
        self._emit(closing)

    def handle_data(self, data: str) -> None:
        if self.in_fnref:
            data = data.strip()
        if data:
            self._emit(_escape_text(data))


# Tags as html5ever serialises them (nh3's output) and as stored markup has them: lower-case
# names, double-quoted attribute values. Matching these with one regex is many times faster
# than html.parser, which matters at 10,000 units a document.
_SIMPLE_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z-]*="[^"<>]*")*)>')
_SIMPLE_ATTR = re.compile(r' ([a-z][a-z-]*)="([^"]*)"')


def _drive(parser: HTMLParser, markup: str, *, tame: bool = False) -> None:
    """Feed `markup` to the handlers of `parser`: directly when every tag is in the simple
    serialised form, else through html.parser itself (any other input; with `tame`, through
    `parser_safe` first, for input that need not be well-formed)."""
    events: list[tuple[int, str, list[tuple[str, str | None]]]] = []
    last = 0
    for match in _SIMPLE_TAG.finditer(markup):
        text = markup[last : match.start()]
        if "<" in text:
            break  # something that is not a simple tag: let the real parser handle it all
        if text:
            events.append((0, html.unescape(text) if "&" in text else text, []))
        attrs: list[tuple[str, str | None]] = [
            (name, html.unescape(value)) for name, value in _SIMPLE_ATTR.findall(match.group(3))
        ]
        events.append((2 if match.group(1) else 1, match.group(2), attrs))
        last = match.end()
    else:
        tail = markup[last:]
        if "<" not in tail:
            if tail:
                events.append((0, html.unescape(tail) if "&" in tail else tail, []))
            for kind, value, attrs in events:
                if kind == 0:
                    parser.handle_data(value)
                elif kind == 1:
                    parser.handle_starttag(value, attrs)
                else:
                    parser.handle_endtag(value)
            return
    parser.feed(parser_safe(markup) if tame else markup)
    parser.close()


# One "<" and what html.parser would take for a tag, comment or declaration after it: a tag
# is "<" or "</", a letter, then anything up to the next ">" with no "<" before it; "<!" and
# "<?" likewise. `[^<>]` stops every scan at the next "<", so one pass is linear.
_LT_CONSTRUCT = re.compile(r"<(?:(/?[A-Za-z][^<>]*+>)|([!?][^<>]*+>))?")


def _tame_lt(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group()
    if match.group(2):
        return ""  # a comment, doctype or processing instruction: nothing a reader sees
    return "&lt;"


def parser_safe(markup: str) -> str:
    """`markup` made safe to feed to html.parser in linear time, for the readers that must
    take any input (unsanitised text, a translator's typing).

    html.parser rescans to the end of the input from every "<" that does not complete a tag
    ("<a<a<a...", "<!--<!--...", "</</"), which is quadratic: 200 KB take minutes. Here every
    such "<" becomes "&lt;" (text, as html.parser would have reported it), and comments,
    declarations and processing instructions are dropped (the readers ignore them). Complete
    tags are left exactly as they are. Sanitised markup never changes."""
    if "<" not in markup:
        return markup
    return _LT_CONSTRUCT.sub(_tame_lt, markup)


# The tag names typed text may use as markup: the gate's vocabulary, what it maps onto it and
# what it turns into spaces (pasted HTML), plus the elements it removes with their content.
# Every other name ("<Ctrl>", "<S>", "<mutable>") is text: a stray letter in angle brackets is
# far more often a key or a placeholder than <s> or <u> nobody can store anyway.
_MARKUP_TAG_NAMES = frozenset(
    {
        *_INLINE_TAGS,
        # "<s>" / "<S>" typed is a key or a placeholder far more often than strikethrough.
        *(_MAPPED_TAGS.keys() - {"s"}),
        *_BLOCK_TAGS,
        "span",
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "img",
        "svg",
        "math",
        "template",
        "noscript",
        "textarea",
        "select",
        "form",
    }
)


def keep_angle_text(text: str) -> str:
    """Text a person typed (the editor, a PO file from an offline tool), before the gate:
    every "<" that does not start a tag of _MARKUP_TAG_NAMES becomes "&lt;", so that "<Ctrl>",
    ":term:`mutable <mutable>`", "<https://example.org>" or "a < b" stay text instead of
    being dropped as unknown tags. Real tags (<em>, <sup class="fnref">, even <script>) are
    left for the gate to keep or remove. One pass, linear."""
    if "<" not in text:
        return text
    return _LT_NAME.sub(_keep_tag_or_escape, text)


# Every "<", with the tag name that may follow it ("<" then an optional "/" and the name).
_LT_NAME = re.compile(r"<(?:/?([A-Za-z][A-Za-z0-9]*+))?")


def _keep_tag_or_escape(match: re.Match[str]) -> str:
    name = match.group(1)
    return (
        match.group(0)
        if name and name.lower() in _MARKUP_TAG_NAMES
        else "&lt;" + match.group(0)[1:]
    )


def sanitize_inline(markup: str) -> str:
    """Return safe, canonical inline markup for any HTML-ish input.

    <i>, <cite>, <dfn>, <var> become <em>; <b> becomes <strong>; <kbd>, <samp>, <tt> become
    <code>; block elements become a space between their texts; everything outside the
    vocabulary is dropped with its text kept. Leading and trailing whitespace is removed.
    """
    if _PLAIN_TEXT.fullmatch(markup):
        # Plain text that html5ever would give back unchanged but for escaping ">" (no tag,
        # entity, carriage return, control or byte order mark): most imported units.
        # tests/text/test_markup_sanitize.py holds this to the full path on random text.
        return _strip_outer(markup.replace(">", "&gt;") if ">" in markup else markup, breaks=True)
    return _sanitize_full(markup)


def _sanitize_full(markup: str) -> str:
    cleaned = _CLEANER.clean(_xml_safe(markup))
    if "<" not in cleaned:
        # Text only (most units): nh3's entities (&nbsp;) become characters again.
        result = _escape_text(html.unescape(cleaned)) if "&" in cleaned else cleaned
    elif _ALREADY_CANONICAL.fullmatch(cleaned) and not _EMPTY_ELEMENT.search(cleaned):
        # Already in the final vocabulary and spelling (what importers build): the
        # canonicaliser would give it back unchanged, at many times the cost.
        result = cleaned
    else:
        parser = _Canonicaliser()
        _drive(parser, cleaned)
        result = "".join(parser.out)
    # Entities decoded above or by the parser ("&#1;") may be characters XML cannot carry.
    result = _xml_safe(result)
    # Outer whitespace is layout, not text; a <br> at either end is the same (a trailing
    # newline typed in a textarea).
    return _strip_outer(result, breaks=True)


# Text without "<", "&", carriage returns, the characters XML cannot carry or a byte order mark.
_PLAIN_TEXT = re.compile("[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ufeff\ud800-\udfff\ufffe\uffff]*+")

# Markup that the canonicaliser gives back unchanged: text escaped exactly as it escapes it
# (only & < > as entities), and only tags as it writes them: <em>, <strong>, <code>, <br>,
# a link with a target (and a title) whose values need no escaping but &amp;, and a
# footnote reference with a plain label. Anything else (mapped or block tags, other
# entities, attributes html.escape would spell differently) takes the canonicaliser.
_ATTR_VALUE = r'[^"<>\'&]*+(?:&amp;[^"<>\'&]*+)*+'
# A link target: not empty, no white space (the canonicaliser strips it from the ends).
_URL_VALUE = r'[^"<>\'&\s]++(?:&amp;[^"<>\'&\s]*+)*+|(?:&amp;[^"<>\'&\s]*+)++'
_ALREADY_CANONICAL = re.compile(
    r"(?:[^<>&]++|&(?:amp|lt|gt);|<(?:/?(?:em|strong|code|sup|sub|del|ins)|/a|br|img)>"
    rf'|<a href="(?:{_URL_VALUE})"(?: title="(?=[^"])(?:{_ATTR_VALUE})")?>'
    # A label: words of anything but white space, one space or more between them (written so
    # that the possessive repeat never has to give back what it took: "11" matches).
    r'|<sup class="fnref">[^<>&\s]++(?:\s++[^<>&\s]++)*+</sup>)*+'
)
# An element with nothing but white space in it: the canonicaliser removes its tags.
_EMPTY_ELEMENT = re.compile(r"<(?:em|strong|code|sup|sub|del|ins|a [^>]*+)>\s*+</")


def passes_unchanged(markup: str) -> bool:
    """Whether the gate would give `markup` back as it is, decided without parsing: a
    sufficient test (False means "ask sanitize_inline"), for stored markup read again by a
    renderer (formats/html.py), which re-checks every unit and needs the gate's full cost
    only for what is not already its output. Besides the canonical spelling it checks what
    the parser would change: characters it drops, outer white space, elements that do not
    nest properly (or a link in a link), and links the gate would strip (other schemes,
    relative targets). tests/text/test_import_fast_paths.py holds it to the gate on random
    markup."""
    if (
        _ALREADY_CANONICAL.fullmatch(markup) is None
        or _EMPTY_OR_BREAKS.search(markup)
        or _PARSER_CHANGES.search(markup)
        or _strip_outer(markup, breaks=True) is not markup
    ):
        return False
    open_tags: list[str] = []
    for closing, name, href in _STRUCTURE_TAG.findall(markup):
        if closing:
            if not open_tags or open_tags.pop() != name:
                return False  # crossed or never opened
            continue
        if name in open_tags:
            return False  # <a> in <a> is split by the parser; the same for the others
        if href and not _kept_link(href):
            return False
        open_tags.append(name)
    return not open_tags


# What the parser (html5ever) removes or rewrites in text: carriage returns, a byte order
# mark, and the characters XML cannot carry.
_PARSER_CHANGES = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\ufeff\ud800-\udfff\ufffe\uffff]")
# The tags of canonical markup that nest (with a link's target; <br> does not nest).
_STRUCTURE_TAG = re.compile(r'<(/?)(em|strong|code|a|sup|sub|del|ins)(?: href="([^"]*)")?[^>]*>')
# An element with nothing but white space or line breaks in it (the gate drops its tags).
_EMPTY_OR_BREAKS = re.compile(r"<(?:em|strong|code|sub|del|ins|sup[^>]*+|a [^>]*+)>(?:\s|<br>)*+</")
# Link targets the gate keeps as they are, and plainly so: a fragment, a web address with a
# plain host name, an e-mail address. Anything else (other schemes, an address the URL parser
# may reject or read differently) takes the gate.
_KEPT_LINK = re.compile(
    r"#|https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?(?:[/?#]|$)|mailto:[^\s]"
)


def _kept_link(href: str) -> bool:
    return _KEPT_LINK.match(href) is not None


_OUTER_SPACE = " \t\n\r\f"
_OUTER_SPACE_BOM = _OUTER_SPACE + "\ufeff"


def _strip_outer(text: str, *, breaks: bool = False) -> str:
    """`text` without outer white space (and, with `breaks`, outer <br>s). One pass over the
    ends, never a copy per step, whatever the number of spaces or line breaks."""
    # html5ever drops a U+FEFF (byte order mark) at the very start of its input, so one there
    # is dropped here too, or sanitising would not be idempotent.
    start, end = 0, len(text)
    while True:
        before = (start, end)
        while start < end and text[start] in _OUTER_SPACE_BOM:
            start += 1
        while end > start and text[end - 1] in _OUTER_SPACE:
            end -= 1
        if breaks and text.startswith("<br>", start, end):
            start += 4
        if breaks and text.endswith("<br>", start, end):
            end -= 4
        if (start, end) == before:
            return text[start:end] if (start, end) != (0, len(text)) else text


class _Reader(HTMLParser):
    """Tokens of sanitised markup, for the read-only helpers below."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.plain: list[str] = []
        self.words_text: list[str] = []  # like plain, without footnote labels
        self.tags: list[str] = []
        self.links: list[str] = []
        self.refs: list[str] = []
        self._fnref_depth = 0
        self._label: list[str] = []
        self._stack: list[bool] = []  # True where the element is a footnote reference

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.plain.append("\n")
            self.words_text.append("\n")
            self.tags.append("br")
            return
        if tag == "img":
            if not self._fnref_depth:
                self.tags.append("img")
            return
        is_ref = tag == "sup" and is_fnref(attrs)
        self._stack.append(is_ref)
        if is_ref:
            self._fnref_depth += 1
            self._label = []
            return
        if self._fnref_depth:
            return
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        self.tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img") or not self._stack:
            return
        if self._stack.pop():
            self._fnref_depth -= 1
            label = "".join(self._label).strip()
            self.refs.append(label)
            self.tags.append(f"fnref:{label}")
            self.plain.append(f"[{label}]")
            # A space keeps "word[1]" from counting differently than "word".
            self.words_text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._fnref_depth:
            self._label.append(data)
            return
        self.plain.append(data)
        self.words_text.append(data)


def _read(markup: str) -> _Reader:
    reader = _Reader()
    # Sanitised markup takes _drive's fast path unchanged; any other input is tamed first.
    _drive(reader, markup, tame=True)
    return reader


def to_plain(markup: str) -> str:
    """Text only, entities decoded; <br> becomes a newline, footnote refs become "[1]"."""
    return "".join(_read(markup).plain)


def tags_of(markup: str) -> list[str]:
    """Opening tags in document order, footnote references as "fnref:LABEL".

    For the quality checks: compare e.g. `Counter(tags_of(source))` with the translation's,
    since word order (and with it tag order) may legitimately change in translation.
    """
    return _read(markup).tags


def links_of(markup: str) -> list[str]:
    """The href of every link, in order."""
    return _read(markup).links


def footnote_refs(markup: str) -> list[str]:
    """Labels of the footnote references, in order."""
    return _read(markup).refs


# Scripts written without spaces between words: every character counts as a word, which is
# how CAT tools count Chinese and Japanese. (Hangul uses spaces, so it counts by words.)
_CJK = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3005-\u3007"  # 々 〆 〇
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # extensions B..G
)
_CJK_RE = re.compile(f"[{_CJK}]")
# Dashes and ellipses join words without spaces ("China—including") yet separate them.
_WORD_SEPARATORS = re.compile(r"[\s\u2014\u2013\u2026]+")


_ALNUM = re.compile(r"[^\W_]")
# A token between separators that holds a letter or digit, in one regex pass: a match starts
# only at the start of a token (the look-behind) and ends at its first letter or digit, so
# every token is scanned once, and a long token without any (200 KB of dots) costs its length,
# not its length squared.
_WORD = re.compile(r"(?<![^\s\u2014\u2013\u2026])[^\s\u2014\u2013\u2026]*?[^\W_]")


def _words_text(markup: str) -> str:
    """The text `word_count` counts: the markup's text, a <br> as a newline, a footnote
    reference as a space. Markup of simple tags without footnote references (most units)
    takes one regex pass instead of the reader; the result is the same."""
    if "<sup" not in markup:
        stripped = _SIMPLE_TAG.sub(_tag_as_text, markup) if "<" in markup else markup
        if "<" not in stripped:
            return html.unescape(stripped) if "&" in stripped else stripped
    return "".join(_read(markup).words_text)


def _tag_as_text(match: re.Match[str]) -> str:
    return "\n" if match.group(2) == "br" else ""


def word_count(markup: str) -> int:
    """Words in the text of the markup; CJK characters count one each, footnote refs none."""
    if "<" in markup or "&" in markup:
        text = _words_text(markup)
    else:
        text = markup
    if _CJK_RE.search(text) is None:
        # A token is a word if it holds a letter or digit (a lone dash or quote is not).
        return len(_WORD.findall(text))
    count = 0
    for token in _WORD_SEPARATORS.split(text):
        count += len(_CJK_RE.findall(token))
        # What is left between CJK characters is a word if it holds a letter or digit.
        count += sum(1 for piece in _CJK_RE.split(token) if _ALNUM.search(piece))
    return count


# A footnote reference typed in plain text: "[1]" or "[^1]" glued to the preceding word or
# punctuation ("classes.[1]", "word[^note]") and followed by a space, punctuation or the end.
# "[1]" alone after a space ("see [1]") is a citation in running text, not a marker, and
# stays text; bare labels are numbers so "array[i]" is left alone, "[^label]" may be a word.
# (The look-behind comes after the literal "[" so that the engine can scan for "[" quickly.)
_PLAIN_FNREF = re.compile(
    r"\[(?<=[^\s\[]\[)(?:(\d{1,4})|\^([\w\-]{1,40}))\](?=$|[\s.,;:!?)\]\[”’\"'»›])"
)


def from_plain(text: str) -> str:
    """Turn plain text into markup: escape it, newlines become <br>, typed footnote refs
    ("word.[1]", "word[^1]") become <sup class="fnref">.

    The result is already canonical (sanitize_inline leaves it unchanged), and
    `to_plain(from_plain(t))` gives back `t` with "\\r\\n" normalised, control characters
    XML cannot carry removed, outer whitespace (and a leading U+FEFF) stripped and "[^n]"
    written "[n]".
    """
    text = _strip_outer(_xml_safe(text.replace("\r\n", "\n").replace("\r", "\n")))
    if "[" not in text:
        return _escape_text(text).replace("\n", "<br>")
    parts: list[str] = []
    last = 0
    for match in _PLAIN_FNREF.finditer(text):
        parts.append(_escape_text(text[last : match.start()]))
        parts.append(fnref(match.group(1) or match.group(2)))
        last = match.end()
    parts.append(_escape_text(text[last:]))
    return "".join(parts).replace("\n", "<br>")


# Only what needs replacing: a lone space is left alone, which is most of them (and much
# faster than replacing every space by itself).
_COLLAPSIBLE = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")


def collapse_whitespace(text: str) -> str:
    """Collapse runs of HTML whitespace (not U+00A0, which is meaningful) to one space."""
    if "  " in text or "\t" in text or "\n" in text or "\r" in text or "\f" in text:
        return _COLLAPSIBLE.sub(" ", text)
    return text
