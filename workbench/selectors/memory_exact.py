"""Exact matches from the translation memory for whole documents (the pre-fill's read)."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.models import MemoryEntry
from workbench.text import markup
from workbench.text.records import STATUS_APPROVED

CHUNK = 1000  # memory hashes per query


def best_exact_matches(
    units: Sequence[tuple[int, str, str, int]], source_language_id: int, target_language_id: int
) -> dict[int, MemoryEntry]:
    """For units (unit id, source markup, normalised, hash): the best memory entry whose
    normalised source is the unit's and whose inline markup (emphasis, links, footnote
    labels) is the same, so the stored translation's markup fits the unit. Best: the
    identical source, then approved, then the most recent."""
    by_hash: dict[int, list[tuple[int, str, str]]] = {}
    for unit_id, source, normalised, digest in units:
        by_hash.setdefault(digest, []).append((unit_id, source, normalised))
    best: dict[int, tuple[tuple, MemoryEntry]] = {}
    hashes = list(by_hash)
    for start in range(0, len(hashes), CHUNK):
        entries = MemoryEntry.objects.filter(
            source_language_id=source_language_id,
            target_language_id=target_language_id,
            source_hash__in=hashes[start : start + CHUNK],
        ).only("id", "source", "source_norm", "source_hash", "target", "status", "updated_at")
        for entry in entries:
            entry_tags = markup.tags_of(entry.source)
            for unit_id, source, normalised in by_hash.get(entry.source_hash, ()):
                if entry.source_norm != normalised or markup.tags_of(source) != entry_tags:
                    continue
                rank = (
                    entry.source == source,
                    entry.status == STATUS_APPROVED,
                    entry.updated_at,
                    entry.pk,
                )
                if unit_id not in best or rank > best[unit_id][0]:
                    best[unit_id] = (rank, entry)
    return {unit_id: entry for unit_id, (_, entry) in best.items()}
