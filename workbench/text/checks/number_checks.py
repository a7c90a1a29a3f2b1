"""Numbers and years preserved, whatever the locale writes them like.

Severity: an error, because dates, page numbers and figures are facts a reader cannot check
and a slip (1927 -> 1929, pp. 176-77 -> pp. 167-77) is exactly what reviewers miss. To keep an
error trustworthy, the check only insists where a translation has no excuse:

- Locale formats are equal: ``1,000`` = ``1.000`` = ``1 000`` (any space, including the
  no-break and narrow no-break spaces), ``1,5`` = ``1.5``, ``1'000`` (Swiss), Arabic-Indic
  and full-width digits. A number whose separators read two ways (``1,000`` is a thousand in
  English and one in German) matches either reading.
- Ranges: ``1925-1927`` = ``1925–1927``; abbreviated ranges are expanded, so ``pp. 176-77``
  = ``S. 176–177``.
- Ordinals: ``20th`` = ``20.`` = ``20e``; a source number missing as digits may appear as a
  Roman numeral (``20th century`` -> ``XXe siècle``, ``siglo XX``).
- Numbers split or joined differently (``10:30`` -> ``10.30 Uhr``) match by their digits.
- Whole numbers up to 100 without separators are often written in words (``3 days`` ->
  ``drei Tage``, ``fourth`` -> ``4.``): a difference there is only a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .markup_checks import url_spans
from .parsing import parse
from .registry import ERROR, WARNING, CheckContext, Finding, gettext_noop, register

SPELLED_OUT_MAX = 100  # whole numbers up to this may be written in words
# Longer digit runs are identifiers, not quantities (and int() refuses over 4300 digits).
_MAX_DIGITS = 40

_SPACES = " \u00a0\u202f\u2009\u2007"  # space, no-break, narrow no-break, thin, figure
_GROUP_ONLY = "'’\u066c" + _SPACES  # Swiss apostrophe, Arabic thousands separator, spaces
_DECIMAL_ONLY = "\u066b"  # Arabic decimal separator
_SEPARATOR_CLASS = "[.,'’\u066b\u066c" + _SPACES + "]"
_NUMBER_RE = re.compile(r"\d+(?:" + _SEPARATOR_CLASS + r"\d+)*")
_RANGE_GAP_RE = re.compile(r"\s?[-‐‑‒–—−]\s?")
_ROMAN_RE = re.compile(r"(?<!\w)([IVXLCDM]+)(?:ᵉʳ|ᵉ|ème|eme|er|re|e|º|ª|°|\.)?(?!\w)")
_ROMAN_VALUES = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


@dataclass
class _Number:
    text: str  # as written, for messages
    values: frozenset[Decimal | str]  # every reading; a str where no reading is numeric
    runs: tuple[str, ...]  # the digit runs without leading zeros, for the last resort
    integer: int | None  # the value of a number written with digits only


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digits(text: str) -> str:
    """Decimal digits of every script as ASCII digits (Arabic-Indic, full-width...)."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda match: str(unicodedata.decimal(match.group())), text)


def _readings(text: str) -> frozenset[Decimal | str]:
    groups = re.split(_SEPARATOR_CLASS, text)
    seps = re.findall(_SEPARATOR_CLASS, text)
    if not seps:
        return frozenset({Decimal(text)})
    values: set[Decimal | str] = set()

    def grouped(parts: list[str], marks: list[str]) -> bool:
        # Thousands grouping: one mark throughout, 1-3 leading digits, then groups of three.
        return (
            len(set(marks)) <= 1
            and all(mark not in _DECIMAL_ONLY for mark in marks)
            and 1 <= len(parts[0]) <= 3
            and all(len(part) == 3 for part in parts[1:])
        )

    if grouped(groups, seps):
        values.add(Decimal("".join(groups)))
    last = seps[-1]
    if last not in _GROUP_ONLY and (
        len(seps) == 1 or (grouped(groups[:-1], seps[:-1]) and seps[-2] != last)
    ):
        values.add(Decimal("".join(groups[:-1]) + "." + groups[-1]))
    if not values:
        # Section numbers, dates written 12.05.1926 ...: only the same digits match.
        values.add(".".join(group.lstrip("0") or "0" for group in groups))
    return frozenset(values)


