"""The history of a unit's translation: every revision, each with a word-level diff against
the revision before it and the source text it was made from."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from workbench.models import Language, Revision, Unit, UnitSource
from workbench.text.diff import SafeDiffHtml, diff_html


def unit_history(unit: Unit, language: Language, limit: int = 100) -> QuerySet[Revision]:
    return (
        Revision.objects.filter(translation__unit=unit, translation__language=language)
        .select_related("author")
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass
class HistoryEntry:
    revision: Revision
    # Against the revision before it; None for the first one (nothing to compare with).
    diff: SafeDiffHtml | None
    text_changed: bool
    # The source the revision was made from (None when that source version was not kept).
    source_text: str | None
    # The source differs from the one the previous revision was made from.
    source_changed: bool
    is_latest: bool


def history_entries(unit: Unit, language: Language, limit: int = 100) -> list[HistoryEntry]:
    """Newest first. Two queries whatever the number of revisions shown."""
    # One more than shown, so the oldest shown revision still gets its diff.
    revisions = list(unit_history(unit, language, limit + 1))
    checksums = {rev.source_checksum for rev in revisions}
    sources = dict(
        UnitSource.objects.filter(unit=unit, checksum__in=checksums).values_list("checksum", "text")
    )
    sources.setdefault(unit.checksum, unit.source)
    entries = []
    for i, rev in enumerate(revisions[:limit]):
        before = revisions[i + 1] if i + 1 < len(revisions) else None
        entries.append(
            HistoryEntry(
                revision=rev,
                diff=diff_html(before.text, rev.text) if before is not None else None,
                text_changed=before is None or before.text != rev.text,
                source_text=sources.get(rev.source_checksum),
                source_changed=before is not None and before.source_checksum != rev.source_checksum,
                is_latest=i == 0,
            )
        )
    return entries
