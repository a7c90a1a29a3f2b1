"""Reads of the glossary: the glossary page, a language pair's terms (for highlighting and
checks), and the concepts found in one unit (for the editor's aids panel).

Terms are GlossaryTerm rows (concept, content-language code, text, preferred or forbidden).
Content languages are settings.GLOSSARY_LANGUAGES and the site's other languages, lower-case
codes such as "zh-hans";
Language rows and files use BCP 47 ("zh-Hans"). `content_language` maps the one to the other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from workbench.models import GlossaryConcept, GlossaryTerm, Language, Unit
from workbench.request_memo import memo, peek
from workbench.text.checks import GlossaryEntry
from workbench.text.checks.glossary import find_term
from workbench.text.checks.langs import is_spaceless_char
from workbench.text.checks.parsing import parse
from workbench.text.glossary_match import TermHint, TermIndex, build_index
from workbench.text.languages import closest_tag, tag_key

GLOSSARY_PAGE_SIZE = 50
PREFERRED = GlossaryTerm.Status.PREFERRED
FORBIDDEN = GlossaryTerm.Status.FORBIDDEN
_LOOKUP_WORD = re.compile(r"[^\W_]+")  # words as the glossary check reads them


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def content_languages() -> list[str]:
    """The languages the glossary may have terms in: settings.GLOSSARY_LANGUAGES in their
    order, then every other language of the site that none of those covers (a language
    added on the languages page has a glossary at once; terms are rows, so neither needs a
    migration). A new list each call (callers may extend it); one query per request."""
    return list(memo("glossary-content-languages", _content_languages))


def _settings_languages() -> list[str]:
    return [code.lower() for code in settings.GLOSSARY_LANGUAGES]


def _content_languages() -> list[str]:
    codes = _settings_languages()
    for code in Language.objects.order_by("code").values_list("code", flat=True):
        # A regional form shares its language's terms where that has them (pt-BR: pt).
        if closest_tag(code, codes) is None:
            codes.append(tag_key(code))
    return codes


def default_language() -> str:
    """The content language an import matches concepts by (and the glossary page sorts by)."""
    return settings.GLOSSARY_DEFAULT_LANGUAGE.lower()


def content_language(code: str) -> str | None:
    """The content language for a BCP 47 tag ("zh-Hans" -> "zh-hans", "pt-PT" -> "pt"), or
    None when the glossary does not have that language. The settings' languages first,
    without a query (the editor and every save ask this)."""
    found = closest_tag(code, _settings_languages())
    return found if found is not None else closest_tag(code, content_languages())


def preferred_terms(content_code: str) -> QuerySet[GlossaryTerm]:
    """The preferred terms in one content language (at most one per concept)."""
    return GlossaryTerm.objects.filter(language_code=content_code, status=PREFERRED)


def preferred_term_of(content_code: str) -> Subquery:
    """The concept's preferred term in a language, as an annotation on concepts (NULL where
    it has none)."""
    return Subquery(
        preferred_terms(content_code).filter(concept=OuterRef("pk")).order_by().values("text")[:1]
    )


def split_terms(terms) -> tuple[dict[str, str], dict[str, list[str]]]:
    """GlossaryTerm rows (of one concept) -> (preferred term by language, forbidden variants
    by language, in the rows' order)."""
    preferred: dict[str, str] = {}
    forbidden: dict[str, list[str]] = {}
    for term in terms:
        if term.status == PREFERRED:
            preferred[term.language_code] = term.text
        else:
            forbidden.setdefault(term.language_code, []).append(term.text)
    return preferred, forbidden


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
        qs = qs.filter(
            Q(notes__icontains=query)
            | Q(pk__in=GlossaryTerm.objects.filter(text__icontains=query).values("concept_id"))
        )
    return qs


def glossary_page(
    query: str = "",
    *,
    page: int | str = 1,
    languages: list[str] | None = None,
    per_page: int = GLOSSARY_PAGE_SIZE,
) -> tuple[Page, list[ConceptRow]]:
    """One page of the glossary: count, concepts, their terms in the shown languages (three
    queries), sorted by the term in the default language."""
    shown = languages or content_languages()
    qs = (
        search_concepts(query)
        .annotate(sort_term=preferred_term_of(default_language()))
        .order_by(F("sort_term").asc(nulls_last=True), "pk")
        # All the page's terms, not only the shown languages': the concept's name
        # (GlossaryConcept.__str__, in the edit links) reads them too.
        .prefetch_related("terms")
    )
    page_obj = Paginator(qs, per_page).get_page(page)
    rows = []
    for concept in page_obj.object_list:
        preferred, forbidden = split_terms(concept.terms.all())
        rows.append(
            ConceptRow(
                concept,
                [(code, preferred.get(code, ""), forbidden.get(code, [])) for code in shown],
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
    sources = preferred_terms(source)
    fields = ["concept_id", "text", "concept__notes", "concept__case_sensitive"]
    if target is not None:
        sources = sources.annotate(
            target_text=Subquery(
                preferred_terms(target)
                .filter(concept=OuterRef("concept_id"))
                .order_by()
                .values("text")[:1]
            )
        )
        fields.append("target_text")
    rows = list(sources.order_by("concept_id").values_list(*fields))
    forbidden: dict[int, list[str]] = {}
    if with_forbidden and target is not None and rows:
        variants = (
            GlossaryTerm.objects.filter(
                language_code=target,
                status=FORBIDDEN,
                concept__in=preferred_terms(source).values("concept_id"),
            )
            .order_by("concept_id", "text")
            .values_list("concept_id", "text")
        )
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
