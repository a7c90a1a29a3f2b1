"""Quality checks in the product: run the pure registry (workbench.text.checks) on stored
translations, keep its findings as TranslationProblem rows, block approval on errors, and let
reviewers dismiss warnings.

Why problems are stored rather than computed per page: the editor and the review screen
filter units by check, which must happen in SQL over a whole document; and a page then shows
problems with one prefetch instead of running every check for every row. The rows are derived
data, rebuilt here and nowhere else:

- on every save, in save_translation's transaction (services/translations.py calls
  `refresh_problems([translation], include_siblings=True)`), so the row shows them at once;
- by writers that bypass save_translation (bulk imports): call `refresh_problems(translations)`
  once after the write;
- after a glossary change (glossary page, import, Django admin): `recheck_for_terms` reruns
  the glossary checks on the units whose source has a changed term, old or new;
- by `manage.py check_translations SLUG --lang L`, which rechecks a whole document.

Each row carries `text_checksum` (source checksum + translation text). A dismissal is stored
against that checksum, so it lapses when the text or its source changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import (
    CheckDismissal,
    Document,
    Language,
    Translation,
    TranslationProblem,
    Unit,
)
from workbench.selectors.glossary import PairGlossary, cached_pair_glossary
from workbench.services.translations import TranslationError
from workbench.text.checks import CHECKS, ERROR, WARNING, CheckContext, Problem, run_checks

CHUNK = 500


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


class ApprovalBlocked(TranslationError):
    """The text has error-level problems: it may be saved, but not approved."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        details = "; ".join(problem_message(problem) for problem in self.problems)
        super().__init__(
            _("This translation cannot be approved until its errors are fixed: %(problems)s")
            % {"problems": details}
        )


class DismissalError(ValueError):
    """A dismissal that cannot be recorded (no such warning, an error, no reason)."""


# --- computing -------------------------------------------------------------------------------


@dataclass
class _Context:
    """What checking a batch of translations needs, loaded with a constant number of queries."""

    glossaries: dict[tuple[str, str], PairGlossary]
    # (document id, language id, source checksum) -> [(translation id, text)]
    same_source: dict[tuple[int, int, str], list[tuple[int | None, str]]]

    def glossary(self, source_code: str, target_code: str) -> PairGlossary:
        key = (source_code, target_code)
        if key not in self.glossaries:
            self.glossaries[key] = cached_pair_glossary(source_code, target_code)
        return self.glossaries[key]


def _load_context(
    units: Sequence[tuple[Unit, Language]], known: Sequence[Translation] = ()
) -> _Context:
    """The texts of every translation whose unit shares a source with one of `units` (same
    document, same checksum, active), by two index lookups rather than one join: the join's
    plan depends on fresh table statistics, and with stale ones PostgreSQL scanned every
    translation of the language (17 ms a save at 300 units). `known` are translations whose
    current text the caller holds (just saved or just loaded): they are not read again, so
    a unit whose source is unique in its document costs one query."""
    same_source: dict[tuple[int, int, str], list[tuple[int | None, str]]] = {}
    if not units:
        return _Context({}, same_source)
    keys = {(unit.document_id, unit.checksum) for unit, _lang in units}
    languages = {language.pk for _seg, language in units}
    groups: dict[int, tuple[int, str]] = {}  # unit id -> (document id, checksum)
    for pk, document_id, checksum in Unit.objects.filter(
        document_id__in={k[0] for k in keys},
        checksum__in={k[1] for k in keys},
        is_active=True,
    ).order_by().values_list("pk", "document_id", "checksum"):
        if (document_id, checksum) in keys:
            groups[pk] = (document_id, checksum)
    held = {
        (t.unit_id, t.language_id): t
        for t in known
        if t.unit_id in groups and t.language_id in languages
    }
    texts = [(t.pk, t.unit_id, t.language_id, t.text) for t in held.values()]
    missing = [
        pk for pk in groups if any((pk, language) not in held for language in languages)
    ]
    if missing:
        rows = Translation.objects.filter(
            unit_id__in=missing, language_id__in=languages
        ).exclude(text="").values_list("pk", "unit_id", "language_id", "text")
        texts += [row for row in rows if (row[1], row[2]) not in held]
    for pk, unit_id, language_id, text in texts:
        if text:
            document_id, checksum = groups[unit_id]
            same_source.setdefault((document_id, language_id, checksum), []).append((pk, text))
    return _Context({}, same_source)


