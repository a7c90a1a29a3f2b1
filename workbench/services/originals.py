"""The uploaded file of a document, kept for the exports that write the translation back
into it (a .docx keeps its styles, numbering and footnotes; an HTML page its layout).

Stored through Django's storage API (the directory or bucket uploads of jobs use), under
`originals/`; the document's `original_file` names it. A new version of the source replaces
it (the old file is deleted once the new one is committed); a new version in a format whose
original is not kept clears it. Read back by selectors/document_export.py.
"""

from __future__ import annotations

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import get_valid_filename

from workbench.models import Document

log = logging.getLogger(__name__)

# The formats whose export starts from the original file.
KEPT_FORMATS = ("docx", "html")


def _delete(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        log.warning("could not delete the stored original %s", name)


def keep_original(document: Document, data: bytes, filename: str, fmt: str) -> None:
    """Store `data` as `document`'s original (format `fmt`, as parsed) and forget the one
    before; call inside the transaction that imported it."""
    old = document.original_file
    name = ""
    if fmt in KEPT_FORMATS:
        safe = get_valid_filename(filename or f"original.{fmt}")[:100] or f"original.{fmt}"
        name = default_storage.save(f"originals/{uuid.uuid4().hex}/{safe}", ContentFile(data))
    if name == old:
        return
    Document.objects.filter(pk=document.pk).update(original_file=name)
    document.original_file = name
    if old:
        transaction.on_commit(lambda: _delete(old))
