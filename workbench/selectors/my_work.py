"""A person's working day at a glance ("My work"): units sent back to them, units waiting
for their review, join requests waiting for them, the documents they work on with their
progress, and the last things they did. A constant number of queries, each bounded."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import get_language

from workbench import status as status_rules
from workbench.models import Language, Membership, Revision, Translation, Unit
from workbench.permissions import is_site_admin
from workbench.text.language_names import display_name
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

LIST_LIMIT = 20  # rows per list: the page is a starting point, the editor does the rest


@dataclass
class Progress:
    slug: str
    title: str
    language_code: str
    language_name: str
    total: int = 0
    translated: int = 0
    approved: int = 0

    @property
    def percent_done(self) -> int:
        return round(100 * (self.translated + self.approved) / self.total) if self.total else 0


@dataclass
class MyWork:
    sent_back: list[Translation] = field(default_factory=list)
    sent_back_count: int = 0
    to_review: list[dict] = field(default_factory=list)  # per document and language
    to_review_count: int = 0
    join_requests: list[Membership] = field(default_factory=list)
    documents: list[Progress] = field(default_factory=list)
    recent: list[Revision] = field(default_factory=list)
    reviews: bool = False  # the person reviews some language (or is a site admin)


def _language_label(code: str, stored: str) -> str:
    return display_name(code, get_language() or "en") or stored


def _reviewed_languages(user) -> QuerySet[Language]:
    if is_site_admin(user):
        return Language.objects.all()
    return Language.objects.filter(
        pk__in=Membership.objects.filter(
            user=user, state=Membership.STATE_ACTIVE, role=Membership.ROLE_REVIEWER
        ).values("language_id")
    )


def _sent_back(user) -> QuerySet[Translation]:
    """Drafts of `user` whose last revision is a reviewer sending them back (an unedited
    review keeps the translator as the author, services/writes.py)."""
    last = Revision.objects.filter(translation=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        Translation.objects.filter(status_rules.translation_filter(STATUS_DRAFT), author=user)
        .annotate(last_action=Subquery(last.values("action")[:1]))
        .filter(last_action=Revision.ACTION_REJECT)
    )


def _waiting(user) -> QuerySet[Translation]:
    return Translation.objects.filter(
        status_rules.translation_filter(STATUS_TRANSLATED),
        language__in=_reviewed_languages(user),
        unit__is_active=True,
    ).exclude(text="")


def counts(user) -> tuple[int, int]:
    """(sent back to `user`, waiting for `user`'s review): the header's two numbers, in one
    query on every page."""
    if not (user and user.is_authenticated):
        return 0, 0
    last = Revision.objects.filter(translation=OuterRef("pk")).order_by("-created_at", "-id")
    sent_back = Q(author=user, last_action=Revision.ACTION_REJECT) & (
        status_rules.translation_filter(STATUS_DRAFT)
    )
    waiting = (
        status_rules.translation_filter(STATUS_TRANSLATED)
        & Q(language__in=_reviewed_languages(user), unit__is_active=True)
        & ~Q(text="")
    )
    totals = (
        Translation.objects.filter(
            Q(author=user, status=STATUS_DRAFT) | Q(status=STATUS_TRANSLATED)
        )
        .annotate(last_action=Subquery(last.values("action")[:1]))
        .aggregate(sent_back=Count("pk", filter=sent_back), waiting=Count("pk", filter=waiting))
    )
    return totals["sent_back"] or 0, totals["waiting"] or 0


def my_work(user) -> MyWork:
    work = MyWork(reviews=_reviewed_languages(user).exists())
    sent_back = _sent_back(user)
    work.sent_back_count = sent_back.count()
    work.sent_back = list(
        sent_back.select_related("unit__document", "language").order_by("-updated_at")[:LIST_LIMIT]
    )
    last_reasons = dict(
        Revision.objects.filter(
            translation__in=[t.pk for t in work.sent_back], action=Revision.ACTION_REJECT
        )
        .order_by("translation_id", "created_at", "id")
        .values_list("translation_id", "comment")
    )
    for translation in work.sent_back:
        translation.reason = last_reasons.get(translation.pk, "")
    waiting = (
        _waiting(user)
        .values(
            "unit__document__slug",
            "unit__document__title",
            "language__code",
            "language__name",
        )
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    work.to_review = list(waiting[:LIST_LIMIT])
    for row in work.to_review:
        row["language_label"] = _language_label(row["language__code"], row["language__name"])
    work.to_review_count = sum(row["n"] for row in work.to_review)
    work.join_requests = list(
        Membership.objects.filter(
            state=Membership.STATE_REQUESTED, language__in=_reviewed_languages(user)
        )
        .select_related("user", "language")
        .order_by("pk")[:LIST_LIMIT]
    )
    work.documents = _progress(user)
    work.recent = list(
        Revision.objects.filter(author=user)
        .exclude(action=Revision.ACTION_SUGGESTION)
        .select_related("translation__unit__document", "translation__language")
        .order_by("-created_at", "-id")[:10]
    )
    return work


def _progress(user) -> list[Progress]:
    """The document/language pairs `user` has translations in, with their progress."""
    pairs = list(
        Translation.objects.filter(author=user)
        .values(
            "unit__document_id",
            "unit__document__slug",
            "unit__document__title",
            "language_id",
            "language__code",
            "language__name",
        )
        .distinct()
        .order_by("unit__document__slug", "language__code")[:LIST_LIMIT]
    )
    if not pairs:
        return []
    documents = {p["unit__document_id"] for p in pairs}
    totals = dict(
        Unit.objects.filter(document_id__in=documents, is_active=True)
        .values("document_id")
        .annotate(n=Count("pk"))
        .values_list("document_id", "n")
    )
    done = {
        (row["unit__document_id"], row["language_id"]): row
        for row in Translation.objects.filter(unit__document_id__in=documents, unit__is_active=True)
        .exclude(text="")
        .values("unit__document_id", "language_id")
        .annotate(
            translated=Count("pk", filter=status_rules.translation_filter(STATUS_TRANSLATED)),
            approved=Count("pk", filter=status_rules.translation_filter(STATUS_APPROVED)),
        )
    }
    result = []
    for p in pairs:
        key = (p["unit__document_id"], p["language_id"])
        row = done.get(key, {})
        result.append(
            Progress(
                slug=p["unit__document__slug"],
                title=p["unit__document__title"] or p["unit__document__slug"],
                language_code=p["language__code"],
                language_name=_language_label(p["language__code"], p["language__name"]),
                total=totals.get(p["unit__document_id"], 0),
                translated=row.get("translated", 0),
                approved=row.get("approved", 0),
            )
        )
    return result


__all__ = ["MyWork", "Progress", "counts", "my_work"]
