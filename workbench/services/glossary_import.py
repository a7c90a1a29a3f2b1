"""Importing a CSV or TBX glossary file.

Curating is for glossary editors and site admins (permissions.can_curate_glossary);
the import_glossary command acts as `permissions.SYSTEM`. An import validates the whole file
first and writes in one transaction: a bad file stores nothing and says what is wrong, line by
line.

How an imported concept finds the concept it updates (an "upsert"):
1. its id ("12" in CSV, "c12" in TBX, as the exporters write them) names a concept *that
   shares at least one term with it* -- so a foreign file whose ids happen to be small numbers
   cannot overwrite unrelated concepts;
2. otherwise, a concept with the same term in the default content language
   (settings.GLOSSARY_DEFAULT_LANGUAGE), spelt the same first, else in another case; a term
   that names several concepts (homonyms, "user" and "User") matches them in order, one line
   each, so that importing a file again finds each line's concept (0 new);
3. otherwise it is a new concept.
Empty cells and missing languages change nothing (a file with only en and de columns
never clears the French terms); a language's forbidden variants, where the file gives some,
replace that language's variants (and a new term replaces a variant spelt like it, since a
term cannot be both); notes, where given, replace the notes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.formats.glossary_csv import ConceptRecord, GlossaryFormatError
from workbench.formats.glossary_files import guess_format, read_glossary
from workbench.limits import file_limits, max_upload_bytes
from workbench.models import GlossaryConcept, GlossaryTerm
from workbench.models.glossary import TERM_MAX_LENGTH
from workbench.selectors.glossary import (
    content_language,
    content_languages,
    default_language,
    preferred_terms,
    split_terms,
)
from workbench.services.errors import ServiceError
from workbench.services.glossary_concepts import (
    clean_term,
    concept_terms,
    merge_terms,
    recheck_after_change,
)
from workbench.text.languages import canonical_tag as bcp47

PREFERRED = GlossaryTerm.Status.PREFERRED
FORBIDDEN = GlossaryTerm.Status.FORBIDDEN
MAX_REPORTED_ERRORS = 20
_OWN_ID = re.compile(r"^c?(\d{1,18})$")


class GlossaryImportError(ServiceError):
    """A glossary file that was not imported; `messages` says why (translated)."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))

    def details(self) -> dict:
        return {"messages": self.messages}


@dataclass(frozen=True)
class GlossaryImportResult:
    created: int
    updated: int
    unchanged: int
    # Languages of the file the site does not have: code -> terms left out (as TMX import
    # does, the rest is imported); concepts left with no term in a known language.
    skipped_languages: dict[str, int] = field(default_factory=dict)
    skipped_concepts: int = 0

    def skipped_lines(self) -> list[str]:
        """What was left out, one sentence each, for the page and the command line."""
        lines = [
            _(
                "Skipped %(count)s terms in %(code)s: the glossary has no such language "
                "(add it first, then import again)."
            )
            % {"count": count, "code": code}
            for code, count in sorted(self.skipped_languages.items())
        ]
        if self.skipped_concepts:
            lines.append(
                _("Skipped %(count)s concepts with terms only in those languages.")
                % {"count": self.skipped_concepts}
            )
        return lines


def _format_error(exc: GlossaryFormatError) -> GlossaryImportError:
    # The format modules mark their messages with gettext_noop: translate them here.
    return GlossaryImportError([_(exc.template) % exc.details])


