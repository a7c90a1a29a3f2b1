"""Checksums of source text: a unit's translation is outdated when the checksum it was made
from differs from the unit's current one."""

from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")


def source_checksum(markup: str) -> str:
    """SHA-1 of the markup with white space folded, so re-wrapping a paragraph in the source
    file does not outdate its translations."""
    folded = _SPACE.sub(" ", markup).strip()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()
