from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbench.text import records

KIND_CHOICES = [
    (records.KIND_BYLINE, _("byline")),
    (records.KIND_TITLE, _("title")),
    (records.KIND_HEADING, _("heading")),
    (records.KIND_PARAGRAPH, _("paragraph")),
    (records.KIND_BLOCKQUOTE, _("block quote")),
    (records.KIND_LIST_ITEM, _("list item")),
    (records.KIND_FOOTNOTE, _("footnote")),
    (records.KIND_IMAGE, _("image description")),
]


class Document(models.Model):
    """A source document. Title and description are site content, translated with
    django-modeltranslation (see workbench/translation.py); its paragraphs are Units."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source_language = models.ForeignKey(
        "workbench.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source language"),
    )
    origin_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    origin_format = models.CharField(_("original format"), max_length=10, blank=True)
    # Metadata the source file carried (Markdown front matter), kept as written.
    front_matter = models.TextField(_("front matter"), blank=True)
    # The uploaded file itself (its name in Django's storage) for the formats whose export
    # writes the translation into it (.docx, HTML); empty for the others and for documents
    # imported before it was kept. A new version of the source replaces it.
    original_file = models.CharField(_("original file"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    suggestions_open = models.BooleanField(
        _("suggestions open"),
        default=False,
        help_text=_(
            "Anyone signed in may suggest translations into languages they are not "
            "a member of; the team adopts or dismisses them."
        ),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title or self.slug


class Unit(models.Model):
    """One translatable unit (a paragraph, heading, block-quote paragraph, footnote...)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField(_("position"))
    # Stable across re-imports: PO msgctxt, HTML anchor and URL part.
    key = models.CharField(_("key"), max_length=32)
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    level = models.PositiveSmallIntegerField(_("heading level"), default=0)
    label = models.CharField(_("footnote label"), max_length=20, blank=True)
    source = models.TextField(_("source"))
    checksum = models.CharField(_("source checksum"), max_length=40)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    # A unit removed by a newer version of the source stays (with its translations) for history.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="unit_key_unique"),
        ]
        indexes = [
            models.Index(fields=["document", "is_active", "position"], name="unit_order"),
            # Units with the same source in a document: the consistency check on every save.
            models.Index(fields=["document", "checksum"], name="unit_same_source"),
        ]

    def __str__(self) -> str:
        return f"{self.document.slug}#{self.key}"

    def record(self) -> records.UnitRecord:
        return records.UnitRecord(
            key=self.key,
            position=self.position,
            kind=self.kind,
            source=self.source,
            level=self.level,
            label=self.label,
        )


class UnitSource(models.Model):
    """Every source text a unit has had, by checksum, so a translator can see exactly what
    changed in the source since they translated it (and PO gets `#| msgid`)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="source_versions")
    checksum = models.CharField(max_length=40)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "checksum"], name="unit_source_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}@{self.checksum[:8]}"
