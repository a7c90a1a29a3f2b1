"""The file field of every upload form (documents, source updates, PO, alignment, TMX,
glossary): one place for the size limit, so that no form forgets it; and the format menu of
the document upload forms, from the one list of formats (formats.importers.FILE_FORMATS)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbench.formats.importers import FILE_FORMATS, DocumentError, check_archive
from workbench.limits import background_above_bytes, file_limits, max_upload_bytes


class UploadField(forms.FileField):
    """A file no larger than settings.MAX_UPLOAD_MB. Checked before anything reads it: Django
    spools a large upload to disk, and the importers would otherwise read it all."""

    def validate(self, value) -> None:
        super().validate(value)
        if value and value.size > max_upload_bytes():
            raise ValidationError(
                _("The file is larger than the limit of %(mb)s MB.")
                % {"mb": settings.MAX_UPLOAD_MB},
                code="too_large",
            )


def format_choices(*, alignable_only: bool = False) -> list[tuple[str, str]]:
    """The choices of a document upload form's format menu: first "from the file name", then
    every format the importers read (only those a translation can be aligned from when
    `alignable_only`)."""
    choices = [("", gettext_lazy("from the file name"))]
    choices += [
        (f.name, gettext_lazy(f.label)) for f in FILE_FORMATS if f.alignable or not alignable_only
    ]
    return choices


def runs_in_background(upload) -> bool:
    """Whether an upload is large enough to be handled by a background job (a book, a
    memory) rather than within the request."""
    return upload.size > background_above_bytes()


def checked_for_job(upload, fmt: str | None = None) -> bytes | None:
    """The bytes of an upload about to go to a background job, once a zip-based file has
    been inflated within the limits; None (the upload rewound) when it is a damaged archive
    or a zip bomb: the page then reads it within the request, where its import stops at the
    same fault at once and the form says so, rather than a job that fails later."""
    data = upload.read()
    try:
        check_archive(data, filename=upload.name, fmt=fmt, limits=file_limits())
    except DocumentError:
        upload.seek(0)
        return None
    return data
