"""The one error the importers raise."""

from __future__ import annotations

from workbench.text.i18n import LocalizedError


class DocumentError(LocalizedError):
    """The file cannot be imported. The message is written for the person who uploaded it
    and is shown in the web UI (in its language) and on the command line."""
