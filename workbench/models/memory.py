from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workbench.models.translations import ORIGIN_CHOICES, STATUS_CHOICES


class MemoryEntry(models.Model):
    """One source/target pair of the translation memory, in one language pair.

    Two kinds of entry:
    - a document's unit: `translation` is set (one entry per translated or approved
      Translation). It is a derived index row, written in the same transaction as every save
      by workbench.services.memory_store.remember_many, and rebuildable (`rebuild_memory`).
      It keeps the
      pair as it was translated: `source` is the unit's source at the time, which stays right
      when the document's source changes later (the Translation then only holds a checksum).
    - a free-standing pair imported from a TMX file (`translation` empty, `origin` tmx).

    `source_norm`, `source_hash`, `length` and the MemoryKey rows are computed from `source`
    by workbench.text.memory; `target_norm` serves the concordance search. Edit entries only
    through the services, which keep those in step."""

    source_language = models.ForeignKey(
        "workbench.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source language"),
    )
    target_language = models.ForeignKey(
        "workbench.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("target language"),
    )
    source = models.TextField(_("source"))
    target = models.TextField(_("translation"))
    source_norm = models.TextField(_("normalised source"))
    target_norm = models.TextField(_("normalised translation"))
    source_hash = models.BigIntegerField()
    target_hash = models.BigIntegerField()
    length = models.PositiveIntegerField(_("length"))  # of source_norm, in characters
    status = models.CharField(_("status"), max_length=12, choices=STATUS_CHOICES)
    origin = models.CharField(_("origin"), max_length=10, choices=ORIGIN_CHOICES)
    translation = models.OneToOneField(
        "workbench.Translation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memory_entry",
    )
    # Where a free-standing pair came from (the TMX file's name).
    origin_name = models.CharField(_("imported from"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")
        indexes = [
            models.Index(fields=["source_hash"], name="memory_exact"),
            # A pair's entries newest first (concordance, TMX export of a pair).
            models.Index(fields=["source_language", "target_language", "id"], name="memory_pair"),
        ]
        constraints = [
            # Importing the same TMX file twice adds nothing.
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_hash", "target_hash"],
                condition=Q(translation__isnull=True),
                name="memory_free_pair_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_language_id}>{self.target_language_id} {self.source_norm[:60]}"


class MemoryKey(models.Model):
    """The fuzzy index: one row per sketch key of an entry's source (text/memory.index_keys).

    A lookup reads, for each key of the query, the entries within the length window
    straight from the (key, length, entry) index. `length` repeats the entry's so that this
    is one index range scan; the language pair is hashed into `key`."""

    pk = models.CompositePrimaryKey("entry_id", "key")
    entry = models.ForeignKey(
        MemoryEntry, on_delete=models.CASCADE, related_name="keys", db_index=False
    )
    key = models.BigIntegerField()
    length = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "length", "entry"], name="memory_key_lookup")]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.key}"
