"""django-allauth's pages and mails address the reader formally, as the rest of the UI does.

allauth's German and Spanish catalogs mix "du"/"tú" with "Sie"/"usted"; the formal rewrites of
the informal entries live in locale/_allauth/<lang>/LC_MESSAGES/django.po, the second
LOCALE_PATHS entry (README, "Interface languages"; scripts/allauth_register.py writes and
audits it). Four checks:

1. the override catalogs are sound: they parse, have nothing fuzzy or untranslated, pass
   ``msgfmt --check``, rewrite only allauth msgids, and keep each one's placeholders, markup,
   plural forms and format flag;
2. every allauth entry whose translation is informal is translated formally as Django
   resolves it (through the LOCALE_PATHS order of settings.py), so a new informal string in
   an allauth upgrade fails here until it is overridden;
3. the pattern that finds the informal register finds the known cases and nothing formal;
4. the account pages (sign-up, sign-in, e-mail confirmation, password reset and change,
   e-mail addresses, sign-out), their form errors and messages, and the confirmation and
   reset mails show no informal form in German and Spanish.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from tests.test_ui_catalogs import placeholders, ui_strings

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("de", "es", "fr")
OVERRIDDEN = ("de", "es")  # French: allauth's catalog is formal throughout (checked in 2.)


def _load_script():
    """scripts/ is not a package: the audit is loaded from its file, as `make` would run it."""
    path = ROOT / "scripts" / "allauth_register.py"
    spec = importlib.util.spec_from_file_location("allauth_register", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


register = _load_script()


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    assert path, "GNU gettext's msgfmt is missing: `make system-deps` installs it"
    return path


@pytest.fixture
def compiled_locale(settings, tmp_path: Path) -> list[Path]:
    """The catalogs of settings.LOCALE_PATHS compiled as they are now, in the same order (a
    stale .mo must not hide a gap). Changing LOCALE_PATHS drops Django's cached catalogs."""
    paths = []
    for index, locale in enumerate(settings.LOCALE_PATHS):
        target = tmp_path / str(index)
        for po in sorted(Path(locale).glob("*/LC_MESSAGES/django.po")):
            out = target / po.parent.relative_to(locale)
            out.mkdir(parents=True)
            subprocess.run([msgfmt(), "-o", str(out / "django.mo"), str(po)], check=True)
        paths.append(target)
    settings.LOCALE_PATHS = [str(p) for p in paths]
    return paths


def resolved(entry: polib.POEntry, n: int = 1) -> str:
    """The entry's translation in the active language, as Django finds it."""
    if entry.msgid_plural:
        if entry.msgctxt:
            return translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
        return translation.ngettext(entry.msgid, entry.msgid_plural, n)
    if entry.msgctxt:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


# --- 1. the override catalogs ----------------------------------------------------------------


def test_the_override_catalog_is_a_locale_path_after_ours() -> None:
    locale_paths = [Path(p).resolve() for p in settings.LOCALE_PATHS]
    assert locale_paths == [ROOT / "locale", register.OVERRIDES]


