"""Facts about common languages: English name, writing direction, gettext Plural-Forms.

Used to pre-fill new Language rows (demo data, the admin); any BCP 47 tag can still be added
by hand with its own values."""

from __future__ import annotations

from workbench.text.records import LanguageInfo

_TWO = "nplurals=2; plural=(n != 1);"
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


def language_info(code: str) -> LanguageInfo:
    """What we know of `code`, or a sensible guess (direction from the primary subtag)."""
    if code in KNOWN:
        return KNOWN[code]
    primary = code.split("-")[0].lower()
    direction = "rtl" if primary in RTL_PREFIXES else "ltr"
    return LanguageInfo(code, code, direction, _TWO)
