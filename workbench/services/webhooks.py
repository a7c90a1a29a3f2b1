"""Webhooks: a signed POST to each registered URL when a translation is approved or a
document becomes 100% approved in a language, so that a site can publish automatically.

Events are rows first (`WebhookDelivery`, the delivery log the admin shows), written in the
transaction of the write that caused them: no event is sent for a write that rolled back,
and none is lost when the receiver is down. `deliver_due` sends what is due, never within a
web request: once the write commits, the `send_webhooks` task is queued for the background
workers (the same django-tasks queue as the jobs); a failed attempt queues the task again
for the time of the next one (exponential back-off until WEBHOOK_MAX_ATTEMPTS). The
`deliver_webhooks` command sends whatever is due too (cron, or a site without workers).

Every POST carries `X-Workbench-Event`, `X-Workbench-Delivery` (the delivery's id, the same
for each retry: receivers can ignore repeats) and `X-Workbench-Signature: sha256=<hex>`,
the HMAC-SHA256 of the exact body with the webhook's secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from workbench.models import Translation, Webhook, WebhookDelivery
from workbench.models.webhooks import EVENT_DOCUMENT_APPROVED, EVENT_TRANSLATION_APPROVED
from workbench.selectors.progress import progress_by_document
from workbench.text.records import STATUS_APPROVED

log = logging.getLogger(__name__)

# Seconds before the second attempt; each later wait is BACKOFF_FACTOR times the one before,
# at most BACKOFF_MAX (1 min, 3 min, 9 min, ... 12 h).
BACKOFF_FIRST = 60
BACKOFF_FACTOR = 3
BACKOFF_MAX = 12 * 3600
# Units listed in one translation.approved payload (a bulk approval lists the first ones
# and says how many there were).
MAX_UNITS_PER_EVENT = 1000
MAX_RESPONSE_READ = 1024  # bytes of a receiver's answer kept for the log


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt."""
    seconds = BACKOFF_FIRST * BACKOFF_FACTOR ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, BACKOFF_MAX))


# --- events --------------------------------------------------------------------------------


def record_approvals(language, approved: Sequence[Translation], actor_name: str) -> None:
    """Called by the write pipeline (services/writes.py), inside its transaction, with the
    translations a write has just approved. Queues translation.approved per document and
    document.approved where the document is now fully approved in `language`; sends them
    once the transaction commits. Costs one query when no webhook is registered."""
    if not approved:
        return
    hooks = list(Webhook.objects.filter(is_active=True))
    if not hooks:
        return
    by_document: dict[int, list[Translation]] = {}
    for translation in approved:
        by_document.setdefault(translation.unit.document_id, []).append(translation)
    progress = progress_by_document(by_document, [language])
    now = timezone.now()
    events: list[tuple[str, dict]] = []
    for document_id, translations in by_document.items():
        document = translations[0].unit.document
        base = {
            "document": document.slug,
            "language": language.code,
            "approved_by": actor_name,
            "at": now.isoformat(),
        }
        units = [
            {"key": t.unit.key, "text": t.text, "version": t.version}
            for t in translations[:MAX_UNITS_PER_EVENT]
        ]
        events.append(
            (
                EVENT_TRANSLATION_APPROVED,
                {**base, "event": EVENT_TRANSLATION_APPROVED, "units": units,
                 "units_approved": len(translations)},
            )
        )  # fmt: skip
        done = progress[(document_id, language.code)]
        if done.units_total and done.units[STATUS_APPROVED] == done.units_total:
            events.append(
                (
                    EVENT_DOCUMENT_APPROVED,
                    {**base, "event": EVENT_DOCUMENT_APPROVED, "units": done.units_total},
                )
            )
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(webhook=hook, event=event, payload=payload, next_attempt_at=now)
            for event, payload in events
            for hook in hooks
            if hook.wants(event)
        ]
    )
    ids = [d.pk for d in deliveries if d.pk is not None]
    if deliveries:
        # bulk_create gives ids on SQLite and PostgreSQL; else the due ones, these among them.
        transaction.on_commit(lambda: _queue(ids or None), robust=True)


