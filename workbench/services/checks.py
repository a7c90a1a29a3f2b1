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

import logging
from collections.abc import Collection, Iterable, Sequence

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
from workbench.selectors.glossary import content_language
from workbench.selectors.quality import (
    CHUNK,
    CheckRunContext,
    check_one,
    check_translation,
    load_context,
    problem_checksum,
    problem_message,
    with_relations,
)
from workbench.services.errors import ServiceError, UnprocessableError
from workbench.text.checks import CHECKS, ERROR, WARNING, Problem
from workbench.text.checks.glossary import GLOSSARY_CHECKS, source_filter

log = logging.getLogger(__name__)


class ApprovalBlocked(UnprocessableError):
    """The text has error-level problems: it may be saved, but not approved."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        details = "; ".join(problem_message(problem) for problem in self.problems)
        super().__init__(
            _("This translation cannot be approved until its errors are fixed: %(problems)s")
            % {"problems": details}
        )

    def details(self) -> dict:
        return {
            "problems": [
                {"check": p.check_id, "severity": p.severity, "message": problem_message(p)}
                for p in self.problems
            ]
        }


class DismissalError(ServiceError):
    """A dismissal that cannot be recorded (no such warning, an error, no reason)."""


def require_approvable(unit: Unit, language: Language, text: str) -> None:
    """Raise ApprovalBlocked when `text` has error-level problems (see save_translation)."""
    errors = [p for p in check_translation(unit, language, text) if p.severity == ERROR]
    if errors:
        raise ApprovalBlocked(errors)


# --- storing ---------------------------------------------------------------------------------


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
        ready.update((t.pk, t) for t in with_relations(ids[start : start + CHUNK]))
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
                load_context([(t.unit, t.language) for t in chunk], known=chunk)
                if same_source_needed
                else CheckRunContext({}, {})
            )
            if include_siblings:
                siblings = sorted(
                    {
                        pk
                        for texts in context.same_source.values()
                        for pk, _text in texts
                        if pk is not None and pk not in wanted
                    }
                )
                chunk = chunk + with_relations(siblings) if siblings else chunk
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
                    for problem in check_one(
                        context,
                        translation.unit,
                        translation.language,
                        translation.text,
                        translation.pk,
                        only,
                        machine_text=translation.machine_text,
                    )
                ]
                if only is None:
                    # What selectors/checks.row_problems shows without reading them back.
                    translation.stored_problems = found  # type: ignore[attr-defined]
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
            )
            .order_by()
            .values_list("pk", "source")
            .iterator(chunk_size=2000)
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


def _jsonable(details) -> dict[str, object]:
    out: dict[str, object] = {}
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
            Translation.objects.select_for_update().filter(unit=unit, language=language).first()
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
    "dismiss_warning",
    "recheck_for_terms",
    "refresh_problems",
    "require_approvable",
]
