"""Markdown: CommonMark plus footnotes (and GFM tables), parsed with markdown-it-py.

- `# Heading` is the title (the first level-1 heading; later ones are level-1 headings),
  other headings keep their level; one or two short paragraphs above the title at the very
  start are its byline (see _common.promote_title_and_byline);
- each paragraph of a block quote is a block quote paragraph;
- each list item is one list item (its paragraphs joined with a line break);
- `[^label]` references become fnref markup, `[^label]: ...` definitions become footnote
  blocks at the end, in the order they are written (unreferenced ones too: no text is
  lost); `^[inline notes]` become numbered footnotes;
- table cells are paragraphs, one per cell; code blocks are paragraphs in <code>;
- raw HTML blocks go through the HTML importer, inline HTML through the sanitiser (so
  `<sup>`, `<sub>`, `<ins>`, `<del>` are kept); `~~text~~` (GFM strikethrough) is deleted text;
- an image (`![alt](src "title")`, `![alt][ref]`, an inline `<img ...>`) is an `<img>` in
  its block's unit, where it stands (the file keeps the image itself: formats/markdown_into.py
  puts its source text back there); a Markdown image's alt text is a block of its own right
  after that block (its origin's site: the image, SITE_ALT), whose translation becomes the
  image's alt. A paragraph, heading or cell of images (and links around them) and no text is
  no block: its lines stay as written; only the alt texts are blocks. Images inside an alt
  text or an inline note `^[...]` are their alt text, as before. An inline `<img ...>` tag's
  alt attribute is such a unit too (its translation is written into the tag); an `<img>` in a
  raw HTML block is read by the HTML importer, which does the same. `tag_alts=False` reads
  as documents imported before an inline tag's alt was a unit. `legacy=True` reads as
  before images, `~~`, sup/sub/ins/del were kept (an image as its alt text inline):
  documents imported then still match their file.

Footnote labels: short labels ("1", "a", "*") are kept as written, longer identifiers
("[^longnote]") are numbered like a renderer would show them, in order of first reference.
"""

from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace

import lxml.html.defs
from markdown_it import MarkdownIt
from markdown_it import helpers as md_helpers
from markdown_it.rules_inline import html_inline as md_html_inline
from markdown_it.rules_inline import image as md_image
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote import index as footnote_index

from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.formats.tag_attrs import attribute
from workbench.text.i18n import gettext_noop
from workbench.text.markup import escape_text, fnref, sanitize_inline
from workbench.text.records import (
    KIND_BLOCKQUOTE,
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_IMAGE,
    KIND_LIST_ITEM,
    KIND_PARAGRAPH,
    ParsedDocument,
)

from ._common import Draft, finish, too_many_units
from .errors import DocumentError
from .html import html_fragment

SHORT_LABEL_CHARS = 3
_HTML_TAGS = frozenset(lxml.html.defs.tags)
_TAG_NAME = re.compile(r"^</?([A-Za-z][A-Za-z0-9-]*)")


def _is_html_tag(raw: str) -> bool:
    """Whether raw HTML CommonMark found is a real tag (or a comment, a declaration).

    CommonMark takes anything shaped like a tag for HTML, so "press <Ctrl>" would lose the
    word to the sanitiser; an element name HTML does not know is the author's text.
    """
    match = _TAG_NAME.match(raw)
    return match is None or match.group(1).lower() in _HTML_TAGS


def _inline_html(raw: str) -> str:
    if raw.startswith("<!--"):
        return ""  # an author's comment, not text for readers
    return raw if _is_html_tag(raw) else escape_text(raw)  # real tags: sanitised later


def _markdown(strikethrough: bool = True) -> MarkdownIt:
    # move_to_end=False keeps every definition where it is written; the plugin's tail rule
    # would otherwise drop the definitions nobody references.
    md = MarkdownIt("commonmark").use(footnote_plugin, move_to_end=False)
    # markdown-it stops nesting at maxNesting (20 in its presets) and silently drops what is
    # deeper: a list of 11 levels lost its last items and every paragraph after it. Deeper
    # nesting is allowed here, and reaching the limit is refused (parse_markdown).
    md.options["maxNesting"] = MAX_NESTING
    md.enable("table")
    if strikethrough:
        md.enable("strikethrough")  # ~~text~~ (GFM): deleted text
    # This instance's own helpers (markdown-it looks them up on the instance), with a link
    # label search that stops when the document's budget is spent.
    md.helpers = SimpleNamespace(  # type: ignore[assignment]  # the same three names
        parseLinkLabel=_bounded_link_label,
        parseLinkDestination=md_helpers.parseLinkDestination,
        parseLinkTitle=md_helpers.parseLinkTitle,
    )
    # The footnote plugin's inline notes (`^[...]`) call the function it imported itself.
    footnote_index.parseLinkLabel = _bounded_link_label
    md.inline.ruler.at("footnote_ref", _bounded_footnote_ref)
    md.inline.ruler.at("image", _image_at)
    md.inline.ruler.at("html_inline", _html_inline_at)
    return md


