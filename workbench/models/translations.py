from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbench.text import records

# The stored statuses with their one wording (text.records.STATUS_WORDS).
STATUS_CHOICES = [(status, _(records.STATUS_WORDS[status])) for status in records.STORED_STATUSES]
ORIGIN_TYPED = "typed"
ORIGIN_ALIGNED = "aligned"
ORIGIN_PO = "po"
ORIGIN_MEMORY = "memory"
ORIGIN_TMX = "tmx"
ORIGIN_MACHINE = "machine"
ORIGIN_CHOICES = [
    (ORIGIN_TYPED, _("typed")),
    (ORIGIN_ALIGNED, _("aligned")),
    (ORIGIN_PO, _("imported PO")),
    (ORIGIN_MEMORY, _("translation memory")),
    (ORIGIN_TMX, _("imported TMX")),
    (ORIGIN_MACHINE, _("machine translation")),
]


class Translation(models.Model):
    """The current translation of one unit into one language.

    `status` stores draft / translated / approved; "outdated" is derived (see
    workbench/status.py) from `source_checksum` differing from the unit's checksum."""

    unit = models.ForeignKey(
        "workbench.Unit", on_delete=models.CASCADE, related_name="translations"
    )
    language = models.ForeignKey("workbench.Language", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("translation"))
    # A unit with plural forms (a gettext msgid_plural): `text` is form 0, these are forms
    # 1, 2, ... of the language's Plural-Forms, as markup like `text`.
    plural_texts = models.JSONField(_("plural forms"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=STATUS_CHOICES)
    origin = models.CharField(
        _("origin"), max_length=10, choices=ORIGIN_CHOICES, default=ORIGIN_TYPED
    )
    source_checksum = models.CharField(max_length=40)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic concurrency: a save names the version it started from.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The guard against unedited machine translation: the engine's text this translation
    # started from (kept while it is edited), which engine, and the share (0-1) of the
    # current text that is that output unmodified (text/machine_share.py). Empty/None for a
    # translation that never came from an engine.
    machine_text = models.TextField(blank=True, default="")
    machine_engine = models.CharField(max_length=20, blank=True, default="")
    machine_share = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["unit", "language"], name="translation_unique")
        ]
        indexes = [models.Index(fields=["language", "status"], name="translation_status")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.language_id}"


class Revision(models.Model):
    """Append-only history of a unit's translation: nothing a volunteer typed is lost.

    `action` says what made it; a `suggestion` (e.g. a PO entry that conflicted) is kept
    here without becoming the current text."""

    ACTION_SAVE = "save"
    ACTION_APPROVE = "approve"
    ACTION_REJECT = "reject"
    ACTION_RESTORE = "restore"
    ACTION_IMPORT = "import"
    ACTION_ALIGN = "align"
    ACTION_SUGGESTION = "suggestion"
    # A reviewer found the source edit made no change of meaning: same text, new source.
    ACTION_CONFIRM = "confirm"
    ACTIONS = [
        (ACTION_SAVE, _("saved")),
        (ACTION_APPROVE, _("approved")),
        (ACTION_REJECT, _("sent back")),
        (ACTION_RESTORE, _("restored")),
        (ACTION_IMPORT, _("imported")),
        (ACTION_ALIGN, _("aligned")),
        (ACTION_SUGGESTION, _("suggestion")),
        (ACTION_CONFIRM, _("source change confirmed")),
    ]

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    plural_texts = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=STATUS_CHOICES)
    origin = models.CharField(max_length=10, choices=ORIGIN_CHOICES, default=ORIGIN_TYPED)
    action = models.CharField(max_length=12, choices=ACTIONS, default=ACTION_SAVE)
    source_checksum = models.CharField(max_length=40)
    comment = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["translation", "-created_at"], name="revision_recent")]

    def __str__(self) -> str:
        return f"{self.translation_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    """Threaded discussion on a unit in one language (review remarks, questions)."""

    unit = models.ForeignKey("workbench.Unit", on_delete=models.CASCADE, related_name="comments")
    language = models.ForeignKey("workbench.Language", on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["unit", "language"], name="comment_unit")]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