def _check(
    context: _Context, unit: Unit, language: Language, text: str, own_pk: int | None,
    only: Collection[str] | None = None,
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
    )
    return run_checks(unit.source, text, check_context, only=only)


def check_translation(unit: Unit, language: Language, text: str) -> list[Problem]:
    """Every problem `text` would have as the translation of `unit` into `language`
    (nothing is stored). A few queries: glossary of the pair, same-source translations."""
    own = Translation.objects.filter(unit=unit, language=language).values_list(
        "pk", flat=True
    ).first()
    return _check(_load_context([(unit, language)]), unit, language, text, own)


def require_approvable(unit: Unit, language: Language, text: str) -> None:
    """Raise ApprovalBlocked when `text` has error-level problems (see save_translation)."""
    errors = [p for p in check_translation(unit, language, text) if p.severity == ERROR]
    if errors:
        raise ApprovalBlocked(errors)


def blocking_problems_for(translations: Iterable[Translation]) -> dict[int, list[Problem]]:
    """Error-level problems of each translation's current text, recomputed (not read from
    the stored rows, which may predate a glossary change), keyed by translation id; only
    translations with errors appear. For the review screen's approve and bulk approve."""
    rows = _with_relations([t.pk for t in translations if t.pk])
    context = _load_context([(t.unit, t.language) for t in rows], known=rows)
    result: dict[int, list[Problem]] = {}
    for t in rows:
        problems = _check(context, t.unit, t.language, t.text, t.pk)
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            result[t.pk] = errors
    return result


def blocking_problems(translation: Translation) -> list[Problem]:
    """Error-level problems of one translation's current text: empty means approvable."""
    return blocking_problems_for([translation]).get(translation.pk, [])


# --- storing ---------------------------------------------------------------------------------


def _with_relations(ids: Sequence[int]) -> list[Translation]:
    return list(
        Translation.objects.filter(pk__in=ids).select_related(
            "unit__document__source_language", "language"
        ).order_by("pk")
    )


def _has_relations(translation: Translation) -> bool:
    """Whether the object carries what checking needs, so that it need not be loaded again."""
    return (
        Translation.unit.is_cached(translation)
        and Translation.language.is_cached(translation)
        and Unit.document.is_cached(translation.unit)
        and Document.source_language.is_cached(translation.unit.document)
    )


def _rows_to_check(translations: Iterable[Translation | int]) -> list[Translation]:
    """Objects with their unit, document and languages; ids and bare objects are loaded (one
    query per chunk). An object passed in must hold its current text (the save path passes
    the translation it has just written)."""
    ready: dict[int, Translation] = {}
    load: set[int] = set()
    for item in translations:
        if isinstance(item, int):
            load.add(item)
        elif item.pk is not None:
            if _has_relations(item):
                ready[item.pk] = item
            else:
                load.add(item.pk)
    load -= ready.keys()
    ids = sorted(load)
    for start in range(0, len(ids), CHUNK):
        ready.update((t.pk, t) for t in _with_relations(ids[start : start + CHUNK]))
    return [ready[pk] for pk in sorted(ready)]


def refresh_problems(
    translations: Iterable[Translation | int],
    *,
    include_siblings: bool = False,
    only: Collection[str] | None = None,
) -> int:
    """Recompute and store the problems of these translations (objects or ids), replacing
    their old rows; returns how many problems are now stored for them. Constant queries per
    chunk of 500 translations, in one transaction. With `include_siblings`, translations of
    other units with the same source in the same document are refreshed too (their
    "inconsistent" finding may have changed); the save path uses it.

    One save of a unit whose source is unique in its document costs three queries here:
    the units sharing its source, the delete and the insert (plus the glossary, see
    PairGlossary).

    `only` recomputes just those checks and replaces just their rows (a glossary change
    needs the glossary checks alone)."""
    rows = _rows_to_check(translations)
    same_source_needed = only is None or "inconsistent" in only
    wanted = {t.pk for t in rows}
    stored = 0
    # Inside a caller's transaction (every save) a savepoint would only add two round trips:
    # a failure here fails the save as a whole.
    with transaction.atomic(savepoint=False):
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            context = (
                _load_context([(t.unit, t.language) for t in chunk], known=chunk)
                if same_source_needed
                else _Context({}, {})
            )
            if include_siblings:
                siblings = sorted(
                    {
                        pk
                        for texts in context.same_source.values()
                        for pk, _text in texts
                        if pk not in wanted
                    }
                )
                chunk = chunk + _with_relations(siblings) if siblings else chunk
            new_rows = []
            for translation in chunk:
                checksum = problem_checksum(translation.unit.checksum, translation.text)
                found = [
                    TranslationProblem(
                        translation=translation,
                        check_id=problem.check_id,
                        severity=problem.severity,
                        message=problem.message,
                        template=problem.template,
                        details=_jsonable(problem.details),
                        text_checksum=checksum,
                    )
                    for problem in _check(
                        context, translation.unit, translation.language, translation.text,
                        translation.pk, only,
                    )
                ]
                if only is None:
                    # What selectors/checks.row_problems shows without reading them back.
                    translation.stored_problems = found
                new_rows.extend(found)
            old_rows = TranslationProblem.objects.filter(translation__in=[t.pk for t in chunk])
            if only is not None:
                old_rows = old_rows.filter(check_id__in=list(only))
            old_rows.delete()
            TranslationProblem.objects.bulk_create(new_rows, batch_size=CHUNK)
            stored += len(new_rows)
    return stored


