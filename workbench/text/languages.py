"""Language tags and facts about common languages.

The one reading of a language tag, whichever way it is written (`pt-BR`, `pt_BR`, `pt-br`):
`subtags`, `primary_subtag`, `tag_key` (for comparing), `canonical_tag` (for showing and
writing), `closest_tag` (an exact match, else the primary language) and `is_same_or_regional`.

The facts (English name, writing direction, gettext Plural-Forms) pre-fill new Language rows
(demo data, the admin); any BCP 47 tag can still be added by hand with its own values."""

from __future__ import annotations

from collections.abc import Collection

from workbench.text.records import LanguageInfo

_TWO = "nplurals=2; plural=(n != 1);"
# For a language whose plural forms nobody gave: gettext's own default (English's rule).
DEFAULT_PLURAL_FORMS = _TWO
_FRENCH = "nplurals=2; plural=(n > 1);"
_ONE = "nplurals=1; plural=0;"
_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
_ARABIC = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);"
)

KNOWN: dict[str, LanguageInfo] = {
    info.code: info
    for info in [
        LanguageInfo("en", "English", "ltr", _TWO),
        LanguageInfo("de", "German", "ltr", _TWO),
        LanguageInfo("fr", "French", "ltr", _FRENCH),
        LanguageInfo("es", "Spanish", "ltr", _TWO),
        LanguageInfo("it", "Italian", "ltr", _TWO),
        LanguageInfo("pt", "Portuguese", "ltr", _TWO),
        LanguageInfo("pt-BR", "Brazilian Portuguese", "ltr", _FRENCH),
        LanguageInfo("ru", "Russian", "ltr", _SLAVIC),
        LanguageInfo("uk", "Ukrainian", "ltr", _SLAVIC),
        LanguageInfo("tr", "Turkish", "ltr", _TWO),
        LanguageInfo("ar", "Arabic", "rtl", _ARABIC),
        LanguageInfo("fa", "Persian", "rtl", _TWO),
        LanguageInfo("he", "Hebrew", "rtl", _TWO),
        LanguageInfo("ur", "Urdu", "rtl", _TWO),
        LanguageInfo("ja", "Japanese", "ltr", _ONE),
        LanguageInfo("zh-Hans", "Chinese (Simplified)", "ltr", _ONE),
        LanguageInfo("ko", "Korean", "ltr", _ONE),
        LanguageInfo("hi", "Hindi", "ltr", _TWO),
        LanguageInfo("ta", "Tamil", "ltr", _TWO),
        LanguageInfo("si", "Sinhala", "ltr", _TWO),
    ]
}

RTL_PREFIXES = {"ar", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"}


def subtags(tag: str) -> list[str]:
    """The subtags of a language tag as written, with either separator and no surrounding
    space: ``"pt_BR"`` -> ``["pt", "BR"]``."""
    return tag.strip().replace("_", "-").split("-")


MAX_TAG_LENGTH = 35  # RFC 5646 4.4.1: 35 characters hold any tag without extensions


def is_language_tag(tag: str) -> bool:
    """Whether `tag` has the shape of a BCP 47 language tag (RFC 5646 2.1), written with
    either separator: a 2-3 letter language (up to 3 extended subtags), then an optional
    4-letter script, an optional region (2 letters or 3 digits) and variants. ``en``,
    ``pt_BR``, ``zh-Hans``, ``es-419``, ``de-CH-1901`` pass; ``english``, ``e1``, ``en-``,
    ``fr FR`` do not. Private-use and extension subtags are not accepted."""
    if not tag or len(tag) > MAX_TAG_LENGTH or tag != tag.strip():
        return False
    parts = tag.replace("_", "-").split("-")
    if not (2 <= len(parts[0]) <= 3 and parts[0].isascii() and parts[0].isalpha()):
        return False
    rest = parts[1:]
    extended = 0
    while rest and len(rest[0]) == 3 and rest[0].isascii() and rest[0].isalpha() and extended < 3:
        rest, extended = rest[1:], extended + 1
    if rest and len(rest[0]) == 4 and rest[0].isascii() and rest[0].isalpha():
        rest = rest[1:]  # script
    if (
        rest
        and rest[0].isascii()
        and ((len(rest[0]) == 2 and rest[0].isalpha()) or (len(rest[0]) == 3 and rest[0].isdigit()))
    ):
        rest = rest[1:]  # region
    for variant in rest:
        if not (variant.isascii() and variant.isalnum()):
            return False
        if not (5 <= len(variant) <= 8 or (len(variant) == 4 and variant[0].isdigit())):
            return False
    return True


def primary_subtag(tag: str) -> str:
    """The primary language subtag, lower case: ``pt-BR`` -> ``pt``, ``zh_Hant`` -> ``zh``."""
    return subtags(tag)[0].lower()


def tag_key(tag: str) -> str:
    """The tag for comparing: lower case, hyphens: ``"pt_BR"`` -> ``"pt-br"``."""
    return "-".join(subtags(tag)).lower()


def canonical_tag(tag: str) -> str:
    """The conventional spelling of a tag: ``"zh-hans"`` -> ``"zh-Hans"``,
    ``"pt_br"`` -> ``"pt-BR"``, ``"ES-419"`` -> ``"es-419"``."""
    parts = subtags(tag)
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # script
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())  # region
        else:
            out.append(part.lower())
    return "-".join(out)


