"""Plain records shared by the pure core (importers, formats, checks, aligner).

Nothing here imports Django: the services turn model rows into these records and back, so
the text core and the file formats can be tested (and reused) without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import gettext_noop

# The kinds of translatable unit, in one place. The importers produce them, the editor and the
# exporters render them, the aligner uses them as structural evidence.
KIND_BYLINE = "byline"  # publisher or author line above a title
KIND_TITLE = "title"
KIND_HEADING = "heading"  # with a level 1..6
KIND_PARAGRAPH = "paragraph"
KIND_BLOCKQUOTE = "blockquote"  # a paragraph inside a block quote
KIND_LIST_ITEM = "list_item"
KIND_FOOTNOTE = "footnote"  # footnote or endnote text; `label` says which
# An image's alt text. The image itself is an <img> place in the unit before (formats/
# importers/html.py); the exports into the original file put the translation into its alt,
# the exports rebuilt from units (which have no image) show it as the image's description.
KIND_IMAGE = "image"
KINDS = (
    KIND_BYLINE,
    KIND_TITLE,
    KIND_HEADING,
    KIND_PARAGRAPH,
    KIND_BLOCKQUOTE,
    KIND_LIST_ITEM,
    KIND_FOOTNOTE,
    KIND_IMAGE,
)

# Translation statuses, one definition for the editor, stats, filters and exports.
# `outdated` is never stored: it is derived when the source changed after translating.
STATUS_UNTRANSLATED = "untranslated"
STATUS_DRAFT = "draft"  # needs work; exported as fuzzy
STATUS_TRANSLATED = "translated"  # waiting for review
STATUS_APPROVED = "approved"
STATUS_OUTDATED = "outdated"
STORED_STATUSES = (STATUS_DRAFT, STATUS_TRANSLATED, STATUS_APPROVED)
STATUSES = (
    STATUS_UNTRANSLATED,
    STATUS_DRAFT,
    STATUS_TRANSLATED,
    STATUS_APPROVED,
    STATUS_OUTDATED,
)
# The one wording of each status (English; the catalogs translate it, see workbench/status.py).
STATUS_WORDS: dict[str, str] = {
    STATUS_UNTRANSLATED: gettext_noop("untranslated"),
    STATUS_DRAFT: gettext_noop("draft"),
    STATUS_TRANSLATED: gettext_noop("needs review"),
    STATUS_APPROVED: gettext_noop("approved"),
    STATUS_OUTDATED: gettext_noop("outdated"),
}


@dataclass(frozen=True)
class Block:
    """One translatable block as an importer found it, in document order.

    `text` is sanitised inline markup (see text/markup.py): <em>, <strong>, <a href>,
    <code>, <br>, and footnote references written as <sup class="fnref">LABEL</sup>.
    """

    kind: str
    text: str
    level: int = 0  # heading level; 0 for other kinds
    label: str = ""  # footnote label (e.g. "1") for KIND_FOOTNOTE


@dataclass(frozen=True)
class ParsedDocument:
    blocks: list[Block]
    title: str = ""  # plain text; the first title/heading when the format has no title field
    format: str = ""  # txt, md, html, docx, epub, po
    # Markdown front matter (YAML between --- lines or TOML between +++ lines) as written,
    # delimiters included: the document's metadata, not text to translate.
    front_matter: str = ""


@dataclass(frozen=True)
class LanguageInfo:
    code: str  # BCP 47
    name: str
    direction: str = "ltr"  # or "rtl"
    plural_forms: str = "nplurals=2; plural=(n != 1);"


@dataclass(frozen=True)
class UnitRecord:
    key: str  # stable unit key: PO msgctxt, HTML anchor, URL part
    position: int  # 1-based order in the document
    kind: str
    source: str  # inline markup, as Block.text
    level: int = 0
    label: str = ""


@dataclass(frozen=True)
class TranslationRecord:
    text: str  # inline markup
    status: str  # one of STATUSES except untranslated
    previous_source: str | None = None  # source it was made from, when outdated


@dataclass(frozen=True)
class ExportRow:
    unit: UnitRecord
    # language code -> translation, or None where the unit is untranslated
    translations: dict[str, TranslationRecord | None] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentInfo:
    slug: str
    title: str
    source_language: LanguageInfo
    project: str = "workbench"
