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
- by `manage.py check_translations SLUG --lang L`, which rechecks a whole document (e.g. after
  the glossary changed: glossary edits do not recheck the archive on the request).

Each row carries `text_checksum` (source checksum + translation text). A dismissal is stored
against that checksum, so it lapses when the text or its source changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import CheckDismissal, Language, Segment, Translation, TranslationProblem
from workbench.selectors.glossary import PairGlossary, pair_glossary
from workbench.services.translations import TranslationError
from workbench.text.checks import CHECKS, ERROR, WARNING, CheckContext, Problem, run_checks

CHUNK = 500


def problem_checksum(segment_checksum: str, text: str) -> str:
    """What a problem (and a dismissal) is tied to: this translation text of this source."""
    digest = hashlib.sha1(segment_checksum.encode("ascii"))
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
            self.glossaries[key] = pair_glossary(source_code, target_code)
        return self.glossaries[key]


def _load_context(units: Sequence[tuple[Segment, Language]]) -> _Context:
    same_source: dict[tuple[int, int, str], list[tuple[int | None, str]]] = {}
    if units:
        rows = Translation.objects.filter(
            segment__document_id__in={segment.document_id for segment, _lang in units},
            language_id__in={language.pk for _seg, language in units},
            segment__checksum__in={segment.checksum for segment, _lang in units},
            segment__is_active=True,
        ).exclude(text="").values_list(
            "pk", "segment__document_id", "language_id", "segment__checksum", "text"
        )
        for pk, document_id, language_id, checksum, text in rows:
            same_source.setdefault((document_id, language_id, checksum), []).append((pk, text))
    return _Context({}, same_source)


def _check(
    context: _Context, segment: Segment, language: Language, text: str, own_pk: int | None
) -> list[Problem]:
    source_code = segment.document.source_language.code
    glossary = context.glossary(source_code, language.code)
    others = [
        other_text
        for pk, other_text in context.same_source.get(
            (segment.document_id, language.pk, segment.checksum), ()
        )
        if pk != own_pk
    ]
    check_context = CheckContext(
        source_lang=source_code,
        target_lang=language.code,
        glossary=glossary.check_entries(segment.source),
        other_translations=others,
    )
    return run_checks(segment.source, text, check_context)


def check_translation(segment: Segment, language: Language, text: str) -> list[Problem]:
    """Every problem `text` would have as the translation of `segment` into `language`
    (nothing is stored). A few queries: glossary of the pair, same-source translations."""
    own = Translation.objects.filter(segment=segment, language=language).values_list(
        "pk", flat=True
    ).first()
    return _check(_load_context([(segment, language)]), segment, language, text, own)


def require_approvable(segment: Segment, language: Language, text: str) -> None:
    """Raise ApprovalBlocked when `text` has error-level problems (see save_translation)."""
    errors = [p for p in check_translation(segment, language, text) if p.severity == ERROR]
    if errors:
        raise ApprovalBlocked(errors)


def blocking_problems_for(translations: Iterable[Translation]) -> dict[int, list[Problem]]:
    """Error-level problems of each translation's current text, recomputed (not read from
    the stored rows, which may predate a glossary change), keyed by translation id; only
    translations with errors appear. For the review screen's approve and bulk approve."""
    rows = _with_relations([t.pk for t in translations if t.pk])
    context = _load_context([(t.segment, t.language) for t in rows])
    result: dict[int, list[Problem]] = {}
    for t in rows:
        problems = _check(context, t.segment, t.language, t.text, t.pk)
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
            "segment__document__source_language", "language"
        ).order_by("pk")
    )


def _siblings(rows: Sequence[Translation]) -> list[int]:
    """Translations of units with the same source in the same document and language: their
    "inconsistent" problems depend on the rows being refreshed."""
    keys = {(t.segment.document_id, t.language_id, t.segment.checksum) for t in rows}
    if not keys:
        return []
    candidates = Translation.objects.filter(
        segment__document_id__in={k[0] for k in keys},
        language_id__in={k[1] for k in keys},
        segment__checksum__in={k[2] for k in keys},
    ).exclude(pk__in=[t.pk for t in rows]).values_list(
        "pk", "segment__document_id", "language_id", "segment__checksum"
    )
    return [pk for pk, *key in candidates if tuple(key) in keys]


def refresh_problems(
    translations: Iterable[Translation | int], *, include_siblings: bool = False
) -> int:
    """Recompute and store the problems of these translations (objects or ids), replacing
    their old rows; returns how many problems are now stored for them. Constant queries per
    chunk of 500 translations, in one transaction. With `include_siblings`, translations of
    other units with the same source in the same document are refreshed too (their
    "inconsistent" finding may have changed); the save path uses it."""
    ids = sorted({t if isinstance(t, int) else t.pk for t in translations} - {None})
    stored = 0
    with transaction.atomic():
        if include_siblings and ids:
            siblings: set[int] = set()
            for start in range(0, len(ids), CHUNK):
                siblings.update(_siblings(_with_relations(ids[start : start + CHUNK])))
            ids = sorted(set(ids) | siblings)
        for start in range(0, len(ids), CHUNK):
            rows = _with_relations(ids[start : start + CHUNK])
            context = _load_context([(t.segment, t.language) for t in rows])
            new_rows = []
            for translation in rows:
                checksum = problem_checksum(translation.segment.checksum, translation.text)
                for problem in _check(
                    context, translation.segment, translation.language, translation.text,
                    translation.pk,
                ):
                    new_rows.append(
                        TranslationProblem(
                            translation=translation,
                            check_id=problem.check_id,
                            severity=problem.severity,
                            message=problem.message,
                            template=problem.template,
                            details=_jsonable(problem.details),
                            text_checksum=checksum,
                        )
                    )
            TranslationProblem.objects.filter(translation__in=[t.pk for t in rows]).delete()
            TranslationProblem.objects.bulk_create(new_rows, batch_size=CHUNK)
            stored += len(new_rows)
    return stored


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
    user, segment: Segment, language: Language, check_id: str, reason: str
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
            Translation.objects.select_for_update().filter(segment=segment, language=language)
            .first()
        )
        if translation is None or not translation.text:
            raise DismissalError(_("This unit has no translation to check."))
        checksum = problem_checksum(segment.checksum, translation.text)
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
            segment=segment,
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
    "refresh_problems",
    "require_approvable",
]
