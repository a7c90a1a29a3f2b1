"""Writes to the glossary: curating a concept, importing and exporting CSV and TBX.

Curating is for reviewers (of any language) and site admins; reading is for everyone.
An import validates the whole file first and writes in one transaction: a bad file stores
nothing and says what is wrong, line by line.

How an imported concept finds the concept it updates (an "upsert"):
1. its id ("12" in CSV, "c12" in TBX, as the exporters write them) names a concept *that
   shares at least one term with it* -- so a foreign file whose ids happen to be small numbers
   cannot overwrite unrelated concepts;
2. otherwise, a concept with the same term (ignoring case) in the default content language
   (settings.MODELTRANSLATION_DEFAULT_LANGUAGE);
3. otherwise it is a new concept.
Empty cells and missing languages change nothing (a file with only en and de columns
never clears the French terms); a language's forbidden variants, where the file gives some,
replace that language's variants; notes, where given, replace the notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation import settings as mt_settings

from workbench import permissions, request_memo
from workbench.formats.glossary_csv import (
    ConceptRecord,
    GlossaryFormatError,
    read_glossary_csv,
    write_glossary_csv,
)
from workbench.formats.tbx import read_tbx, write_tbx
from workbench.models import GlossaryConcept, GlossaryForbidden, Membership
from workbench.selectors.glossary import (
    content_language,
    content_languages,
    has_term,
    term_field,
)
from workbench.services.uploads import max_upload_bytes
from workbench.text.languages import canonical_tag as bcp47

FORMATS = ("csv", "tbx")
TERM_MAX_LENGTH = 300
MAX_REPORTED_ERRORS = 20
_OWN_ID = re.compile(r"^c?(\d{1,18})$")


class GlossaryImportError(ValueError):
    """A glossary file that was not imported; `messages` says why (translated)."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class GlossaryImportResult:
    created: int
    updated: int
    unchanged: int


# --- permissions ---------------------------------------------------------------------------


def can_curate_glossary(user) -> bool:
    """Site admins, staff given the model permission, and active reviewers of any language."""
    if permissions.is_site_admin(user):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.has_perm("workbench.change_glossaryconcept"):
        return True
    return Membership.objects.filter(
        user=user, role=Membership.ROLE_REVIEWER, state=Membership.STATE_ACTIVE
    ).exists()


def require_curate_glossary(user) -> None:
    if not can_curate_glossary(user):
        raise PermissionDenied(_("Only reviewers and site admins may change the glossary."))


# --- one concept ----------------------------------------------------------------------------


class ConceptError(ValueError):
    """A concept that cannot be saved as given (e.g. no term at all)."""


def _clean_term(value: str) -> str:
    return " ".join((value or "").split())


def concept_terms(concept: GlossaryConcept) -> dict[str, set[str]]:
    """The concept's terms by content language (what locates the units it applies to)."""
    terms: dict[str, set[str]] = {}
    for code in content_languages():
        term = getattr(concept, term_field(code)) or ""
        if term:
            terms.setdefault(code, set()).add(term)
    return terms


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


def save_concept(
    user,
    concept: GlossaryConcept | None,
    *,
    terms: Mapping[str, str],
    forbidden: Mapping[str, Sequence[str]],
    notes: str = "",
    case_sensitive: bool = False,
) -> GlossaryConcept:
    """Create (`concept` None) or replace a concept from the glossary form: `terms` and
    `forbidden` are keyed by content language and complete (an absent language is cleared)."""
    require_curate_glossary(user)
    clean_terms = {code: _clean_term(terms.get(code, "")) for code in content_languages()}
    if not any(clean_terms.values()):
        raise ConceptError(_("A concept needs a term in at least one language."))
    clean_forbidden: dict[str, list[str]] = {}
    for code in content_languages():
        variants = []
        for variant in forbidden.get(code, ()):
            variant = _clean_term(variant)
            if not variant or variant in variants:
                continue
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
            concept = GlossaryConcept(created_by=user)
        for code, term in clean_terms.items():
            # No term is NULL, as in concepts created by an import (never a mix with "").
            setattr(concept, term_field(code), term or None)
        concept.notes = notes.strip()
        concept.case_sensitive = case_sensitive
        concept.updated_by = user
        concept.save()
        concept.forbidden.all().delete()
        GlossaryForbidden.objects.bulk_create(
            GlossaryForbidden(concept=concept, language_code=code, term=variant)
            for code, variants in clean_forbidden.items()
            for variant in variants
        )
    recheck_after_change(merge_terms(before, concept_terms(concept)))
    return concept