IMAGE = "<img>"
_AT = "workbench_at"  # an image token's meta: (start, end, the text they index)


def _image_at(state, silent: bool) -> bool:
    """markdown-it's image rule, recording where the image was written: its start and end in
    the text the rule read (an inline token's content, for an image in a block's text)."""
    start = state.pos
    found = md_image(state, silent)
    if found and not silent and state.tokens and state.tokens[-1].type == "image":
        state.tokens[-1].meta[_AT] = (start, state.pos, state.src)
    return found


def _html_inline_at(state, silent: bool) -> bool:
    """markdown-it's raw HTML rule, recording where the tag was written (as _image_at): an
    <img> tag's alt is written back there."""
    start = state.pos
    found = md_html_inline(state, silent)
    if found and not silent and state.tokens and state.tokens[-1].type == "html_inline":
        state.tokens[-1].meta[_AT] = (start, state.pos, state.src)
    return found


MAX_NESTING = 100
# markdown-it looks for the end of a link label from every "[" to the end of the paragraph
# or the closing "]" (parseLinkLabel): quadratic in the brackets that do not close. 200,000
# "[a" (0.4 MB) took 12 s, 2,500 paragraphs of 900 "[a" 135 s. A document may spend this
# many steps of that search (prose spends a label's length on each link: a book of 10,000
# links, a few hundred thousand); after that, a "[" that starts no link within its paragraph
# is text, as it would have been anyway, and a label still open is read as text too.
LINK_LABEL_STEPS = 1_000_000
# markdown-it-py runs every inline rule at each of these characters (about 2.7 µs each; text
# between them goes in one step): a file of nothing else took 11 s for 4 MB. A book has a few
# tens of thousands (emphasis, links, notes): 300,000 of emphasis marks take 2.4 s.
MARKUP_CHARS = "[]*_`<!^&\\"
MAX_MARKUP_CHARS = 300_000
_STEPS_KEY = "workbench_link_label_steps"


_FOOTNOTE_STOP = re.compile(r"[ \n\]]")
MAX_FOOTNOTE_LABEL = 999  # CommonMark's limit of a link label


def _bounded_footnote_ref(state, silent: bool) -> bool:
    """The footnote plugin's `[^label]` rule, called only where it can succeed. It looks for
    the label's end (a "]" before a space or a line end) from every "[^" on: quadratic in a
    paragraph of "[^" with a known label somewhere (4 MB: minutes). The end is found here
    once for all the "[^" before it (remembered on the state), and the label is looked up
    before the plugin is called."""
    start = state.pos
    src = state.src
    if not src.startswith("[^", start):
        return False
    refs = state.env.get("footnotes", {}).get("refs")
    if not refs:
        return False
    first = start + 2
    known_from, stop = getattr(state, "_workbench_footnote_stop", (-1, -1))
    if not known_from <= first <= stop:
        found = _FOOTNOTE_STOP.search(src, first, state.posMax)
        stop = found.start() if found else state.posMax
        state._workbench_footnote_stop = (first, stop)
    if stop >= state.posMax or src[stop] != "]" or not 0 < stop - first <= MAX_FOOTNOTE_LABEL:
        return False
    if ":" + src[first:stop] not in refs:
        return False
    return footnote_index.footnote_ref(state, silent)


def _bounded_link_label(state, start: int, disableNested: bool = False) -> int:  # noqa: N803
    """markdown-it's parseLinkLabel (markdown_it/helpers/parse_link_label.py, 4.x) counting
    its steps in the document's env: -1 (no label) once LINK_LABEL_STEPS are spent."""
    left = state.env.get(_STEPS_KEY, LINK_LABEL_STEPS)
    old_pos = state.pos
    state.pos = start + 1
    level = 1
    found = False
    while state.pos < state.posMax:
        left -= 1
        if left < 0:
            break
        marker = state.src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                found = True
                break
        previous = state.pos
        state.md.inline.skipToken(state)
        if marker == "[":
            if previous == state.pos - 1:
                level += 1  # a "[" of text, not part of another token
            elif disableNested:
                state.pos = old_pos
                state.env[_STEPS_KEY] = left
                return -1
    state.env[_STEPS_KEY] = max(left, 0)
    label_end = state.pos if found else -1
    state.pos = old_pos
    return label_end


