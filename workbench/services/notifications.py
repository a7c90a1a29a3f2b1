"""Notifications: made by the services where things happen (review, comments, teams, source
updates; never by signals), shown under the bell, and e-mailed per the recipient's choice:
at once (after the transaction commits), in the daily digest (`manage.py
send_notification_digest`, for cron), or never. Each is e-mailed once at most: `emailed_at`
is set in the same transaction that claims it, and a failed send leaves it for the next run.

Every mail is in the recipient's interface language, links to the page, and carries a signed
unsubscribe link that works without signing in (workbench.views.notifications)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from workbench.models import (
    Document,
    Language,
    Membership,
    Notification,
    Profile,
    Translation,
    Unit,
)
from workbench.services.mail import deliver
from workbench.text.records import STATUS_APPROVED, STATUS_TRANSLATED

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "workbench.notifications.unsubscribe"
MAX_MENTIONS = 10  # names looked up per comment: a comment cannot mail the whole site
MAX_DIGEST_ITEMS = 200  # per person and digest; the rest waits for the next one
MENTION = re.compile(r"(?<![\w@.])@([\w.+-]{1,150})")


def unit_path(document: Document, language: Language, unit_key: str = "") -> str:
    path = reverse("editor", args=[document.slug, language.code])
    return f"{path}#u-{unit_key}" if unit_key else path


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_from_unsubscribe_token(token: str):
    """The user a token was made for, or None for a forged or garbled one."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


def set_email_preference(user, choice: str) -> Profile:
    if choice not in dict(Profile.EMAIL_CHOICES):
        raise ValueError(choice)
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.email_notifications = choice
    profile.save(update_fields=["email_notifications"])
    return profile


def notify(
    recipients: Iterable,
    kind: str,
    *,
    actor=None,
    document: Document | None = None,
    language: Language | None = None,
    unit_key: str = "",
    detail: str = "",
    count: int = 1,
    path: str = "",
) -> list[Notification]:
    """One notification per recipient (never the actor themself, never an inactive account).
    Those who want mail at once get it after the surrounding transaction commits."""
    actor_pk = getattr(actor, "pk", None)
    people = {u.pk: u for u in recipients if u is not None and u.is_active and u.pk != actor_pk}
    if not people:
        return []
    if not path and document is not None and language is not None:
        path = unit_path(document, language, unit_key)
    made = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=kind,
                actor=actor if actor_pk else None,
                document=document,
                language=language,
                unit_key=unit_key,
                detail=detail[:2000],
                count=count,
                path=path[:500],
            )
            for pk in people
        ]
    )
    ids = [n.pk for n in made if n.pk is not None]
    if ids:
        transaction.on_commit(lambda: send_immediate(ids), robust=True)
    return made


MAX_MILESTONE_DOCUMENTS = 20  # documents checked per write; a write touches one or a few


def _complete(document_id: int, language: Language, statuses: tuple[str, ...]) -> bool:
    """No active unit of the document is without a current translation in one of
    `statuses`. An EXISTS that stops at the first unit still to do: cheap while a document is
    far from done, one index walk of the document when it is nearly done."""
    done = Translation.objects.filter(
        unit=OuterRef("pk"),
        language=language,
        status__in=statuses,
        source_checksum=OuterRef("checksum"),
    ).exclude(text="")
    # One query; `document_id` comes from a translation just made, so it has units.
    units = Unit.objects.filter(document_id=document_id, is_active=True)
    return not units.filter(~Exists(done)).exists()


def record_milestones(
    actor,
    language: Language,
    completed: Iterable[Translation],
    approved: Iterable[Translation],
) -> None:
    """Called by the write pipeline (services/writes.py) inside its transaction, with the
    translations the write has just made translated (or approved) where they were not
    before. A document they belong to that is now complete in `language` has just reached
    100%: its team's reviewers are told once (approved says more than translated, so a
    write that completes both sends only that)."""
    units = {t.unit.document_id: t.unit for t in (*completed, *approved)}
    approved_docs = {t.unit.document_id for t in approved}
    translated_docs = set(units) - approved_docs
    reached: list[tuple[int, str]] = []
    for document_id in sorted(approved_docs)[:MAX_MILESTONE_DOCUMENTS]:
        if _complete(document_id, language, (STATUS_APPROVED,)):
            reached.append((document_id, Notification.DOCUMENT_APPROVED))
        else:
            translated_docs.add(document_id)  # approving may also complete translating
    for document_id in sorted(translated_docs)[:MAX_MILESTONE_DOCUMENTS]:
        if _complete(document_id, language, (STATUS_TRANSLATED, STATUS_APPROVED)):
            reached.append((document_id, Notification.DOCUMENT_TRANSLATED))
    if not reached:
        return
    reviewers = team_reviewers(language)
    for document_id, kind in reached:
        document = units[document_id].document  # the writer's unit, usually with it
        notify(
            reviewers,
            kind,
            actor=actor,
            document=document,
            language=language,
            path=reverse("editor", args=[document.slug, language.code]),
        )