def delete_concept(user, concept: GlossaryConcept) -> None:
    require_curate_glossary(user)
    terms = concept_terms(concept)
    concept.delete()
    recheck_after_change(terms)


# --- import ------------------------------------------------------------------------------------


def guess_format(filename: str = "", fmt: str | None = None, data: bytes = b"") -> str:
    if fmt:
        if fmt not in FORMATS:
            raise GlossaryImportError(
                [_("Unknown glossary format %(format)s (use csv or tbx).") % {"format": fmt}]
            )
        return fmt
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "tbx" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else "csv"


def read_glossary_file(data: bytes, fmt: str) -> list[ConceptRecord]:
    limit = max_upload_bytes()
    if len(data) > limit:
        raise GlossaryImportError(
            [_("The file is larger than %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_MB}]
        )
    try:
        return read_tbx(data) if fmt == "tbx" else read_glossary_csv(data)
    except GlossaryFormatError as exc:
        # The format modules mark their messages with gettext_noop: translate them here.
        raise GlossaryImportError([_(exc.template) % exc.details]) from exc


@dataclass
class _Incoming:
    line: int
    own_id: int | None
    terms: dict[str, str]  # content code -> term
    forbidden: dict[str, list[str]]
    notes: str
    case_sensitive: bool | None


def _validate(records: Sequence[ConceptRecord]) -> list[_Incoming]:
    errors: list[str] = []
    mapping: dict[str, str] = {}
    for code in sorted({c for r in records for c in [*r.terms, *r.forbidden]}):
        content = content_language(code)
        if content is None:
            errors.append(
                _("The glossary has no language “%(code)s” (it has: %(languages)s).")
                % {"code": code, "languages": ", ".join(bcp47(c) for c in content_languages())}
            )
        else:
            mapping[code] = content
    by_content: dict[str, list[str]] = {}
    for code, content in mapping.items():
        by_content.setdefault(content, []).append(code)
    for content, codes in by_content.items():
        if len(codes) > 1:
            errors.append(
                _("The languages %(codes)s are all the glossary's %(code)s.")
                % {"codes": ", ".join(codes), "code": bcp47(content)}
            )
    if errors:
        raise GlossaryImportError(errors)

    incoming: list[_Incoming] = []
    seen_ids: dict[int, int] = {}
    for record in records:
        line = record.line
        terms = {mapping[c]: _clean_term(t) for c, t in record.terms.items() if _clean_term(t)}
        forbidden = {
            mapping[c]: [_clean_term(v) for v in variants if _clean_term(v)]
            for c, variants in record.forbidden.items()
        }
        if not terms:
            errors.append(_("Line %(line)s: the concept has no term.") % {"line": line})
        for code, values in [(c, [t]) for c, t in terms.items()] + list(forbidden.items()):
            for value in values:
                if len(value) > TERM_MAX_LENGTH:
                    errors.append(
                        _("Line %(line)s: a %(lang)s term is longer than %(max)s characters.")
                        % {"line": line, "lang": bcp47(code), "max": TERM_MAX_LENGTH}
                    )
        for code, variants in forbidden.items():
            if terms.get(code) and terms[code].casefold() in {v.casefold() for v in variants}:
                errors.append(
                    _(
                        "Line %(line)s: “%(term)s” is both the term and a forbidden variant "
                        "(%(lang)s)."
                    )
                    % {"line": line, "term": terms[code], "lang": bcp47(code)}
                )
        match = _OWN_ID.match(record.id or "")
        own_id = int(match.group(1)) if match else None
        if own_id is not None:
            if own_id in seen_ids:
                errors.append(
                    _("Lines %(first)s and %(line)s have the same concept id %(id)s.")
                    % {"first": seen_ids[own_id], "line": line, "id": record.id}
                )
            seen_ids[own_id] = line
        incoming.append(
            _Incoming(line, own_id, terms, forbidden, record.notes.strip(), record.case_sensitive)
        )
    if errors:
        raise GlossaryImportError(_limit(errors))
    return incoming


def _limit(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    rest = len(errors) - MAX_REPORTED_ERRORS
    return errors[:MAX_REPORTED_ERRORS] + [_("… and %(n)s more problems.") % {"n": rest}]


def _shares_term(concept: GlossaryConcept, terms: Mapping[str, str]) -> bool:
    return any(
        (getattr(concept, term_field(code)) or "").casefold() == term.casefold()
        for code, term in terms.items()
    )


def import_glossary(
    user, data: bytes, *, filename: str = "", fmt: str | None = None, check_permission: bool = True
) -> GlossaryImportResult:
    """Import a CSV or TBX glossary (see the module docstring for how concepts are matched).
    Raises GlossaryImportError, storing nothing, when any part of the file is unusable."""
    if check_permission:
        require_curate_glossary(user)
    fmt = guess_format(filename, fmt, data)
    incoming = _validate(read_glossary_file(data, fmt))
    default = mt_settings.DEFAULT_LANGUAGE
    user = permissions.author_of(user)

    with transaction.atomic():
        by_id = GlossaryConcept.objects.select_for_update().in_bulk(
            [item.own_id for item in incoming if item.own_id is not None]
        )
        by_default_term: dict[str, int] = {}
        for pk, term in (
            GlossaryConcept.objects.filter(has_term(default))
            .order_by("pk")
            .values_list("pk", term_field(default))
        ):
            by_default_term.setdefault(term.casefold(), pk)

        targets: list[int | None] = []
        claimed: dict[int, int] = {}
        errors: list[str] = []
        for item in incoming:
            pk = None
            if item.own_id in by_id and _shares_term(by_id[item.own_id], item.terms):
                pk = item.own_id
            elif item.terms.get(default):
                pk = by_default_term.get(item.terms[default].casefold())
            if pk is not None:
                if pk in claimed:
                    errors.append(
                        _("Lines %(first)s and %(line)s describe the same concept.")
                        % {"first": claimed[pk], "line": item.line}
                    )
                claimed[pk] = item.line
            targets.append(pk)
        if errors:
            raise GlossaryImportError(_limit(errors))

        existing = GlossaryConcept.objects.select_for_update().in_bulk(
            [pk for pk in targets if pk is not None]
        )
        # The units to recheck afterwards: those with a changed concept's old or new terms.
        old_terms = {pk: concept_terms(concept) for pk, concept in existing.items()}
        old_forbidden: dict[tuple[int, str], list[str]] = {}
        for concept_id, code, term in GlossaryForbidden.objects.filter(
            concept_id__in=list(existing)
        ).values_list("concept_id", "language_code", "term"):
            old_forbidden.setdefault((concept_id, code), []).append(term)

        now = timezone.now()
        created: list[tuple[GlossaryConcept, _Incoming]] = []
        changed: list[GlossaryConcept] = []
        replace: list[tuple[int, str, list[str]]] = []
        new_forbidden: list[tuple[GlossaryConcept, str, list[str]]] = []
        unchanged = 0
        for item, pk in zip(incoming, targets, strict=True):
            if pk is None:
                concept = GlossaryConcept(
                    created_by=user,
                    updated_by=user,
                    notes=item.notes,
                    case_sensitive=bool(item.case_sensitive),
                )
                for code, term in item.terms.items():
                    setattr(concept, term_field(code), term)
                created.append((concept, item))
                new_forbidden.extend(
                    (concept, code, variants) for code, variants in item.forbidden.items()
                )
                continue
            concept = existing[pk]
            dirty = False
            for code, term in item.terms.items():
                if (getattr(concept, term_field(code)) or "") != term:
                    setattr(concept, term_field(code), term)
                    dirty = True
            if item.notes and item.notes != concept.notes:
                concept.notes, dirty = item.notes, True
            if item.case_sensitive is not None and item.case_sensitive != concept.case_sensitive:
                concept.case_sensitive, dirty = item.case_sensitive, True
            forbidden_dirty = False
            for code, variants in item.forbidden.items():
                if sorted(old_forbidden.get((pk, code), [])) != sorted(set(variants)):
                    replace.append((pk, code, variants))
                    forbidden_dirty = True
            if dirty or forbidden_dirty:
                concept.updated_by = user
                concept.updated_at = now
                changed.append(concept)
            else:
                unchanged += 1

        GlossaryConcept.objects.bulk_create([concept for concept, _item in created])
        if changed:
            GlossaryConcept.objects.bulk_update(
                changed,
                [term_field(code) for code in content_languages()]
                + ["notes", "case_sensitive", "updated_by", "updated_at"],
                batch_size=500,
            )
        for pk, code, _variants in replace:
            GlossaryForbidden.objects.filter(concept_id=pk, language_code=code).delete()
        rows = [
            GlossaryForbidden(concept_id=pk, language_code=code, term=variant)
            for pk, code, variants in replace
            for variant in dict.fromkeys(variants)
        ] + [
            GlossaryForbidden(concept=concept, language_code=code, term=variant)
            for concept, code, variants in new_forbidden
            for variant in dict.fromkeys(variants)
        ]
        GlossaryForbidden.objects.bulk_create(rows, batch_size=500)
    changed_terms: dict[str, set[str]] = {}
    for concept in changed:
        merge_terms(changed_terms, old_terms.get(concept.pk, {}))
        merge_terms(changed_terms, concept_terms(concept))
    for concept, _item in created:
        merge_terms(changed_terms, concept_terms(concept))
    recheck_after_change(changed_terms)
    return GlossaryImportResult(created=len(created), updated=len(changed), unchanged=unchanged)


# --- export ------------------------------------------------------------------------------------


def concept_records() -> tuple[list[ConceptRecord], list[str]]:
    """Every concept as a plain record (language codes in BCP 47 spelling), and the languages
    that have at least one term or forbidden variant, in settings order."""
    records: list[ConceptRecord] = []
    used: set[str] = set()
    concepts = GlossaryConcept.objects.order_by("pk").prefetch_related("forbidden")
    for concept in concepts.iterator(chunk_size=1000):
        terms = {}
        for code in content_languages():
            term = getattr(concept, term_field(code)) or ""
            if term:
                terms[bcp47(code)] = term
                used.add(code)
        forbidden: dict[str, list[str]] = {}
        for variant in concept.forbidden.all():
            forbidden.setdefault(bcp47(variant.language_code), []).append(variant.term)
            used.add(variant.language_code)
        records.append(
            ConceptRecord(
                terms=terms,
                forbidden=forbidden,
                notes=concept.notes,
                case_sensitive=concept.case_sensitive,
                id=str(concept.pk),
            )
        )
    languages = [bcp47(code) for code in content_languages() if code in used]
    return records, languages


def export_glossary(fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown glossary format {fmt!r}")
    records, languages = concept_records()
    if fmt == "tbx":
        return write_tbx(
            records,
            languages,
            source_language=bcp47(mt_settings.DEFAULT_LANGUAGE),
            title=_("Translation workbench glossary"),
        )
    return write_glossary_csv(records, languages)