def closest_tag(tag: str, available: Collection[str]) -> str | None:
    """The entry of `available` (tags spelled as `tag_key` spells them) for `tag`: the same
    tag, else its primary language (``"en-US"`` is ``"en"`` when only that is available),
    else None."""
    key = tag_key(tag)
    if key in available:
        return key
    primary = primary_subtag(tag)
    return primary if primary in available else None


def is_same_or_regional(tag: str, code: str) -> bool:
    """`tag` names the language `code` or a regional (or script) form of it: ``de-DE`` and
    ``de_DE`` for ``de``, but not ``de`` for ``de-CH``."""
    tag, code = tag_key(tag), tag_key(code)
    return tag == code or tag.startswith(code + "-")


def language_info(code: str) -> LanguageInfo:
    """What we know of `code`, or a sensible guess (direction from the primary subtag)."""
    if code in KNOWN:
        return KNOWN[code]
    direction = "rtl" if primary_subtag(code) in RTL_PREFIXES else "ltr"
    return LanguageInfo(code, code, direction, _TWO)


# --- every language CLDR knows (Babel) ------------------------------------------------------


def _babel_locale(tag: str):
    """Babel's locale for a BCP 47 tag, or None when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError  # lazy: CLDR data loads on first use

    if not is_language_tag(tag):
        return None
    try:
        return Locale.parse(canonical_tag(tag), sep="-")
    except (UnknownLocaleError, ValueError):
        return None


def cldr_info(tag: str) -> LanguageInfo | None:
    """Name (English), direction and gettext Plural-Forms of a tag CLDR knows (through
    Babel), the table above first where it has the tag; None for a tag CLDR does not know
    (`xx`, `english`). The tag comes back in its canonical spelling."""
    code = canonical_tag(tag) if is_language_tag(tag) else tag
    if code in KNOWN:
        return KNOWN[code]
    locale = _babel_locale(code)
    if locale is None:
        return _named_only(code)
    from babel.messages.plurals import get_plural  # lazy, as above

    if locale.language in KNOWN and not (locale.territory or locale.script):
        return KNOWN[locale.language]
    plural = get_plural(locale)
    return LanguageInfo(
        code=code,
        name=locale.english_name or code,
        direction="rtl" if locale.text_direction == "rtl" else "ltr",
        plural_forms=f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
    )


def _named_only(code: str) -> LanguageInfo | None:
    """A language CLDR names but has no locale data for (`udm` Udmurt, `ht` Haitian Creole,
    `sco` Scots: ISO 639 codes with catalogs of their own): its English name and the
    direction of its primary subtag; its plural forms are not known (empty: whoever creates
    it gives them, a catalog from its Plural-Forms header)."""
    if not is_language_tag(code) or len(subtags(code)) != 1:
        return None
    from babel import Locale  # lazy, as above

    name = Locale("en").languages.get(code.lower())
    if not name:
        return None
    direction = "rtl" if code.lower() in RTL_PREFIXES else "ltr"
    return LanguageInfo(code.lower(), name, direction, "")


def tag_of_english_name(name: str) -> str | None:
    """The tag of a language by its English name as CLDR spells it ("Estonian" -> "et",
    "Norwegian Bokmål" -> "nb"; case does not matter): a hand-made catalog's Language header
    sometimes holds the name. None when no language, or more than one, has that name."""
    from babel import Locale  # lazy, as above

    wanted = " ".join(name.split()).casefold()
    if not wanted or len(wanted) > 60:
        return None
    found = {
        code for code, english in Locale("en").languages.items() if english.casefold() == wanted
    }
    return found.pop() if len(found) == 1 else None


# gettext's locale modifiers (`sr@latin`, glibc's and GNOME's spelling) as BCP 47 subtags:
# the script or the variant they mean. A catalog in `sr@latin` is not one in `sr` (Cyrillic):
# reading it as `sr` would put Latin script into the Cyrillic translations. Modifiers that do
# not change the language (quotation style, currency) are dropped; any other makes the name
# unreadable, so that the person gives the language instead of losing the difference.
_MODIFIER_SUBTAGS: dict[str, tuple[str, ...]] = {
    "latin": ("Latn",), "cyrillic": ("Cyrl",), "arabic": ("Arab",), "hebrew": ("Hebr",),
    "devanagari": ("Deva",), "deva": ("Deva",), "bengali": ("Beng",), "shaw": ("Shaw",),
    "shavian": ("Shaw",), "iqtelif": ("Latn",), "mongolian": ("Mong",), "tifinagh": ("Tfng",),
    "adlam": ("Adlm",), "gurmukhi": ("Guru",), "javanese": ("Java",), "olchiki": ("Olck",),
    "valencia": ("valencia",), "ijekavian": ("ijekavsk",),
    "ijekavianlatin": ("Latn", "ijekavsk"),
}  # fmt: skip
_NEUTRAL_MODIFIERS = frozenset({"quot", "boldquot", "euro"})


def tag_of_locale_name(name: str) -> str | None:
    """The BCP 47 tag of a POSIX/gettext locale name, `language[_territory][.codeset]
    [@modifier]`: ``"pt_BR"`` -> ``"pt-BR"``, ``"de_DE.UTF-8"`` -> ``"de-DE"``, ``"sr@latin"``
    -> ``"sr-Latn"``, ``"sr_RS@latin"`` -> ``"sr-Latn-RS"``, ``"ca@valencia"`` ->
    ``"ca-valencia"``, ``"en@quot"`` -> ``"en"``. A plain tag comes back canonical. None
    when it is neither (an unknown modifier, `english`)."""
    name = name.strip()[: MAX_TAG_LENGTH * 2]
    base, _at, modifier = name.partition("@")
    base = base.partition(".")[0]
    if not is_language_tag(base):
        return None
    parts = subtags(base)
    if not modifier:
        return canonical_tag(base)
    wanted = modifier.lower()
    if wanted in _NEUTRAL_MODIFIERS:
        return canonical_tag(base)
    if len(wanted) == 4 and wanted.isascii() and wanted.isalpha():
        added: tuple[str, ...] = (wanted,)  # a script code itself: `uz@Cyrl`
    elif wanted in _MODIFIER_SUBTAGS:
        added = _MODIFIER_SUBTAGS[wanted]
    else:
        return None
    scripts = [part for part in added if len(part) == 4]
    variants = [part for part in added if len(part) != 4]
    tag = "-".join([parts[0], *scripts, *parts[1:], *variants])
    return canonical_tag(tag) if is_language_tag(tag) else None


def tag_of_file_name(path: str) -> str | None:
    """The language a catalog's file name or place says: `locale/pt_BR/LC_MESSAGES/x.po`
    (gettext's own layout: any tag CLDR knows), `fr.po`, `de_DE.po` or `django.fr.po` (a tag
    with locale data only, so that `new.po` is not Newari). None when it says none."""
    parts = path.replace("\\", "/").split("/")
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
        tag = tag_of_locale_name(parts[-3])
        if tag is not None and cldr_info(tag) is not None:
            return tag
    stem = parts[-1]
    for suffix in (".po", ".pot"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    for candidate in (stem, stem.rpartition(".")[2]):
        tag = tag_of_locale_name(candidate) if "@" in candidate else candidate
        if tag is not None and is_language_tag(tag) and _babel_locale(tag) is not None:
            return canonical_tag(tag)
    return None


def close_matches(text: str, limit: int = 5) -> list[str]:
    """Known tags close to `text`, for a refusal: by spelling (`eng` -> `en`, `pt_br` is fine
    anyway) and by English name (`german` -> `de`)."""
    import difflib

    from babel import Locale
    from babel.localedata import locale_identifiers

    wanted = text.strip().lower()[:MAX_TAG_LENGTH]
    if not wanted:
        return []
    tags: dict[str, str] = {}  # tag key -> canonical tag
    names: dict[str, str] = {}  # English name, lower case -> tag
    for identifier in locale_identifiers():
        if "_" in identifier:
            continue  # the languages themselves; regional forms are found by their tag
        tags[identifier.lower()] = identifier
        try:
            name = Locale.parse(identifier).english_name
        except ValueError:
            continue
        if name:
            names.setdefault(name.lower(), identifier)
    found: list[str] = []
    if wanted in names:
        found.append(names[wanted])
    found += [names[n] for n in difflib.get_close_matches(wanted, names, n=limit, cutoff=0.8)]
    key = tag_key(wanted)
    found += [tags[t] for t in difflib.get_close_matches(primary_subtag(key), tags, n=limit)]
    unique = list(dict.fromkeys(found))
    return unique[:limit]
