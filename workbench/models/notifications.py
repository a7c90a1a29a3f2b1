from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something that happened that one person should know of: shown under the bell, and
    e-mailed at once, in the daily digest, or not (Profile.email_notifications).

    The text is made when shown (Notification.message, in the reader's language) from the
    kind and the few facts kept here; `detail` holds the reason or the comment's words."""

    SENT_BACK = "sent_back"
    COMMENT = "comment"
    REPLY = "reply"
    MENTION = "mention"
    JOIN_REQUEST = "join_request"
    REQUEST_ACCEPTED = "accepted"
    SOURCE_OUTDATED = "outdated"
    DOCUMENT_TRANSLATED = "doc_translated"
    DOCUMENT_APPROVED = "doc_approved"
    SIGNUP_WAITING = "signup_waiting"
    KINDS = [
        (SENT_BACK, _("translation sent back")),
        (COMMENT, _("comment on a unit you translated")),
        (REPLY, _("reply to your comment")),
        (MENTION, _("mention")),
        (JOIN_REQUEST, _("request to join your team")),
        (REQUEST_ACCEPTED, _("request accepted")),
        (SOURCE_OUTDATED, _("source update outdated your translations")),
        (DOCUMENT_TRANSLATED, _("document fully translated in your language")),
        (DOCUMENT_APPROVED, _("document fully approved in your language")),
        (SIGNUP_WAITING, _("new account waiting for approval")),
    ]

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=KINDS)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "workbench.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.ForeignKey(
        "workbench.Language", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit_key = models.CharField(max_length=64, blank=True)
    count = models.PositiveIntegerField(default=1)  # e.g. how many translations are outdated
    detail = models.TextField(blank=True)
    path = models.CharField(max_length=500)  # the page it is about, on this site
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once it is e-mailed (at once or in a digest): a notification is mailed once at most.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["emailed_at", "recipient"], name="notification_unmailed"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    def summary(self) -> str:
        """One line in the active language (the reader's, for mail: see services)."""
        from django.utils.translation import gettext, ngettext

        facts = {
            "who": self.actor.get_username() if self.actor else gettext("someone"),
            "document": str(self.document.title) if self.document else "",
            "language": self.language.display_name if self.language else "",
            "count": self.count,
        }
        if self.kind == self.SENT_BACK:
            text = gettext("%(who)s sent back your translation in %(document)s (%(language)s).")
        elif self.kind == self.COMMENT:
            text = gettext("%(who)s commented on a unit you translated in %(document)s.")
        elif self.kind == self.REPLY:
            text = gettext("%(who)s replied to your comment in %(document)s.")
        elif self.kind == self.MENTION:
            text = gettext("%(who)s mentioned you in %(document)s.")
        elif self.kind == self.JOIN_REQUEST:
            text = gettext("%(who)s asks to join the %(language)s team.")
        elif self.kind == self.REQUEST_ACCEPTED:
            text = gettext("%(who)s accepted you into the %(language)s team.")
        elif self.kind == self.DOCUMENT_TRANSLATED:
            text = gettext("%(document)s is now fully translated into %(language)s.")
        elif self.kind == self.DOCUMENT_APPROVED:
            text = gettext("%(document)s is now fully approved in %(language)s.")
        elif self.kind == self.SIGNUP_WAITING:
            text = gettext("%(who)s signed up and waits for a site admin to activate the account.")
        else:
            text = ngettext(
                "A source update of %(document)s outdated %(count)d of your translations.",
                "A source update of %(document)s outdated %(count)d of your translations.",
                self.count,
            )
        return text % facts
