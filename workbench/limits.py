"""Request and text limits: the one reading of each setting (settings.py, block "Request and
text limits"; the README's settings table documents them). Services refuse a text beyond
its limit with a message; the request-limit middleware (views/request_limits.py) refuses a
body beyond its limit before reading it. What is already stored is never cut."""

from __future__ import annotations

from django.conf import settings


def unit_source_chars() -> int:
    """The longest source text of one unit (a paragraph, a footnote) a document import or a
    source update accepts."""
    return settings.MAX_UNIT_SOURCE_CHARS


def translation_chars() -> int:
    """The longest translation of one unit any write accepts (editor, import, alignment)."""
    return settings.MAX_TRANSLATION_CHARS


def comment_chars() -> int:
    """The longest comment on a unit."""
    return settings.MAX_COMMENT_CHARS


def request_bytes() -> int:
    """The largest request body (an upload with its form fields) the server reads."""
    return settings.MAX_REQUEST_BYTES
