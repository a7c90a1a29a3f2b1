"""Checksums of source text: a unit's translation is outdated when the checksum it was made
from differs from the unit's current one."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def source_checksum(markup: str) -> str:
    """SHA-1 of the markup with white space folded, so re-wrapping a paragraph in the source
    file does not outdate its translations."""
    # str.split() splits at exactly the characters regex \s matches (str.isspace), so this is
    # re.sub(r"\s+", " ", markup).strip(), at a third of the cost.
    folded = " ".join(markup.split())
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


def checksums_fingerprint(checksums: Sequence[str]) -> str:
    """One checksum for a sequence of unit checksums: an alignment run remembers the source
    it was proposed on, and is refused at acceptance if the document changed since."""
    return hashlib.sha1("\n".join(checksums).encode("ascii")).hexdigest()
