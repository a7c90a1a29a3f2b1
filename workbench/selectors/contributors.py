"""Who contributed to a document's translation into one language."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from workbench.models import Document, Language, Revision, Translation

# Actions by which somebody puts a text of their own into the unit.
_WRITING = (Revision.ACTION_SAVE, Revision.ACTION_RESTORE, Revision.ACTION_IMPORT)


@dataclass
class Contributor:
    name: str
    # Units (and their source words) whose current translation this person wrote.
    units: int = 0
    words: int = 0
    saves: int = 0
    approvals: int = 0
    sent_back: int = 0


def contributors(document: Document, language: Language) -> list[Contributor]:
    """Two grouped queries (rows per contributor, never per unit), most words first."""
    people: dict[str, Contributor] = {}
    current = (
        Translation.objects.filter(
            unit__document=document,
            unit__is_active=True,
            language=language,
            author__isnull=False,
        )
        .exclude(text="")
        .order_by()
        .values("author__username")
        .annotate(units=Count("id"), words=Sum("unit__word_count"))
    )
    for row in current:
        person = people.setdefault(row["author__username"], Contributor(row["author__username"]))
        person.units = row["units"]
        person.words = row["words"] or 0
    actions = (
        Revision.objects.filter(
            translation__unit__document=document,
            translation__language=language,
            author__isnull=False,
        )
        .order_by()
        .values("author__username")
        .annotate(
            saves=Count("id", filter=Q(action__in=_WRITING)),
            approvals=Count("id", filter=Q(action=Revision.ACTION_APPROVE)),
            sent_back=Count("id", filter=Q(action=Revision.ACTION_REJECT)),
        )
    )
    for row in actions:
        person = people.setdefault(row["author__username"], Contributor(row["author__username"]))
        person.saves = row["saves"]
        person.approvals = row["approvals"]
        person.sent_back = row["sent_back"]
    return sorted(people.values(), key=lambda p: (-p.words, -p.saves, -p.approvals, p.name))
