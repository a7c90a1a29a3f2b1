from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Suggestion(models.Model):
    """A translation of one unit proposed by someone outside the language's team (when the
    document's suggestions are open). The team adopts it (a new revision crediting its
    author, through services/writes.py) or dismisses it; members vote on open ones."""

    OPEN = "open"
    ADOPTED = "adopted"
    DISMISSED = "dismissed"
    STATES = [(OPEN, _("open")), (ADOPTED, _("adopted")), (DISMISSED, _("dismissed"))]

    unit = models.ForeignKey("workbench.Unit", on_delete=models.CASCADE, related_name="+")
    language = models.ForeignKey("workbench.Language", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    state = models.CharField(max_length=10, choices=STATES, default=OPEN)
    score = models.IntegerField(default=0)  # the sum of the votes, kept with each vote
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "created_at", "id"]
        indexes = [models.Index(fields=["language", "state", "unit"], name="suggestion_open")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.language_id}: {self.text[:40]}"


class SuggestionVote(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()  # +1 or -1

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "user"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.value:+d} on {self.suggestion_id}"
