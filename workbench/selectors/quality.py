"""Quality-check findings computed on demand, nothing stored: what a text would have as a
translation (the editor's live check, the approval gate, the review screen's approve), and the
message of a finding in the active UI language. The stored findings (TranslationProblem rows)
are written by workbench/services/checks.py, which uses the same context loading."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from workbench.models import Language, Translation, Unit
from workbench.selectors.glossary import PairGlossary, cached_pair_glossary
from workbench.text.checks import ERROR, CheckContext, Problem, run_checks

CHUNK = 500  # translations per query


def problem_checksum(unit_checksum: str, text: str) -> str:
    """What a problem (and a dismissal) is tied to: this translation text of this source."""
    digest = hashlib.sha1(unit_checksum.encode("ascii"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def problem_message(problem) -> str:
    """A Problem's (or TranslationProblem's) message in the active UI language."""
    if not problem.template:
        return problem.message
    try:
        return _(problem.template) % problem.details
    except (KeyError, TypeError, ValueError):
        # A catalog entry with a broken placeholder must not break the page: fall back to
        # the English rendering made when the check ran.
        return problem.message


@dataclass
class CheckRunContext:
    """What checking a batch of translations needs, loaded with a constant number of queries."""

    glossaries: dict[tuple[str, str], PairGlossary]
    # (document id, language id, source checksum) -> [(translation id, text)]
    same_source: dict[tuple[int, int, str], list[tuple[int | None, str]]]

    def glossary(self, source_code: str, target_code: str) -> PairGlossary:
        key = (source_code, target_code)
        if key not in self.glossaries:
            self.glossaries[key] = cached_pair_glossary(source_code, target_code)
        return self.glossaries[key]


def load_context(
    units: Sequence[tuple[Unit, Language]], known: Sequence[Translation] = ()
) -> CheckRunContext:
    """The texts of every translation whose unit shares a source with one of `units` (same
    document, same checksum, active), by two index lookups rather than one join: the join's
    plan depends on fresh table statistics, and with stale ones PostgreSQL scanned every
    translation of the language (17 ms a save at 300 units). `known` are translations whose
    current text the caller holds (just saved or just loaded): they are not read again, so
    a unit whose source is unique in its document costs one query."""
    same_source: dict[tuple[int, int, str], list[tuple[int | None, str]]] = {}
    if not units:
        return CheckRunContext({}, same_source)
    keys = {(unit.document_id, unit.checksum) for unit, _lang in units}
    languages = {language.pk for _seg, language in units}
    groups: dict[int, tuple[int, str]] = {}  # unit id -> (document id, checksum)
    for pk, document_id, checksum in (
        Unit.objects.filter(
            document_id__in={k[0] for k in keys},
            checksum__in={k[1] for k in keys},
            is_active=True,
        )
        .order_by()
        .values_list("pk", "document_id", "checksum")
    ):
        if (document_id, checksum) in keys:
            groups[pk] = (document_id, checksum)
    held = {
        (t.unit_id, t.language_id): t
        for t in known
        if t.unit_id in groups and t.language_id in languages
    }
    texts = [(t.pk, t.unit_id, t.language_id, t.text) for t in held.values()]
    missing = [pk for pk in groups if any((pk, language) not in held for language in languages)]
    if missing:
        rows = (
            Translation.objects.filter(unit_id__in=missing, language_id__in=languages)
            .exclude(text="")
            .values_list("pk", "unit_id", "language_id", "text")
        )
        texts += [row for row in rows if (row[1], row[2]) not in held]
    for pk, unit_id, language_id, text in texts:
        if text:
            document_id, checksum = groups[unit_id]
            same_source.setdefault((document_id, language_id, checksum), []).append((pk, text))
    return CheckRunContext({}, same_source)


def check_one(
    context: CheckRunContext,
    unit: Unit,
    language: Language,
    text: str,
    own_pk: int | None,
    only: Collection[str] | None = None,
    machine_text: str = "",
) -> list[Problem]:
    source_code = unit.document.source_language.code
    glossary = context.glossary(source_code, language.code)
    others = [
        other_text
        for pk, other_text in context.same_source.get(
            (unit.document_id, language.pk, unit.checksum), ()
        )
        if pk != own_pk
    ]
    check_context = CheckContext(
        source_lang=source_code,
        target_lang=language.code,
        glossary=glossary.check_entries(unit.source),
        other_translations=others,
        machine_text=machine_text,
    )
    return run_checks(unit.source, text, check_context, only=only)


def check_translation(unit: Unit, language: Language, text: str) -> list[Problem]:
    """Every problem `text` would have as the translation of `unit` into `language`
    (nothing is stored). A few queries: glossary of the pair, same-source translations."""
    own_pk, machine_text = (
        Translation.objects.filter(unit=unit, language=language)
        .values_list("pk", "machine_text")
        .first()
    ) or (None, "")
    return check_one(
        load_context([(unit, language)]), unit, language, text, own_pk,
        machine_text=machine_text,
    )  # fmt: skip


def with_relations(ids: Sequence[int]) -> list[Translation]:
    return list(
        Translation.objects.filter(pk__in=ids)
        .select_related("unit__document__source_language", "language")
        .order_by("pk")
    )


def blocking_problems_for(translations: Iterable[Translation]) -> dict[int, list[Problem]]:
    """Error-level problems of each translation's current text, recomputed (not read from
    the stored rows, which may predate a glossary change), keyed by translation id; only
    translations with errors appear. For the review screen's approve and bulk approve."""
    rows = with_relations([t.pk for t in translations if t.pk])
    context = load_context([(t.unit, t.language) for t in rows], known=rows)
    result: dict[int, list[Problem]] = {}
    for t in rows:
        problems = check_one(context, t.unit, t.language, t.text, t.pk,
                             machine_text=t.machine_text)  # fmt: skip
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            result[t.pk] = errors
    return result


def blocking_problems(translation: Translation) -> list[Problem]:
    """Error-level problems of one translation's current text: empty means approvable."""
    return blocking_problems_for([translation]).get(translation.pk, [])
