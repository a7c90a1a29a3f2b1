"""Reads of quality-check results: filters by check (SQL), a row's problems (from the page's
prefetch), and a unit's fresh check results for the aids panel.

A problem is *open* unless it is a warning with a dismissal for the same check on the same
text checksum; errors are always open (they cannot be dismissed).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from workbench.models import CheckDismissal, Language, Translation, TranslationProblem, Unit
from workbench.selectors.quality import check_translation, problem_checksum, problem_message
from workbench.text.checks import CHECKS, ERROR, WARNING

CHECK_FILTER_PREFIX = "check:"
ANY_PROBLEM_FILTER = "problems"  # any open problem, whatever the check
# The editor's filter values: "problems" and "check:<id>" for each registered check. The
# editor passes them as its `filter` parameter (?filter=check:numbers).
CHECK_FILTERS = (ANY_PROBLEM_FILTER, *(CHECK_FILTER_PREFIX + check_id for check_id in CHECKS))


def parse_check_filter(flt: str | None) -> str | None:
    """The check id of a "check:<id>" filter, "" for "problems", None for other filters."""
    if flt == ANY_PROBLEM_FILTER:
        return ""
    if flt and flt.startswith(CHECK_FILTER_PREFIX) and flt[len(CHECK_FILTER_PREFIX) :] in CHECKS:
        return flt[len(CHECK_FILTER_PREFIX) :]
    return None


def open_problems() -> QuerySet[TranslationProblem]:
    dismissed = CheckDismissal.objects.filter(
        unit_id=OuterRef("translation__unit_id"),
        language_id=OuterRef("translation__language_id"),
        check_id=OuterRef("check_id"),
        text_checksum=OuterRef("text_checksum"),
    )
    return TranslationProblem.objects.filter(Q(severity=ERROR) | ~Exists(dismissed))


def unit_has_problem(language: Language, check_id: str = "", severity: str = "") -> Exists:
    """An Exists over Unit rows: the unit's translation into `language` has an open
    problem (of check `check_id`, of `severity`, when given). Use as
    ``Unit.objects.filter(unit_has_problem(language, "numbers"))``."""
    qs = (
        open_problems()
        .filter(translation__unit=OuterRef("pk"), translation__language=language)
        .exclude(translation__text="")
    )
    if check_id:
        qs = qs.filter(check_id=check_id)
    if severity:
        qs = qs.filter(severity=severity)
    return Exists(qs)


def check_choices() -> list[tuple[str, str, str]]:
    """(filter value, check id, name msgid) for each registered check, registry order."""
    return [(CHECK_FILTER_PREFIX + c.id, c.id, c.name) for c in CHECKS.values()]


@dataclass
class ProblemItem:
    check_id: str
    severity: str
    message: str  # in the active UI language
    name: str  # the check's name (msgid; the template translates)
    help: str  # msgid
    dismissal: CheckDismissal | None = None
    # The first warning of its check on the row, not dismissed: where the dismiss form goes.
    dismissable: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def _items(problems, dismissals, checksum: str) -> list[ProblemItem]:
    by_check = {
        d.check_id: d for d in sorted(dismissals, key=lambda d: d.pk) if d.text_checksum == checksum
    }
    items: list[ProblemItem] = []
    offered: set[str] = set()
    severities: dict[str, set[str]] = {}
    for problem in problems:
        severities.setdefault(problem.check_id, set()).add(problem.severity)
    for problem in problems:
        check = CHECKS.get(problem.check_id)
        dismissal = by_check.get(problem.check_id) if problem.severity == WARNING else None
        dismissable = (
            dismissal is None
            and problem.check_id not in offered
            and severities[problem.check_id] == {WARNING}
        )
        if dismissable:
            offered.add(problem.check_id)
        items.append(
            ProblemItem(
                check_id=problem.check_id,
                severity=problem.severity,
                message=problem_message(problem),
                name=check.name if check else problem.check_id,
                help=check.help if check else "",
                dismissal=dismissal,
                dismissable=dismissable,
            )
        )
    # Open problems first, errors before warnings; dismissed ones last.
    items.sort(key=lambda item: (item.dismissal is not None, item.severity != ERROR))
    return items


def row_problems(unit: Unit, translation: Translation | None) -> list[ProblemItem]:
    """The stored problems of a row's current text, with their dismissals. Free of queries
    when the page prefetched `translation.problems` and `unit.current_dismissals` (see
    selectors/editor.editor_page) or a save has just stored them; two queries otherwise."""
    if translation is None or not translation.text:
        return []
    checksum = problem_checksum(unit.checksum, translation.text)
    # A save leaves the rows it has just stored on the object (services/checks.py).
    stored = getattr(translation, "stored_problems", None)
    if stored is None:
        stored = translation.problems.all()
    problems = [p for p in stored if p.text_checksum == checksum]
    if not problems:
        return []
    dismissals = getattr(unit, "current_dismissals", None)
    if dismissals is None:
        dismissals = list(
            CheckDismissal.objects.filter(
                unit=unit, language_id=translation.language_id, text_checksum=checksum
            ).select_related("dismissed_by")
        )
    else:
        dismissals = [d for d in dismissals if d.language_id == translation.language_id]
    return _items(problems, dismissals, checksum)


@dataclass
class UnitChecks:
    """What `_aids_checks.html` shows (as `unit_checks`) for one unit on focus."""

    translation: Translation | None
    items: list[ProblemItem]
    errors: int
    warnings: int  # open warnings (not dismissed)


def checks_for_unit(unit: Unit, language: Language) -> UnitChecks:
    """The unit's current translation checked afresh (the glossary may have changed since it
    was saved), with its dismissals: a handful of queries, for one unit on focus."""
    translation = (
        Translation.objects.filter(unit=unit, language=language).select_related("author").first()
    )
    if translation is None or not translation.text:
        return UnitChecks(translation, [], 0, 0)
    checksum = problem_checksum(unit.checksum, translation.text)
    problems = check_translation(unit, language, translation.text)
    dismissals = list(
        CheckDismissal.objects.filter(
            unit=unit, language=language, text_checksum=checksum
        ).select_related("dismissed_by")
    )
    items = _items(problems, dismissals, checksum)
    return UnitChecks(
        translation,
        items,
        errors=sum(1 for item in items if item.is_error),
        warnings=sum(1 for item in items if not item.is_error and item.dismissal is None),
    )
