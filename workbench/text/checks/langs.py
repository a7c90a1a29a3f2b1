"""Language facts the checks share: primary subtags and scripts written without spaces."""

from __future__ import annotations

import unicodedata

from workbench.text.languages import subtags

# Languages whose running text has no spaces between words: word-based rules (glossary
# inflection, "short string") do not apply, substring rules do.
NO_SPACE_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def region_or_script(code: str) -> tuple[str, ...]:
    """The other subtags, lower case: ``de-CH`` -> ``("ch",)``."""
    return tuple(part.lower() for part in subtags(code)[1:])


def is_spaceless_char(char: str) -> bool:
    """A character of a script written without spaces (Han, kana, Thai, ...)."""
    if not char.isalpha():
        return False
    name = unicodedata.name(char, "")
    return name.startswith(
        ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")
    )


def count_letters_digits(text: str) -> int:
    """Characters that carry content; what length comparisons count (spaces vary by script)."""
    return sum(1 for char in text if char.isalnum())
