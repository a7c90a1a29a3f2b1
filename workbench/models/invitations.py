import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .teams import Membership

INVITATION_DAYS = 14


def new_invitation_token() -> str:
    # 32 random bytes: unguessable, URL-safe, and short enough to paste into an e-mail.
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    """A single-use link (/join/<token>) with which somebody creates an account and joins a
    language team in the given role. Created by a site admin, in the UI or the Django admin."""

    email = models.EmailField(_("e-mail"), blank=True)
    username_hint = models.CharField(
        _("suggested user name"),
        max_length=150,
        blank=True,
        help_text=_("Pre-filled on the sign-up form; the invitee may change it."),
    )
    language = models.ForeignKey(
        "workbench.Language",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("language"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Membership.ROLES, default=Membership.ROLE_TRANSLATOR
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_invitation_token, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("used by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email or self.username_hint or self.token[:8]} → {self.language_id}"

    def is_open(self, now=None) -> bool:
        return self.used_at is None and self.expires_at > (now or timezone.now())
