"""What every importer shares: decoding, turning drafts into blocks, title and byline rules."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workbench.formats.limits import DEFAULT_LIMITS
from workbench.text.i18n import gettext_noop
from workbench.text.markup import collapse_whitespace, sanitize_inline, to_plain
from workbench.text.records import (
    KIND_BYLINE,
    KIND_HEADING,
    KIND_IMAGE,
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


# An HTML page's own word on its encoding, as browsers look for it before parsing (the
# WHATWG "prescan"): <meta charset>, <meta http-equiv content="...; charset=">, or an XHTML
# page's XML declaration, in the first bytes of the file.
_PRESCAN_BYTES = 4096
_DECLARED_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})"""
    rb"""|<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
# Labels that mean more than their name (the WHATWG Encoding Standard, which browsers
# follow): a page that says latin-1 or ASCII is read as windows-1252, GB2312 as GB18030 (the
# superset such pages really hold), Shift_JIS as Windows' cp932, EUC-KR as cp949, a
# "UTF-16" meta as UTF-8 (a page in UTF-16 has a byte order mark).
_CHARSET_MEANS = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254",
    "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030",
    "gbk": "gb18030", "x-gbk": "gb18030", "chinese": "gb18030", "shift_jis": "cp932",
    "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "windows-31j": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}  # fmt: skip


def decode_html(data: bytes) -> tuple[str, str]:
    """An HTML file's text and the encoding it was read in: a byte order mark first; then
    UTF-8 whenever the bytes are UTF-8 (a page re-saved by an editor often keeps its old
    declaration, while legacy text is almost never valid UTF-8); else the page's own
    declaration, as browsers read it; else decode_utf8's refusal."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec
            except UnicodeDecodeError as exc:
                raise _not_valid(data, exc, codec) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    match = _DECLARED_CHARSET.search(data[:_PRESCAN_BYTES])
    label = (match.group(1) or match.group(2)).decode("ascii").lower() if match else ""
    codec = _CHARSET_MEANS.get(label, label)
    try:
        if codec and codecs.lookup(codec).name not in ("utf-8", "utf-8-sig"):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as exc:
                raise _not_valid(data, exc, label) from None
    except LookupError:
        pass  # a label no codec has: read as UTF-8, as browsers fall back to a default
    return decode_utf8(data), "utf-8"


def _not_valid(data: bytes, exc: UnicodeDecodeError, charset: str) -> DocumentError:
    return DocumentError(
        gettext_noop(
            "The file says it is %(charset)s text, but the byte 0x%(byte)02X at offset "
            "%(offset)s is not valid %(charset)s. Save or export the file as UTF-8 and try again."
        ),
        charset=charset,
        byte=data[exc.start],
        offset=exc.start,
    )


_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_TAG = re.compile(r"<[^>]*>")


def tidy_spaces(markup: str) -> str:
    """Collapse whitespace runs in the text of canonical markup, across tag boundaries too,
    except inside <code>, whose spaces and tabs are kept (a code block's indentation).

    Importers join pieces ("word " + "<em> next</em>"), which would otherwise leave double
    spaces and spaces next to a line break. U+00A0 is not touched: it is meaningful.
    """
    if "<" not in markup and not markup.startswith(" ") and not markup.endswith(" "):
        if not any(ws in markup for ws in ("  ", "\n", "\t", "\r", "\f")):
            return markup  # text without tags and nothing to tidy: the common case
    tokens = _TAG_SPLIT.split(markup)
    out: list[str] = []
    after_space = True  # at the start, like after a space: no leading space
    in_code = 0  # inside <code>: white space is the code's (indentation, aligned columns)
    for token in tokens:
        if not token:
            continue
        if token.startswith("<"):
            if token == "<code>" or token.startswith("<code "):
                in_code += 1
            elif token == "</code>":
                in_code = max(in_code - 1, 0)
            elif token == "<br>" and not in_code:
                _drop_trailing_space(out)
                after_space = True
            elif token == "<img>":
                after_space = False  # an image stands where a word would: spaces around it stay
            out.append(token)
            continue
        if in_code:
            out.append(token.replace("\r\n", "\n").replace("\n", "<br>"))
            after_space = token.endswith((" ", "\t"))
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
            if out[i] in ("<br>", "<img>"):
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
        same = (
            same
            and len(kept) < len(sources)
            and (text == sources[len(kept)] or _earlier_text(text) == sources[len(kept)])
        )
        kept.append(draft)
    return kept if same and len(kept) == len(sources) else None


# What importers did not keep before superscript, subscript, deleted and inserted text and
# images' places were part of the markup: a plain <sup>, <sub>, <del>, <ins> (their text was
# kept) and <img>. A footnote reference (<sup class="fnref">, its label plain text) stays.
_NEWER_TAGS = re.compile(r'(<sup class="fnref">[^<]*+</sup>)|</?(?:sup|sub|del|ins)>|<img>')


def _earlier_text(text: str) -> str | None:
    """A block's text as the importer read it before those were kept (None: the same): a
    document imported then still matches its file."""
    if "<" not in text:
        return None
    earlier = _NEWER_TAGS.sub(lambda m: m.group(1) or "", text)
    return tidy_spaces(earlier) if earlier != text else None


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
    # An image's text above the title (a logo's, a portrait's) stays what it is.
    above = [(i, b) for i, b in enumerate(blocks[:title_at]) if b.kind != KIND_IMAGE]
    if (
        1 <= len(above) <= MAX_BYLINES
        and all(b.kind in (KIND_PARAGRAPH, KIND_BYLINE) for _, b in above)
        and all(len(to_plain(b.text)) <= BYLINE_MAX_CHARS for _, b in above)
    ):
        for i, b in above:
            blocks[i] = Block(kind=KIND_BYLINE, text=b.text)
    return blocks


def document_title(blocks: list[Block]) -> str:
    """Plain text of the title block, else of the first heading, else empty."""
    for kinds in ((KIND_TITLE,), (KIND_HEADING,)):
        for block in blocks:
            if block.kind in kinds:
                return to_plain(block.text).replace("\n", " ").strip()
    return ""