def read_glossary_file(data: bytes, fmt: str) -> list[ConceptRecord]:
    limit = max_upload_bytes()
    if len(data) > limit:
        raise GlossaryImportError(
            [_("The file is larger than %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_MB}]
        )
    try:
        return read_glossary(data, fmt, file_limits())
    except GlossaryFormatError as exc:
        raise _format_error(exc) from exc


@dataclass
class _Incoming:
    line: int
    own_id: int | None
    terms: dict[str, str]  # content code -> term
    forbidden: dict[str, list[str]]
    notes: str
    case_sensitive: bool | None


def _validate(
    records: Sequence[ConceptRecord], skipped: dict[str, int] | None = None
) -> list[_Incoming]:
    """The records as incoming concepts, or GlossaryImportError. Terms in languages the
    glossary does not have are left out and counted in `skipped` (code -> terms); a file with
    no known language at all is refused."""
    errors: list[str] = []
    mapping: dict[str, str] = {}
    unknown: set[str] = set()
    for code in sorted({c for r in records for c in [*r.terms, *r.forbidden]}):
        content = content_language(code)
        if content is None:
            unknown.add(code)
        else:
            mapping[code] = content
    if unknown and not mapping:
        raise GlossaryImportError(
            [
                _("The glossary has no language “%(code)s” (it has: %(languages)s).")
                % {"code": code, "languages": ", ".join(bcp47(c) for c in content_languages())}
                for code in sorted(unknown)
            ]
        )
    if unknown:
        counts = skipped if skipped is not None else {}
        for record in records:
            for code in unknown:
                counts[code] = (
                    counts.get(code, 0)
                    + bool(record.terms.get(code))
                    + len(record.forbidden.get(code, ()))
                )
        records = [
            dataclasses.replace(
                record,
                terms={c: t for c, t in record.terms.items() if c not in unknown},
                forbidden={c: v for c, v in record.forbidden.items() if c not in unknown},
            )
            for record in records
        ]
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
        terms = {mapping[c]: clean_term(t) for c, t in record.terms.items() if clean_term(t)}
        forbidden = {
            mapping[c]: list(dict.fromkeys(clean_term(v) for v in variants if clean_term(v)))
            for c, variants in record.forbidden.items()
        }
        if not terms:
            if unknown and not forbidden:
                continue  # its terms were all in unknown languages: counted, not an error
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
                errors.append(_both(line, terms[code], code))
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


def _both(line: int, term: str, code: str) -> str:
    return _("Line %(line)s: “%(term)s” is both the term and a forbidden variant (%(lang)s).") % {
        "line": line,
        "term": term,
        "lang": bcp47(code),
    }


def _limit(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    rest = len(errors) - MAX_REPORTED_ERRORS
    return errors[:MAX_REPORTED_ERRORS] + [_("… and %(n)s more problems.") % {"n": rest}]


def _shares_term(concept: GlossaryConcept, terms: dict[str, str]) -> bool:
    preferred = concept.preferred_terms()
    return any(
        preferred.get(code, "").casefold() == term.casefold() for code, term in terms.items()
    )


# A language's terms of one concept: (preferred term or "", forbidden variants).
_Cell = tuple[str, tuple[str, ...]]


def _merge(
    item: _Incoming, preferred: dict[str, str], forbidden: dict[str, list[str]]
) -> tuple[dict[str, _Cell], list[str]]:
    """The languages whose terms the item changes, with their new terms; and the errors."""
    changed: dict[str, _Cell] = {}
    errors: list[str] = []
    for code in sorted({*item.terms, *item.forbidden}):
        old: _Cell = (preferred.get(code, ""), tuple(forbidden.get(code, ())))
        term = item.terms.get(code, old[0])
        if code in item.forbidden:
            variants = tuple(item.forbidden[code])
            if term and term.casefold() in {v.casefold() for v in variants}:
                errors.append(_both(item.line, term, code))
        else:
            # A new term that the concept had as a forbidden variant is no longer one.
            variants = tuple(v for v in old[1] if v.casefold() != term.casefold())
        if (term, tuple(sorted(variants))) != (old[0], tuple(sorted(old[1]))):
            changed[code] = (term, variants)
    return changed, errors


def _rows(concept: GlossaryConcept, cells: dict[str, _Cell]) -> list[GlossaryTerm]:
    rows = []
    for code, (term, variants) in cells.items():
        if term:
            rows.append(
                GlossaryTerm(concept=concept, language_code=code, text=term, status=PREFERRED)
            )
        rows.extend(
            GlossaryTerm(concept=concept, language_code=code, text=variant, status=FORBIDDEN)
            for variant in variants
        )
    return rows


def import_glossary(
    actor, data: bytes, *, filename: str = "", fmt: str | None = None
) -> GlossaryImportResult:
    """Import a CSV or TBX glossary (see the module docstring for how concepts are matched)
    for `actor` (a curator, or permissions.SYSTEM). Raises GlossaryImportError, storing
    nothing, when any part of the file is unusable."""
    permissions.require_curate_glossary(actor)
    try:
        fmt = guess_format(filename, fmt, data)
    except GlossaryFormatError as exc:
        raise _format_error(exc) from exc
    skipped: dict[str, int] = {}
    records = read_glossary_file(data, fmt)
    incoming = _validate(records, skipped)
    default = default_language()
    author = permissions.author_of(actor)
    with_terms = Prefetch("terms", queryset=GlossaryTerm.objects.order_by("pk"))

    with transaction.atomic():
        by_id = (
            GlossaryConcept.objects.select_for_update()
            .prefetch_related(with_terms)
            .in_bulk([item.own_id for item in incoming if item.own_id is not None])
        )
        # Concepts by their term in the default language: the same spelling first, then the
        # same letters in another case. A term may name several concepts (homonyms, "user"
        # and "User"): lines are matched to them in order, so importing a file again matches
        # each of its lines to the concept it made the first time.
        by_term: dict[str, list[int]] = {}
        by_folded: dict[str, list[int]] = {}
        for concept_id, term in (
            preferred_terms(default).order_by("concept_id").values_list("concept_id", "text")
        ):
            by_term.setdefault(term, []).append(concept_id)
            by_folded.setdefault(term.casefold(), []).append(concept_id)

        # A line's own id first (the file's ids are unique), then terms, among the concepts
        # no other line has taken.
        targets: list[int | None] = [
            item.own_id
            if item.own_id in by_id and _shares_term(by_id[item.own_id], item.terms)
            else None
            for item in incoming
        ]
        claimed = {pk for pk in targets if pk is not None}
        errors: list[str] = []
        for index, item in enumerate(incoming):
            wanted = item.terms.get(default)
            if targets[index] is not None or not wanted:
                continue
            candidates = [*by_term.get(wanted, []), *by_folded.get(wanted.casefold(), [])]
            pk = next((c for c in candidates if c not in claimed), None)
            if pk is not None:
                claimed.add(pk)
                targets[index] = pk

        existing = (
            GlossaryConcept.objects.select_for_update()
            .prefetch_related(with_terms)
            .in_bulk([pk for pk in targets if pk is not None])
        )
        # The units to recheck afterwards: those with a changed concept's old or new terms.
        old_terms = {pk: concept_terms(concept) for pk, concept in existing.items()}

        now = timezone.now()
        created: list[tuple[GlossaryConcept, _Incoming]] = []
        changed: list[GlossaryConcept] = []
        new_terms: dict[int, dict[str, set[str]]] = {}
        replace: list[tuple[GlossaryConcept, dict[str, _Cell]]] = []
        unchanged = 0
        for item, target in zip(incoming, targets, strict=True):
            if target is None:
                concept = GlossaryConcept(
                    created_by=author,
                    updated_by=author,
                    notes=item.notes,
                    case_sensitive=bool(item.case_sensitive),
                )
                created.append((concept, item))
                continue
            concept = existing[target]
            preferred, forbidden = split_terms(concept.terms.all())
            cells, problems = _merge(item, preferred, forbidden)
            errors.extend(problems)
            dirty = bool(cells)
            if item.notes and item.notes != concept.notes:
                concept.notes, dirty = item.notes, True
            if item.case_sensitive is not None and item.case_sensitive != concept.case_sensitive:
                concept.case_sensitive, dirty = item.case_sensitive, True
            if dirty:
                concept.updated_by = author
                concept.updated_at = now
                changed.append(concept)
                new_terms[target] = {c: {t} for c, (t, _v) in cells.items() if t}
            else:
                unchanged += 1
            if cells:
                replace.append((concept, cells))
        if errors:
            raise GlossaryImportError(_limit(errors))

        GlossaryConcept.objects.bulk_create([concept for concept, _item in created])
        if changed:
            GlossaryConcept.objects.bulk_update(
                changed, ["notes", "case_sensitive", "updated_by", "updated_at"], batch_size=500
            )
        # The replaced languages' rows go, one delete per language.
        by_language: dict[str, list[int]] = {}
        for concept, cells in replace:
            for code in cells:
                by_language.setdefault(code, []).append(concept.pk)
        for code, pks in by_language.items():
            for start in range(0, len(pks), 500):
                GlossaryTerm.objects.filter(
                    language_code=code, concept_id__in=pks[start : start + 500]
                ).delete()
        rows = [row for concept, cells in replace for row in _rows(concept, cells)] + [
            row
            for concept, item in created
            for row in _rows(
                concept,
                {
                    code: (item.terms.get(code, ""), tuple(item.forbidden.get(code, ())))
                    for code in {*item.terms, *item.forbidden}
                },
            )
        ]
        GlossaryTerm.objects.bulk_create(rows, batch_size=500)
    changed_terms: dict[str, set[str]] = {}
    for concept in changed:
        merge_terms(changed_terms, old_terms.get(concept.pk, {}))
        merge_terms(changed_terms, new_terms.get(concept.pk, {}))
    for _concept, item in created:
        merge_terms(changed_terms, {code: {term} for code, term in item.terms.items()})
    recheck_after_change(changed_terms)
    return GlossaryImportResult(
        created=len(created),
        updated=len(changed),
        unchanged=unchanged,
        skipped_languages=skipped,
        skipped_concepts=len(records) - len(incoming),
    )
