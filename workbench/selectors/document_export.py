"""The translated document in its own format: the format it was imported in.

    own_format(document)                       -> "docx" (md, html, txt, epub; else html)
    document_export(document, language, fmt)   -> DocumentExport(data, content_type, ...)

Plain text is rebuilt from the units (formats/text_out.py). A .docx, HTML, Markdown or
EPUB document whose original upload is stored (services/originals.py) gets the translation
written into that file (formats/docx_out.py, html_out.py, markdown_into.py, epub_into.py),
read again with the importers' limits; without it (imported before originals were kept, or
the stored file no longer matches) a .docx is generated from the units, Markdown is rebuilt
from them with its front matter (formats/markdown_out.py), HTML is the workbench's own page
of the translation (selectors/exports.py), and an EPUB is a new book built from the units
(selectors/epub_export.py), as is the EPUB download of a document from any other format.
An untranslated unit keeps its source text, as in the other exports of the translated
document.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.files.storage import default_storage

from workbench.formats.docx_out import generated_docx, translated_docx
from workbench.formats.epub_into import translated_epub
from workbench.formats.html_out import translated_html
from workbench.formats.importers import DocumentError
from workbench.formats.markdown_into import translated_markdown
from workbench.formats.markdown_out import export_markdown
from workbench.formats.text_out import export_text
from workbench.limits import file_limits, max_upload_bytes
from workbench.models import Document, Language
from workbench.selectors.epub_export import epub_export
from workbench.selectors.exports import export_rows, monolingual_html_export
from workbench.text.markup import to_plain
from workbench.text.records import KIND_TITLE

log = logging.getLogger(__name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# format -> (content type, label shown on the download link)
FORMATS: dict[str, tuple[str, str]] = {
    "md": ("text/markdown; charset=utf-8", "Markdown"),
    "docx": (DOCX_TYPE, "Word"),
    "html": ("text/html; charset=utf-8", "HTML"),
    "txt": ("text/plain; charset=utf-8", "TXT"),
    "epub": ("application/epub+zip", "EPUB"),
}
# What a document from any other format (ODT, PO) is downloaded as.
FALLBACK_FORMAT = "html"


@dataclass(frozen=True)
class DocumentExport:
    data: bytes
    content_type: str
    extension: str
    filename: str


def own_format(document: Document) -> str:
    fmt = document.origin_format
    return fmt if fmt in FORMATS else FALLBACK_FORMAT


def format_label(fmt: str) -> str:
    return FORMATS[fmt][1]


def own_format_context(document: Document) -> dict[str, str]:
    """What the document page and the editor need for the "Translated document (FORMAT)"
    download: the format (the URL's extension) and its name."""
    fmt = own_format(document)
    return {"own_format": fmt, "own_format_label": format_label(fmt)}


def read_original(document: Document) -> bytes | None:
    """The stored original upload, None when there is none (or it is gone, or larger than
    an upload may be)."""
    name = document.original_file
    if not name:
        return None
    try:
        if not default_storage.exists(name) or default_storage.size(name) > max_upload_bytes():
            log.warning("the original of %s is missing or too large: %s", document.slug, name)
            return None
        with default_storage.open(name, "rb") as handle:
            return handle.read(max_upload_bytes() + 1)
    except OSError:
        log.warning("could not read the original of %s: %s", document.slug, name)
        return None


def document_export(
    document: Document, language: Language, fmt: str | None = None
) -> DocumentExport:
    """The translation into `language` as a file of `fmt` (default: the document's own)."""
    fmt = fmt or own_format(document)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    data = _export(document, language, fmt)
    return DocumentExport(
        data=data,
        content_type=FORMATS[fmt][0],
        extension=fmt,
        filename=f"{document.slug}.{language.code}.{fmt}",
    )


def _export(document: Document, language: Language, fmt: str) -> bytes:
    original = read_original(document) if document.origin_format == fmt else None
    if fmt == "epub" and original is None:
        return epub_export(document, language)
    rows = export_rows(document, [language])
    units = [row.unit for row in rows]
    translated: list[str | None] = []
    for row in rows:
        record = row.translations.get(language.code)
        translated.append(record.text if record is not None and record.text else None)
    texts = [t if t is not None else u.source for t, u in zip(translated, units, strict=True)]
    if fmt == "txt":
        return export_text(units, texts)
    sources = [u.source for u in units]
    kinds = [u.kind for u in units]
    if fmt == "epub":
        out = _into_original(
            lambda: translated_epub(
                original, sources, translated, language.info(), kinds, file_limits()
            ),
            document,
        )
        return out if out is not None else epub_export(document, language)
    if fmt == "md":
        if original is not None:
            out = _into_original(
                lambda: translated_markdown(original, sources, translated, file_limits()),
                document,
            )
            if out is not None:
                return out
        return export_markdown(units, texts, document.front_matter)
    if fmt == "docx":
        if original is not None:
            out = _into_original(
                lambda: translated_docx(
                    original, sources, translated, language.info(), file_limits()
                ),
                document,
            )
            if out is not None:
                return out
        title = next(
            (to_plain(t) for u, t in zip(units, texts, strict=True) if u.kind == KIND_TITLE),
            document.title,
        )
        return generated_docx(units, texts, language.info(), title)
    if original is not None:
        out = _into_original(
            lambda: translated_html(
                original, sources, translated, language.info(), kinds, file_limits()
            ),
            document,
        )
        if out is not None:
            return out
    return monolingual_html_export(document, language)


def _into_original(write, document: Document) -> bytes | None:
    try:
        out = write()
    except DocumentError as exc:
        log.warning("the stored original of %s cannot be read again: %s", document.slug, exc)
        return None
    if out is None:
        # Its blocks are not the units, or a translated block is no element of its own.
        log.info("the translation of %s cannot go into its stored original", document.slug)
    return out
