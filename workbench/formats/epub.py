"""EPUB 3 export of a translated document, for publishing: the translation alone or bilingual.

    export_epub(doc, language, rows, bilingual=False) -> bytes

The book is split into chapters at the document's title and first-level headings (readers
page large files slowly); its navigation lists the headings. Each unit is one block: the
translation (an untranslated unit falls back to the source, marked with the source's
`lang`), or in the bilingual edition the source followed by the translation, each with its
own `lang` and `dir`.

Footnotes are EPUB notes: a reference is `<a epub:type="noteref" href="#fn-N">`, the note an
`<aside epub:type="footnote" id="fn-N">` in the chapter of its first reference (where
reading systems show it as a pop-up); a reference goes to the next footnote with its label,
or the last one before it (notes numbered per chapter), as in the HTML export.

Unit markup is canonical (text/markup.py) and passes the gate again here; it is XML already
but for `<br>`, so it is written into the XHTML pages as is.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from workbench.text.markup import sanitize_inline, to_plain
from workbench.text.records import (
    KIND_BLOCKQUOTE,
    KIND_BYLINE,
    KIND_FOOTNOTE,
    KIND_HEADING,
    KIND_IMAGE,
    KIND_LIST_ITEM,
    KIND_TITLE,
    DocumentInfo,
    ExportRow,
    LanguageInfo,
)

_FNREF = re.compile(r'<sup class="fnref">([^<]*)</sup>')
_CSS = """body { font-family: serif; line-height: 1.5; }
.byline { font-variant: small-caps; }
.image-text { font-style: italic; text-align: center; }
.source { color: #4a4a4a; }
.pair { margin-bottom: 1em; }
aside.footnote { font-size: 0.9em; }
code { font-family: monospace; white-space: pre-wrap; }
"""


@dataclass
class _Chapter:
    file_name: str
    title: str
    blocks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# A link to a place in the original page (`#sec-2`, a <a name> target): the book has no
# such id, and epubcheck refuses a fragment that is not defined (RSC-012). Its text stays.
_PAGE_LINK = re.compile(r'<a href="#[^"]*"(?: title="[^"]*")?>(.*?)</a>', re.DOTALL)


def _xhtml(markup: str) -> str:
    # Canonical markup is well-formed XML except for the void <br>.
    # An image's place (<img>) has no image to show here.
    return sanitize_inline(markup).replace("<br>", "<br/>").replace("<img>", "")


def _dir_attr(language: LanguageInfo, page: LanguageInfo) -> str:
    return f' dir="{language.direction}"' if language.direction != page.direction else ""


def export_epub(
    doc: DocumentInfo,
    language: LanguageInfo,
    rows: Sequence[ExportRow],
    *,
    bilingual: bool = False,
) -> bytes:
    """The EPUB 3 file (bytes); see the module docstring."""
    # ebooklib is loaded only when a book is made: nothing else needs it.
    from ebooklib import epub

    source = doc.source_language
    rows = sorted(rows, key=lambda r: r.unit.position)
    notes_of: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if row.unit.kind == KIND_FOOTNOTE and row.unit.label.strip():
            notes_of.setdefault(row.unit.label.strip(), []).append(index)

    def note_index(label: str, at: int) -> int | None:
        found = notes_of.get(label.strip())
        if not found:
            return None
        after = bisect.bisect_right(found, at)
        return found[after] if after < len(found) else found[-1]

    # Pass 1: chapters, and where each footnote is first referred to.
    chapter_of_row: list[int] = []
    chapters: list[_Chapter] = []
    has_text = False  # the current chapter holds more than footnotes
    for row in rows:
        unit = row.unit
        starts = unit.kind == KIND_TITLE or (unit.kind == KIND_HEADING and unit.level <= 1)
        if not chapters or (starts and has_text):
            chapters.append(_Chapter(f"chapter-{len(chapters) + 1}.xhtml", ""))
            has_text = False
        has_text = has_text or unit.kind != KIND_FOOTNOTE
        chapter_of_row.append(len(chapters) - 1)
    home_of_note: dict[int, int] = {}
    for index, row in enumerate(rows):
        texts = [row.unit.source]
        translation = row.translations.get(language.code)
        if translation is not None:
            texts.append(translation.text)
        for text in texts:
            for label in _FNREF.findall(text):
                target = note_index(label, index)
                if target is not None:
                    home_of_note.setdefault(target, chapter_of_row[index])

    def render(markup: str, at: int) -> str:
        chapter = chapter_of_row[at]

        def link(match: re.Match[str]) -> str:
            label = match.group(1)
            target = note_index(escape_label(label), at)
            if target is None:
                return match.group(0)
            home = chapters[home_of_note.get(target, chapter_of_row[target])].file_name
            here = home == chapters[chapter].file_name
            href = f"#fn-{target + 1}" if here else f"{home}#fn-{target + 1}"
            return f'<sup><a epub:type="noteref" href="{href}">{label}</a></sup>'

        return _FNREF.sub(link, _PAGE_LINK.sub(r"\1", _xhtml(markup)))

    # Pass 2: the blocks.
    for index, row in enumerate(rows):
        unit = row.unit
        chapter = chapters[chapter_of_row[index]]
        translation = row.translations.get(language.code)
        target_text = translation.text if translation is not None and translation.text else None
        if not chapter.title and unit.kind in (KIND_TITLE, KIND_HEADING):
            chapter.title = to_plain(target_text or unit.source).strip()
        parts: list[str] = []
        if bilingual:
            parts.append(
                f'<span class="source" lang="{escape(source.code)}"'
                f"{_dir_attr(source, language)}>{render(unit.source, index)}</span>"
            )
            if target_text:
                parts.append(f'<span class="target">{render(target_text, index)}</span>')
        elif target_text:
            parts.append(render(target_text, index))
        else:
            parts.append(
                f'<span class="fallback" lang="{escape(source.code)}"'
                f"{_dir_attr(source, language)}>{render(unit.source, index)}</span>"
            )
        if unit.kind == KIND_FOOTNOTE and unit.label.strip():
            home = chapters[home_of_note.get(index, chapter_of_row[index])]
            label = escape(unit.label.strip())
            body = "<br/>".join(parts) if bilingual else parts[0]
            home.notes.append(
                f'<aside epub:type="footnote" id="fn-{index + 1}" class="footnote">'
                f'<p><span class="label">{label}.</span> {body}</p></aside>'
            )
            continue
        chapter.blocks.append(_block(unit.kind, unit.level, parts, unit.key))

    book = epub.EpubBook()
    edition = ":bilingual" if bilingual else ""
    book.set_identifier(f"urn:x-workbench:{doc.slug}:{language.code}{edition}")
    title = next((c.title for c in chapters if c.title), "") or doc.title or doc.slug
    book.set_title(title)
    book.set_language(language.code)
    if language.direction == "rtl":
        book.set_direction("rtl")
    style = epub.EpubItem(
        uid="style", file_name="style.css", media_type="text/css", content=_CSS.encode()
    )
    book.add_item(style)
    items = []
    for number, chapter in enumerate(chapters, 1):
        chapter_title = chapter.title or f"{title} ({number})"
        # An XHTML page written here, not by ebooklib's EpubHtml, which pretty-prints the
        # body and so puts spaces between inline elements ("<em>a</em><b>b</b>" -> "a b").
        item = epub.EpubItem(
            uid=f"chapter{number}",
            file_name=chapter.file_name,
            media_type="application/xhtml+xml",
            content=_page(chapter_title, language, chapter.blocks + chapter.notes),
        )
        book.add_item(item)
        items.append((item, chapter_title))
    book.toc = [epub.Link(item.file_name, name, f"c{n}") for n, (item, name) in enumerate(items, 1)]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *(item for item, _name in items)]
    out = io.BytesIO()
    epub.write_epub(out, book, {})
    return out.getvalue()


def _page(title: str, language: LanguageInfo, blocks: list[str]) -> bytes:
    code = escape(language.code)
    direction = ' dir="rtl"' if language.direction == "rtl" else ""
    body = "\n".join(blocks)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f' lang="{code}" xml:lang="{code}"{direction}>\n'
        f'<head><meta charset="utf-8"/><title>{escape(title)}</title>'
        '<link href="style.css" rel="stylesheet" type="text/css"/></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    ).encode()


def escape_label(label: str) -> str:
    """A footnote label as written in markup (escaped) back to text, for the lookup."""
    return label.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _block(kind: str, level: int, parts: list[str], key: str) -> str:
    body = "<br/>".join(parts)
    anchor = f'id="u-{escape(key)}"'
    if kind == KIND_TITLE:
        return f'<h1 {anchor} class="title">{body}</h1>'
    if kind == KIND_HEADING:
        tag = f"h{min(max(level, 1) + 1, 6)}"
        return f"<{tag} {anchor}>{body}</{tag}>"
    if kind == KIND_BLOCKQUOTE:
        return f"<blockquote {anchor}><p>{body}</p></blockquote>"
    if kind == KIND_LIST_ITEM:
        return f"<ul {anchor}><li>{body}</li></ul>"
    if kind == KIND_BYLINE:
        return f'<p {anchor} class="byline">{body}</p>'
    if kind == KIND_IMAGE:
        # The book has no image (it was not imported): its description stands in its place.
        return f'<p {anchor} class="pair image-text">{body}</p>'
    return f'<p {anchor} class="pair">{body}</p>'
