"""Who is working on a document: a heartbeat from the editor stores "seen now" in the
database (several app servers share it; nothing is kept in process memory)."""

from __future__ import annotations

import logging

from django.utils import timezone

from workbench import permissions
from workbench.models import Document, Language, Presence

log = logging.getLogger(__name__)


def heartbeat(user, document: Document, language: Language) -> None:
    """Record that `user` has the document open in `language`. One upsert: a second tab or
    a second app server writing at the same moment cannot create a duplicate."""
    if permissions.author_of(user) is None:
        return
    Presence.objects.bulk_create(
        [Presence(user=user, document=document, language=language, last_seen=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "document", "language"],
        update_fields=["last_seen"],
    )
