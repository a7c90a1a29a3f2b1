"""The file field of every upload form (documents, source updates, PO, alignment, TMX,
glossary): one place for the size limit, so that no form forgets it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class UploadField(forms.FileField):
    """A file no larger than settings.MAX_UPLOAD_MB. Checked before anything reads it: Django
    spools a large upload to disk, and the importers would otherwise read it all."""

    def validate(self, value) -> None:
        super().validate(value)
        if value and value.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than the limit of %(mb)s MB.")
                % {"mb": settings.MAX_UPLOAD_MB},
                code="too_large",
            )
