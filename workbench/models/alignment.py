from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlignmentRun(models.Model):
    """A published translation of a document, aligned to its units and waiting to be
    corrected and accepted (see workbench/services/alignment.py).

    The whole alignment is one row: the target paragraphs as the importer read them, the
    source units they were aligned to, and the links. A screen page or a correction loads the
    row once; nothing becomes a Translation until the run is accepted.

    - `source_units`: ids of the document's active units, in order, when the run was
      proposed (link source index i is `source_units[i]`); `source_fingerprint` is the hash
      of their checksums, so accepting refuses an alignment made against an older source.
    - `target_paragraphs` / `target_kinds`: sanitised inline markup and records.KIND_* per
      paragraph, as workbench.formats.importers produced them from the uploaded file.
    - `links`: `[[[source ids], [target ids], score], ...]` in document order, covering both
      sides exactly once (workbench.text.align.validate_links is the rule).
    - `quality`: the aligner's whole-alignment figures (anchor_rate, length_agreement,
      mean_evidence, null_rate, length_ratio, looks_unrelated); `warnings`: codes and
      parameters of what looked wrong with the file, rendered in the reader's language.
    - `version`: optimistic concurrency for corrections (two tabs must not clobber each other).
    - `result`: what accepting wrote (counts), for the run page and the command's summary.
    """

    STATE_PROPOSED = "proposed"
    STATE_ACCEPTED = "accepted"
    STATE_DISCARDED = "discarded"
    STATES = [
        (STATE_PROPOSED, _("proposed")),
        (STATE_ACCEPTED, _("accepted")),
        (STATE_DISCARDED, _("discarded")),
    ]

    document = models.ForeignKey(
        "workbench.Document", on_delete=models.CASCADE, related_name="alignment_runs"
    )
    language = models.ForeignKey(
        "workbench.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    filename = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10)
    source_units = models.JSONField(default=list)
    source_fingerprint = models.CharField(max_length=40)
    target_paragraphs = models.JSONField(default=list)
    target_kinds = models.JSONField(default=list)
    links = models.JSONField(default=list)
    quality = models.JSONField(default=dict)
    warnings = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=STATES, default=STATE_PROPOSED)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alignment")
        verbose_name_plural = _("alignments")
        indexes = [
            models.Index(fields=["document", "language", "state"], name="alignment_run_target")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.language_id}: {self.filename} ({self.state})"

    @property
    def link_count(self) -> int:
        return len(self.links)
