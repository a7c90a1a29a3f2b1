"""Messages of the pure core in the reader's language, without Django.

The core marks its messages with `gettext_noop` (so that `makemessages` collects them into
the UI catalogs) and raises a `LocalizedError` with the template and its values. The text is
made when the message is shown: `str(error)` passes the template through the translator the
application installed (workbench/apps.py installs Django's gettext, so a German UI shows
German), and through none elsewhere (English, for scripts and tests of the core).
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str], str] = lambda template: template  # noqa: E731 (replaced at startup)


def gettext_noop(template: str) -> str:
    """Marks a message for the catalogs; translated when shown (see the module docstring)."""
    return template


def localize(template: str) -> str:
    """A message without placeholders in the reader's language (see the module docstring)."""
    return _translate(template)


def install_translator(translate: Callable[[str], str]) -> None:
    global _translate
    _translate = translate


class LocalizedError(ValueError):
    """An error whose message is a catalog template (`%(name)s` placeholders) and values."""

    def __init__(self, template: str, **details: object) -> None:
        super().__init__(template)
        self.template = template
        self.details = details

    @property
    def message(self) -> str:
        return str(self)

    def __str__(self) -> str:
        text = _translate(self.template)
        if not self.details:
            return text
        try:
            return text % self.details
        except (KeyError, TypeError, ValueError):
            # A catalog entry with a broken placeholder must not hide the error itself.
            return self.template % self.details
