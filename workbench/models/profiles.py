from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What a person says about themselves: the name shown to others, the interface language
    (applied when they sign in), and the languages they translate (shown to teams; joining a
    team is still a request to its reviewers)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    ui_language = models.CharField(
        _("interface language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    languages = models.ManyToManyField(
        "workbench.Language", blank=True, related_name="+", verbose_name=_("languages I translate")
    )

    EMAIL_IMMEDIATELY = "immediately"
    EMAIL_DAILY = "daily"
    EMAIL_NEVER = "never"
    EMAIL_CHOICES = [
        (EMAIL_IMMEDIATELY, _("at once")),
        (EMAIL_DAILY, _("in a daily digest")),
        (EMAIL_NEVER, _("never")),
    ]
    email_notifications = models.CharField(
        _("e-mail notifications"), max_length=12, choices=EMAIL_CHOICES, default=EMAIL_IMMEDIATELY
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name or str(self.user)
