"""Who else is working on a document right now (see services/presence.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from workbench import permissions
from workbench.models import Document, Language, Presence

# The editor sends a heartbeat every 30 s; two minutes allow for a missed beat or two.
PRESENT_WINDOW = timedelta(minutes=2)


def others_present(user, document: Document, language: Language) -> list[str]:
    """User names of the others seen on this document and language lately. One query."""
    qs = Presence.objects.filter(
        document=document, language=language, last_seen__gte=timezone.now() - PRESENT_WINDOW
    )
    me = permissions.author_of(user)
    if me is not None:
        qs = qs.exclude(user=me)
    return list(qs.order_by("user__username").values_list("user__username", flat=True))
