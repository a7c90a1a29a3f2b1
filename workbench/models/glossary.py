from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname


class GlossaryConcept(models.Model):
    """One concept of the team's glossary ("Left Opposition", "Theory of Permanent Revolution")
    with its approved term in each content language.

    `term` is registered with django-modeltranslation (workbench/translation.py): the table has
    one column per configured language (term_en, term_de, term_zh_hans...), edited in the admin
    with one tab per language. Code reads those columns explicitly for a language pair (see
    workbench/selectors/glossary.py), never through the active UI language.
    """

    term = models.CharField(_("term"), max_length=300, blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("What the concept means and how to use its terms (shown to translators)."),
    )
    case_sensitive = models.BooleanField(
        _("case sensitive"),
        default=False,
        help_text=_("Match the terms only with exactly this capitalisation (e.g. Party vs party)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("glossary concept")
        verbose_name_plural = _("glossary concepts")

    def __str__(self) -> str:
        # The term in the active language, else the first one it has (modeltranslation's
        # fallback is off for this model, see workbench/translation.py).
        if self.term:
            return self.term
        for code in mt_settings.AVAILABLE_LANGUAGES:
            term = getattr(self, build_localized_fieldname("term", code), "")
            if term:
                return term
        return f"#{self.pk}"


class GlossaryForbidden(models.Model):
    """A variant the team rejected for a concept in one language ("Linksopposition").

    A related table rather than a JSON list on the concept: each variant is one row with a
    uniqueness constraint, so duplicates cannot creep in, the editor loads the variants of one
    language pair with a plain filtered prefetch on SQLite and PostgreSQL alike, and "which
    concepts forbid this word?" is an ordinary indexed query."""

    concept = models.ForeignKey(GlossaryConcept, on_delete=models.CASCADE, related_name="forbidden")
    # A content-language code as in settings.MODELTRANSLATION_LANGUAGES ("de", "zh-hans").
    language_code = models.CharField(_("language"), max_length=35)
    term = models.CharField(_("forbidden term"), max_length=300)

    class Meta:
        ordering = ["concept", "language_code", "term"]
        verbose_name = _("forbidden variant")
        verbose_name_plural = _("forbidden variants")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language_code", "term"], name="glossary_forbidden_unique"
            )
        ]
        indexes = [
            models.Index(fields=["language_code", "concept"], name="glossary_forbidden_lang")
        ]

    def __str__(self) -> str:
        return f"{self.language_code}: {self.term}"
