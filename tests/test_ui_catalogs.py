"""The UI's own gettext catalogs (locale/{de,fr,es}/LC_MESSAGES/django.po) stay complete and sound.

Four checks:

1. each catalog parses, has no untranslated or fuzzy entry, declares its language and plural
   forms, and passes GNU gettext's ``msgfmt --check``;
2. the catalogs are complete against the code: the messages are extracted afresh (Django's
   makemessages, run in a temporary copy of ``workbench/`` and ``templates/`` so the real
   catalogs are never touched) and every extracted message must already have a translation
   that is neither missing nor fuzzy;
3. every translation keeps the placeholders of its source (``%(name)s``, ``%s``, ``%%(name)s``
   read by the JavaScript, ``{name}``) and its HTML tags, so formatting can neither fail nor
   drop a value;
4. the main pages, rendered after choosing the interface language with Django's
   ``set_language``, show no English UI string at all and the expected translations of a few
   key ones.

When a check fails because a string was added or changed in the code, refresh the catalogs with
``make messages-update`` (makemessages for de, fr and es), translate the new or fuzzy entries
(and remove their fuzzy flag), then ``make messages`` compiles them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from workbench.models import Language, Unit
from workbench.text.language_names import display_name
from workbench.text.languages import canonical_tag as bcp47

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"
UI_LANGUAGES = ("de", "fr", "es")
PLURAL_FORMS = {
    "de": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
}
# A guard against a catalog that is "complete" only because it copies the English: a few
# translations fixed by hand, checked on the rendered pages.
KEY_TRANSLATIONS = {
    "de": {
        "Documents": "Dokumente",
        "Log out": "Abmelden",
        "Save": "Speichern",
        "Glossary": "Glossar",
        "Password": "Passwort",
        "all units": "alle Einheiten",
    },
    "fr": {
        "Documents": "Documents",
        "Log out": "Se déconnecter",
        "Save": "Enregistrer",
        "Glossary": "Glossaire",
        "Password": "Mot de passe",
        "all units": "toutes les unités",
    },
    "es": {
        "Documents": "Documentos",
        "Log out": "Cerrar sesión",
        "Save": "Guardar",
        "Glossary": "Glosario",
        "Password": "Contraseña",
        "all units": "todas las unidades",
    },
}

# %(name)s with any conversion flags, %s/%d, a doubled percent sign (literal, or the
# %%(name)s that a {% translate %} string hands to the JavaScript), {name}, and HTML tags
# that carry attributes or close an element ("<code>" or "<language code>" in prose is text).
PLACEHOLDER = re.compile(
    r"%%\(\w+\)[sd]|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|%[sdif]|\{\w*\}"
    r"|<[a-zA-Z][\w-]*\s[^<>]*=[^<>]*>|</[a-zA-Z][\w-]*>"
)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    assert path, "GNU gettext's msgfmt is missing: `make system-deps` installs it"
    return path


def problems(catalog: polib.POFile) -> list[str]:
    """Entries a user would see in English (untranslated) or possibly wrong (fuzzy)."""
    bad = [f"untranslated: {e.msgid!r}" for e in catalog.untranslated_entries()]
    bad += [f"fuzzy: {e.msgid!r}" for e in catalog.fuzzy_entries()]
    return bad


# --- 1. the catalogs themselves ----------------------------------------------------------


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_catalog_is_fully_translated(lang: str) -> None:
    catalog = polib.pofile(str(po_path(lang)))
    assert len(catalog) > 100, "the catalog is (nearly) empty: run `make messages-update`"
    assert problems(catalog) == []
    assert catalog.percent_translated() == 100
    assert catalog.metadata["Language"] == lang
    assert catalog.metadata["Plural-Forms"] == PLURAL_FORMS[lang]
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_catalog_passes_msgfmt_check(lang: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [msgfmt(), "--check", "-o", str(tmp_path / "django.mo"), str(po_path(lang))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# --- 2. complete against the code ---------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, polib.POFile]:
    """The catalogs as makemessages would leave them after extracting today's code.

    The sources are copied so makemessages can write its .pot and merged .po files without
    touching the repository; a settings module points LOCALE_PATHS at the copy, because
    makemessages writes into the first locale path whose parent contains a source file.
    """
    work = tmp_path_factory.mktemp("catalog-extraction")
    sources = shutil.ignore_patterns("__pycache__", "*.pyc", "static", "migrations")
    shutil.copytree(ROOT / "workbench", work / "workbench", ignore=sources)
    shutil.copytree(ROOT / "templates", work / "templates")
    for lang in UI_LANGUAGES:
        (work / "locale" / lang / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(po_path(lang), work / "locale" / lang / "LC_MESSAGES" / "django.po")
    (work / "catalog_settings.py").write_text(
        "from workbench.settings import *  # noqa: F403\n"
        f"LOCALE_PATHS = [{str(work / 'locale')!r}]\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "catalog_settings", "PYTHONPATH": str(work)}
    command = [
        sys.executable,
        "-m",
        "django",
        "makemessages",
        "--no-obsolete",
        "-v",
        "0",
        "-e",
        "html,txt,py",
        *(arg for lang in UI_LANGUAGES for arg in ("-l", lang)),
    ]
    result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return {
        lang: polib.pofile(str(work / "locale" / lang / "LC_MESSAGES" / "django.po"))
        for lang in UI_LANGUAGES
    }


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_catalog_covers_every_string_in_the_code(
    lang: str, extracted: dict[str, polib.POFile]
) -> None:
    fresh = extracted[lang]
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path(lang)))}
    # Sanity: the extraction found the strings the catalog holds (a broken extraction that
    # finds nothing must not pass as "complete").
    assert {(e.msgctxt, e.msgid) for e in fresh} & committed
    missing = problems(fresh)
    assert missing == [], (
        f"{len(missing)} UI strings of the code have no {lang} translation yet: run "
        "`make messages-update` and translate them"
    )


# --- 3. placeholders -------------------------------------------------------------------------


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_translations_keep_placeholders_and_markup(lang: str) -> None:
    wrong = []
    for entry in polib.pofile(str(po_path(lang))):
        if entry.msgid_plural:
            # Each form must carry the plural's placeholders (the singular may spell "one"
            # out in English, but the translations here keep the number everywhere).
            expected = placeholders(entry.msgid_plural)
            translations = list(entry.msgstr_plural.values())
        else:
            expected = placeholders(entry.msgid)
            translations = [entry.msgstr]
        wrong += [(entry.msgid, t) for t in translations if placeholders(t) != expected]
    assert wrong == [], wrong


def test_placeholder_pattern_sees_every_kind() -> None:
    # The pattern itself, so that the check above cannot pass by finding nothing.
    assert placeholders("%(n)s of %(total)d, %s, 100%%, %%(name)s, {count}, %(x).2f") == Counter(
        ["%(n)s", "%(total)d", "%s", "%%", "%%(name)s", "{count}", "%(x).2f"]
    )
    assert placeholders('Reply<span class="visually-hidden"> to %(who)s</span>') == Counter(
        ['<span class="visually-hidden">', "%(who)s", "</span>"]
    )
    assert placeholders("Tag <%(tag)s> is not closed; use <code> or <language code>") == Counter(
        ["%(tag)s"]
    )


# --- 4. rendered pages -----------------------------------------------------------------------


class UiText(HTMLParser):
    """Text and accessible attribute values of the interface, without the content.

    Elements with their own lang attribute (source and target text, language names) hold
    content, not interface, so their subtrees are left out; so are scripts and styles.
    """

    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "label"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)

    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skipped = tag in {"script", "style"} or (tag != "html" and "lang" in values)
        if not skipped and not self.skipping():
            for name, value in values.items():
                if value and (name in self.ATTRIBUTES or name.startswith("data-msg-")):
                    self.add(value)
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping():
            self.add(data)

    def add(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.strings.append(text)


def ui_strings(html: str) -> list[str]:
    parser = UiText()
    parser.feed(html)
    parser.close()
    return parser.strings


def message_pattern(msgid: str) -> tuple[str, re.Pattern[str]] | None:
    """The rendered form of a message (its placeholders match any text), with its longest
    literal part as a cheap first filter.

    None for messages too short or too generic to tell English from anything else.
    """
    if "<" in msgid:
        return None
    parts = re.split(r"(%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|%[sd])", msgid)
    literals = [part for index, part in enumerate(parts) if index % 2 == 0]
    if not re.search(r"[A-Za-z]{3}", "".join(literals)):
        return None
    regex = "".join(
        ("%" if part == "%%" else "(.+)") if index % 2 else re.escape(part)
        for index, part in enumerate(parts)
    )
    return max(literals, key=len).strip(), re.compile(regex)


# (URL name, arguments); "KEY" stands for the key of the sample's first unit. The unit
# partials (aids, history, comments) are fragments the editor loads on demand.
PAGES = (
    ("login", None),
    ("home", None),
    ("document", ("sample",)),
    ("editor", ("sample", "de")),
    ("unit_aids", ("sample", "de", "KEY")),
    ("unit_history", ("sample", "de", "KEY")),
    ("unit_comments", ("sample", "de", "KEY")),
    ("review", ("sample", "de")),
    ("progress", ("sample", "de")),
    ("alignment_upload", ("sample", "de")),
    ("po_import", ("sample", "de")),
    ("source_update", ("sample",)),
    ("document_upload", None),
    ("glossary", None),
    ("glossary_new", None),
    ("teams", None),
    ("memory", None),
)


@pytest.fixture
def compiled_catalogs(settings, tmp_path: Path) -> Path:
    """Compile the .po files as they are now (a stale .mo in locale/ must not hide a gap)."""
    for lang in UI_LANGUAGES:
        target = tmp_path / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        subprocess.run([msgfmt(), "-o", str(target / "django.mo"), str(po_path(lang))], check=True)
    # Changing LOCALE_PATHS makes Django drop its cached catalogs (setting_changed signal).
    settings.LOCALE_PATHS = [str(tmp_path)]
    return tmp_path


def render_pages(user, lang: str) -> dict[str, list[str]]:
    """Each page as the user sees it after picking `lang` (the login page before logging in)."""
    key = Unit.objects.filter(document__slug="sample").order_by("position")[0].key
    client = Client()
    response = client.post(reverse("set_language"), {"language": lang, "next": "/"})
    assert response.status_code == 302
    pages = {}
    for name, args in PAGES:
        if name != "login":
            login(client, user)
        args = tuple(key if arg == "KEY" else arg for arg in args or ())
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)
        html = response.content.decode()
        if name not in {"unit_aids", "unit_history", "unit_comments"}:
            assert f'<html lang="{lang}"' in html
        pages[name] = ui_strings(html)
    return pages


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_pages_show_no_english_ui_string(
    lang: str, admin_user, sample_document, compiled_catalogs: Path
) -> None:
    catalog = polib.pofile(str(po_path(lang)))
    english = render_pages(admin_user, "en")
    translated = render_pages(admin_user, lang)

    # Any string that is a translation in this catalog may appear (e.g. fr "Documents"), and
    # so may the names of the content languages: they are data (Language.name), not messages.
    allowed = {e.msgstr for e in catalog if e.msgstr} | {
        form for e in catalog for form in e.msgstr_plural.values()
    }
    allowed |= {language.name for language in Language.objects.all()}
    # ... and the glossary's languages, named by CLDR in the reader's language: German names
    # Tamil "Tamil", which is also a catalog message (the script, in the alignment screen).
    allowed |= {display_name(bcp47(code), lang) or "" for code in settings.GLOSSARY_LANGUAGES}
    patterns = [
        found for e in catalog if not e.msgid_plural and (found := message_pattern(e.msgid))
    ]

    def matching(strings: list[str]) -> set[tuple[str, str]]:
        """(pattern, string) pairs where a string renders a catalog message."""
        return {
            (pattern.pattern, s)
            for needle, pattern in patterns
            for s in strings
            if needle in s and pattern.fullmatch(s)
        }

    seen_in_english = 0
    leftovers = []
    for page, strings in english.items():
        shown = {pattern for pattern, _ in matching(strings)}
        seen_in_english += len(shown)
        leftovers += [
            (page, s)
            for pattern, s in matching([s for s in translated[page] if s not in allowed])
            if pattern in shown
        ]
    # The English pages must show many catalog strings, or this test would check nothing.
    assert seen_in_english > 150
    assert leftovers == [], leftovers

    everything = {s for strings in translated.values() for s in strings}
    for english_text, expected in KEY_TRANSLATIONS[lang].items():
        assert expected in everything, english_text
        if expected != english_text:
            assert english_text not in everything


def test_errors_of_the_pure_core_show_in_the_ui_language(
    admin_user, sample_document, compiled_catalogs: Path
) -> None:
    """DocumentError, PoError and TmxError carry a catalog template (text/i18n.py): the web UI
    shows them in the reader's language, the core itself stays free of Django."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workbench.formats.importers import DocumentError, parse_document

    client = Client()
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    login(client, admin_user)
    response = client.post(
        reverse("document_upload"),
        {"language": "en", "file": SimpleUploadedFile("leer.txt", b"   \n")},
    )
    assert "Die Datei ist leer." in response.content.decode()
    response = client.post(
        reverse("po_import", args=["sample", "de"]),
        {"file": SimpleUploadedFile("x.po", b'msgid "a"\nmsgstr "b" extra\n')},
    )
    assert "Zeile 2: die Zeichenkette" in response.content.decode()
    response = client.post(
        reverse("memory_import"), {"file": SimpleUploadedFile("x.tmx", b"<a/>\n")}, follow=True
    )
    assert "Das ist keine TMX-Datei (ihr Wurzelelement ist &lt;a&gt;)." in (
        response.content.decode()
    )
    # Outside a request in another language, the same error reads in English.
    from django.utils import translation

    translation.activate("en")
    with pytest.raises(DocumentError, match="The file is empty."):
        parse_document(b"", filename="x.txt")


@pytest.mark.parametrize("lang", ["de", "fr", "es"])
def test_form_messages_an_app_translates_informally_are_formal(lang: str) -> None:
    """DRF's German catalog shadowed Django's formal "Enter a valid email address." with
    "Gib eine gültige E-Mail Adresse an." on every e-mail field (the invite form showed it)."""
    from django import forms
    from django.utils import translation

    from workbench.views.formal_register import SHADOWED_INFORMALLY

    informal = re.compile(r"\b(Gib|gib|du|dein|Introduce|tu)\b")
    with translation.override(lang):
        field = forms.EmailField()
        try:
            field.clean("lena@example")
        except forms.ValidationError as exc:
            shown = " ".join(exc.messages)
        for msgid in SHADOWED_INFORMALLY:
            text = translation.gettext(msgid)
            assert text != msgid and not informal.search(text), (lang, text)
    assert shown and not informal.search(shown), shown
