"""Quality checks of a translation against its source: one registry, pure functions.

    from workbench.text.checks import CheckContext, run_checks, has_errors
    problems = run_checks(source, translation, CheckContext("en", "de"))
    if has_errors(problems): ...  # approval is blocked

Each check lives in a small module by theme and registers itself on import:

- markup_checks: footnote-refs, markup, urls (errors)
- number_checks: numbers (error; warning for small whole numbers that may be in words)
- punctuation: ending-punctuation, quotes-balanced, quote-style, double-space, whitespace
- consistency: untranslated, length-ratio, inconsistent
- glossary: glossary-term (warning), forbidden-term (error)
- machine_checks: machine-unedited (warning; approving it needs a confirmation)

Names, help texts and message templates are marked with `gettext_noop` (see registry.py) and
translated by the UI.
"""

# isort: off
# Import order is registration order, the order problems are reported in: structure first.
from . import markup_checks, number_checks, punctuation, consistency, glossary  # noqa: F401
from . import machine_checks  # noqa: F401

# isort: on
from .registry import (
    CHECKS,
    ERROR,
    SEVERITIES,
    WARNING,
    Check,
    CheckContext,
    CheckFunc,
    Finding,
    GlossaryEntry,
    Problem,
    gettext_noop,
    has_errors,
    run_checks,
)

__all__ = [
    "CHECKS",
    "ERROR",
    "SEVERITIES",
    "WARNING",
    "Check",
    "CheckContext",
    "CheckFunc",
    "Finding",
    "GlossaryEntry",
    "Problem",
    "gettext_noop",
    "has_errors",
    "run_checks",
]
