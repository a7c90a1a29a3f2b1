"""Gettext PO as a source document: one block per entry's msgid, in file order.

The file is read by `workbench.formats.po.read_po`, the same reader as PO translation
imports, so both accept and refuse the same files. The unit comments the exporter writes
(`#. kind: heading 2`, `#. position: 3`, `#. footnote: 1`) give each block its kind, level and
label; entries without them are paragraphs. When every entry has a position, blocks follow
the positions (tools like `msgcat --sort-output` reorder entries), else the file order.

A msgid is taken as inline markup when the file came from the workbench (its header or unit
comments say so) or when every tag-like thing in it is a real HTML tag; otherwise (e.g. "Press
<Ctrl>") it is plain text and escaped, so that no word is taken for a tag and lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.html.defs

from workbench.formats.limits import DEFAULT_LIMITS
from workbench.formats.po import GENERATOR, PoCatalog, PoError, PoRecord, read_po
from workbench.text.markup import from_plain
from workbench.text.records import (
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_PARAGRAPH,
    KINDS,
    ParsedDocument,
)

from ._common import Draft, finish, has_text
from .errors import DocumentError

_HTML_TAGS = frozenset(lxml.html.defs.tags)


class _TagNames(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.names.append(tag)


def _is_html(text: str) -> bool:
    if "<" not in text:
        return True  # nothing to mistake; entities like &amp; decode either way
    parser = _TagNames()
    parser.feed(text)
    parser.close()
    return all(name in _HTML_TAGS for name in parser.names)


def _in_order(catalog: PoCatalog) -> tuple[list[PoRecord], list]:
    """The entries in the order of their blocks: by the exporter's positions when every
    entry has one (tools like `msgcat --sort-output` reorder entries), else the file's."""
    records: list[PoRecord] = list(catalog.records)
    infos = [record.unit_info for record in records]
    if infos and all(info.position is not None for info in infos):
        order = sorted(range(len(records)), key=lambda i: infos[i].position or 0)
        records = [records[i] for i in order]
        infos = [infos[i] for i in order]
    return records, infos


@dataclass(frozen=True)
class BlockTranslation:
    text: str  # the msgstr as markup (the workbench's own export writes markup)
    fuzzy: bool


def translations_of_blocks(
    data: bytes, max_units: int = DEFAULT_LIMITS.max_units
) -> tuple[str | None, list[BlockTranslation | None]]:
    """For a PO file the workbench exported: its Language header and, for each block that
    `parse_po` makes of the same file (same order, same empty entries left out), the entry's
    translation (None when it has none). Other files: (language, []) — their translations are
    a gettext catalog's (services/catalogs.py)."""
    catalog = read_po(data, max_entries=max_units)
    if not catalog.metadata.get("X-Generator", "").strip().startswith(GENERATOR):
        return catalog.language, []
    records, _infos = _in_order(catalog)
    found: list[BlockTranslation | None] = []
    for record in records:
        if not has_text(record.msgid):
            continue  # no block (finish() leaves it out)
        found.append(BlockTranslation(record.msgstr, record.fuzzy) if record.msgstr else None)
    return catalog.language, found


def parse_po(data: bytes, max_units: int = DEFAULT_LIMITS.max_units) -> ParsedDocument:
    try:
        catalog = read_po(data, max_entries=max_units)
    except PoError as exc:
        raise DocumentError(exc.template, **exc.details) from None
    ours = catalog.metadata.get("X-Generator", "").strip().startswith(GENERATOR)
    records, infos = _in_order(catalog)
    drafts: list[Draft] = []
    for record, info in zip(records, infos, strict=True):
        kind = info.kind if info.kind in KINDS else KIND_PARAGRAPH
        markup = record.msgid if (ours or info.kind or _is_html(record.msgid)) else None
        drafts.append(
            Draft(
                kind,
                [markup if markup is not None else from_plain(record.msgid)],
                level=info.level if kind == KIND_HEADING else 0,
                label=info.label if kind == KIND_FOOTNOTE else "",
            )
        )
    # Kinds the exporter wrote are facts; guess a title and byline only for other files.
    promote = not any(info.kind for info in infos)
    return finish(drafts, "po", promote=promote, max_units=max_units)
