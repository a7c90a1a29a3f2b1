"""The plural forms of a language, for people: which numbers take which form.

A gettext Plural-Forms header (`nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : ...);`) says
how many forms a translation of a plural message has and which one a number n takes. The
editor labels each form's box with example numbers ("1, 21, 31, ..."), computed here by
evaluating the expression with the standard library's own reader of it (`gettext.c2py`,
which accepts only C's arithmetic, comparison and ?: operators)."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass

_NPLURALS = re.compile(r"nplurals\s*=\s*(\d{1,2})")
_PLURAL = re.compile(r"plural\s*=\s*([^;]{1,400})")
SAMPLE_UP_TO = 1000  # the numbers tried; every rule of CLDR shows each form below 1000
MAX_FORMS = 6  # no language has more (Arabic, Welsh); a header saying more is wrong


@dataclass(frozen=True)
class PluralForm:
    index: int
    examples: tuple[int, ...]  # the first few numbers that take this form

    def label(self) -> str:
        """ "1, 21, 31, …" (empty when no number below SAMPLE_UP_TO takes it)."""
        if not self.examples:
            return ""
        more = "…" if len(self.examples) >= 4 else ""
        return ", ".join(str(n) for n in self.examples[:4]) + (", " + more if more else "")


def plural_forms(header: str, at_least: int = 0) -> list[PluralForm]:
    """The forms of a Plural-Forms header, each with example numbers; `at_least` forms even
    when the header says fewer (a catalog may hold more, as Django's French does)."""
    match = _NPLURALS.search(header or "")
    count = min(int(match.group(1)), MAX_FORMS) if match else 2
    examples: dict[int, list[int]] = {}
    rule = _rule(header)
    if rule is not None:
        for n in range(SAMPLE_UP_TO):
            try:
                form = int(rule(n))
            except (ArithmeticError, ValueError, TypeError):
                break
            found = examples.setdefault(form, [])
            if len(found) < 5:
                found.append(n)
    count = max(count, min(at_least, MAX_FORMS), 1)
    return [PluralForm(i, tuple(examples.get(i, ()))) for i in range(count)]


def _rule(header: str):
    match = _PLURAL.search(header or "")
    if match is None:
        return None
    try:
        return gettext.c2py(match.group(1).strip())
    except (ValueError, SyntaxError, RecursionError):
        return None
