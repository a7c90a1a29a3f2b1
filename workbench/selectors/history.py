"""The history of a unit's translation: every revision, each with a word-level diff against
the revision before it and the source text it was made from.

One request's work is bounded whatever the texts: the panel lists the newest HISTORY_LIMIT
revisions, compares only the newest HISTORY_DIFFS of them with the revision before (older
ones show their text), and those diffs share one text.diff.DiffBudget, past which they are
simplified (see text/diff.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from workbench.models import Language, Revision, Unit, UnitSource
from workbench.text.diff import DiffBudget, SafeDiffHtml, diff_html
from workbench.text.markup import to_plain

# Revisions listed in the panel, newest first.
HISTORY_LIMIT = 100
# Revisions shown as a diff against the one before; older ones show their whole text.
HISTORY_DIFFS = 20


def unit_history(unit: Unit, language: Language, limit: int = HISTORY_LIMIT) -> QuerySet[Revision]:
    return (
        Revision.objects.filter(translation__unit=unit, translation__language=language)
        .select_related("author")
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass
class HistoryEntry:
    revision: Revision
    # Against the revision before it; None for the first one (nothing to compare with) and
    # for those past HISTORY_DIFFS (`compared` False).
    diff: SafeDiffHtml | None
    text_changed: bool
    # The source the revision was made from (None when that source version was not kept).
    source_text: str | None
    # The source differs from the one the previous revision was made from.
    source_changed: bool
    # The revision whose text and status the translation has now: the newest one that is not
    # a suggestion (a PO import's conflicting line is stored after the current text).
    is_latest: bool
    # False for revisions older than the HISTORY_DIFFS newest: shown whole, not compared.
    compared: bool = True
    # A text offered for the unit that did not become its translation: "use this" adopts it.
    is_suggestion: bool = False


def history_entries(
    unit: Unit, language: Language, limit: int = HISTORY_LIMIT, diffs: int = HISTORY_DIFFS
) -> list[HistoryEntry]:
    """Newest first. Two queries whatever the number of revisions shown."""
    # One more than shown, so the oldest shown revision still gets its diff.
    revisions = list(unit_history(unit, language, limit + 1))
    checksums = {rev.source_checksum for rev in revisions}
    sources = dict(
        UnitSource.objects.filter(unit=unit, checksum__in=checksums).values_list("checksum", "text")
    )
    sources.setdefault(unit.checksum, unit.source)
    budget = DiffBudget()
    plain: dict[int, str] = {}  # each compared revision's text read once

    def plain_text(rev: Revision) -> str:
        if rev.pk not in plain:
            plain[rev.pk] = to_plain(rev.text)
        return plain[rev.pk]

    def is_suggestion(rev: Revision) -> bool:
        return rev.action == Revision.ACTION_SUGGESTION

    current = next((rev.pk for rev in revisions if not is_suggestion(rev)), None)
    entries = []
    for i, rev in enumerate(revisions[:limit]):
        # Compared with the translation as it was before: the next older revision that is
        # not a suggestion (suggestions are offers beside the chain, not links of it).
        before = next((r for r in revisions[i + 1 :] if not is_suggestion(r)), None)
        compared = i < diffs
        diff = None
        if before is not None and compared:
            diff = diff_html(plain_text(before), plain_text(rev), markup=False, budget=budget)
        entries.append(
            HistoryEntry(
                revision=rev,
                diff=diff,
                text_changed=before is None or before.text != rev.text,
                source_text=sources.get(rev.source_checksum),
                source_changed=before is not None and before.source_checksum != rev.source_checksum,
                is_latest=rev.pk == current,
                compared=compared or before is None,
                is_suggestion=is_suggestion(rev),
            )
        )
    return entries
