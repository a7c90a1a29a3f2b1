"""Comment threads on units, and comment counts for pages of units."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from workbench.models import Comment, Language, Unit

# Replies nest visually up to this depth; deeper replies line up with the last level.
MAX_DEPTH = 4


@dataclass
class ThreadItem:
    comment: Comment
    depth: int
    # The comment answered, for "in reply to ..." (None for a thread's first comment).
    parent: Comment | None


def comment_thread(unit: Unit, language: Language) -> list[ThreadItem]:
    """The unit's comments as threads in reading order (each reply after what it answers,
    replies oldest first). One query."""
    comments = list(
        Comment.objects.filter(unit=unit, language=language)
        .select_related("author")
        .order_by("created_at", "id")
    )
    by_id = {c.pk: c for c in comments}
    children: dict[int | None, list[Comment]] = {}
    for c in comments:
        # A reply whose parent is gone (or points elsewhere) is shown as a thread of its own.
        key = c.parent_id if c.parent_id in by_id else None
        children.setdefault(key, []).append(c)
    items: list[ThreadItem] = []
    # Iterative depth-first walk: threads can be long and recursion depth is not ours to bet.
    stack = [(c, 0) for c in reversed(children.get(None, []))]
    while stack:
        comment, depth = stack.pop()
        items.append(ThreadItem(comment, min(depth, MAX_DEPTH), by_id.get(comment.parent_id)))
        stack.extend((c, depth + 1) for c in reversed(children.get(comment.pk, [])))
    return items


def comment_counts(unit_ids: Iterable[int], language: Language) -> dict[int, int]:
    """Number of comments per unit, for a page of units: one grouped query."""
    return dict(
        Comment.objects.filter(unit_id__in=list(unit_ids), language=language)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )


def annotate_comment_counts(rows: list, language: Language) -> list:
    """Set `comment_count` on each row (anything with a `unit`) of a page."""
    counts = comment_counts((row.unit.pk for row in rows), language)
    for row in rows:
        row.comment_count = counts.get(row.unit.pk, 0)
    return rows
