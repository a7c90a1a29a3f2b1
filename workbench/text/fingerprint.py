"""Checksums of source text: a unit's translation is outdated when the checksum it was made
from differs from the unit's current one."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

# Only what folding changes: runs of white space and single white space other than " " (a
# lone space, most of them, is left alone: replacing each by itself was most of the cost).
_SPACE = re.compile(r"\s{2,}|[^\S ]")


def source_checksum(markup: str) -> str:
    """SHA-1 of the markup with white space folded, so re-wrapping a paragraph in the source
    file does not outdate its translations."""
    folded = _SPACE.sub(" ", markup).strip()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


def checksums_fingerprint(checksums: Sequence[str]) -> str:
    """One checksum for a sequence of unit checksums: an alignment run remembers the source
    it was proposed on, and is refused at acceptance if the document changed since."""
    return hashlib.sha1("\n".join(checksums).encode("ascii")).hexdigest()
