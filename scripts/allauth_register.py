"""The formal register for django-allauth's pages and mails: audit and refresh the overrides.

Our own catalogs (locale/{de,fr,es}/LC_MESSAGES/django.po) address the reader formally (German
"Sie", Spanish "usted", French "vous"). allauth's German and Spanish catalogs mix in the
informal "du"/"tú", so its sign-up, sign-in, confirmation and password pages, form errors,
messages and mails would switch register in the middle of the site. The formal rewrites of
those entries live in locale/_allauth/<lang>/LC_MESSAGES/django.po, a LOCALE_PATHS entry of
its own (settings.py): Django merges the LOCALE_PATHS catalogs over the apps' ones, so these
translations win over allauth's, and makemessages never rewrites that file (it only writes
locale/<lang>/, whose --no-obsolete would drop msgids that our code does not contain).

    .venv/bin/python scripts/allauth_register.py            # report; exit 1 if anything to do
    .venv/bin/python scripts/allauth_register.py --update   # add what is missing, drop stale

The report names, per language, the allauth entries whose translation is informal and that
neither our main catalog nor the override catalog covers ("missing"), override entries that
are still fuzzy, empty or informal, and overrides that are no longer needed (allauth dropped
the msgid, or now translates it formally, or our main catalog translates it itself). --update
adds each missing entry as a fuzzy copy of allauth's (msgctxt, plural forms, format flags and
references kept, the informal text as the msgstr to rewrite) and removes the unneeded ones;
write the formal text, remove the fuzzy flag, then `make messages` compiles it.
tests/test_account_register.py fails while anything is missing.

Every informal allauth entry is covered, not only those of the features enabled today: allauth
reuses strings across pages, and enabling a feature later (login by code, MFA) must not bring
the other register back.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "locale"
# The leading underscore keeps `makemessages --all` from taking the folder for a language (it
# globs locale/* for names that start with two lower-case letters).
OVERRIDES = ROOT / "locale" / "_allauth"
LANGUAGES = ("de", "es", "fr")
TEAMS = {"de": "German", "es": "Spanish", "fr": "French"}

# Informal address as whole words: pronouns and second-person verb forms anywhere; imperatives,
# which are informal without any pronoun ("Bitte wähle nur eine aus."), listed one by one (the
# forms allauth's catalogs use and common ones of the same kind). An imperative that is also
# another word counts only where an imperative stands: German "Versuche" (attempts) and
# "Folge" are nouns, so a capitalised imperative counts only at the start of a sentence, and
# "ich bestätige" is first person; Spanish "revisa", "utiliza" are also third person ("quién
# lo revisa"), so they count only at the start of a sentence or after "por favor".
_SENTENCE_START = r"(?:^|(?<=[.!?¡¿:] )|(?<=[.!?¡¿:]\n))"


def _words(words: str) -> str:
    return r"(?:" + "|".join(words.split()) + r")"


def _pattern(anywhere: str, lower_anywhere: str = "", at_start: str = "") -> re.Pattern[str]:
    """`anywhere`: any case, anywhere; `lower_anywhere`: lower case anywhere (not after "ich"),
    capitalised at the start of a sentence; `at_start`: only at the start of a sentence or
    after "por favor"."""
    parts = [r"(?i:\b" + _words(anywhere) + r"\b)"]
    if lower_anywhere:
        parts.append(r"(?<!ich )(?<!Ich )\b" + _words(lower_anywhere) + r"\b")
        # Capitalised, and followed by more of the sentence: "Versuche" alone is a heading.
        capitalised = " ".join(w[0].upper() + w[1:] for w in lower_anywhere.split())
        parts.append(_SENTENCE_START + _words(capitalised) + r"\b(?= \S)")
    if at_start:
        after_please = r"(?<=por favor )|(?<=por favor, )|(?<=Por favor )|(?<=Por favor, )"
        parts.append(
            r"(?:" + _SENTENCE_START + "|" + after_please + r")(?i:" + _words(at_start) + r")\b"
        )
    return re.compile("|".join(parts), re.MULTILINE)


INFORMAL: dict[str, re.Pattern[str]] = {
    "de": _pattern(
        "du dich dir dein deine deinem deinen deiner deines euch euer eure eurem euren eurer "
        "eures bist hast kannst musst willst möchtest solltest wirst darfst erhältst",
        lower_anywhere="bestätige gib versuche wähle kontaktiere melde verknüpfe verwende rufe "
        "lass folge klick klicke überprüfe prüfe erstelle gehe geh sieh schau füge ändere trage "
        "öffne kopiere fordere vergiss warte besuche ignoriere speichere scanne aktiviere "
        "deaktiviere entferne lies schreib schreibe",
    ),
    "es": _pattern(
        "tú tu tus te ti contigo tuyo tuya tuyos tuyas estás eres has puedes tienes quieres "
        "deseas debes necesitas decides ves inicies recibirás podrás olvidaste "
        "ten vete regístrate regítrate envíame guárdalos guárdalas guárdalo introdúcelo "
        "introdúcela confíes haz asegúrate inténtalo contáctanos",
        at_start="selecciona utiliza usa introduce comprueba revisa confía elige escribe pulsa "
        "ingresa descarga sigue cambia añade",
    ),
    "fr": _pattern("tu toi ton ta tes tien tienne tiens tiennes peux veux dois as t' t’"),
}

Key = tuple[str | None, str, str | None]  # (msgctxt, msgid, msgid_plural)


def informal_words(lang: str, text: str) -> list[str]:
    return INFORMAL[lang].findall(text)


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def is_informal(lang: str, entry: polib.POEntry) -> bool:
    return any(informal_words(lang, text) for text in translations(entry))


def key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def is_translated(entry: polib.POEntry) -> bool:
    return entry.translated() and not entry.obsolete


def allauth_po(lang: str) -> Path:
    import allauth

    return Path(allauth.__file__).parent / "locale" / lang / "LC_MESSAGES" / "django.po"


def override_po(lang: str) -> Path:
    return OVERRIDES / lang / "LC_MESSAGES" / "django.po"


def main_po(lang: str) -> Path:
    return MAIN / lang / "LC_MESSAGES" / "django.po"


def informal_allauth_entries(lang: str) -> list[polib.POEntry]:
    """allauth's translated entries of `lang` whose translation is informal, in its order."""
    catalog = polib.pofile(str(allauth_po(lang)))
    return [e for e in catalog if is_translated(e) and is_informal(lang, e)]


