"""Webhooks against a real HTTP server on this machine: signed POSTs when a translation is
approved and when a document becomes fully approved, a retry with back-off after a failure,
giving up after the last attempt, and the delivery log in the admin."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.api.conftest import token_client
from tests.test_jobs import work_off
from workbench.models import Webhook, WebhookDelivery
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document
from workbench.services.webhooks import backoff, deliver_due

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "receiver-secret"


class Receiver:
    """A local HTTP server that answers with the next status of `answers` (the last one
    repeats) and keeps every request it got."""

    def __init__(self, answers: list[int]):
        self.answers = list(answers)
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                answers = receiver.answers
                status = answers.pop(0) if len(answers) > 1 else answers[0]
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory():
    made: list[Receiver] = []

    def make(answers):
        made.append(Receiver(answers))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


@pytest.fixture
def two_units(languages):
    return import_document(
        SYSTEM, b"First paragraph.\n\nSecond paragraph.\n", filename="two.md",
        language_code="en", slug="two",
    ).document  # fmt: skip


def _translate_and_approve(translator, reviewer, key, capture):
    """Approve through the API, then let a real django-tasks worker run what was queued:
    the request itself sends nothing (a slow receiver never holds up the reviewer)."""
    url = f"/api/v1/documents/two/languages/de/units/{key}/"
    assert token_client(translator).put(
        url, {"text": f"Absatz {key}.", "version": 0}, format="json"
    ).status_code == 200  # fmt: skip
    with capture(execute=True):
        response = token_client(reviewer).post(f"{url}approve/", {"version": 1})
    assert response.status_code == 200, response.content
    assert not WebhookDelivery.objects.exclude(attempts=0).exists()
    work_off()


def _signed(headers: dict, body: bytes) -> bool:
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-Workbench-Signature"], expected)


def test_delivered_signed_and_retried_after_a_failure(
    two_units, translator, reviewer, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory([500, 200])
    Webhook.objects.create(url=receiver.url, secret=SECRET)
    _translate_and_approve(translator, reviewer, "u0001", django_capture_on_commit_callbacks)
    # Sent by the worker right after the approval: the receiver failed, so a retry is
    # scheduled, and the task is queued again for that time.
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "translation.approved"
    assert delivery.state == "pending" and delivery.attempts == 1
    assert delivery.last_status_code == 500
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= backoff(1)
    again = DBTaskResult.objects.get(status="READY", task_path__endswith="send_webhooks")
    assert again.run_after == delivery.next_attempt_at
    assert deliver_due() == {"delivered": 0, "retry": 0, "failed": 0}  # not due yet
    assert deliver_due(now=timezone.now() + backoff(1))["delivered"] == 1
    delivery.refresh_from_db()
    assert delivery.state == "delivered" and delivery.attempts == 2
    assert len(receiver.received) == 2
    (first_headers, first_body), (headers, body) = receiver.received
    assert first_body == body and first_headers["X-Workbench-Delivery"] == str(delivery.pk)
    assert _signed(headers, body)
    assert headers["X-Workbench-Event"] == "translation.approved"
    payload = json.loads(body)
    assert payload["document"] == "two" and payload["language"] == "de"
    assert payload["units"] == [{"key": "u0001", "text": "Absatz u0001.", "version": 2}]
    assert payload["approved_by"] == "reviewer"


def test_document_approved_when_the_last_unit_is(
    two_units, translator, reviewer, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory([200])
    Webhook.objects.create(url=receiver.url, secret=SECRET, events="document.approved")
    _translate_and_approve(translator, reviewer, "u0001", django_capture_on_commit_callbacks)
    assert not WebhookDelivery.objects.exists()  # half approved: no event for this hook
    _translate_and_approve(translator, reviewer, "u0002", django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "document.approved" and delivery.state == "delivered"
    ((headers, body),) = receiver.received
    assert _signed(headers, body)
    assert json.loads(body)["units"] == 2 and json.loads(body)["document"] == "two"


def test_gives_up_after_the_last_attempt(
    two_units, translator, reviewer, receiver_factory, django_capture_on_commit_callbacks,
    settings,
):  # fmt: skip
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver = receiver_factory([503])
    Webhook.objects.create(url=receiver.url, secret=SECRET)
    _translate_and_approve(translator, reviewer, "u0001", django_capture_on_commit_callbacks)
    later = timezone.now() + timedelta(days=1)
    assert deliver_due(now=later)["failed"] == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "failed" and delivery.attempts == 2
    assert delivery.next_attempt_at is None
    assert deliver_due(now=later + timedelta(days=1)) == {"delivered": 0, "retry": 0, "failed": 0}
    assert len(receiver.received) == 2


def test_unreachable_receiver_is_retried_and_the_command_delivers(
    two_units, translator, reviewer, receiver_factory, django_capture_on_commit_callbacks
):
    hook = Webhook.objects.create(url="http://127.0.0.1:9/closed", secret=SECRET)
    _translate_and_approve(translator, reviewer, "u0001", django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and delivery.last_status_code is None
    assert delivery.last_error
    # The receiver is back; the command sends what is due.
    receiver = receiver_factory([200])
    hook.url = receiver.url
    hook.save()
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    hook.is_active = False
    hook.save()
    assert deliver_due()["delivered"] == 0  # switched off: kept, not sent
    hook.is_active = True
    hook.save()
    out = StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert "delivered 1" in out.getvalue()
    assert WebhookDelivery.objects.get().state == "delivered"


def test_no_webhook_no_delivery_and_unapproved_writes_send_nothing(
    two_units, translator, reviewer, receiver_factory, django_capture_on_commit_callbacks
):
    _translate_and_approve(translator, reviewer, "u0001", django_capture_on_commit_callbacks)
    assert not WebhookDelivery.objects.exists()
    receiver = receiver_factory([200])
    Webhook.objects.create(url=receiver.url, secret=SECRET)
    api = token_client(translator)
    with django_capture_on_commit_callbacks(execute=True):
        api.put("/api/v1/documents/two/languages/de/units/u0002/", {"text": "x", "version": 0},
                format="json")  # fmt: skip
    assert not WebhookDelivery.objects.exists() and not receiver.received


def test_delivery_log_for_site_admins_only(client, admin_user, translator, two_units):
    hook = Webhook.objects.create(url="http://127.0.0.1:9/x", secret=SECRET)
    WebhookDelivery.objects.create(
        webhook=hook, event="translation.approved", payload={}, attempts=3,
        last_error="connection refused",
    )  # fmt: skip
    client.force_login(admin_user)
    log = client.get("/admin/workbench/webhookdelivery/")
    assert log.status_code == 200 and "translation.approved" in log.content.decode()
    form = client.get("/admin/workbench/webhook/add/")
    assert form.status_code == 200 and 'name="secret"' in form.content.decode()
    client.force_login(translator)
    assert client.get("/admin/workbench/webhookdelivery/").status_code == 302
    assert (
        client.post(
            "/admin/workbench/webhook/add/",
            {"url": "https://x.example/h", "secret": "s", "events": "", "is_active": "on"},
        ).status_code
        == 302
    )
    assert Webhook.objects.count() == 1  # refused: only the one made above


def test_admin_registers_a_webhook(client, admin_user, languages):
    client.force_login(admin_user)
    add = "/admin/workbench/webhook/add/"
    bad = client.post(
        add,
        {
            "url": "ftp://x.example/h",
            "secret": "s",
            "events": "x.y",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert bad.status_code == 200 and not Webhook.objects.exists()
    assert "Unknown events" in bad.content.decode()
    inline = {"deliveries-TOTAL_FORMS": "0", "deliveries-INITIAL_FORMS": "0"}
    fields = {"url": "https://publish.example.org/hook", "secret": SECRET,
              "events": "document.approved", "is_active": "on"}  # fmt: skip
    good = client.post(add, {**fields, **inline})
    assert good.status_code == 302
    hook = Webhook.objects.get()
    assert hook.created_by == admin_user and hook.wants("document.approved")
    assert not hook.wants("translation.approved")


def test_approving_on_the_review_screen_sends_too(
    client, two_units, translator, reviewer, receiver_factory, django_capture_on_commit_callbacks
):
    """The web UI and the API approve through the same service, so both send the event."""
    receiver = receiver_factory([200])
    Webhook.objects.create(url=receiver.url, secret=SECRET, events="translation.approved")
    token_client(translator).put(
        "/api/v1/documents/two/languages/de/units/u0001/", {"text": "Erster.", "version": 0},
        format="json",
    )  # fmt: skip
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/d/two/de/u/u0001/approve", {"version": "1"})
    assert response.status_code == 200
    assert not receiver.received  # queued, not sent within the reviewer's request
    work_off()
    ((headers, body),) = receiver.received
    assert _signed(headers, body) and json.loads(body)["units"][0]["text"] == "Erster."
