"""Progress over time: per day, how many units had been translated and approved so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DateTimeField, OuterRef, Subquery
from django.db.models.functions import TruncDate

from workbench.models import Document, Language, Revision, Translation
from workbench.text.records import STATUS_APPROVED, STATUS_TRANSLATED


@dataclass(frozen=True)
class DayPoint:
    day: date
    translated: int  # units translated (or approved) at least once by the end of the day
    approved: int  # units approved at least once by the end of the day


def _first_day_counts(document: Document, language: Language, statuses: tuple[str, ...]):
    """{day: units whose first revision with one of `statuses` was that day}: one grouped
    query (the first date per unit is a correlated subquery), rows per day, not per unit."""
    first = (
        Revision.objects.filter(translation=OuterRef("pk"), status__in=statuses)
        .order_by("created_at", "id")
        .values("created_at")[:1]
    )
    rows = (
        Translation.objects.filter(unit__document=document, unit__is_active=True, language=language)
        .annotate(day=TruncDate(Subquery(first, output_field=DateTimeField())))
        .exclude(day=None)
        .order_by()
        .values("day")
        .annotate(units=Count("id"))
    )
    return {row["day"]: row["units"] for row in rows}


def progress_timeline(
    document: Document, language: Language, *, until: date | None = None
) -> list[DayPoint]:
    """One point per day from the first translation to `until` (default: the last day with
    activity), cumulative. Empty when nothing was translated yet."""
    translated = _first_day_counts(document, language, (STATUS_TRANSLATED, STATUS_APPROVED))
    approved = _first_day_counts(document, language, (STATUS_APPROVED,))
    days = sorted(set(translated) | set(approved))
    if not days:
        return []
    end = max(days[-1], until) if until else days[-1]
    points = []
    total_t = total_a = 0
    day = days[0]
    while day <= end:
        total_t += translated.get(day, 0)
        total_a += approved.get(day, 0)
        points.append(DayPoint(day, total_t, total_a))
        day += timedelta(days=1)
    return points