@dataclass
class Audit:
    lang: str
    informal: int = 0  # allauth entries with an informal translation
    by_main: list[Key] = field(default_factory=list)  # ... that our main catalog translates
    overridden: list[Key] = field(default_factory=list)  # ... that the override catalog does
    missing: list[polib.POEntry] = field(default_factory=list)  # ... that nobody does
    unfinished: list[Key] = field(default_factory=list)  # overrides fuzzy, empty or informal
    unneeded: list[Key] = field(default_factory=list)  # overrides nothing needs

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unfinished or self.unneeded)


def audit(lang: str) -> Audit:
    result = Audit(lang)
    wanted = informal_allauth_entries(lang)
    result.informal = len(wanted)
    # The main catalog comes first in LOCALE_PATHS: a msgid that our own templates use (the
    # "We have sent you an email" pages we override) is translated there, formally.
    main = {key(e): e for e in polib.pofile(str(main_po(lang))) if is_translated(e)}
    path = override_po(lang)
    overrides = {key(e): e for e in polib.pofile(str(path))} if path.exists() else {}
    for entry in wanted:
        k = key(entry)
        if k in main and "fuzzy" not in main[k].flags and not is_informal(lang, main[k]):
            result.by_main.append(k)
        elif k in overrides:
            result.overridden.append(k)
        else:
            result.missing.append(entry)
    needed = set(result.overridden)
    for k, entry in overrides.items():
        if k not in needed:
            result.unneeded.append(k)
        elif "fuzzy" in entry.flags or not is_translated(entry) or is_informal(lang, entry):
            result.unfinished.append(k)
    return result


def new_catalog(lang: str) -> polib.POFile:
    source = polib.pofile(str(allauth_po(lang)))
    catalog = polib.POFile(wrapwidth=100)
    catalog.header = (
        f"Formal-register overrides of django-allauth's {lang} catalog (README, "
        '"Interface languages").\nWritten by scripts/allauth_register.py --update, then by '
        "hand; never by makemessages."
    )
    catalog.metadata = {
        "Project-Id-Version": "workbench allauth overrides",
        "PO-Revision-Date": "",  # set by update()
        "Last-Translator": "Translation workbench team",
        "Language-Team": TEAMS[lang],
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        # allauth's own plural formula: the msgstr[n] indices copied from it mean the same.
        "Plural-Forms": source.metadata["Plural-Forms"],
    }
    return catalog


def update(result: Audit) -> Path:
    path = override_po(result.lang)
    if path.exists():
        catalog = polib.pofile(str(path), wrapwidth=100)
    else:
        catalog = new_catalog(result.lang)
    for k in result.unneeded:
        catalog.remove(next(e for e in catalog if key(e) == k))
    for source in result.missing:
        entry = polib.POEntry(
            msgctxt=source.msgctxt,
            msgid=source.msgid,
            msgid_plural=source.msgid_plural,
            msgstr=source.msgstr,
            msgstr_plural=dict(source.msgstr_plural),
            # Where allauth uses it, so the rewrite can be read in its page or mail.
            occurrences=[(f"allauth/{where}", line) for where, line in source.occurrences],
            # python-format stays: msgfmt --check then holds the rewrite to the placeholders.
            flags=["fuzzy", *(f for f in source.flags if f != "fuzzy")],
        )
        catalog.append(entry)
    catalog.metadata["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    # allauth's order (its Python, then its templates), so that a refresh gives a small diff.
    order = {key(e): i for i, e in enumerate(polib.pofile(str(allauth_po(result.lang))))}
    catalog.sort(key=lambda e: order.get(key(e), len(order)))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return path


def describe(k: Key) -> str:
    context, msgid, _plural = k
    text = msgid if len(msgid) <= 70 else msgid[:67] + "..."
    return (f"[{context}] " if context else "") + repr(text)


def report(result: Audit) -> None:
    print(
        f"{result.lang}: {result.informal} informal allauth entries: "
        f"{len(result.overridden)} overridden, {len(result.by_main)} translated by the main "
        f"catalog, {len(result.missing)} missing"
    )
    for entry in result.missing:
        found = {w.lower() for t in translations(entry) for w in informal_words(result.lang, t)}
        print(f"  missing: {describe(key(entry))} ({', '.join(sorted(found))})")
    for k in result.unfinished:
        print(f"  fuzzy, empty or informal override: {describe(k)}")
    for k in result.unneeded:
        print(f"  override no longer needed: {describe(k)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Audit (and with --update refresh) the formal-register overrides of "
        "django-allauth's catalogs in locale/_allauth/."
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="add the missing entries (fuzzy, to rewrite) and drop the unneeded ones",
    )
    args = parser.parse_args(argv)
    status = 0
    for lang in LANGUAGES:
        result = audit(lang)
        report(result)
        if args.update and (result.missing or result.unneeded):
            print(f"  wrote {update(result).relative_to(ROOT)}")
            result = audit(lang)
        status |= not result.ok
    return status


if __name__ == "__main__":
    sys.exit(main())
