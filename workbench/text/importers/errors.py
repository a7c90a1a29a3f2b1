"""The one error the importers raise."""

from __future__ import annotations


class DocumentError(ValueError):
    """The file cannot be imported. `message` is written for the person who uploaded it and
    is shown as is in the web UI and on the command line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
