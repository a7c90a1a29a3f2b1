"""Reading an uploaded source file into blocks, within the upload limit."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from workbench import limits
from workbench.formats.importers import DocumentError, parse_document
from workbench.limits import file_limits, max_upload_bytes
from workbench.text.records import ParsedDocument

log = logging.getLogger(__name__)


def parse_upload(data: bytes, filename: str, fmt: str | None) -> ParsedDocument:
    """Parse a file into blocks or raise DocumentError with a message for the user."""
    try:
        parsed = parse_document(
            data,
            filename=filename,
            fmt=fmt or None,
            max_bytes=max_upload_bytes(),
            limits=file_limits(),
        )
        if not parsed.blocks:
            raise DocumentError(_("The file contains no text to translate."))
    except DocumentError as exc:
        log.info("refused upload %r (%d bytes): %s", filename, len(data), exc)
        raise
    return parsed


def require_unit_sources(parsed: ParsedDocument, filename: str = "") -> None:
    """Refuse a document with a unit (paragraph, footnote...) longer than the source limit,
    naming the first one; every path that creates or updates units calls this."""
    limit = limits.unit_source_chars()
    for number, block in enumerate(parsed.blocks, start=1):
        if len(block.text) > limit:
            log.info("refused %r: unit %d has %d characters", filename, number, len(block.text))
            raise DocumentError(
                _(
                    "Unit %(number)d of the file (“%(start)s…”) has %(length)d characters; "
                    "a unit may have at most %(limit)d. Split it into paragraphs."
                )
                % {
                    "number": number,
                    "start": block.text[:40],
                    "length": len(block.text),
                    "limit": limit,
                }
            )
