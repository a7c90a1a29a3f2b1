"""Reads of background jobs for the jobs page and a job's progress."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from workbench import permissions
from workbench.models import Job, Membership

RECENT_LIMIT = 50  # jobs listed on the jobs page (running ones first)


def visible_jobs(user) -> QuerySet[Job]:
    """The jobs `user` may see (permissions.can_see_job, as one query)."""
    qs = Job.objects.select_related("owner", "document", "language")
    if permissions.is_site_admin(user):
        return qs
    if not (user and user.is_authenticated):
        return qs.none()
    mine = Q(owner=user)
    if permissions.can_read_documents(user):
        languages = Membership.objects.filter(user=user, state=Membership.STATE_ACTIVE).values(
            "language_id"
        )
        mine |= Q(document__isnull=False, language_id__in=languages)
    return qs.filter(mine)


def jobs_page(user) -> tuple[list[Job], list[Job]]:
    """Running and queued jobs, then the most recent finished ones."""
    qs = visible_jobs(user)
    active = list(qs.filter(state__in=Job.ACTIVE_STATES).order_by("created_at")[:RECENT_LIMIT])
    recent = list(qs.exclude(state__in=Job.ACTIVE_STATES).order_by("-created_at")[:RECENT_LIMIT])
    return active, recent


def active_jobs_for(document, language, kinds: tuple[str, ...]) -> list[Job]:
    """Jobs of `kinds` still queued or running on a document in a language (its page)."""
    return list(
        Job.objects.filter(
            document=document, language=language, kind__in=kinds, state__in=Job.ACTIVE_STATES
        ).order_by("created_at")[:10]
    )
