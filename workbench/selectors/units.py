"""Units of a document with their translation in one language, for the API: filtered by
status and by "changed since", in document order, a page at a time at a constant number of
queries (the units, then their translations), whatever the document's size."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from workbench import status as status_rules
from workbench.models import Document, Language, Translation, Unit
from workbench.selectors.editor import filtered_units

# The status filters of the API (the editor's, without the quality-check ones).
STATUS_FILTERS = ("untranslated", "draft", "translated", "outdated", "approved", "todo")


def document_units(
    document: Document,
    language: Language,
    *,
    status: str | None = None,
    changed_since: datetime | None = None,
) -> QuerySet[Unit]:
    """Active units in order, each with `current` (a list of at most one Translation, its
    author and reviewer loaded). `status` one of STATUS_FILTERS (effective status: outdated
    is derived); `changed_since`: units whose translation was written at or after it."""
    if status is not None and status not in STATUS_FILTERS:
        raise ValueError(status)
    units = filtered_units(document, language, status or "all")
    if changed_since is not None:
        units = units.filter(
            Exists(
                Translation.objects.filter(
                    unit=OuterRef("pk"), language=language, updated_at__gte=changed_since
                )
            )
        )
    return units.order_by("position").prefetch_related(
        Prefetch(
            "translations",
            queryset=Translation.objects.filter(language=language).select_related(
                "author", "reviewer"
            ),
            to_attr="current",
        )
    )


def effective_status(unit: Unit, translation: Translation | None) -> str:
    return status_rules.effective_status(translation, unit.checksum)