_MD = _markdown()
_MD_LEGACY = _markdown(strikethrough=False)  # as documents imported before were read


@dataclasses.dataclass
class Site:
    """Where a piece of a block was written in the file, for writing its translation back
    (formats/markdown_into.py): an inline token (a paragraph, heading or table cell), a code
    block, a line of words the file wrote like HTML, or an element of a raw HTML block."""

    kind: str  # SITE_INLINE, SITE_CODE, SITE_TEXT, SITE_HTML or SITE_ALT
    token: Token
    breaks: int = 0  # line breaks the piece put into its block's markup
    element: object = None  # SITE_HTML: the block's element in `fragment`'s tree
    fragment: object = None  # SITE_HTML: the HtmlFragment the element belongs to
    heading: bool = False  # a heading's text: one line
    # SITE_INLINE: the tokens of its <img> places in order (an image, an inline <img> tag).
    images: list[Token] = dataclasses.field(default_factory=list)
    # SITE_INLINE of images and no text (no block): its markup, images' places and links.
    markup: str = ""
    # SITE_ALT: the image token whose alt text the block is; `token` is then the inline
    # token of the site it is in (`container`).
    image: Token | None = None
    container: Site | None = None


SITE_INLINE, SITE_CODE, SITE_TEXT, SITE_HTML = "inline", "code", "text", "html"
SITE_ALT = "alt"


@dataclasses.dataclass
class Origin:
    """A Markdown block's Draft.origin: its pieces' sites in order; `number` is an ordered
    item's own number ("3. ") that starts the block's markup."""

    sites: list[Site] = dataclasses.field(default_factory=list)
    number: str = ""


def _site(draft: Draft, site: Site, pieces: list[str]) -> None:
    if not isinstance(draft.origin, Origin):
        draft.origin = Origin()
    site.breaks = "".join(pieces).count("<br>")
    draft.origin.sites.append(site)


def _attr(value: str | int | float | None) -> str:
    return escape_text(str(value or "")).replace('"', "&quot;")


