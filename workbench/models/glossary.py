from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

TERM_MAX_LENGTH = 300


class GlossaryConcept(models.Model):
    """One concept of the team's glossary ("Left Opposition", "Theory of Permanent Revolution").

    Its terms are `GlossaryTerm` rows (related name `terms`): per content language at most one
    preferred term and any number of forbidden variants. A content language is a code in
    settings.GLOSSARY_LANGUAGES, so adding one needs no migration. Code reads the terms
    explicitly for a language pair (see workbench/selectors/glossary.py), never through the
    active UI language.
    """

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
        # The preferred term in the active UI language, else the first one it has in settings
        # order (no fallback to another language's term as if it were this one's).
        if self.pk is None:
            return "#None"
        preferred = self.preferred_terms()
        active = (get_language() or "").lower()
        order = [active, *settings.GLOSSARY_LANGUAGES, *sorted(preferred)]
        for code in order:
            if preferred.get(code):
                return preferred[code]
        return f"#{self.pk}"

    def preferred_terms(self) -> dict[str, str]:
        """Content language code -> preferred term (uses prefetched `terms` when there)."""
        return {
            term.language_code: term.text
            for term in self.terms.all()
            if term.status == GlossaryTerm.Status.PREFERRED
        }


class GlossaryTerm(models.Model):
    """A concept's term in one content language: the preferred (approved) term, or a variant
    the team rejected ("Linksopposition").

    Rows rather than a column per language: a content language is data, not schema, so adding
    one needs no migration and any code works (Django need not know it). Each term is one row
    with uniqueness constraints, so duplicates cannot creep in and a concept has at most one
    preferred term per language; the editor loads the terms of one language pair with a plain
    filtered query on SQLite and PostgreSQL alike, and "which concepts use this word?" is an
    ordinary indexed query."""

    class Status(models.TextChoices):
        PREFERRED = "preferred", _("preferred")
        FORBIDDEN = "forbidden", _("forbidden")

    concept = models.ForeignKey(GlossaryConcept, on_delete=models.CASCADE, related_name="terms")
    # A content-language code as in settings.GLOSSARY_LANGUAGES ("de", "zh-hans").
    language_code = models.CharField(_("language"), max_length=35)
    text = models.CharField(_("term"), max_length=TERM_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREFERRED
    )

    class Meta:
        ordering = ["concept", "language_code", "status", "text"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language_code"],
                condition=models.Q(status="preferred"),
                name="glossary_term_one_preferred",
            ),
            models.UniqueConstraint(
                fields=["concept", "language_code", "text"], name="glossary_term_unique"
            ),
        ]
        indexes = [models.Index(fields=["language_code", "concept"], name="glossary_term_lang")]

    def __str__(self) -> str:
        return f"{self.language_code}: {self.text}"

    @property
    def is_preferred(self) -> bool:
        return self.status == self.Status.PREFERRED
