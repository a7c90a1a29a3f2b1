"""Every download of a document's translation, by name: the one registry that the pages
(views/exports.py and friends), the API (api/views/exports.py) and the background export job
(services/job_kinds.py, "document_export") build their files from.

    export_file(document, languages, "po")  -> ExportFile(data, content_type, filename)

Only the bilingual HTML takes several target languages; every other export takes one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from workbench.limits import background_above_units
from workbench.models import Document, Language
from workbench.selectors import exports
from workbench.selectors.document_export import document_export
from workbench.selectors.epub_export import epub_export
from workbench.selectors.memory import document_tmx
from workbench.selectors.xliff_export import xliff_export

HTML = "text/html; charset=utf-8"
XLIFF = "application/xliff+xml"
EPUB = "application/epub+zip"


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class ExportKind:
    label: object  # a lazy translated string: the file's name on pages and in job summaries
    build: Callable[[Document, Sequence[Language]], ExportFile]
    several_languages: bool = False


def _one(
    content_type: str, suffix: str, make: Callable[[Document, Language], bytes]
) -> Callable[[Document, Sequence[Language]], ExportFile]:
    def build(document: Document, languages: Sequence[Language]) -> ExportFile:
        (language,) = languages
        return ExportFile(
            make(document, language), content_type, f"{document.slug}.{language.code}.{suffix}"
        )

    return build


def _pair_name(document: Document, languages: Sequence[Language]) -> str:
    # Not the translated document's name ({slug}.{lang}.html): both may land in one folder.
    return "-".join([document.source_language.code, *(lang.code for lang in languages)])


def _bilingual_html(document: Document, languages: Sequence[Language]) -> ExportFile:
    return ExportFile(
        exports.bilingual_html_export(document, list(languages)),
        HTML,
        f"{document.slug}.{_pair_name(document, languages)}.bilingual.html",
    )


def _bilingual_epub(document: Document, languages: Sequence[Language]) -> ExportFile:
    (language,) = languages
    return ExportFile(
        epub_export(document, language, bilingual=True),
        EPUB,
        f"{document.slug}.{_pair_name(document, languages)}.epub",
    )


def _own_format(document: Document, languages: Sequence[Language]) -> ExportFile:
    (language,) = languages
    export = document_export(document, language)
    return ExportFile(export.data, export.content_type, export.filename)


def _translated_html(document: Document, language: Language) -> bytes:
    # A page imported from HTML comes back in its own layout; any other document as the
    # workbench's page of the translation (document_export decides).
    return document_export(document, language, "html").data


KINDS: dict[str, ExportKind] = {
    "po": ExportKind(
        gettext_lazy("PO file"),
        _one("text/x-gettext-translation; charset=utf-8", "po", exports.po_export),
    ),
    "xliff": ExportKind(gettext_lazy("XLIFF 1.2"), _one(XLIFF, "xlf", xliff_export)),
    "xliff2": ExportKind(
        gettext_lazy("XLIFF 2.0"),
        _one(XLIFF, "2.0.xlf", lambda document, language: xliff_export(document, language, "2.0")),
    ),
    "tmx": ExportKind(
        gettext_lazy("TMX (memory)"),
        _one("application/x-tmx+xml; charset=utf-8", "tmx", document_tmx),
    ),
    "html": ExportKind(gettext_lazy("Translated document"), _one(HTML, "html", _translated_html)),
    "bilingual-html": ExportKind(
        gettext_lazy("Bilingual HTML"), _bilingual_html, several_languages=True
    ),
    "epub": ExportKind(gettext_lazy("EPUB"), _one(EPUB, "epub", epub_export)),
    "bilingual-epub": ExportKind(gettext_lazy("Bilingual EPUB"), _bilingual_epub),
    # The translated document in the format it was imported in (its own file suffix).
    "document": ExportKind(gettext_lazy("Translated document in its own format"), _own_format),
}


def export_file(document: Document, languages: Sequence[Language], kind: str) -> ExportFile:
    """The file `kind` (a key of KINDS) of the document in `languages` (one, or one or more
    for the bilingual HTML). ValueError for an unknown kind or a wrong number of languages."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown export {kind!r}")
    if not languages or (len(languages) > 1 and not spec.several_languages):
        wanted = "one or more languages" if spec.several_languages else "one language"
        raise ValueError(f"{kind} takes {wanted}")
    return spec.build(document, languages)


def active_units(document: Document) -> int:
    return document.units.filter(is_active=True).count()


def made_in_background(document: Document, units: int | None = None) -> bool:
    """Whether the pages offer this document's downloads as background jobs (a book) rather
    than as links answered at once (views/exports.py); `units`: its active units, when the
    page counted them already."""
    return (active_units(document) if units is None else units) > background_above_units()