class _Walker:
    def __init__(self, env: dict, legacy: bool = False, tag_alts: bool = True) -> None:
        self.env = env
        self.legacy = legacy
        self.tag_alts = tag_alts and not legacy
        # Alt texts of the images met in the inline token being read: blocks of their own,
        # right after its block (image token, alt draft).
        self.alts: list[tuple[Token, Draft]] = []
        self.images: list[Token] = []  # the <img> places' tokens of that inline token
        self._plain_images = 0  # > 0 inside an alt text or an inline note: images as text
        self.drafts: list[Draft] = []
        self.notes: list[Draft] = []  # emitted after the body, in document order
        self._numbered: set[int] = set()  # list items holding only their number so far
        self._inline_done: set[int] = set()  # inline notes already emitted
        self.labels: dict[str, str] = {}  # markdown label -> label shown
        self.inline_labels: dict[int, str] = {}  # inline note id -> label shown
        self._assign_labels()

    def _assign_labels(self) -> None:
        data = self.env.get("footnotes", {})
        ordered: list[str | int] = []  # labels in reference order, then unreferenced
        for note_id, note in sorted(data.get("list", {}).items()):
            ordered.append(note["label"] if "label" in note else note_id)
        listed = set(ordered)
        for key in data.get("refs", {}):
            if key[1:] not in listed:
                listed.add(key[1:])
                ordered.append(key[1:])
        kept = {
            item
            for item in ordered
            if isinstance(item, str) and len(item) <= SHORT_LABEL_CHARS and " " not in item
        }
        number = 0
        for item in ordered:
            if item in kept:
                self.labels[str(item)] = str(item)
                continue
            number += 1
            while str(number) in kept:
                number += 1
            if isinstance(item, int):
                self.inline_labels[item] = str(number)
            else:
                self.labels[item] = str(number)

    # -- inline ----------------------------------------------------------------------------

    def inline(self, tokens: list[Token]) -> list[str]:
        out: list[str] = []
        for tok in tokens:
            kind = tok.type
            if kind in ("text", "text_special"):
                out.append(escape_text(tok.content))
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append("<br>")
            elif kind in ("em_open", "em_close", "strong_open", "strong_close"):
                tag = "em" if kind.startswith("em") else "strong"
                out.append(f"<{tag}>" if kind.endswith("open") else f"</{tag}>")
            elif kind in ("s_open", "s_close"):
                out.append("<del>" if kind == "s_open" else "</del>")
            elif kind == "link_open":
                title = tok.attrGet("title")
                extra = f' title="{_attr(title)}"' if title else ""
                out.append(f'<a href="{_attr(tok.attrGet("href"))}"{extra}>')
            elif kind == "link_close":
                out.append("</a>")
            elif kind == "code_inline":
                out.append(f"<code>{escape_text(tok.content)}</code>")
            elif kind == "image" and (self.legacy or self._plain_images):
                # The alt text is the author's words (a caption, a description): keep it.
                self._plain_images += 1
                out += self.inline(tok.children or [])
                self._plain_images -= 1
            elif kind == "image":
                self._plain_images += 1
                alt = self.inline(tok.children or [])
                self._plain_images -= 1
                out.append(IMAGE)
                self.images.append(tok)
                self.alts.append((tok, Draft(KIND_IMAGE, alt)))
            elif kind == "html_inline":
                raw = _inline_html(tok.content)
                out.append(raw)
                if not self.legacy and not self._plain_images and _IMG_TAG.match(raw):
                    self.images.append(tok)  # the sanitiser makes it an <img> place
                    tag_alt = (attribute(raw, "alt") or "").strip() if self.tag_alts else ""
                    if tag_alt:
                        self.alts.append((tok, Draft(KIND_IMAGE, [escape_text(tag_alt)])))
            elif kind == "footnote_ref":
                out.append(fnref(self._ref_label(tok)))
            # footnote_anchor (the back link) and anything unknown carry no text.
        return out

    def _ref_label(self, tok: Token) -> str:
        meta = tok.meta or {}
        if "label" in meta:
            return self.labels.get(meta["label"], meta["label"])
        note_id = meta["id"]
        label = self.inline_labels.get(note_id, str(note_id + 1))
        note = self.env["footnotes"]["list"][note_id]
        if note_id not in self._inline_done:
            # An inline note is defined where it is referenced.
            self._inline_done.add(note_id)
            self._plain_images += 1  # a note written inside a block's text: not written back
            pieces = self.inline(note["tokens"])
            self._plain_images -= 1
            self.notes.append(Draft(KIND_FOOTNOTE, pieces, label=label))
        return label

    # -- blocks ----------------------------------------------------------------------------

    def walk(self, tokens: list[Token]) -> list[Draft]:
        # Open containers, innermost last: ("blockquote"|"list_item"|"footnote", draft|None).
        stack: list[tuple[str, Draft | None]] = []
        heading_level = 0
        numbered_from: list[int | None] = []  # per open list: an ordered list's start number
        for tok in tokens:
            kind = tok.type
            if tok.nesting == 1 and stack and stack[-1][0] == "list_item":
                # A nested block (a sub-list, a quote) ends the item's own text: a paragraph
                # after it starts a new block, so that blocks stay in document order.
                if kind != "paragraph_open":
                    stack[-1] = (stack[-1][0], None)
            if kind == "blockquote_open":
                stack.append(("blockquote", None))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = tok.attrGet("start") if kind == "ordered_list_open" else None
                numbered_from.append(int(start) if start is not None else None)
            elif kind in ("bullet_list_close", "ordered_list_close"):
                numbered_from.pop()
            elif kind == "list_item_open":
                stack.append(("list_item", self._numbered_item(tok, numbered_from)))
            elif kind == "footnote_reference_open":
                label = tok.meta["label"]
                note = Draft(KIND_FOOTNOTE, [], label=self.labels.get(label, label))
                self.notes.append(note)
                stack.append(("footnote", note))
            elif kind in ("blockquote_close", "list_item_close", "footnote_reference_close"):
                stack.pop()
            elif kind == "heading_open":
                heading_level = int(tok.tag[1:])
            elif kind == "heading_close":
                heading_level = 0
            elif kind == "inline":
                self.images = []
                pieces = self.inline(tok.children or [])
                site = Site(SITE_INLINE, tok, heading=bool(heading_level), images=self.images)
                numbered = bool(stack) and id(stack[-1][1]) in self._numbered
                if self.images and _only_images(pieces) and not numbered:
                    # Images (badges) and no text: no block, its lines stay as they are.
                    site.markup = sanitize_inline("".join(pieces))
                elif heading_level:
                    draft = Draft(KIND_HEADING, pieces, level=heading_level)
                    self.drafts.append(draft)
                    _site(draft, site, pieces)
                else:
                    _site(self._add(stack, pieces), site, pieces)
                for image, alt in self.alts:
                    alt.origin = Origin([Site(SITE_ALT, tok, image=image, container=site)])
                    self.drafts.append(alt)
                self.alts = []
            elif kind in ("fence", "code_block"):
                code = escape_text(tok.content.rstrip("\n")).replace("\n", "<br>")
                pieces = ["<code>", code, "</code>"]
                _site(self._add(stack, pieces), Site(SITE_CODE, tok), pieces)
            elif kind == "html_block" and not _is_html_tag(tok.content.lstrip()):
                # "<Ctrl> and <Alt>" on a line of its own: words, not markup.
                pieces = [escape_text(tok.content.strip())]
                _site(self._add(stack, pieces), Site(SITE_TEXT, tok), pieces)
            elif kind == "html_block":
                fragment = html_fragment(tok.content, self._kind(stack), legacy=self.legacy)
                for draft in fragment.drafts:
                    site = Site(SITE_HTML, tok, element=draft.origin, fragment=fragment)
                    if draft.kind == KIND_FOOTNOTE:
                        draft.origin = None
                        self.notes.append(draft)
                        _site(draft, site, draft.parts)
                    else:
                        added = self._add(stack, draft.parts, draft.kind, draft.level)
                        _site(added, site, draft.parts)
        return self.drafts + self.notes

    @staticmethod
    def _kind(stack: list[tuple[str, Draft | None]]) -> str:
        if any(name == "footnote" for name, _ in stack):
            return KIND_FOOTNOTE
        for name, _ in reversed(stack):
            if name == "list_item":
                return KIND_LIST_ITEM
            if name == "blockquote":
                return KIND_BLOCKQUOTE
        return KIND_PARAGRAPH

    def _add(
        self,
        stack: list[tuple[str, Draft | None]],
        pieces: list[str],
        kind: str | None = None,
        level: int = 0,
    ) -> Draft:
        """Add the pieces as a block or to the open one; returns the draft they went into."""
        note = next((draft for name, draft in reversed(stack) if name == "footnote"), None)
        if note is not None:
            # Everything inside a note definition is that one note.
            self._append(note, pieces)
            return note
        kind = kind or self._kind(stack)
        if stack and stack[-1][0] == "list_item" and kind == KIND_LIST_ITEM:
            # One block per list item: its later paragraphs join the first.
            draft = stack[-1][1]
            if draft is None:
                draft = Draft(kind, [])
                self.drafts.append(draft)
                stack[-1] = ("list_item", draft)
            self._append(draft, pieces)
            return draft
        draft = Draft(kind, list(pieces), level)
        self.drafts.append(draft)
        return draft

    def _numbered_item(self, tok: Token, numbered_from: list[int | None]) -> Draft | None:
        """A list item of an ordered list that does not start at 1 keeps its number as text.

        Numbers 1, 2, 3 ... are presentation, which exports redo. A list starting elsewhere
        is usually prose CommonMark took for a list ("1984. A year to remember."), or a
        list continued after a break: either way the number is the author's, so keep it.
        """
        if not numbered_from or numbered_from[-1] is None or numbered_from[-1] == 1:
            return None
        number = escape_text(f"{tok.info}{tok.markup}")
        draft = Draft(KIND_LIST_ITEM, [number, " "], origin=Origin(number=number + " "))
        self._numbered.add(id(draft))
        self.drafts.append(draft)
        return draft

    def _append(self, draft: Draft, pieces: list[str]) -> None:
        if draft.parts and id(draft) not in self._numbered:
            draft.parts.append("<br>")
        self._numbered.discard(id(draft))
        draft.parts.extend(pieces)