def recheck_for_terms(terms: dict[str, set[str]]) -> int:
    """After a glossary change: recompute the stored problems of every translation whose
    unit's source may contain one of `terms` (content language code -> the changed
    concepts' terms in it, old and new), so that the editor's per-check filters follow the
    glossary. Returns how many translations were rechecked.

    The cost follows the archive, not the change: every active source in a language with a
    changed term is read and tested in Python (text.checks.glossary.source_filter, a few
    microseconds a unit), then only the matches are checked."""
    from workbench.selectors.glossary import content_language
    from workbench.text.checks.glossary import GLOSSARY_CHECKS, source_filter

    rechecked = 0
    for language in Language.objects.all():
        wanted = terms.get(content_language(language.code) or "", set()) - {""}
        if not wanted:
            continue
        may_contain = source_filter(sorted(wanted))
        unit_ids = [
            pk
            for pk, source in Unit.objects.filter(
                is_active=True, document__source_language=language
            ).order_by().values_list("pk", "source").iterator(chunk_size=2000)
            if may_contain(source)
        ]
        for start in range(0, len(unit_ids), CHUNK):
            ids = list(
                Translation.objects.filter(unit_id__in=unit_ids[start : start + CHUNK])
                .exclude(text="")
                .values_list("pk", flat=True)
            )
            refresh_problems(ids, only=GLOSSARY_CHECKS)
            rechecked += len(ids)
    return rechecked


def _jsonable(details) -> dict:
    out = {}
    for key, value in dict(details).items():
        if isinstance(value, (str, int, float, bool)) or value is None:
            out[key] = value
        elif isinstance(value, (list, tuple)):
            out[key] = [v if isinstance(v, (str, int, float, bool)) else str(v) for v in value]
        else:
            out[key] = str(value)
    return out


# --- dismissing ------------------------------------------------------------------------------


def dismiss_warning(
    user, unit: Unit, language: Language, check_id: str, reason: str
) -> CheckDismissal:
    """A reviewer decides that `check_id`'s warnings do not apply to the unit's current text.
    Refused for errors (they block approval and must be fixed), for a check with no problem
    on the current text, and without a reason."""
    permissions.require_review(user, language)
    reason = (reason or "").strip()
    if not reason:
        raise DismissalError(_("Say why the warning does not apply."))
    if check_id not in CHECKS:
        raise DismissalError(_("Unknown check %(check)s.") % {"check": check_id})
    with transaction.atomic():
        translation = (
            Translation.objects.select_for_update().filter(unit=unit, language=language)
            .first()
        )
        if translation is None or not translation.text:
            raise DismissalError(_("This unit has no translation to check."))
        checksum = problem_checksum(unit.checksum, translation.text)
        severities = set(
            TranslationProblem.objects.filter(
                translation=translation, check_id=check_id, text_checksum=checksum
            ).values_list("severity", flat=True)
        )
        if not severities:
            raise DismissalError(_("This check found nothing in the current text."))
        if ERROR in severities:
            raise DismissalError(_("Errors cannot be dismissed: they must be fixed."))
        dismissal, _created = CheckDismissal.objects.update_or_create(
            unit=unit,
            language=language,
            check_id=check_id,
            text_checksum=checksum,
            defaults={"reason": reason, "dismissed_by": user},
        )
    return dismissal


__all__ = [
    "ERROR",
    "WARNING",
    "ApprovalBlocked",
    "DismissalError",
    "blocking_problems",
    "blocking_problems_for",
    "check_translation",
    "dismiss_warning",
    "problem_checksum",
    "problem_message",
    "recheck_for_terms",
    "refresh_problems",
    "require_approvable",
]
