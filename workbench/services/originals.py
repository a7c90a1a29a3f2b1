"""The uploaded file of a document, kept for the exports that write the translation back
into it (a .docx keeps its styles, numbering and footnotes; an HTML page its layout; a
Markdown file its lists, tables, code fences and all it does not translate; an EPUB book its
cover, images, stylesheets, fonts, metadata and chapter files).

Stored through Django's storage API (the directory or bucket uploads of jobs use), under
`originals/`; the document's `original_file` names it. A new version of the source replaces
it (the old file is deleted once the new one is committed); a new version in a format whose
original is not kept clears it. A deleted document's file, and the files its jobs kept, go
once the deletion is committed (a signal: the admin, the shell and cascades delete documents
too). Read back by selectors/document_export.py.
"""

from __future__ import annotations

import logging
import uuid
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import get_valid_filename

from workbench.models import Document

log = logging.getLogger(__name__)

# The formats whose export starts from the original file.
KEPT_FORMATS = ("docx", "epub", "html", "md")


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


def forget_files_of_deleted_document(sender, instance: Document, **kwargs) -> None:
    """pre_delete of Document (its jobs still exist then; they go with it by cascade): its
    stored original and the files its jobs kept (a failed job's upload, an export) are
    deleted once the deletion is committed; a rolled-back deletion keeps them."""
    from workbench.models import Job

    names = [instance.original_file] if instance.original_file else []
    for params, result in Job.objects.filter(document=instance).values_list("params", "result"):
        names += [n for n in ((params or {}).get("upload"), (result or {}).get("file")) if n]
    for name in names:
        transaction.on_commit(partial(_delete, name), using=kwargs.get("using"))
