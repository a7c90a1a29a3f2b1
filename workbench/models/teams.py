from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Membership(models.Model):
    """A volunteer's role in one language team. Site admins (is_superuser / is_staff) need
    none. A volunteer asks to join (state requested); a reviewer or admin accepts."""

    ROLE_TRANSLATOR = "translator"
    ROLE_REVIEWER = "reviewer"
    ROLES = [(ROLE_TRANSLATOR, _("translator")), (ROLE_REVIEWER, _("reviewer"))]
    STATE_REQUESTED = "requested"
    STATE_ACTIVE = "active"
    STATES = [(STATE_REQUESTED, _("requested")), (STATE_ACTIVE, _("active"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    language = models.ForeignKey(
        "workbench.Language", on_delete=models.CASCADE, related_name="members"
    )
    role = models.CharField(_("role"), max_length=12, choices=ROLES, default=ROLE_TRANSLATOR)
    state = models.CharField(_("state"), max_length=10, choices=STATES, default=STATE_REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "language"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.language_id}"
