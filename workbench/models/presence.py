from django.conf import settings
from django.db import models


class Presence(models.Model):
    """When a user was last seen working on a document in one language (editor or review
    screen heartbeat). Kept in the database, not in process memory, because several app
    servers share the work; one row per (user, document, language), updated in place."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey("workbench.Document", on_delete=models.CASCADE, related_name="+")
    language = models.ForeignKey("workbench.Language", on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "document", "language"], name="presence_unique")
        ]
        indexes = [
            models.Index(fields=["document", "language", "last_seen"], name="presence_recent")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.document_id}/{self.language_id}"
