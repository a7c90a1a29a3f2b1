from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workbench.models.translations import ORIGIN_CHOICES, STATUS_CHOICES


class PhraseIndexField(models.TextField):
    """The concordance's word index of a text (workbench.text.fulltext): a `tsvector` column
    on PostgreSQL, written from the tsvector literal the services compute; an unused text
    column elsewhere (SQLite's concordance index is an FTS5 table, see
    services.memory_store.ensure_fulltext)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_placeholder(self, value, compiler, connection):
        return "%s::tsvector" if connection.vendor == "postgresql" else "%s"


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
    by workbench.text.memory; `target_norm` and the `*_words` indexes serve the concordance
    search. Edit entries only
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
    # Derived from source_norm / target_norm for the concordance (PostgreSQL; NULL elsewhere
    # and where a text is too long for the tsvector type). Large: loaded only when needed.
    source_words = PhraseIndexField(null=True, editable=False)
    target_words = PhraseIndexField(null=True, editable=False)
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
    is one index range scan; the language pair is hashed into `key`.

    `entry` has no foreign-key constraint in the database: the rows are derived from their
    entry and written and deleted with it by the services (and Django's own cascade, which
    does not need the constraint). On PostgreSQL the deferred checks of a TMX import's 1.3
    million key rows took 9.5 s at commit.

    On SQLite the table is WITHOUT ROWID (migration 0021), clustered on the primary key: two
    B-trees instead of three for the memory's largest table. Django does not know the clause:
    a migration that remakes this table on SQLite must add it again (a test checks)."""

    pk = models.CompositePrimaryKey("entry_id", "key")
    entry = models.ForeignKey(
        MemoryEntry,
        on_delete=models.CASCADE,
        related_name="keys",
        db_index=False,
        db_constraint=False,
    )
    key = models.BigIntegerField()
    length = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "length", "entry"], name="memory_key_lookup")]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.key}"


# The concordance's full-text indexes (selectors/memory.py `concordance`). PostgreSQL: GIN
# over the word indexes written by set_source/set_target (text/fulltext.py), and a partial
# index of the entries that have none (too long for a tsvector), which the search always
# tests. SQLite: an FTS5 table with the trigram tokenizer over the normalised texts, kept in
# step by triggers (its phrase queries are exact substring tests).
# services.memory_store.ensure_fulltext creates them (migration 0008 runs it).
POSTGRES_FULLTEXT_SQL = {
    "memory_source_words": "CREATE INDEX IF NOT EXISTS memory_source_words "
    "ON workbench_memoryentry USING gin (source_words)",
    "memory_target_words": "CREATE INDEX IF NOT EXISTS memory_target_words "
    "ON workbench_memoryentry USING gin (target_words)",
    "memory_source_unindexed": "CREATE INDEX IF NOT EXISTS memory_source_unindexed "
    "ON workbench_memoryentry (id) WHERE source_words IS NULL",
    "memory_target_unindexed": "CREATE INDEX IF NOT EXISTS memory_target_unindexed "
    "ON workbench_memoryentry (id) WHERE target_words IS NULL",
}
SQLITE_FULLTEXT_TABLE = "workbench_memory_fts"
SQLITE_FULLTEXT_TRIGGERS = {
    "workbench_memory_fts_insert": (
        "AFTER INSERT ON workbench_memoryentry BEGIN "
        "INSERT INTO workbench_memory_fts(rowid, source_norm, target_norm) "
        "VALUES (new.id, new.source_norm, new.target_norm); END"
    ),
    "workbench_memory_fts_delete": (
        "AFTER DELETE ON workbench_memoryentry BEGIN "
        "INSERT INTO workbench_memory_fts(workbench_memory_fts, rowid, source_norm, target_norm) "
        "VALUES ('delete', old.id, old.source_norm, old.target_norm); END"
    ),
    "workbench_memory_fts_update": (
        "AFTER UPDATE OF source_norm, target_norm ON workbench_memoryentry BEGIN "
        "INSERT INTO workbench_memory_fts(workbench_memory_fts, rowid, source_norm, target_norm) "
        "VALUES ('delete', old.id, old.source_norm, old.target_norm); "
        "INSERT INTO workbench_memory_fts(rowid, source_norm, target_norm) "
        "VALUES (new.id, new.source_norm, new.target_norm); END"
    ),
}
