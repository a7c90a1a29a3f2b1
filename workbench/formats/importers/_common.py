"""What every importer shares: decoding, turning drafts into blocks, title and byline rules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workbench.formats.limits import DEFAULT_LIMITS
from workbench.text.i18n import gettext_noop
from workbench.text.markup import collapse_whitespace, sanitize_inline, to_plain
from workbench.text.records import (
    KIND_BYLINE,
    KIND_HEADING,
    KIND_PARAGRAPH,
    KIND_TITLE,
    Block,
    ParsedDocument,
)

from .errors import DocumentError

# A byline ("Socialist Equality Party (United States)", "by Jane Doe") is short; a longer
# paragraph above the title is an epigraph or an abstract and stays a paragraph.
BYLINE_MAX_CHARS = 200
MAX_BYLINES = 2


@dataclass
class Draft:
    """A block being built: markup pieces (escaped, not yet sanitised) joined at the end."""

    kind: str
    parts: list[str] = field(default_factory=list)
    level: int = 0
    label: str = ""
    # Where the block came from in the file (a .docx paragraph, an HTML element), for the
    # exports that write the translation back into the original file; not compared.
    origin: object = field(default=None, compare=False, repr=False)

    def markup(self) -> str:
        return "".join(self.parts)


def too_many_units(limit: int) -> DocumentError:
    return DocumentError(
        gettext_noop("The file has more than %(limit)s paragraphs; split it into smaller files."),
        limit=f"{limit:,}",
    )


def decode_utf8(data: bytes) -> str:
    """Decode the bytes as UTF-8 (a BOM is allowed) or say precisely why not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            gettext_noop(
                "The file is UTF-16 text, not UTF-8. Save or export it as UTF-8 and try again."
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            gettext_noop(
                "The file is not UTF-8 text: the byte 0x%(byte)02X at offset %(offset)s is not "
                "valid UTF-8. Save or export the file as UTF-8 and try again."
            ),
            byte=data[exc.start],
            offset=exc.start,
        ) from None
    return text.removeprefix("\ufeff")


_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_TAG = re.compile(r"<[^>]*>")


def tidy_spaces(markup: str) -> str:
    """Collapse whitespace runs in the text of canonical markup, across tag boundaries too.

    Importers join pieces ("word " + "<em> next</em>"), which would otherwise leave double
    spaces and spaces next to a line break. U+00A0 is not touched: it is meaningful.
    """
    if "<" not in markup and not markup.startswith(" ") and not markup.endswith(" "):
        if not any(ws in markup for ws in ("  ", "\n", "\t", "\r", "\f")):
            return markup  # text without tags and nothing to tidy: the common case
    tokens = _TAG_SPLIT.split(markup)
    out: list[str] = []
    after_space = True  # at the start, like after a space: no leading space
    for token in tokens:
        if not token:
            continue
        if token.startswith("<"):
            if token == "<br>":
                _drop_trailing_space(out)
                after_space = True
            out.append(token)
            continue
        token = collapse_whitespace(token)
        if after_space:
            token = token.lstrip(" ")
        if token:
            after_space = token.endswith(" ")
            out.append(token)
    _drop_trailing_space(out)
    return "".join(out)


def _drop_trailing_space(out: list[str]) -> None:
    for i in range(len(out) - 1, -1, -1):
        if out[i].startswith("<"):
            if out[i] == "<br>":
                return
            continue
        out[i] = out[i].rstrip(" ")
        return


def has_text(markup: str) -> bool:
    """Whether `markup` makes a block: some text once sanitised (a footnote label counts)."""
    return block_text(markup) is not None


def finish(
    drafts: Iterable[Draft | Block],
    fmt: str,
    title: str = "",
    promote: bool = True,
    max_units: int = DEFAULT_LIMITS.max_units,
) -> ParsedDocument:
    """Sanitise the drafts into blocks, drop empty ones, apply the title/byline rule
    (unless `promote` is false: the kinds are already known, e.g. from a PO export).
    More than `max_units` blocks: DocumentError, as soon as the one too many is met."""
    blocks: list[Block] = []
    for draft in drafts:
        if isinstance(draft, Block):
            kind, raw, level, label = draft.kind, draft.text, draft.level, draft.label
        else:
            kind, raw, level, label = draft.kind, draft.markup(), draft.level, draft.label
        text = block_text(raw)
        if text is None:
            continue
        if len(blocks) >= max_units:
            raise too_many_units(max_units)
        blocks.append(Block(kind=kind, text=text, level=level, label=label))
    if not blocks:
        raise DocumentError(gettext_noop("No text found in the file."))
    if promote:
        blocks = promote_title_and_byline(blocks)
    return ParsedDocument(blocks=blocks, title=title or document_title(blocks), format=fmt)


def block_text(raw: str) -> str | None:
    """The canonical markup of a draft's raw markup, or None when it has no text (`finish`
    drops such a draft: it is no block)."""
    text = tidy_spaces(sanitize_inline(raw))
    # Canonical markup spells every character literally (but & < >), so the text
    # without its tags tells whether there is any (a footnote label counts).
    if not _TAG.sub("", text).strip():
        return None
    return text


def drafts_of_blocks(
    drafts: Iterable[Draft], sources: Sequence[str], max_units: int
) -> list[Draft] | None:
    """The drafts that `finish` turns into blocks, in order (the i-th is block i), when
    their blocks are exactly `sources` (a document's units, to write a translation back into
    the file they came from); None when the file no longer gives those blocks. More than
    `max_units` blocks: DocumentError."""
    kept: list[Draft] = []
    same = True
    for draft in drafts:
        text = block_text(draft.markup())  # once per draft: the sanitiser is the cost here
        if text is None:
            continue
        if len(kept) >= max_units:
            raise too_many_units(max_units)
        same = same and len(kept) < len(sources) and text == sources[len(kept)]
        kept.append(draft)
    return kept if same and len(kept) == len(sources) else None


def promote_title_and_byline(blocks: list[Block]) -> list[Block]:
    """The first level-1 heading is the title (unless the format marked one); one or two short
    paragraphs above it at the very start of the document are its byline."""
    blocks = list(blocks)
    title_at = next((i for i, b in enumerate(blocks) if b.kind == KIND_TITLE), None)
    if title_at is None:
        title_at = next(
            (i for i, b in enumerate(blocks) if b.kind == KIND_HEADING and b.level == 1), None
        )
        if title_at is None:
            return blocks
        blocks[title_at] = Block(kind=KIND_TITLE, text=blocks[title_at].text)
    above = blocks[:title_at]
    if (
        1 <= len(above) <= MAX_BYLINES
        and all(b.kind in (KIND_PARAGRAPH, KIND_BYLINE) for b in above)
        and all(len(to_plain(b.text)) <= BYLINE_MAX_CHARS for b in above)
    ):
        for i, b in enumerate(above):
            blocks[i] = Block(kind=KIND_BYLINE, text=b.text)
    return blocks


def document_title(blocks: list[Block]) -> str:
    """Plain text of the title block, else of the first heading, else empty."""
    for kinds in ((KIND_TITLE,), (KIND_HEADING,)):
        for block in blocks:
            if block.kind in kinds:
                return to_plain(block.text).replace("\n", " ").strip()
    return ""
