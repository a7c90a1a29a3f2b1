"""Language names in the reader's language, from the Unicode CLDR data that Babel carries:
"German" in English, "Deutsch" in German, "allemand" in French; "zh-Hans" is "Chinesisch
(vereinfacht)", never the name of a script alone."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError


@functools.lru_cache(maxsize=4096)
def display_name(tag: str, reader: str) -> str | None:
    """The name of the language `tag` (BCP 47) in the language `reader` (a UI language code
    such as "de" or "pt-br"); None when CLDR does not know either."""
    try:
        locale = Locale.parse(tag.replace("-", "_"), sep="_")
        shown_in = Locale.parse(reader.replace("-", "_"), sep="_")
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    name = locale.get_display_name(shown_in)
    if not name:
        return None
    # CLDR writes language names in lower case where the language does ("deutsch" stays
    # "Deutsch", "allemand" is how French writes it); a name alone in a list starts upper-case.
    return name[:1].upper() + name[1:]