def _split_spaced(text: str, start: int) -> list[tuple[int, str]]:
    """A run joined by spaces that is no grouped number is several numbers: ``1924 100``."""
    if text.isdigit():  # most numbers: no separator at all
        return [(start, text)]
    if not any(sep in _SPACES for sep in re.findall(_SEPARATOR_CLASS, text)):
        return [(start, text)]
    if any(isinstance(value, Decimal) for value in _readings(text)):
        return [(start, text)]
    return [
        (start + match.start(), match.group())
        for match in re.finditer(r"\d+(?:[.,'’\u066b\u066c]\d+)*", text)
    ]


def extract_numbers(plain: str) -> list[_Number]:
    # Digits in URLs are not numbers; each URL becomes a space (one pass, however many).
    pieces, last = [], 0
    for start, end in url_spans(plain):
        pieces += [plain[last:start], " "]
        last = end
    plain = _ascii_digits("".join([*pieces, plain[last:]]))
    spans: list[tuple[int, str]] = []
    for match in _NUMBER_RE.finditer(plain):
        spans.extend(_split_spaced(match.group(), match.start()))
    numbers: list[_Number] = []
    # The readings of each number as written, worked out once (a text may repeat one often).
    readings: dict[str, tuple[frozenset[Decimal | str], tuple[str, ...]]] = {}
    previous_end = -1
    for start, written in spans:
        text = written
        integer = int(text) if text.isdigit() and len(text) <= _MAX_DIGITS else None
        if (
            integer is not None
            and numbers
            and numbers[-1].integer is not None
            and _RANGE_GAP_RE.fullmatch(plain[previous_end:start])
        ):
            # An abbreviated range: 176-77 means 176-177, 1925-7 means 1925-1927.
            first = str(numbers[-1].integer)
            if len(text) < len(first):
                expanded = int(first[: len(first) - len(text)] + text)
                if expanded > numbers[-1].integer:
                    integer, text = expanded, str(expanded)
        known = readings.get(text)
        if known is None:
            runs = (
                (text.lstrip("0") or "0",)
                if text.isdigit()
                else tuple(run.lstrip("0") or "0" for run in re.findall(r"\d+", text))
            )
            if integer is not None:
                values: frozenset[Decimal | str] = frozenset({Decimal(integer)})
            elif len(text) > _MAX_DIGITS:
                values = frozenset({text})
            else:
                values = _readings(text)
            known = readings[text] = (values, runs)
        numbers.append(_Number(text, known[0], known[1], integer))
        previous_end = start + len(written)
    return numbers


def _roman(text: str) -> int | None:
    value, rest = 0, text
    for amount, letters in _ROMAN_VALUES:
        while rest.startswith(letters):
            value += amount
            rest = rest[len(letters) :]
    # Only the canonical spelling counts: "IIII" or "VX" are not numbers.
    if rest or not value or _to_roman(value) != text:
        return None
    return value


def _to_roman(value: int) -> str:
    letters = []
    for amount, symbol in _ROMAN_VALUES:
        count, value = divmod(value, amount)
        letters.append(symbol * count)
    return "".join(letters)


def _first_alive(queue: deque[int] | None, taken: list[bool]) -> int | None:
    while queue and taken[queue[0]]:
        queue.popleft()
    return queue[0] if queue else None


