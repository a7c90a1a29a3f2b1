from django.db import models
from django.utils.translation import gettext_lazy as _


class MachineSuggestion(models.Model):
    """What an engine said for one source text in one language pair: the cache of
    machine translation per (engine, pair, source checksum), and the record the guard
    compares a translation with (a translator's claim to have started from it is checked
    against this row, not against what the browser sends)."""

    engine = models.CharField(max_length=20)
    source_lang = models.CharField(max_length=20)
    target_lang = models.CharField(max_length=20)
    source_checksum = models.CharField(max_length=40)
    text = models.TextField(_("machine translation"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("machine suggestion")
        verbose_name_plural = _("machine suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["engine", "source_lang", "target_lang", "source_checksum"],
                name="machine_suggestion_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.engine} {self.source_lang}-{self.target_lang} {self.source_checksum[:8]}"
