"""The errors services raise, with the HTTP status each means.

Every refusal a service makes for a reason the user can act on derives from `ServiceError`
and carries its message (already in the active UI language) and `http_status`. Views turn them
into responses in one place (workbench/views/errors.py); a view catches one itself only where
it shows the error in a page of its own (a form with its errors, the conflict dialog).
Permission refusals stay Django's `PermissionDenied` (403).
"""

from __future__ import annotations

from django.utils.translation import gettext as _


class ServiceError(ValueError):
    """A write (or a read with user input) refused; nothing was stored."""

    http_status = 400

    def details(self) -> dict:
        """Data beside the message for the page's scripts (JSON responses)."""
        return {}


class TranslationError(ServiceError):
    """Bad input for a translation (an unknown status, nothing to approve...)."""


class ConflictError(ServiceError):
    """Somebody saved the unit since the editor loaded it: nothing was overwritten.
    `current` is the translation as stored now (None when it could not be read)."""

    http_status = 409

    def __init__(self, current, attempted_text: str, message: str | None = None):
        super().__init__(message or _("This unit was changed by someone else in the meantime."))
        self.current = current
        self.attempted_text = attempted_text


class SourceChangedError(ConflictError):
    """The unit's source changed since the writer saw it (a source update in the meantime):
    the translation was made for another text, so nothing was stored. `current` is the
    translation as stored now."""

    def __init__(self, current, attempted_text: str):
        super().__init__(
            current,
            attempted_text,
            _(
                "The source of this unit changed since you opened it. Check your translation "
                "against the new source and save again."
            ),
        )


class UnprocessableError(ServiceError):
    """Well-formed input that the rules refuse as it is (e.g. approval blocked by errors)."""

    http_status = 422


class MachineUneditedError(UnprocessableError):
    """A reviewer approves (almost) unmodified machine translation without confirming it."""

    def __init__(self):
        super().__init__(
            _(
                "This translation is (almost) unmodified machine translation. Approve it only "
                "if you checked it against the source: confirm to approve it as it is."
            )
        )

    def details(self) -> dict:
        return {"confirm": "machine"}
