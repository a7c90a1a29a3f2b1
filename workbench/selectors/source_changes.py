"""What changed in the source since a translation was made, for a page of editor rows.

    rows = editor_page(...)[1]
    attach_source_changes(rows)      # one query for the page: row.source_change is set
    {% include "workbench/_source_diff.html" with change=row.source_change %}

Only outdated rows get a SourceChange; the others get None. The previous source is the
UnitSource row whose checksum is the translation's `source_checksum`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from workbench.models import UnitSource
from workbench.text.diff import DiffBudget, SafeDiffHtml, has_changes, render_diff_html, word_diff
from workbench.text.records import STATUS_OUTDATED


@dataclass(frozen=True)
class SourceChange:
    previous: str | None  # source markup the translation was made from; None if unknown
    current: str  # the unit's source markup now
    # Shared by the changes of one page, so that their diffs together stay bounded.
    budget: DiffBudget | None = field(default=None, compare=False, repr=False)

    @cached_property
    def ops(self):
        return word_diff(self.previous or "", self.current, budget=self.budget)

    @property
    def diff_html(self) -> SafeDiffHtml:
        """Word-level diff, escaped, with <del>/<ins>; empty when the previous is unknown."""
        if self.previous is None:
            return SafeDiffHtml("")
        return render_diff_html(self.ops)

    @property
    def wording_changed(self) -> bool:
        """False when only markup (emphasis, a link) or white space changed."""
        return self.previous is None or has_changes(self.ops)


def _outdated(rows: Iterable) -> list:
    return [
        row
        for row in rows
        if row.translation is not None
        and row.translation.text
        and row.translation.source_checksum != row.unit.checksum
    ]


def source_changes(rows: Sequence) -> dict[int, SourceChange]:
    """SourceChange per unit id of the outdated rows (objects with `unit` and
    `translation`, e.g. selectors.editor.EditorRow). One query, none without outdated rows."""
    wanted = {(row.unit.pk, row.translation.source_checksum): row for row in _outdated(rows)}
    if not wanted:
        return {}
    found: dict[tuple[int, str], str] = {}
    # Filtering on both columns separately may fetch a few extra (unit, checksum) pairs of
    # the same page; the pairs are picked in Python. Bounded by the page, using the unique
    # (unit, checksum) index.
    for seg_id, checksum, text in UnitSource.objects.filter(
        unit_id__in={seg for seg, _ in wanted},
        checksum__in={checksum for _, checksum in wanted},
    ).values_list("unit_id", "checksum", "text"):
        if (seg_id, checksum) in wanted:
            found[(seg_id, checksum)] = text
    budget = DiffBudget()  # the page's diffs share one bound on their work
    return {
        pair[0]: SourceChange(previous=found.get(pair), current=row.unit.source, budget=budget)
        for pair, row in wanted.items()
    }


def attach_source_changes(rows: Sequence) -> None:
    """Set `row.source_change` (a SourceChange, or None when the row is not outdated)."""
    changes = source_changes(rows)
    for row in rows:
        change = changes.get(row.unit.pk)
        status = getattr(row, "status", None)
        # Rows carry their effective status; trust it over our own comparison if they differ.
        row.source_change = change if status in (None, STATUS_OUTDATED) else None