_IMG_TAG = re.compile(r"<img[\s/>]", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


def _only_images(pieces: list[str]) -> bool:
    """Whether a block's pieces are images' places (and links, white space) and no text."""
    return not _TAGS.sub("", "".join(pieces)).strip()


_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# markdown-it-py spends about 50 µs a block: a file of tiny blocks is refused before parsing
# when its blocks (estimated) exceed the unit cap this many times.
BLOCKS_PER_UNIT = 2


def _too_many_blocks(text: str, limit: int) -> bool:
    """Whether the text starts more than `limit` blocks: a line after a blank line, or a list
    item. Stops counting at the limit: a file of a million tiny blocks costs little here."""
    blocks = 0
    after_blank = True
    for line in text.split("\n"):
        if not line.strip():
            after_blank = True
            continue
        if after_blank or _LIST_MARKER.match(line):
            blocks += 1
            if blocks > limit:
                return True
        after_blank = False
    return False


@dataclasses.dataclass
class MarkdownReading:
    """A Markdown file as the importer reads it: the front matter as written, the rest (the
    text markdown-it parsed), its tokens, and the drafts of its blocks (notes last), each
    with its Origin."""

    front_matter: str
    body: str
    tokens: list[Token]
    drafts: list[Draft]
    labels: dict[str, str]  # a note's label in the file -> the label shown
    inline_notes: bool  # whether the file has inline notes (`^[...]`)


def read_markdown(
    text: str, limits: FileLimits = DEFAULT_LIMITS, legacy: bool = False, tag_alts: bool = True
) -> MarkdownReading:
    """`legacy`: read as documents imported before images' places, `~~`, sup/sub/ins/del
    were kept (see the module's docstring); `tag_alts=False`: as documents imported before
    an inline <img> tag's alt was a unit of its own."""
    # Raw HTML inside goes through the HTML importer's tree: the same tag limit (markdown-it
    # itself nests at most 20 blocks deep and is linear in the text).
    if text.count("<") > limits.max_elements:
        raise DocumentError(
            gettext_noop("The file has more than %(limit)s elements; split it into smaller files."),
            limit=f"{limits.max_elements:,}",
        )
    if _too_many_blocks(text, BLOCKS_PER_UNIT * limits.max_units):
        raise too_many_units(limits.max_units)
    if sum(text.count(char) for char in MARKUP_CHARS) > MAX_MARKUP_CHARS:
        raise DocumentError(
            gettext_noop(
                "The file has more than %(limit)s Markdown markup characters (%(chars)s): it "
                "is not prose. Import it as plain text (txt), or split it."
            ),
            limit=f"{MAX_MARKUP_CHARS:,}",
            chars=" ".join(MARKUP_CHARS),
        )
    front_matter, body = split_front_matter(text)
    env: dict = {}
    tokens = (_MD_LEGACY if legacy else _MD).parse(body, env)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        raise DocumentError(
            gettext_noop("The file nests elements more than %(depth)s levels deep."),
            depth=MAX_NESTING - 2,
        )
    walker = _Walker(env, legacy, tag_alts)
    drafts = walker.walk(tokens)
    return MarkdownReading(
        front_matter, body, tokens, drafts, walker.labels, bool(walker.inline_labels)
    )


def parse_md(text: str, limits: FileLimits = DEFAULT_LIMITS) -> ParsedDocument:
    reading = read_markdown(text, limits)
    parsed = finish(reading.drafts, "md", max_units=limits.max_units)
    front_matter = reading.front_matter
    if not front_matter:
        return parsed
    title = _front_matter_title(front_matter)
    return dataclasses.replace(
        parsed, front_matter=front_matter, title=parsed.title if not title else title
    )


# Front matter opens the file: "---" (YAML) or "+++" (TOML) alone on the first line, closed by
# the same line. Searched in the first 64 KB only, so a file that opens with a thematic break
# ("---") and never closes it costs nothing.
_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n(.*?)^\1[ \t]*(?:\r?\n|\Z)",
                           re.DOTALL | re.MULTILINE)  # fmt: skip
_FRONT_MATTER_SCAN = 64 * 1024
_TITLE_LINE = re.compile(r"""^title[ \t]*[:=][ \t]*(["']?)(.+?)\1[ \t]*$""", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter as written, the rest): ("", text) when the file has none."""
    match = _FRONT_MATTER.match(text[:_FRONT_MATTER_SCAN])
    if match is None:
        return "", text
    return match.group(0).lstrip("\ufeff"), text[match.end() :]


def _front_matter_title(front_matter: str) -> str:
    """The `title` of YAML (`title: ...`) or TOML (`title = "..."`) front matter, if simple."""
    match = _TITLE_LINE.search(front_matter)
    return match.group(2).strip() if match else ""