def signup_waiting(user) -> list[Notification]:
    """A self sign-up under SIGNUP_MODE "approval": the site admins are told, with a link to
    the account in the admin, where they activate it."""
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
    return notify(
        admins,
        Notification.SIGNUP_WAITING,
        actor=user,
        path=reverse("admin:auth_user_change", args=[user.pk]),
    )


def mentioned_users(text: str):
    names = list(dict.fromkeys(MENTION.findall(text)))[:MAX_MENTIONS]
    if not names:
        return []
    return list(get_user_model().objects.filter(username__in=names, is_active=True))


def team_reviewers(language: Language):
    return [
        m.user
        for m in Membership.objects.filter(
            language=language, role=Membership.ROLE_REVIEWER, state=Membership.STATE_ACTIVE
        ).select_related("user")
    ]


def _preference(user) -> str:
    profile = Profile.objects.filter(user=user).first()
    return profile.email_notifications if profile else Profile.EMAIL_IMMEDIATELY


def _ui_language(user) -> str:
    profile = Profile.objects.filter(user=user).first()
    return (profile.ui_language if profile else "") or settings.LANGUAGE_CODE


def _base_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _mail(user, notifications: list[Notification], *, digest: bool) -> EmailMessage:
    base = _base_url()
    unsubscribe = base + reverse("notifications_unsubscribe", args=[unsubscribe_token(user)])
    with translation.override(_ui_language(user)):
        context = {
            "user": user,
            "items": [(n, base + n.path) for n in notifications],
            "unsubscribe": unsubscribe,
            "settings_url": base + reverse("profile"),
            "digest": digest,
        }
        subject = render_to_string("workbench/mail/notifications_subject.txt", context).strip()
        body = render_to_string("workbench/mail/notifications.txt", context)
    message = EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )
    return message


def _send_claimed(user, ids: list[int], *, digest: bool) -> bool:
    """Claim the not yet mailed ones among `ids` (row locks), mail them, keep the claim only
    when the mail left: the same notification is never mailed twice."""
    with transaction.atomic():
        claimed = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, emailed_at__isnull=True)
            .select_related("actor", "document", "language")
            .order_by("created_at", "id")[:MAX_DIGEST_ITEMS]
        )
        if not claimed:
            return True
        if not deliver(_mail(user, claimed, digest=digest)):
            return False
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(
            emailed_at=timezone.now()
        )
    return True


def send_immediate(ids: list[int]) -> None:
    by_user: dict[int, list[int]] = {}
    for pk, user_id in Notification.objects.filter(pk__in=ids).values_list("pk", "recipient"):
        by_user.setdefault(user_id, []).append(pk)
    for user in get_user_model().objects.filter(pk__in=by_user):
        if user.email and _preference(user) == Profile.EMAIL_IMMEDIATELY:
            _send_claimed(user, by_user[user.pk], digest=False)


def send_digests() -> tuple[int, int]:
    """One mail per person who chose the daily digest, with what was not mailed yet.
    Returns (mails sent, mails failed)."""
    sent = failed = 0
    daily = Profile.objects.filter(email_notifications=Profile.EMAIL_DAILY).select_related("user")
    for profile in daily.iterator():
        user = profile.user
        if not user.email or not user.is_active:
            continue
        ids = list(
            Notification.objects.filter(recipient=user, emailed_at__isnull=True).values_list(
                "pk", flat=True
            )[: MAX_DIGEST_ITEMS * 5]
        )
        if not ids:
            continue
        if _send_claimed(user, ids, digest=True):
            sent += 1
        else:
            failed += 1
    return sent, failed


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
