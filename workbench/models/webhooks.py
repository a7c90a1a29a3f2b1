from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The events a webhook can receive (services/webhooks.py sends them).
EVENT_TRANSLATION_APPROVED = "translation.approved"
EVENT_DOCUMENT_APPROVED = "document.approved"  # 100% of a document approved in a language
EVENTS = [
    (EVENT_TRANSLATION_APPROVED, _("a translation was approved")),
    (EVENT_DOCUMENT_APPROVED, _("a document is fully approved in a language")),
]


class Webhook(models.Model):
    """A URL that receives a signed POST (HMAC-SHA256 of the body with `secret`) for each
    event it subscribes to. Registered by a site admin in the admin."""

    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("secret"),
        max_length=100,
        help_text=_("Signs each delivery: X-Workbench-Signature is sha256=HMAC(secret, body)."),
    )
    # Comma-separated event names (EVENTS); empty means every event.
    events = models.CharField(_("events"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url

    def wants(self, event: str) -> bool:
        names = {name.strip() for name in self.events.split(",") if name.strip()}
        return not names or event in names


class WebhookDelivery(models.Model):
    """One event for one webhook: its payload, and every attempt's outcome so far. The
    delivery log of the admin; `next_attempt_at` is when the sender tries again (back-off)."""

    STATE_PENDING = "pending"
    STATE_DELIVERED = "delivered"
    STATE_FAILED = "failed"  # gave up after the last attempt
    STATES = [
        (STATE_PENDING, _("pending")),
        (STATE_DELIVERED, _("delivered")),
        (STATE_FAILED, _("failed")),
    ]

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=EVENTS)
    payload = models.JSONField(_("payload"))
    state = models.CharField(_("state"), max_length=10, choices=STATES, default=STATE_PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.state})"
