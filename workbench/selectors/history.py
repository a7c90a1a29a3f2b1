"""The history of a unit's translation."""

from __future__ import annotations

from django.db.models import QuerySet

from workbench.models import Language, Revision, Segment


def unit_history(segment: Segment, language: Language, limit: int = 100) -> QuerySet[Revision]:
    return (
        Revision.objects.filter(translation__segment=segment, translation__language=language)
        .select_related("author")
        .order_by("-created_at", "-id")[:limit]
    )
