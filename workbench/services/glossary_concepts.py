"""Curating the glossary one concept at a time: create, edit, delete a concept and its terms
(the glossary page's form; the Django admin shares the bookkeeping).

Curating is for glossary editors and site admins (permissions.can_curate_glossary);
reading is for everyone. After a change, the stored check problems of the units whose source
has one of the changed terms (old or new) are recomputed (`recheck_after_change`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from workbench import permissions, request_memo
from workbench.models import GlossaryConcept, GlossaryTerm
from workbench.models.glossary import TERM_MAX_LENGTH
from workbench.selectors.glossary import content_languages
from workbench.services.errors import ServiceError
from workbench.text.languages import canonical_tag as bcp47

PREFERRED = GlossaryTerm.Status.PREFERRED
FORBIDDEN = GlossaryTerm.Status.FORBIDDEN


class ConceptError(ServiceError):
    """A concept that cannot be saved as given (e.g. no term at all)."""


def clean_term(value: str) -> str:
    return " ".join((value or "").split())


def concept_terms(concept: GlossaryConcept) -> dict[str, set[str]]:
    """The concept's preferred terms by content language (what locates the units it applies
    to). Reads its `terms` (prefetched or not)."""
    return {code: {text} for code, text in concept.preferred_terms().items() if text}


def merge_terms(into: dict[str, set[str]], more: dict[str, set[str]]) -> dict[str, set[str]]:
    for code, terms in more.items():
        into.setdefault(code, set()).update(terms)
    return into


def recheck_after_change(terms: dict[str, set[str]]) -> None:
    """Stored check problems follow the glossary: the units whose source has one of the
    changed terms (old or new) are rechecked, after the change is committed."""
    from workbench.services.checks import recheck_for_terms

    request_memo.forget()  # this request's pair glossaries are out of date
    if terms:
        recheck_for_terms(terms)


def _require_term_length(text: str, code: str) -> None:
    if len(text) > TERM_MAX_LENGTH:
        raise ConceptError(
            _("A term may have at most %(max)d characters (%(lang)s: “%(start)s…”).")
            % {"max": TERM_MAX_LENGTH, "lang": bcp47(code), "start": text[:40]}
        )


def save_concept(
    actor,
    concept: GlossaryConcept | None,
    *,
    terms: Mapping[str, str],
    forbidden: Mapping[str, Sequence[str]],
    notes: str = "",
    case_sensitive: bool = False,
) -> GlossaryConcept:
    """Create (`concept` None) or replace a concept from the glossary form: `terms` and
    `forbidden` are keyed by content language and complete (an absent language is cleared;
    terms in a language that is no longer a content language are kept)."""
    permissions.require_curate_glossary(actor)
    author = permissions.author_of(actor)
    languages = content_languages()
    clean_terms = {code: clean_term(terms.get(code, "")) for code in languages}
    if not any(clean_terms.values()):
        raise ConceptError(_("A concept needs a term in at least one language."))
    for code, text in clean_terms.items():
        _require_term_length(text, code)
    clean_forbidden: dict[str, list[str]] = {}
    for code in languages:
        variants: list[str] = []
        for variant in forbidden.get(code, ()):
            variant = clean_term(variant)
            if not variant or variant in variants:
                continue
            _require_term_length(variant, code)
            if variant.casefold() == clean_terms[code].casefold():
                raise ConceptError(
                    _("“%(term)s” cannot be both the term and a forbidden variant (%(lang)s).")
                    % {"term": variant, "lang": bcp47(code)}
                )
            variants.append(variant)
        if variants:
            clean_forbidden[code] = variants
    before = concept_terms(concept) if concept is not None and concept.pk else {}
    with transaction.atomic():
        if concept is None:
            concept = GlossaryConcept(created_by=author)
        concept.notes = notes.strip()
        concept.case_sensitive = case_sensitive
        concept.updated_by = author
        concept.save()
        GlossaryTerm.objects.filter(concept=concept, language_code__in=languages).delete()
        GlossaryTerm.objects.bulk_create(
            [
                GlossaryTerm(concept=concept, language_code=code, text=text, status=PREFERRED)
                for code, text in clean_terms.items()
                if text
            ]
            + [
                GlossaryTerm(concept=concept, language_code=code, text=variant, status=FORBIDDEN)
                for code, variants in clean_forbidden.items()
                for variant in variants
            ]
        )
        # The prefetched or cached terms, if any, are out of date.
        getattr(concept, "_prefetched_objects_cache", {}).pop("terms", None)
    after = {code: {text} for code, text in clean_terms.items() if text}
    recheck_after_change(merge_terms(before, after))
    return concept


def delete_concept(actor, concept: GlossaryConcept) -> None:
    permissions.require_curate_glossary(actor)
    terms = concept_terms(concept)
    concept.delete()
    recheck_after_change(terms)
