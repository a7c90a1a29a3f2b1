from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SEVERITY_CHOICES = [("error", _("error")), ("warning", _("warning"))]


class TranslationProblem(models.Model):
    """A quality-check finding on the current text of a translation.

    Derived data, stored so that the editor and the review screen can filter units by check in
    SQL and show problems without running the checks for every row of a page. It is rebuilt by
    workbench.services.checks.refresh_problems in the same transaction as every save (and by
    the importers after a bulk write); `text_checksum` names the (source, translation) pair it
    was computed from, so a stale row is recognisable and a dismissal can match it."""

    translation = models.ForeignKey(
        "workbench.Translation", on_delete=models.CASCADE, related_name="problems"
    )
    check_id = models.CharField(_("check"), max_length=40)
    severity = models.CharField(_("severity"), max_length=8, choices=SEVERITY_CHOICES)
    # English rendering, for logs and the command line; the UI renders gettext(template) % details.
    message = models.TextField(_("message"))
    template = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    text_checksum = models.CharField(max_length=40)

    class Meta:
        ordering = ["id"]
        verbose_name = _("translation problem")
        verbose_name_plural = _("translation problems")
        indexes = [models.Index(fields=["check_id", "translation"], name="problem_check")]

    def __str__(self) -> str:
        return f"{self.translation_id} {self.check_id}: {self.message}"


class CheckDismissal(models.Model):
    """A reviewer's decision that a warning of one check does not apply to a unit's current
    text, with the reason. It is keyed by the text checksum, so it lapses by itself as soon
    as the translation (or its source) changes; the row stays as a record of the decision.
    Errors cannot be dismissed (they block approval)."""

    unit = models.ForeignKey("workbench.Unit", on_delete=models.CASCADE, related_name="dismissals")
    language = models.ForeignKey("workbench.Language", on_delete=models.PROTECT, related_name="+")
    check_id = models.CharField(_("check"), max_length=40)
    text_checksum = models.CharField(max_length=40)
    reason = models.TextField(_("reason"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(_("dismissed"), auto_now_add=True)

    class Meta:
        ordering = ["-dismissed_at", "-id"]
        verbose_name = _("dismissed warning")
        verbose_name_plural = _("dismissed warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "language", "check_id", "text_checksum"],
                name="check_dismissal_unique",
            )
        ]
        indexes = [models.Index(fields=["unit", "language"], name="check_dismissal_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.language_id} {self.check_id}"