def _match(source: list[_Number], target: list[_Number], target_plain: str) -> None:
    """Remove from both lists the numbers that correspond; what stays differs.

    Each source number takes the first target number written the same, else the first one
    with a reading in common. Indexed by text and by reading, so that thousands of numbers
    cost thousands of steps, not millions."""
    by_text: dict[str, deque[int]] = defaultdict(deque)
    by_value: dict[Decimal | str, deque[int]] = defaultdict(deque)
    for index, number in enumerate(target):
        by_text[number.text].append(index)
        for value in number.values:
            by_value[value].append(index)
    taken = [False] * len(target)
    matched: set[int] = set()  # ids of the source numbers that found a partner
    # Most certain readings first, so an ambiguous 1,000 does not take another's partner.
    for number in sorted(source, key=lambda n: len(n.values)):
        partner = _first_alive(by_text.get(number.text), taken)
        if partner is None:
            firsts = [_first_alive(by_value.get(value), taken) for value in number.values]
            partner = min((i for i in firsts if i is not None), default=None)
        if partner is not None:
            taken[partner] = True
            matched.add(id(number))
    source[:] = [number for number in source if id(number) not in matched]
    target[:] = [number for index, number in enumerate(target) if not taken[index]]
    romans = Counter(
        value
        for value in (_roman(match.group(1)) for match in _ROMAN_RE.finditer(target_plain))
        if value is not None
    )
    kept = []
    for number in source:
        if number.integer is not None and romans[number.integer] > 0:
            romans[number.integer] -= 1
        else:
            kept.append(number)
    source[:] = kept
    # Last resort: the same digits grouped differently (10:30 and 10.30; 12 345 and 12, 345).
    common = Counter(run for n in source for run in n.runs) & Counter(
        run for n in target for run in n.runs
    )
    for side in (source, target):
        pool = Counter(common)
        kept = []
        for number in side:
            need = Counter(number.runs)
            if all(pool[run] >= count for run, count in need.items()):
                for run, count in need.items():
                    pool[run] -= count
            else:
                kept.append(number)
        side[:] = kept


def _severity(number: _Number) -> str:
    spellable = number.integer is not None and number.integer <= SPELLED_OUT_MAX
    return WARNING if spellable else ERROR


@register(
    "numbers",
    name=gettext_noop("Numbers"),
    severity=ERROR,
    help=gettext_noop(
        "Numbers, years, dates and page numbers of the source must appear in the translation "
        "and the translation must not add any. Local ways of writing them are fine (1,000 or "
        "1.000 or 1 000; 1925-1927 or 1925–1927; pp. 176-77 or S. 176–177; 20th or XXe). "
        "Whole numbers up to 100 may be written in words: for those this is only a warning."
    ),
)
def numbers(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    target_plain = parse(translation).plain
    src_all = extract_numbers(parse(source).plain)
    tgt_all = extract_numbers(target_plain)
    missing, extra = list(src_all), list(tgt_all)
    _match(missing, extra, target_plain)
    yield from _report(missing, src_all, tgt_all, missing_side=True)
    yield from _report(extra, tgt_all, src_all, missing_side=False)


def _by_value(numbers: list[_Number]) -> dict[Decimal | str, list[int]]:
    index: dict[Decimal | str, list[int]] = defaultdict(list)
    for position, number in enumerate(numbers):
        for value in number.values:
            index[value].append(position)
    return index


def _sharing(index: dict[Decimal | str, list[int]], number: _Number) -> int:
    """How many of the indexed numbers have a reading in common with `number`."""
    lists = [index[value] for value in number.values if value in index]
    if len(lists) == 1:
        return len(lists[0])
    return len({position for positions in lists for position in positions})


def _report(
    leftover: list[_Number], own: list[_Number], other: list[_Number], *, missing_side: bool
) -> Iterator[Finding]:
    seen: set[str] = set()
    own_index, other_index = _by_value(own), _by_value(other)
    for number in leftover:
        if number.text in seen:
            continue
        seen.add(number.text)
        own_count = _sharing(own_index, number)
        other_count = _sharing(other_index, number)
        shown = number.text if len(number.text) <= 40 else number.text[:39] + "…"
        details: dict[str, object] = {"number": shown}
        if other_count:
            src_count, tgt_count = own_count, other_count
            if not missing_side:
                src_count, tgt_count = other_count, own_count
            template = gettext_noop(
                "Number %(number)s: %(expected)s in the source, %(found)s in the translation"
            )
            details |= {"expected": src_count, "found": tgt_count}
        elif missing_side:
            template = (
                gettext_noop(
                    "Number %(number)s is missing in the translation (fine if it is written "
                    "in words)"
                )
                if _severity(number) == WARNING
                else gettext_noop("Number %(number)s is missing in the translation")
            )
        else:
            template = gettext_noop("Number %(number)s is not in the source")
        yield Finding(template, details, _severity(number))
