"""Whether the unit was translated at all, in full, and like the rest of the document."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from workbench.text.languages import primary_subtag

from .langs import count_letters_digits, is_spaceless_char
from .parsing import parse
from .registry import WARNING, CheckContext, Finding, gettext_noop, register

_WORD_RE = re.compile(r"[^\W\d_]+")
# Lower-case particles inside personal names: "Charles de Gaulle", "Ludwig von Mises".
_NAME_PARTICLES = frozenset(
    "al bin da de del della den der di du el ibn la le ten ter van von y zu".split()
)
UNTRANSLATED_MIN_WORDS = 3  # shorter texts are often the same in both languages
UNTRANSLATED_MIN_SPACELESS = 6  # letters, for Chinese, Japanese, Thai sources


def normalise(text: str) -> str:
    """Plain text compared loosely: markup, case, Unicode forms and spacing do not matter."""
    plain = unicodedata.normalize("NFKC", parse(text).plain)
    return " ".join(plain.casefold().split())


@register(
    "untranslated",
    name=gettext_noop("Untranslated"),
    severity=WARNING,
    help=gettext_noop(
        "The translation is the same as the source. Not flagged for numbers, names (every "
        "word capitalised), texts shorter than three words, or between variants of the same "
        "language."
    ),
)
def untranslated(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    if primary_subtag(context.source_lang) == primary_subtag(context.target_lang):
        return
    if normalise(source) != normalise(translation):
        return
    prose = parse(source).prose
    spaceless = sum(1 for char in prose if is_spaceless_char(char))
    if spaceless:
        if spaceless < UNTRANSLATED_MIN_SPACELESS:
            return
    else:
        # Words as written (with their hyphens), ignoring those without letters: numbers.
        words = [letters for word in prose.split() if (letters := _WORD_RE.search(word))]
        if len(words) < UNTRANSLATED_MIN_WORDS or all(
            word.group()[0].isupper() or word.group().casefold() in _NAME_PARTICLES
            for word in words
        ):
            # Short labels ("Introduction"), names ("Leon Trotsky", "Chiang Kai-shek",
            # "Socialist Equality Party (United States)") and acronyms are legitimately the
            # same in many languages.
            return
    yield Finding(gettext_noop("The translation is the same as the source"), {})


# Typical length of a text in each language relative to English, counting letters and digits
# only (spacing differs by script). From the French and Spanish Python-tutorial translations
# (medians 1.15 and 1.10 over 578 aligned paragraphs) and published expansion tables for the
# others; CJK scripts pack a word into one to three characters.
LENGTH_FACTORS = {
    "en": 1.0, "de": 1.2, "nl": 1.12, "fr": 1.15, "es": 1.1, "pt": 1.12, "it": 1.12,
    "ca": 1.12, "ro": 1.1, "ru": 1.1, "uk": 1.08, "be": 1.08, "bg": 1.08, "pl": 1.1,
    "cs": 1.0, "sk": 1.0, "sl": 1.0, "hr": 1.0, "sr": 1.0, "hu": 1.1, "fi": 1.05, "et": 1.0,
    "sv": 1.0, "da": 1.0, "nb": 1.0, "no": 1.0, "el": 1.15, "tr": 1.05, "ar": 0.9, "fa": 0.95,
    "ur": 0.95, "he": 0.8, "hi": 1.05, "bn": 1.0, "ta": 1.3, "si": 1.1, "id": 1.15,
    "vi": 1.05, "ja": 0.5, "zh": 0.33, "ko": 0.5, "th": 0.95,
}  # fmt: skip
LENGTH_MIN = 80  # source characters; shorter texts vary too much to judge
# Allowed factor away from the expected length, tighter as the text grows and evens out.
LENGTH_TOLERANCE = ((300, 1.7), (150, 2.0), (LENGTH_MIN, 2.5))


@register(
    "length-ratio",
    name=gettext_noop("Suspicious length"),
    severity=WARNING,
    help=gettext_noop(
        "The translation is much shorter or longer than translations into this language "
        "usually are: a sentence may be missing or repeated. Only texts of at least 80 "
        "characters in a language pair with known typical lengths are checked."
    ),
)
def length_ratio(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    src_factor = LENGTH_FACTORS.get(primary_subtag(context.source_lang))
    tgt_factor = LENGTH_FACTORS.get(primary_subtag(context.target_lang))
    src_length = count_letters_digits(parse(source).plain)
    if src_factor is None or tgt_factor is None or src_length < LENGTH_MIN:
        return
    tgt_length = count_letters_digits(parse(translation).plain)
    expected = src_length * tgt_factor / src_factor
    tolerance = next(factor for size, factor in LENGTH_TOLERANCE if src_length >= size)
    details = {"found": tgt_length, "source": src_length, "expected": round(expected)}
    if tgt_length * tolerance < expected:
        yield Finding(
            gettext_noop(
                "The translation is much shorter than expected: %(found)s characters for "
                "%(source)s in the source (about %(expected)s expected)"
            ),
            details,
        )
    elif tgt_length > expected * tolerance:
        yield Finding(
            gettext_noop(
                "The translation is much longer than expected: %(found)s characters for "
                "%(source)s in the source (about %(expected)s expected)"
            ),
            details,
        )


_EXAMPLE_LENGTH = 80


@register(
    "inconsistent",
    name=gettext_noop("Inconsistent translation"),
    severity=WARNING,
    help=gettext_noop(
        "The same source text occurs elsewhere in the document and is translated differently "
        "there. Differences of markup, case or spacing alone do not count."
    ),
)
def inconsistent(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    mine = normalise(translation)
    variants: dict[str, str] = {}
    for other in context.other_translations:
        key = normalise(other)
        if key and key != mine:
            variants.setdefault(key, parse(other).plain.strip())
    if variants:
        shown = next(iter(variants.values()))
        if len(shown) > _EXAMPLE_LENGTH:
            shown = shown[: _EXAMPLE_LENGTH - 1].rstrip() + "…"
        yield Finding(
            gettext_noop(
                "Elsewhere in the document the same source is translated as “%(example)s”"
            ),
            {"example": shown, "variants": list(variants.values())},
        )