def _queue(ids: list[int] | None, run_after: datetime | None = None) -> None:
    """Hand the deliveries to the background workers. A queue that cannot be reached must
    not turn the reviewer's stored approval into an error page: the rows stay due, and the
    next task or `deliver_webhooks` sends them."""
    try:
        task = send_webhooks if run_after is None else send_webhooks.using(run_after=run_after)
        task.enqueue(ids)
    except Exception:  # noqa: BLE001 - logged; the rows are still there to send
        log.exception("queuing webhook deliveries failed; deliver_webhooks will send them")


@task()
def send_webhooks(ids: list[int] | None) -> dict[str, int]:
    """The background task: send the deliveries `ids` that are due; when some are to be
    tried again, queue this task once more for the earliest next attempt."""
    counts = deliver_due(ids=ids)
    if counts["retry"]:
        pending = WebhookDelivery.objects.filter(state=WebhookDelivery.STATE_PENDING)
        if ids is not None:
            pending = pending.filter(pk__in=ids)
        earliest = pending.order_by("next_attempt_at").values_list("next_attempt_at", flat=True)
        when = earliest.first()
        if when is not None:
            _queue(ids, run_after=when)
    return counts


# --- sending -------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not an invitation to POST elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _claim(ids: Iterable[int] | None, now: datetime, limit: int, lease: float) -> list[int]:
    """Take up to `limit` due deliveries for this sender: their next attempt is moved past the
    lease, so that another sender running at the same time leaves them alone."""
    with transaction.atomic():
        # A webhook switched off keeps its pending deliveries until it is on again.
        due = WebhookDelivery.objects.filter(
            state=WebhookDelivery.STATE_PENDING, next_attempt_at__lte=now, webhook__is_active=True
        )
        if ids is not None:
            due = due.filter(pk__in=list(ids))
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        claimed = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
        WebhookDelivery.objects.filter(pk__in=claimed).update(
            next_attempt_at=now + timedelta(seconds=lease)
        )
    return claimed


def _post(delivery: WebhookDelivery, timeout: float) -> tuple[int | None, str]:
    """One attempt: (HTTP status or None, error text or "")."""
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    request = urllib.request.Request(
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "workbench-webhooks/1",
            "X-Workbench-Event": delivery.event,
            "X-Workbench-Delivery": str(delivery.pk),
            "X-Workbench-Signature": sign(delivery.webhook.secret, body),
        },
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(MAX_RESPONSE_READ)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:500]


def deliver_due(
    *,
    ids: Iterable[int] | None = None,
    limit: int = 100,
    timeout: float | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Send the pending deliveries whose time has come (only `ids`, when given). A 2xx answer
    delivers; anything else schedules the next attempt with back-off, or gives up after
    WEBHOOK_MAX_ATTEMPTS. Counts by outcome."""
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS if timeout is None else timeout
    now = now or timezone.now()
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    claimed = _claim(ids, now, limit, lease=timeout + 60)
    for delivery in WebhookDelivery.objects.select_related("webhook").filter(pk__in=claimed):
        status, error = _post(delivery, timeout)
        delivery.attempts += 1
        delivery.last_status_code = status
        if status is not None and 200 <= status < 300:
            delivery.state = WebhookDelivery.STATE_DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_error = ""
            counts["delivered"] += 1
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.state = WebhookDelivery.STATE_FAILED
            delivery.next_attempt_at = None
            delivery.last_error = error
            counts["failed"] += 1
        else:
            delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
            delivery.last_error = error
            counts["retry"] += 1
        delivery.save(
            update_fields=[
                "attempts", "last_status_code", "state", "delivered_at", "next_attempt_at",
                "last_error",
            ]
        )  # fmt: skip
        log.info("webhook delivery %s to %s: %s", delivery.pk, delivery.webhook.url,
                 status or error)  # fmt: skip
    return counts
