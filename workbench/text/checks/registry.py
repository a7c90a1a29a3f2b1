"""The one registry of quality checks, and the records they take and give.

A check is a pure function ``(source, translation, context) -> Iterable[Finding]`` registered
with :func:`register`. It never sees its own id or default severity: :func:`run_checks` turns
each finding into a :class:`Problem`, so a check's metadata lives in exactly one place.

Translatable strings (check names, help texts, message templates) are wrapped in
:func:`gettext_noop` (text/i18n.py). It is a no-op, not Django's (this package imports no
Django), but it carries Django's name on purpose: ``makemessages`` runs xgettext with
``--keyword=gettext_noop``, so the strings land in the UI catalogs without extra configuration.
The UI translates them at display time: ``gettext(check.name)``, ``gettext(check.help)`` and
``gettext(problem.template) % problem.details`` (``problem.message`` is the English rendering,
for logs and the command line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from workbench.text.i18n import gettext_noop as gettext_noop  # re-exported for the checks

ERROR = "error"  # blocks approval
WARNING = "warning"  # shown, filterable, dismissable with a reason; never blocks
SEVERITIES = (ERROR, WARNING)

_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary concept as the checks need it, for one language pair.

    `target_terms` are the approved translations (any one of them satisfies the check);
    `forbidden_terms` are variants the team rejected for this concept.
    """

    source_term: str
    target_terms: Sequence[str] = ()
    forbidden_terms: Sequence[str] = ()


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the two texts.

    Language codes are BCP 47 (``de``, ``pt-BR``, ``zh-Hans``). `other_translations` are the
    current translations, into the same language, of units elsewhere in the document whose
    source is the same as this unit's (the caller finds them; the check only compares).
    """

    source_lang: str
    target_lang: str
    glossary: Sequence[GlossaryEntry] = ()
    other_translations: Sequence[str] = ()
    # The engine output the translation started from (origin machine), for the guard.
    machine_text: str = ""


@dataclass(frozen=True)
class Finding:
    """What a check function reports: a message template and its parameters.

    `details` holds the template's ``%(name)s`` parameters (strings) and may hold more data
    for the UI (lists, counts). `severity` is None for the check's own severity; a check may
    lower it for cases it cannot judge for sure (see the numbers check).
    """

    template: str
    details: Mapping[str, Any] = field(default_factory=dict)
    severity: str | None = None


@dataclass(frozen=True)
class Problem:
    check_id: str
    severity: str
    message: str  # English, formatted: for logs and the command line
    details: Mapping[str, Any] = field(default_factory=dict)
    template: str = ""  # the marked msgid; the UI shows gettext(template) % details


CheckFunc = Callable[[str, str, CheckContext], Iterable[Finding]]

# Problems one check reports for one unit at most: a text of 100,000 numbers or stray tags is
# one problem to fix, not 100,000 rows to store and show.
MAX_FINDINGS_PER_CHECK = 50


@dataclass(frozen=True)
class Check:
    id: str  # stable, kebab-case: stored with dismissals, used in filters and the CLI
    name: str  # marked for translation
    severity: str  # the severity of its problems, unless a finding lowers it
    help: str  # marked for translation: what it checks and how to fix it
    func: CheckFunc

    def run(self, source: str, translation: str, context: CheckContext) -> list[Problem]:
        problems = []
        # Checks are generators: stopping at the cap also stops their work.
        findings = islice(self.func(source, translation, context), MAX_FINDINGS_PER_CHECK)
        for finding in findings:
            severity = finding.severity or self.severity
            problems.append(
                Problem(
                    check_id=self.id,
                    severity=severity,
                    message=finding.template % finding.details,
                    details=finding.details,
                    template=finding.template,
                )
            )
        return problems


# Registration order is the order problems are reported in: structure first, then wording.
CHECKS: dict[str, Check] = {}


def register(id: str, *, name: str, severity: str, help: str) -> Callable[[CheckFunc], CheckFunc]:
    """Class the decorated function as check `id`; ids are unique and never reused."""
    if not _ID_RE.match(id):
        raise ValueError(f"check id must be kebab-case: {id!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r} for check {id!r}")

    def decorator(func: CheckFunc) -> CheckFunc:
        if id in CHECKS:
            raise ValueError(f"check {id!r} is registered twice")
        CHECKS[id] = Check(id=id, name=name, severity=severity, help=help, func=func)
        return func

    return decorator


def run_checks(
    source: str,
    translation: str,
    context: CheckContext,
    *,
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
) -> list[Problem]:
    """Every problem of `translation` against `source`, in registry order.

    `only` restricts to some check ids, `skip` leaves some out; an unknown id raises KeyError,
    because a typo in a filter must not silently pass everything. An empty translation is
    not checked: "untranslated" is a status, not a problem.
    """
    selected = list(CHECKS) if only is None else list(only)
    skipped = set(skip)
    for check_id in [*selected, *skipped]:
        if check_id not in CHECKS:
            raise KeyError(f"unknown check id {check_id!r}")
    if not translation.strip():
        return []
    wanted = set(selected) - skipped
    problems: list[Problem] = []
    for check_id, check in CHECKS.items():
        if check_id in wanted:
            problems.extend(check.run(source, translation, context))
    return problems


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any problem blocks approval."""
    return any(problem.severity == ERROR for problem in problems)
