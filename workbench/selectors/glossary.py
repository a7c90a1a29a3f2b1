"""Reads of the glossary: the glossary page, a language pair's terms (for highlighting and
checks), and the concepts found in one unit (for the editor's aids panel).

Terms live in modeltranslation columns, one per content language (settings.
MODELTRANSLATION_LANGUAGES, lower-case Django codes such as "zh-hans"); Language rows and
files use BCP 47 ("zh-Hans"). `content_language` maps the one to the other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from workbench.models import GlossaryConcept, GlossaryForbidden, Language, Unit
from workbench.request_memo import memo, peek
from workbench.text.checks import GlossaryEntry
from workbench.text.checks.glossary import find_term
from workbench.text.checks.langs import is_spaceless_char
from workbench.text.checks.parsing import parse
from workbench.text.glossary_match import TermHint, TermIndex, build_index
from workbench.text.languages import closest_tag

GLOSSARY_PAGE_SIZE = 50
_LOOKUP_WORD = re.compile(r"[^\W_]+")  # words as the glossary check reads them


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def content_languages() -> list[str]:
    """The languages the glossary has a term column for, in settings order."""
    return list(mt_settings.AVAILABLE_LANGUAGES)


def content_language(code: str) -> str | None:
    """The content language for a BCP 47 tag ("zh-Hans" -> "zh-hans", "pt-PT" -> "pt"), or
    None when the glossary has no column for it."""
    return closest_tag(code, content_languages())


def term_field(content_code: str) -> str:
    """The model field holding the term in a content language: "zh-hans" -> "term_zh_hans"."""
    return build_localized_fieldname("term", content_code)


def has_term(content_code: str) -> Q:
    # `> ""` is false for NULL and for "" alike, on SQLite and PostgreSQL.
    return Q(**{f"{term_field(content_code)}__gt": ""})


# --- the glossary page -----------------------------------------------------------------


@dataclass
class ConceptRow:
    concept: GlossaryConcept
    # (content code, term, forbidden variants) for each shown language, in the given order
    cells: list[tuple[str, str, list[str]]]


def search_concepts(query: str = "") -> QuerySet[GlossaryConcept]:
    """Concepts whose term in any language, forbidden variant or notes contain `query`."""
    qs = GlossaryConcept.objects.all()
    query = query.strip()
    if query:
        match = Q(notes__icontains=query) | Q(
            pk__in=GlossaryForbidden.objects.filter(term__icontains=query).values("concept_id")
        )
        for code in content_languages():
            match |= Q(**{f"{term_field(code)}__icontains": query})
        qs = qs.filter(match)
    return qs


def glossary_page(
    query: str = "",
    *,
    page: int | str = 1,
    languages: list[str] | None = None,
    per_page: int = GLOSSARY_PAGE_SIZE,
) -> tuple[Page, list[ConceptRow]]:
    """One page of the glossary: count, concepts, their forbidden variants (three queries)."""
    shown = languages or content_languages()
    default = term_field(mt_settings.DEFAULT_LANGUAGE)
    qs = (
        search_concepts(query)
        .order_by(F(default).asc(nulls_last=True), "pk")
        .prefetch_related(
            Prefetch(
                "forbidden",
                queryset=GlossaryForbidden.objects.filter(language_code__in=shown),
                to_attr="shown_forbidden",
            )
        )
    )
    page_obj = Paginator(qs, per_page).get_page(page)
    rows = []
    for concept in page_obj.object_list:
        forbidden: dict[str, list[str]] = {}
        for variant in concept.shown_forbidden:
            forbidden.setdefault(variant.language_code, []).append(variant.term)
        rows.append(
            ConceptRow(
                concept,
                [
                    (code, getattr(concept, term_field(code)) or "", forbidden.get(code, []))
                    for code in shown
                ],
            )
        )
    return page_obj, rows


# --- one language pair -------------------------------------------------------------------


@dataclass(frozen=True)
class PairEntry:
    concept_id: int
    source_term: str
    target_term: str  # "" where the concept has no term in the target language yet
    notes: str = ""
    case_sensitive: bool = False
    forbidden: tuple[str, ...] = ()


@dataclass
class PairGlossary:
    """The glossary seen from one (source, target) pair: every concept with a source term."""

    source_code: str  # BCP 47, as the Language rows have them
    target_code: str
    entries: list[PairEntry] = field(default_factory=list)

    @cached_property
    def index(self) -> TermIndex:
        return build_index([self.hint(entry) for entry in self.entries], self.source_code)

    @staticmethod
    def hint(entry: PairEntry) -> TermHint:
        return TermHint(
            term=entry.source_term,
            title=entry.target_term,
            case_sensitive=entry.case_sensitive,
            ref=entry.concept_id,
        )

    @cached_property
    def _candidates_index(self) -> tuple[dict[str, list[PairEntry]], list[PairEntry]]:
        """Entries by the first (up to) three letters of their term's first word, and the
        entries that must always be tried (terms without word characters, or in a script
        written without spaces). Any match by the check's rules starts with a text word
        beginning with those letters: its stems keep at least three letters, and shorter
        words must match exactly."""
        by_prefix: dict[str, list[PairEntry]] = {}
        always: list[PairEntry] = []
        for entry in self.entries:
            words = _LOOKUP_WORD.findall(_fold(entry.source_term))
            if not words or any(is_spaceless_char(char) for char in words[0]):
                always.append(entry)
            else:
                by_prefix.setdefault(words[0][:3], []).append(entry)
        return by_prefix, always

    def _candidates(self, plain: str) -> list[PairEntry]:
        by_prefix, always = self._candidates_index
        seen: dict[int, PairEntry] = {entry.concept_id: entry for entry in always}
        for word in set(_LOOKUP_WORD.findall(_fold(plain))):
            for length in (1, 2, 3):
                for entry in by_prefix.get(word[:length], ()) if len(word) >= length else ():
                    seen.setdefault(entry.concept_id, entry)
        return list(seen.values())

    def present(self, source_markup: str) -> list[PairEntry]:
        """The entries whose source term occurs in `source_markup`, by the glossary check's
        rules (inflected forms count: "Left Oppositionists" has "Left Opposition"), except
        that a case-sensitive concept needs its term with exactly that capitalisation.

        Used per unit (aids panel, checks). A prefix index narrows the glossary to the few
        candidates whose first word can occur in the text, so the cost follows the text, not
        the glossary's size. The page's highlight uses the constant-cost `index` instead,
        which marks the exact forms only."""
        plain = parse(source_markup).plain
        found: list[tuple[int, PairEntry]] = []
        for entry in self._candidates(plain):
            if entry.case_sensitive:
                spans = [
                    (m.start(), m.end())
                    for m in re.finditer(rf"(?<!\w){re.escape(entry.source_term)}(?!\w)", plain)
                ]
            else:
                spans = find_term(entry.source_term, plain)
            if spans:
                found.append((spans[0][0], entry))
        found.sort(key=lambda pair: (pair[0], pair[1].concept_id))
        return [entry for _start, entry in found]

    def check_entries(self, source_markup: str | None = None) -> list[GlossaryEntry]:
        """The entries as the quality checks take them: all of them, or those whose source
        term occurs in `source_markup` (what the checks need, and case-sensitivity aware)."""
        entries = self.entries if source_markup is None else self.present(source_markup)
        return [
            GlossaryEntry(
                source_term=entry.source_term,
                target_terms=(entry.target_term,) if entry.target_term else (),
                forbidden_terms=entry.forbidden,
            )
            for entry in entries
        ]


def pair_glossary(
    source_code: str, target_code: str, *, with_forbidden: bool = True
) -> PairGlossary:
    """Every concept with a term in the source language, with its target term (one query),
    and its forbidden target variants (one more query, unless `with_forbidden` is False or
    there is no concept)."""
    result = PairGlossary(source_code, target_code)
    source = content_language(source_code)
    if source is None:
        return result
    target = content_language(target_code)
    source_field = term_field(source)
    fields = ["pk", source_field, "notes", "case_sensitive"]
    if target is not None:
        fields.append(term_field(target))
    rows = list(
        GlossaryConcept.objects.filter(has_term(source)).order_by("pk").values_list(*fields)
    )
    forbidden: dict[int, list[str]] = {}
    if with_forbidden and target is not None and rows:
        variants = GlossaryForbidden.objects.filter(
            language_code=target, concept__in=GlossaryConcept.objects.filter(has_term(source))
        ).values_list("concept_id", "term")
        for concept_id, term in variants:
            forbidden.setdefault(concept_id, []).append(term)
    for row in rows:
        pk, source_term, notes, case_sensitive = row[:4]
        target_term = (row[4] or "") if target is not None else ""
        result.entries.append(
            PairEntry(
                concept_id=pk,
                source_term=source_term,
                target_term=target_term,
                notes=notes,
                case_sensitive=case_sensitive,
                forbidden=tuple(forbidden.get(pk, ())),
            )
        )
    return result


def cached_pair_glossary(
    source_code: str, target_code: str, *, with_forbidden: bool = True
) -> PairGlossary:
    """pair_glossary loaded once per request (the editor page asks for every row, a save
    checks the text and then renders its row), see workbench.request_memo. A glossary with
    forbidden variants also serves a request for one without."""
    full = peek(("pair_glossary", source_code, target_code, True))
    if full is not None:
        return full
    return memo(
        ("pair_glossary", source_code, target_code, with_forbidden),
        lambda: pair_glossary(source_code, target_code, with_forbidden=with_forbidden),
    )


# --- one unit (the aids panel) ---------------------------------------------------------------


def glossary_for_unit(unit: Unit, language: Language) -> list[PairEntry]:
    """The glossary concepts whose source term occurs in the unit, with their approved
    translation into `language` and forbidden variants: what `_aids_glossary.html` shows
    (as `glossary_hits`). Three queries at most (the document's source language, terms,
    forbidden variants), whatever the glossary's size."""
    document = unit.document
    glossary = pair_glossary(document.source_language.code, language.code)
    return glossary.present(unit.source)