@pytest.mark.parametrize("lang", OVERRIDDEN)
def test_override_catalog_is_complete_and_passes_msgfmt_check(lang: str, tmp_path: Path) -> None:
    path = register.override_po(lang)
    catalog = polib.pofile(str(path))
    assert len(catalog) > 10
    assert catalog.untranslated_entries() == [] and catalog.fuzzy_entries() == []
    assert catalog.metadata["Language"] == lang
    allauth = polib.pofile(str(register.allauth_po(lang)))
    assert catalog.metadata["Plural-Forms"] == allauth.metadata["Plural-Forms"]
    result = subprocess.run(
        [msgfmt(), "--check", "-o", str(tmp_path / "django.mo"), str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", OVERRIDDEN)
def test_overrides_keep_msgctxt_plural_forms_and_placeholders(lang: str) -> None:
    allauth = {register.key(e): e for e in polib.pofile(str(register.allauth_po(lang)))}
    wrong = []
    for entry in polib.pofile(str(register.override_po(lang))):
        source = allauth.get(register.key(entry))
        assert source is not None, f"not an allauth msgid: {entry.msgid!r}"
        assert sorted(entry.msgstr_plural) == sorted(source.msgstr_plural)
        assert ("python-format" in entry.flags) == ("python-format" in source.flags)
        expected = placeholders(entry.msgid_plural or entry.msgid)
        for text in register.translations(entry):
            if placeholders(text) != expected:
                wrong.append((entry.msgid, text))
            # A mail's lines: msgfmt requires the same leading and trailing line breaks.
            assert text.startswith("\n") == entry.msgid.startswith("\n")
            assert text.endswith("\n") == entry.msgid.endswith("\n")
            assert not register.informal_words(lang, text), text
    assert wrong == []


# --- 2. nothing informal is left --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_informal_allauth_translation_is_overridden(
    lang: str, compiled_locale: list[Path]
) -> None:
    audit = register.audit(lang)
    assert audit.missing == [], (
        f"{len(audit.missing)} informal allauth {lang} entries have no formal override: run "
        "`.venv/bin/python scripts/allauth_register.py --update`, rewrite the new fuzzy entries "
        f"in {register.override_po(lang).relative_to(ROOT)} and remove their fuzzy flag: "
        + ", ".join(repr(e.msgid[:60]) for e in audit.missing)
    )
    assert audit.unfinished == [] and audit.unneeded == []
    # As Django resolves them for a reader of this language: our catalogs win over allauth's.
    left = []
    with translation.override(lang):
        for entry in register.informal_allauth_entries(lang):
            for n in (1, 2, 5) if entry.msgid_plural else (1,):
                text = resolved(entry, n)
                if text in {entry.msgid, entry.msgid_plural} or register.informal_words(lang, text):
                    left.append((entry.msgid, text))
    assert left == []


def test_allauth_is_informal_where_expected() -> None:
    """The audit finds what the register problem is about (it cannot pass by finding nothing),
    and allauth's French catalog says "vous" throughout."""
    assert len(register.informal_allauth_entries("de")) >= 50
    assert len(register.informal_allauth_entries("es")) >= 15
    assert register.informal_allauth_entries("fr") == []
    msgids = {e.msgid for e in register.informal_allauth_entries("de")}
    assert {"Please type your current password.", "Please select only one."} <= msgids


# --- 3. the pattern ---------------------------------------------------------------------------

INFORMAL_SAMPLES = {
    "de": [
        "Bitte gib dein aktuelles Passwort ein.",
        "Danke dass du %(site_name)s nutzt!",
        "Bitte bestätige, dass x eine E-Mail-Adresse von y ist.",
        "Bitte wähle nur eine aus.",
        "Versuche es später erneut.",
        "Wir haben Dir eine E-Mail geschickt.",
        "Möchtest du wirklich abmelden?",
    ],
    "es": [
        "Ver tu ID de usuario",
        "¿Estás seguro?",
        "Por favor selecciona solo uno.",
        "Descarga los códigos",
        "No se te pedirá un código.",
        "Regístrate usando una passkey",
    ],
    "fr": ["Tu as oublié ton mot de passe ?", "Merci de t'inscrire."],
}
FORMAL_SAMPLES = {
    "de": [
        "Bitte geben Sie Ihr aktuelles Passwort ein.",
        "Danke, dass Sie %(site_name)s nutzen!",
        "Bitte bestätigen Sie, dass x eine E-Mail-Adresse von y ist.",
        "Ich habe meine Wiederherstellungscodes gespeichert",
        "Ich bestätige die Angaben.",
        "Versuche",  # a heading: the noun
        "Das hat zur Folge, dass ...",
    ],
    "es": [
        "Por favor, escriba su contraseña actual.",
        "Su número de teléfono sigue pendiente de verificación.",
        "Equipos: únase a un idioma o vea quién lo revisa",
        "Descargar los códigos",
        "¿Está seguro de que desea eliminar esta clave?",
    ],
    "fr": ["Veuillez saisir votre mot de passe actuel.", "Vous avez ajouté une clé."],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_informal_pattern_tells_the_registers_apart(lang: str) -> None:
    assert [s for s in INFORMAL_SAMPLES[lang] if not register.informal_words(lang, s)] == []
    assert [s for s in FORMAL_SAMPLES[lang] if register.informal_words(lang, s)] == []


# --- 4. the pages and mails ------------------------------------------------------------------

PASSWORD = "a-long-volunteer-passphrase-42"
LINK = re.compile(r"https?://testserver(/accounts/[^\s]+/)")
URL = re.compile(r"https?://\S+")
# Formal rewrites of ours that the flow below must show (so it cannot pass on English pages or
# on allauth's own wording), by page or mail.
EXPECTED = {
    "de": {
        "sign-up errors": "Sie müssen zweimal dasselbe Passwort eingeben.",
        "confirmation mail": "Danke, dass Sie",
        "confirm e-mail": "Bitte bestätigen Sie, dass",
        "confirmed": "Sie haben die Adresse volunteer@example.org bestätigt.",
        "password reset": "Geben Sie unten Ihre E-Mail-Adresse ein",
        "reset mail": "Sie erhalten diese E-Mail, weil Sie oder jemand anderes",
        "password change errors": "Bitte geben Sie Ihr aktuelles Passwort ein.",
        "sign out": "Möchten Sie sich wirklich abmelden?",
        "signed out": "Sie haben sich abgemeldet.",
    },
    "es": {
        "confirmation mail": "Está recibiendo este correo electrónico porque el usuario",
        "confirm e-mail": "Por favor, confirme que",
        "password change errors": "Por favor, escriba su contraseña actual.",
    },
}


def _reader(lang: str) -> Client:
    """A browser that picked `lang` as its interface language."""
    client = Client()
    assert client.post(reverse("set_language"), {"language": lang, "next": "/"}).status_code == 302
    return client


def _page(client: Client, lang: str, url: str, data: dict | None = None) -> list[str]:
    response = client.post(url, data, follow=True) if data is not None else client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html, url
    return ui_strings(html)


def _mail(message) -> list[str]:
    # Links carry random keys, where a "te" or "du" between separators could turn up.
    return [message.subject, URL.sub("", message.body)]


def _link(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


@pytest.mark.django_db
@override_settings(SIGNUP_MODE="open")
@pytest.mark.parametrize("lang", OVERRIDDEN)
def test_account_pages_and_mails_address_the_reader_formally(
    lang: str, compiled_locale: list[Path], mailoutbox
) -> None:
    client = _reader(lang)
    shown: dict[str, list[str]] = {}
    signup = reverse("account_signup")
    shown["sign-up"] = _page(client, lang, signup)
    shown["sign-up errors"] = _page(
        client,
        lang,
        signup,
        {"username": "v", "email": "v@example.org", "password1": PASSWORD, "password2": "x"},
    )
    shown["verification sent"] = _page(
        client,
        lang,
        signup,
        {
            "username": "volunteer",
            "email": "volunteer@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    (confirmation,) = mailoutbox
    shown["confirmation mail"] = _mail(confirmation)
    confirm = _link(confirmation)
    shown["confirm e-mail"] = _page(client, lang, confirm)
    shown["confirmed"] = _page(client, lang, confirm, {})

    # Confirming in the browser that signed up signs in; the next pages are a stranger's.
    stranger = _reader(lang)
    login = reverse("account_login")
    shown["sign-in"] = _page(stranger, lang, login)
    shown["sign-in errors"] = _page(
        stranger, lang, login, {"login": "volunteer", "password": "not-the-password"}
    )
    reset = reverse("account_reset_password")
    shown["password reset"] = _page(stranger, lang, reset)
    shown["reset sent"] = _page(stranger, lang, reset, {"email": "volunteer@example.org"})
    reset_mail = mailoutbox[-1]
    assert reset_mail is not confirmation
    shown["reset mail"] = _mail(reset_mail)
    shown["new password"] = _page(stranger, lang, stranger.get(_link(reset_mail))["Location"])

    client.force_login(get_user_model().objects.get(username="volunteer"))
    change = reverse("account_change_password")
    shown["password change"] = _page(client, lang, change)
    shown["password change errors"] = _page(
        client,
        lang,
        change,
        {
            "oldpassword": "not-the-password",
            "password1": PASSWORD + "-new",
            "password2": PASSWORD + "-new",
        },
    )
    shown["e-mail addresses"] = _page(client, lang, reverse("account_email"))
    logout = reverse("account_logout")
    shown["sign out"] = _page(client, lang, logout)
    shown["signed out"] = _page(client, lang, logout, {})

    informal = [
        (name, text, register.informal_words(lang, text))
        for name, texts in shown.items()
        for text in texts
        if register.informal_words(lang, text)
    ]
    assert informal == []
    for name, expected in EXPECTED[lang].items():
        assert any(expected in text for text in shown[name]), (name, expected, shown[name])
