"""Request, text, upload and file limits: the one reading of each setting (settings.py;
the README's settings table documents them). Services refuse a text beyond
its limit with a message; the request-limit middleware (views/request_limits.py) refuses a
body beyond its limit before reading it. What is already stored is never cut."""

from __future__ import annotations

from django.conf import settings

from workbench.formats.limits import MB, FileLimits


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


def max_upload_bytes() -> int:
    """The upload limit in bytes: the one reading of settings.MAX_UPLOAD_MB, for the upload
    field of every form and every service that is handed a file's bytes."""
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def file_limits() -> FileLimits:
    """What reading one uploaded file may cost: the one reading of the MAX_UNITS_PER_DOCUMENT,
    MAX_FILE_ELEMENTS, MAX_FILE_RECORDS, MAX_UNPACKED_MB and MAX_ARCHIVE_MEMBERS settings, for
    every reader of uploaded files (documents, PO, TMX, glossaries)."""
    return FileLimits(
        max_units=settings.MAX_UNITS_PER_DOCUMENT,
        max_elements=settings.MAX_FILE_ELEMENTS,
        max_records=settings.MAX_FILE_RECORDS,
        max_unpacked_bytes=settings.MAX_UNPACKED_MB * MB,
        max_archive_members=settings.MAX_ARCHIVE_MEMBERS,
    )


def machine_timeout() -> float:
    """Seconds one request to a machine-translation engine may take (the editor never waits
    longer for a suggestion)."""
    return settings.MT_TIMEOUT_SECONDS


def machine_unmodified_limit() -> float:
    """The highest share (0-1) of unmodified machine output a document may have in a
    language to be exported as final."""
    return settings.MT_UNMODIFIED_LIMIT_PERCENT / 100


def pretranslate_memory_threshold() -> int:
    """The memory score (0-100) at or above which pre-translation takes the memory's text."""
    return settings.MT_MEMORY_THRESHOLD


def pretranslate_page_units() -> int:
    """The most empty units one pre-translation from the page handles within the request;
    more run as a background job."""
    return settings.MT_PRETRANSLATE_PAGE_UNITS


def background_above_bytes() -> int:
    """Uploads larger than this (settings.BACKGROUND_ABOVE_KB) are handled by a background
    job with a progress bar; smaller ones within the request."""
    return settings.BACKGROUND_ABOVE_KB * 1024


def background_above_units() -> int:
    """Work over a document with more active units than this (settings.BACKGROUND_ABOVE_UNITS:
    pre-filling, accepting an alignment) runs as a background job."""
    return settings.BACKGROUND_ABOVE_UNITS
