"""Gettext catalogs made by other tools, as documents: import with their translations, export
back losslessly, checked with GNU gettext (msgcmp, msgfmt --check, msgcat) on the catalogs
Django ships in its own installed package (plurals, contexts, python-format flags)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import django
import pytest
from django.core.management import CommandError, call_command

from workbench.models import (
    Document,
    DocumentCatalog,
    Language,
    Revision,
    Translation,
    Unit,
    UnitCatalogEntry,
)
from workbench.permissions import SYSTEM
from workbench.selectors.exports import po_export
from workbench.services.languages import language_for
from workbench.services.translations import save_translation
from workbench.text.records import STATUS_DRAFT, STATUS_TRANSLATED

DJANGO = Path(django.__file__).parent
FR = DJANGO / "conf/locale/fr/LC_MESSAGES/django.po"
DE = DJANGO / "conf/locale/de/LC_MESSAGES/django.po"
# Django's translated catalogs carry no references, but its Serbian (Latin) admin ones do.
ADMIN_SR = DJANGO / "contrib/admin/locale/sr_Latn/LC_MESSAGES/django.po"

pytestmark = pytest.mark.skipif(not shutil.which("msgcmp"), reason="GNU gettext not installed")


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def gettext_ok(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True)


def msgcmp(original: Path, exported: Path) -> int:
    """msgcmp with the export as the translations and the original as the reference: every
    msgid of the original is in the export. Untranslated and fuzzy entries are allowed (the
    originals have them; plain msgcmp fails on the original against itself)."""
    return gettext_ok(
        "msgcmp", "--use-untranslated", "--use-fuzzy", str(exported), str(original)
    ).returncode


OUR_HEADERS = ("X-Workbench-Document:", "X-Workbench-Exported-At:", "X-Workbench-Signature:")


def without_our_header(text: str) -> str:
    """The export minus the header fields the workbench adds (the export time, signed, is
    what a later import_po needs to tell online edits from offline ones)."""
    lines = text.split("\n")
    out: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith('"' + OUR_HEADERS[0][:12]):
            skipping = not line.endswith('\\n"')
            continue
        if skipping:
            skipping = not line.endswith('\\n"')
            continue
        out.append(line)
    return "\n".join(out)


def import_catalog(path: Path, *extra: str) -> tuple[Document, str]:
    out, err = run("import_document", str(path), "--lang", "en", *extra)
    return Document.objects.get(slug=out.strip().splitlines()[-1]), err


@pytest.mark.django_db
def test_a_fresh_database_imports_djangos_french_catalog_with_its_translations(tmp_path):
    assert not Language.objects.exists()  # first contact: the languages come from CLDR
    document, err = import_catalog(FR)
    en, fr = Language.objects.get(code="en"), Language.objects.get(code="fr")
    assert (en.name, fr.name, fr.plural_forms) == (
        "English",
        "French",
        "nplurals=2; plural=(n > 1);",
    )
    units = document.units.count()
    translated = Translation.objects.filter(unit__document=document, language=fr)
    assert units > 300 and translated.count() == units
    assert f"Translations into fr: {units} translated, 0 drafts (fuzzy), 0 untranslated" in err
    assert "Plural entries: 15" in err
    # A plural entry: one text per form the file has (Django's French holds 3).
    plural = translated.get(text="%(size)d octet")
    assert plural.plural_texts == ["%(size)d octets", "%(size)d octets"]
    assert plural.status == STATUS_TRANSLATED
    # The revision says it was an import, like every write of the one write path.
    assert Revision.objects.filter(translation=plural, action=Revision.ACTION_IMPORT).count() == 1

    exported = po_export(document, fr).decode("utf-8")
    original = FR.read_text(encoding="utf-8")
    assert without_our_header(exported) == original
    path = tmp_path / "fr.po"
    path.write_text(exported, encoding="utf-8")
    assert msgcmp(FR, path) == 0
    resaved = gettext_ok("msgcat", str(path))
    assert resaved.stdout == exported  # a msgcat re-save is no diff


@pytest.mark.django_db
def test_contexts_survive(tmp_path):
    document, _ = import_catalog(DE)
    entries = [e.data for e in UnitCatalogEntry.objects.filter(unit__document=document)]
    months = [e for e in entries if e["msgctxt"] == "abbrev. month"]
    assert len(months) == 12  # one msgctxt for several msgids
    de = Language.objects.get(code="de")
    path = tmp_path / "de.po"
    path.write_bytes(po_export(document, de))
    assert msgcmp(DE, path) == 0
    assert without_our_header(path.read_text(encoding="utf-8")) == DE.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_references_flags_and_only_changed_entries_differ(tmp_path):
    document, err = import_catalog(ADMIN_SR)
    sr = Language.objects.get(code="sr-Latn")
    assert (sr.name, sr.plural_forms.startswith("nplurals=3")) == ("Serbian (Latin)", True)
    entries = UnitCatalogEntry.objects.filter(unit__document=document)
    assert all(e.data["references"] for e in entries)
    assert any("python-format" in e.data["flags"] for e in entries)
    entry = next(e for e in entries if e.data["msgid"] == "Delete")
    unit = entry.unit
    translation = Translation.objects.get(unit=unit, language=sr)
    before = translation.text
    save_translation(
        SYSTEM, unit, sr, "Obriši <sada>", status=STATUS_TRANSLATED,
        base_version=translation.version,
    )  # fmt: skip
    exported = po_export(document, sr).decode("utf-8")
    path = tmp_path / "sr.po"
    path.write_text(exported, encoding="utf-8")
    assert msgcmp(ADMIN_SR, path) == 0
    assert gettext_ok("msgfmt", "--check", "-o", "/dev/null", str(path)).returncode == 0
    diff = gettext_ok("diff", str(ADMIN_SR), str(path)).stdout
    removed = [line for line in diff.splitlines() if line.startswith("< ")]
    added = [line for line in diff.splitlines() if line.startswith("> ")]
    assert removed == [f'< msgstr "{before}"']
    assert added[-1] == '> msgstr "Obriši <sada>"'
    assert all(line.startswith('> "X-Workbench-') or line.startswith('> "') for line in added[:-1])
    assert len(added) == 5  # the three header fields (one wrapped) and the entry


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    sorted((DJANGO / "contrib").glob("*/locale/*/LC_MESSAGES/django.po"))[::97]
    + sorted((DJANGO / "conf/locale").glob("*/LC_MESSAGES/django.po"))[::23],
    ids=lambda p: "/".join(p.parts[-5:-2]),
)
def test_djangos_catalogs_come_back_as_they_were(path, tmp_path):
    document, _ = import_catalog(path)
    catalog = DocumentCatalog.objects.get(document=document)
    language = Language.objects.get(code=catalog.data["language"])
    exported = po_export(document, language)
    assert without_our_header(exported.decode("utf-8")) == path.read_text(encoding="utf-8")
    out = tmp_path / "out.po"
    out.write_bytes(exported)
    assert msgcmp(path, out) == 0
    original_ok = gettext_ok("msgfmt", "--check", "-o", "/dev/null", str(path)).returncode
    assert gettext_ok("msgfmt", "--check", "-o", "/dev/null", str(out)).returncode == original_ok


CATALOG = """\
# Translators: Ada <ada@example.org>, 2024.
msgid ""
msgstr ""
"Project-Id-Version: manual 1.0\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=ISO-8859-1\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#. The first menu
#: menu.c:12
msgctxt "menu"
msgid "Open"
msgstr "Ouvrir"

#: toolbar.c:3
msgctxt "menu"
msgid "Close"
msgstr ""

# Vérifier le raccourci
#, fuzzy
#| msgid "Press <Ctrl> and x[0]"
msgid "Press <Ctrl> and x[1] & go"
msgstr "Appuyez sur <Ctrl> et x[0]"

msgid ""
"    def f():\\n"
"        return  x[0]\\n"
msgstr ""

#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichier"
msgstr[1] "%d fichiers"

#~ msgid "Old"
#~ msgstr "Vieux"
"""


@pytest.mark.django_db
def test_contexts_fuzzy_plurals_code_and_other_charsets(languages, tmp_path):
    path = tmp_path / "manual.po"
    path.write_bytes(CATALOG.encode("iso-8859-1"))
    document, err = import_catalog(path)
    assert "Translations into fr: 2 translated, 1 drafts (fuzzy), 2 untranslated" in err
    assert "Obsolete entries kept: 1" in err
    units = list(document.units.order_by("position"))
    assert [u.source for u in units][:3] == [
        "Open",
        "Close",
        "Press &lt;Ctrl&gt; and x[1] &amp; go",
    ]  # fmt: skip  (x[1] is not a footnote, <Ctrl> is text)
    assert units[3].source == "def f():<br>        return  x[0]"  # indentation kept inside
    assert UnitCatalogEntry.objects.get(unit=units[3]).data["msgid"].startswith("    def f()")
    fr = languages["fr"]
    draft = Translation.objects.get(unit=units[2], language=fr)
    assert (draft.status, draft.text) == (STATUS_DRAFT, "Appuyez sur &lt;Ctrl&gt; et x[0]")
    assert UnitCatalogEntry.objects.get(unit=units[2]).data["previous_msgid"] == (
        "Press <Ctrl> and x[0]"
    )
    exported = po_export(document, fr)
    assert exported.decode("iso-8859-1").startswith("# Translators: Ada")
    assert without_our_header(exported.decode("iso-8859-1")) == CATALOG
    out = tmp_path / "out.po"
    out.write_bytes(exported)
    assert msgcmp(path, out) == 0

    # The translator confirms the fuzzy entry: it loses its fuzzy flag and #| line, and a
    # translation the charset cannot hold turns the file into UTF-8.
    confirmed = "Appuyez sur <Ctrl> et x[1] — ok"
    save_translation(
        SYSTEM, units[2], fr, confirmed, status=STATUS_TRANSLATED, base_version=draft.version
    )
    text = po_export(document, fr).decode("utf-8")
    assert "charset=UTF-8" in text and "#| msgid" not in text and "#, fuzzy" not in text
    assert 'msgstr "Appuyez sur <Ctrl> et x[1] — ok"' in text
    assert "# Vérifier le raccourci" in text and '#~ msgid "Old"' in text


@pytest.mark.django_db
def test_a_second_version_keeps_translations_like_msgmerge(languages, tmp_path):
    path = tmp_path / "manual.po"
    path.write_bytes(CATALOG.encode("iso-8859-1"))
    document, _ = import_catalog(path, "--slug", "manual")
    fr = languages["fr"]
    opened = Translation.objects.get(unit__document=document, language=fr, text="Ouvrir")
    second = CATALOG.replace('msgid "Open"\nmsgstr "Ouvrir"', 'msgid "Open..."\nmsgstr ""')
    second = second.replace('msgid "%d file"', 'msgid "%d file here"')
    path.write_bytes(second.encode("iso-8859-1"))
    _, err = run("import_document", str(path), "--lang", "en", "--slug", "manual")
    assert "Updated the source" in err
    opened.refresh_from_db()
    assert opened.unit.source == "Open..." and opened.text == "Ouvrir"
    assert opened.source_checksum != opened.unit.checksum  # outdated: msgmerge's fuzzy match
    exported = po_export(document, fr).decode("iso-8859-1")
    # msgmerge's layout of a fuzzy match: flagged, with the msgid it was translated from.
    assert (
        '#. The first menu\n#: menu.c:12\n#, fuzzy\n#| msgctxt "menu"\n#| msgid "Open"\n'
        'msgctxt "menu"\nmsgid "Open..."\nmsgstr "Ouvrir"'
    ) in exported
    plural = Translation.objects.get(unit__document=document, language=fr, text="%d fichier")
    assert plural.unit.source == "%d file here" and plural.plural_texts == ["%d fichiers"]
    out = tmp_path / "out.po"
    out.write_bytes(po_export(document, fr))
    assert msgcmp(path, out) == 0


@pytest.mark.django_db
def test_a_po_file_translated_offline_comes_back_through_import_po(tmp_path):
    document, _ = import_catalog(FR)
    fr = Language.objects.get(code="fr")
    exported = po_export(document, fr).decode("utf-8")
    changed = exported.replace('msgstr "Afrikaans"', 'msgstr "Afrikaans (modifié)"')
    changed = changed.replace('msgstr[1] "%(size)d octets"', 'msgstr[1] "%(size)d octets !"')
    path = tmp_path / "fr.po"
    path.write_text(changed + '\nmsgid "Not in Django"\nmsgstr "Pas dans Django"\n', "utf-8")
    out, _ = run("import_po", document.slug, str(path), "--lang", "fr")
    assert "Imported: 2 (2 translated, 0 drafts)" in out
    assert "no entry with this msgctxt and msgid in the document" in out
    plural = Translation.objects.get(unit__document=document, language=fr, text="%(size)d octet")
    assert plural.plural_texts[0] == "%(size)d octets !"
    again = po_export(document, fr).decode("utf-8")
    assert without_our_header(again) == without_our_header(changed)


@pytest.mark.django_db
def test_unknown_and_invalid_languages_are_refused_with_close_matches(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Hello.\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Unknown language english\. Did you mean: en\?"):
        run("import_document", str(path), "--lang", "english")
    with pytest.raises(CommandError, match="Unknown language xx"):
        run("import_document", str(path), "--lang", "xx")
    assert not Language.objects.exists() and not Document.objects.exists()
    run("import_document", str(path), "--lang", "pt_br")
    language = Language.objects.get()
    assert (language.code, language.name, language.direction) == (
        "pt-BR",
        "Brazilian Portuguese",
        "ltr",
    )
    run("import_document", str(path), "--lang", "ckb")
    assert Language.objects.get(code="ckb").direction == "rtl"


@pytest.mark.django_db
def test_a_catalog_without_language_needs_target_lang(tmp_path, languages):
    path = tmp_path / "x.po"
    path.write_text(CATALOG.replace('"Language: fr\\n"\n', ""), encoding="iso-8859-1")
    with pytest.raises(CommandError, match="--target-lang"):
        run("import_document", str(path), "--lang", "en")
    assert not Document.objects.exists()
    _, err = run("import_document", str(path), "--lang", "en", "--target-lang", "de")
    assert "Translations into de: 2 translated" in err


@pytest.mark.django_db
def test_a_catalog_without_language_takes_it_from_its_name_or_place(tmp_path, languages):
    """gettext's own layout (locale/LL/LC_MESSAGES) and `fr.po` say the language; the import
    says it took it from there. A name that is not a tag with locale data says nothing."""
    no_header = CATALOG.replace('"Language: fr\\n"\n', "")
    place = tmp_path / "locale" / "fr_CA" / "LC_MESSAGES"
    place.mkdir(parents=True)
    (place / "manual.po").write_text(no_header, encoding="iso-8859-1")
    document, err = import_catalog(place / "manual.po")
    assert "taken as fr-CA, from the file's name or place" in err
    assert "Translations into fr-CA: 2 translated" in err
    # The file comes back as it was, comments and all: no Language header added.
    exported = po_export(document, Language.objects.get(code="fr-CA")).decode("iso-8859-1")
    assert without_our_header(exported) == no_header
    named = tmp_path / "es.po"
    named.write_text(no_header, encoding="iso-8859-1")
    _, err = import_catalog(named)
    assert "Translations into es: 2 translated" in err
    for name in ("new.po", "manual.po"):  # "new" is Newari by its ISO code, not by this name
        with pytest.raises(CommandError, match="--target-lang"):
            (tmp_path / name).write_text(no_header, encoding="iso-8859-1")
            import_catalog(tmp_path / name)


@pytest.mark.django_db
def test_a_script_modifier_is_a_language_of_its_own(tmp_path, languages):
    """GNOME's and glibc's `sr@latin` (header or folder) is Serbian in Latin script, sr-Latn:
    read as `sr` it would have overwritten the Cyrillic translations."""
    path = tmp_path / "x.po"
    path.write_text(CATALOG.replace("Language: fr", "Language: sr@latin"), encoding="iso-8859-1")
    _, err = import_catalog(path)
    assert "Translations into sr-Latn: 2 translated" in err
    assert not Language.objects.filter(code="sr").exists()
    place = tmp_path / "locale" / "uz@cyrillic" / "LC_MESSAGES"
    place.mkdir(parents=True)
    no_header = CATALOG.replace('"Language: fr\\n"\n', "")
    (place / "manual.po").write_text(no_header, encoding="iso-8859-1")
    _, err = import_catalog(place / "manual.po")
    assert "Translations into uz-Cyrl: 2 translated" in err


@pytest.mark.django_db
def test_a_language_header_with_a_name_and_languages_cldr_only_names(tmp_path, languages):
    path = tmp_path / "x.po"
    path.write_text(CATALOG.replace("Language: fr", "Language: Estonian"), encoding="iso-8859-1")
    document, err = import_catalog(path)
    assert "The Language header names Estonian: taken as et." in err
    estonian = Language.objects.get(code="et")
    assert estonian.name == "Estonian"
    exported = po_export(document, estonian).decode("iso-8859-1")
    assert without_our_header(exported) == CATALOG.replace("Language: fr", "Language: Estonian")
    # Udmurt: CLDR names it but has no locale data; its plural forms come from the header.
    udmurt = CATALOG.replace("Language: fr", "Language: udm").replace(
        "nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n != 1);"
    )
    path.write_text(udmurt, encoding="iso-8859-1")
    _, err = import_catalog(path)
    language = Language.objects.get(code="udm")
    assert (language.name, language.plural_forms) == ("Udmurt", "nplurals=2; plural=(n != 1);")
    assert "Translations into udm: 2 translated" in err
    path.write_text(CATALOG.replace("Language: fr", "Language: Klingonish"), encoding="iso-8859-1")
    with pytest.raises(CommandError, match="Unknown language Klingonish"):
        import_catalog(path)


HAND_MADE = """\
msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
#: a.py:1
msgid "Form Data"
msgstr "Formulardaten"
#: a.py:2
msgid "Account locked: too many login attempts. Please try again later, or much later."
msgstr "Konto gesperrt: zu viele Anmeldeversuche. Bitte versuchen Sie es später erneut."
#, python-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
#~ msgid "Old"
#~ msgstr "Alt"
#~ msgid "Older"
#~ msgstr "Älter"
"""


@pytest.mark.django_db
def test_a_catalog_without_blank_lines_keeps_each_entry_as_it_was(tmp_path, languages):
    """No blank line after the header or between entries (hand-made files): every entry is
    still read as its own lines, and written back as they were, with the blank lines gettext
    puts between entries; nothing of an entry ends up in the header. A plural entry left
    with fewer empty forms than the language has keeps them (as Django's own catalogs do)."""
    path = tmp_path / "hand.po"
    path.write_text(HAND_MADE, encoding="utf-8")
    document, _ = import_catalog(path)
    exported = po_export(document, languages["de"]).decode("utf-8")
    assert without_our_header(exported) == HAND_MADE.replace("\n#", "\n\n#").replace(
        "\n\n#~ msgstr", "\n#~ msgstr"
    )
    out = tmp_path / "out.po"
    out.write_text(exported, encoding="utf-8")
    assert gettext_ok("msgfmt", "--check", "-o", "/dev/null", str(out)).returncode == 0
    assert msgcmp(path, out) == 0
    assert exported.count('msgid "Form Data"') == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [DJANGO / "contrib/admin/locale/kn/LC_MESSAGES/django.po",
     DJANGO / "contrib/auth/locale/he/LC_MESSAGES/django.po",
     DJANGO / "conf/locale/he/LC_MESSAGES/django.po"],
    ids=lambda p: "/".join(p.parts[-5:-2]),
)  # fmt: skip
def test_plural_entries_with_a_count_of_their_own_come_back_as_they_were(path, tmp_path):
    document, _ = import_catalog(path)
    catalog = DocumentCatalog.objects.get(document=document)
    language = Language.objects.get(code=catalog.data["language"])
    exported = po_export(document, language)
    assert without_our_header(exported.decode("utf-8")) == path.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_upload_page_brings_a_catalogs_translations_in(client, admin_user, languages):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(admin_user)
    upload = SimpleUploadedFile(
        "manual.pot", CATALOG.replace('"Language: fr\\n"\n', "").encode("iso-8859-1")
    )
    response = client.post(
        reverse("document_upload"),
        {"file": upload, "language": "en", "target_language": "es"},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Translations into es: 2 translated, 1 drafts (fuzzy), 2 untranslated" in page
    document = Document.objects.get()
    assert (
        Translation.objects.filter(unit__document=document, language=languages["es"]).count() == 3
    )


@pytest.mark.django_db
def test_only_translators_of_the_language_bring_translations_in(languages, translator):
    """A document manager who is not on the French team imports the catalog's French
    translations under their name only if they may translate French: refused, nothing kept."""
    from django.contrib.auth.models import Permission
    from django.core.exceptions import PermissionDenied

    from workbench.services.documents import import_document

    translator.user_permissions.add(Permission.objects.get(codename="add_document"))
    translator = type(translator).objects.get(pk=translator.pk)
    with pytest.raises(PermissionDenied):
        import_document(
            translator, CATALOG.encode("iso-8859-1"), filename="m.po", language_code="en"
        )
    assert not Document.objects.exists() and not Translation.objects.exists()
    # Their own language (German, the catalog given as such) is fine.
    result = import_document(
        translator, CATALOG.encode("iso-8859-1"), filename="m.po", language_code="en",
        target_code="de",
    )  # fmt: skip
    assert result.catalog is not None and result.catalog.translated == 2


@pytest.mark.django_db
def test_the_editor_shows_one_box_per_plural_form_and_saves_them(client, languages, tmp_path):
    from django.urls import reverse

    path = tmp_path / "manual.po"
    path.write_bytes(CATALOG.replace("Language: fr", "Language: ar").encode("iso-8859-1"))
    document, _ = import_catalog(path)
    ar = languages["ar"]
    unit = Unit.objects.get(document=document, source="%d file")
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="pw")
    client.force_login(admin)
    page = client.get(reverse("editor", args=[document.slug, "ar"])).content.decode()
    # Arabic has six forms, each box labelled with the numbers that take it.
    assert page.count(f'id="t-{unit.key}') == 6
    assert "Form 1 (n = 0)" in page and "Form 4 (n = 3, 4, 5, 6, …)" in page
    assert "%d files" in page  # the plural source beside the singular
    translation = Translation.objects.get(unit=unit, language=ar)
    forms = ["ملف %d", "ملفان", "%d ملفات", "%d ملفا", "%d ملف"]
    response = client.post(
        reverse("save_unit", args=[document.slug, "ar", unit.key]),
        {"text": "لا ملفات", "status": "translated", "version": translation.version,
         "plurals": json.dumps(forms)},
        HTTP_X_REQUESTED_WITH="fetch",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    translation.refresh_from_db()
    assert (translation.text, translation.plural_texts) == ("لا ملفات", forms)
    exported = po_export(document, ar).decode("utf-8")
    assert 'msgstr[0] "لا ملفات"\nmsgstr[1] "ملف %d"' in exported
    assert 'msgstr[5] "%d ملف"' in exported
    bad = client.post(
        reverse("save_unit", args=[document.slug, "ar", unit.key]),
        {"text": "x", "version": translation.version, "plurals": '{"a": 1}'},
    )
    assert bad.status_code == 400
    # The reviewer sees every form, labelled, beside the plural source.
    review = client.get(reverse("review", args=[document.slug, "ar"])).content.decode()
    row = review.split(f'id="r-{unit.key}"')[1].split("</article>")[0]
    assert "%d files" in row and "Form 4 (n = 3, 4, 5, 6, …)" in row
    for form in ["لا ملفات", *forms]:
        assert form in row


def pofilter_findings(path: Path) -> list[str]:
    """translate-toolkit's pofilter on a catalog: its findings, entry by entry."""
    pofilter = Path(sys.executable).parent / "pofilter"
    out = path.with_suffix(".pofilter.po")
    subprocess.run(
        [str(pofilter), "--progress=none", str(path), str(out)], check=True, capture_output=True
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith(("# (pofilter)", "msgid ", "msgctxt "))]


@pytest.mark.django_db
@pytest.mark.parametrize("path", [FR, ADMIN_SR], ids=["fr", "admin-sr-Latn"])
def test_pofilter_finds_nothing_the_original_did_not_have(path, tmp_path):
    if not (Path(sys.executable).parent / "pofilter").exists():
        pytest.skip("translate-toolkit is not installed (make install-test)")
    document, _ = import_catalog(path)
    language = Language.objects.get(
        code=DocumentCatalog.objects.get(document=document).data["language"]
    )
    out = tmp_path / "export.po"
    out.write_bytes(po_export(document, language))
    original = tmp_path / "original.po"
    original.write_bytes(path.read_bytes())
    assert pofilter_findings(out) == pofilter_findings(original)


@pytest.mark.parametrize("code", ["fr", "de", "ja", "ar", "ru", "zh_Hans"])
def test_rewritten_entries_are_wrapped_as_msgcat_wraps_them(code, tmp_path):
    """Every entry written anew (as a changed translation is), not copied from the file: a
    msgcat re-save of the result changes nothing."""
    import dataclasses

    from workbench.formats.po_catalog import OutEntry, read_catalog, write_catalog

    path = DJANGO / f"conf/locale/{code}/LC_MESSAGES/django.po"
    catalog = read_catalog(path.read_bytes())
    entries = [OutEntry(dataclasses.replace(e, raw=""), e.msgstr, e.fuzzy) for e in catalog.entries]
    written = write_catalog(
        catalog.header,
        entries,
        catalog.obsolete,
        extra_headers=[("X-Workbench-Signature", "0123456789abcdef" * 4)],
    )
    out = tmp_path / "out.po"
    out.write_bytes(written)
    assert gettext_ok("msgcat", str(out)).stdout.encode("utf-8") == written
    assert msgcmp(path, out) == 0


@pytest.mark.django_db
def test_the_source_update_page_merges_a_catalogs_next_version(client, admin_user, languages):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from workbench.services.documents import import_document

    document = import_document(
        SYSTEM, CATALOG.encode("iso-8859-1"), filename="m.po", language_code="en", slug="m"
    ).document
    second = CATALOG.replace('msgid "Open"\nmsgstr "Ouvrir"', 'msgid "Open it"\nmsgstr ""')
    client.force_login(admin_user)
    url = reverse("source_update", args=["m"])

    def upload(preview: bool):
        data = {"file": SimpleUploadedFile("m.po", second.encode("iso-8859-1"))}
        if preview:
            data["preview"] = "on"
        return client.post(url, data)

    assert upload(preview=True).status_code == 200
    assert Unit.objects.filter(document=document, source="Open it").count() == 0  # a preview
    assert upload(preview=False).status_code == 200
    unit = Unit.objects.get(document=document, source="Open it")
    translation = Translation.objects.get(unit=unit, language=languages["fr"])
    assert translation.text == "Ouvrir" and translation.source_checksum != unit.checksum
    assert UnitCatalogEntry.objects.get(unit=unit).data["msgid"] == "Open it"


@pytest.mark.django_db
def test_restoring_a_revision_brings_back_every_plural_form(languages, tmp_path):
    from workbench.services.history import restore_revision

    path = tmp_path / "manual.po"
    path.write_bytes(CATALOG.encode("iso-8859-1"))
    document, _ = import_catalog(path)
    fr = languages["fr"]
    unit = Unit.objects.get(document=document, source="%d file")
    first = Translation.objects.get(unit=unit, language=fr)
    imported = first.revisions.get()
    saved = save_translation(
        SYSTEM, unit, fr, "%d dossier", base_version=first.version, plurals=("%d dossiers",)
    ).translation
    assert saved.plural_texts == ["%d dossiers"]
    restored = restore_revision(
        SYSTEM, unit, fr, imported.pk, base_version=saved.version
    ).translation
    assert (restored.text, restored.plural_texts) == ("%d fichier", ["%d fichiers"])


@pytest.mark.django_db
def test_a_changed_translation_keeps_the_outer_space_of_its_message(tmp_path, languages):
    """Stored texts lose their outer white space (the one gate strips it); in a catalog it is
    part of the message. A translation changed offline or online comes back with the outer
    space its msgstr was read with (else its msgid's), and msgfmt --check agrees."""
    original = tmp_path / "fr.po"
    original.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
        'msgid "  -h, --help     display this help\\n"\n'
        'msgstr "  -h, --help     afficher cette aide\\n"\n\n'
        'msgid "Usage: %s [OPTION]...\\n\\n"\nmsgstr "Utilisation : %s [OPTION]...\\n\\n"\n\n'
        'msgid "  (untranslated)\\n"\nmsgstr ""\n',
        "utf-8",
    )
    document, _ = import_catalog(original)
    fr = Language.objects.get(code="fr")
    exported = po_export(document, fr).decode("utf-8")
    changed = exported.replace("afficher cette aide", "affiche cette aide").replace(
        "Utilisation : ", "Usage : "
    )
    offline = tmp_path / "offline.po"
    offline.write_text(changed, "utf-8")
    out, _ = run("import_po", document.slug, str(offline), "--lang", "fr")
    assert "Imported: 2" in out
    unit = document.units.get(position=3)
    save_translation(SYSTEM, unit, fr, "pas encore", status=STATUS_TRANSLATED, base_version=0)
    again = tmp_path / "again.po"
    again.write_bytes(po_export(document, fr))
    import polib

    entries = {e.msgid: e.msgstr for e in polib.pofile(str(again))}
    assert (
        entries["  -h, --help     display this help\n"] == "  -h, --help     affiche cette aide\n"
    )
    assert entries["Usage: %s [OPTION]...\n\n"] == "Usage : %s [OPTION]...\n\n"
    assert entries["  (untranslated)\n"] == "  pas encore\n"
    assert gettext_ok("msgfmt", "--check", "-o", "/dev/null", str(again)).returncode == 0
    assert msgcmp(original, again) == 0


CONTROLS = r"""msgid ""
msgstr ""
"Project-Id-Version: argp 1.0\n"
"Language: de\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "  -v, --verbose\vexplain what is being done"
msgstr "  -v, --verbose\verklären, was getan wird"

msgid "Bell\a and esc \033[1m bold"
msgstr "Glocke\a und Esc \033[1m fett"

msgid "unit\x1fsep and \\a backslash"
msgstr "Einheit\x1fTrenner und \\a Backslash"
"""


@pytest.mark.django_db
def test_control_characters_and_c_escapes_survive(tmp_path, languages):
    """glibc's argp puts \\v in option help, terminals' messages \\033: they are kept (shown
    to translators as control pictures) and written back as GNU gettext writes them; `\\a`
    is not written as `\\\\a` (another msgid: msgcmp failed)."""
    original = tmp_path / "argp.po"
    original.write_text(CONTROLS, encoding="utf-8")
    document, _ = import_catalog(original)
    de = Language.objects.get(code="de")
    units = list(Unit.objects.filter(document=document).order_by("position"))
    assert units[0].source == "-v, --verbose\u240bexplain what is being done"
    assert units[1].source == "Bell\u2407 and esc \u241b[1m bold"
    # Every entry changed online: each is written anew, not copied from the file.
    for unit, text in zip(
        units,
        [
            "-v, --verbose\u240berklärt, was passiert",
            "Glocke\u2407 neu \u241b[0m",
            "Trenner\u241f \\a",
        ],
        strict=True,
    ):
        translation = Translation.objects.get(unit=unit, language=de)
        save_translation(SYSTEM, unit, de, text, status=STATUS_TRANSLATED,
                         base_version=translation.version)  # fmt: skip
    exported = tmp_path / "out.po"
    exported.write_bytes(po_export(document, de))
    text = exported.read_text(encoding="utf-8")
    assert 'msgid "Bell\\a and esc \x1b[1m bold"' in text
    assert 'msgstr "Glocke\\a neu \x1b[0m"' in text
    assert 'msgstr "  -v, --verbose\\verklärt, was passiert"' in text
    assert 'msgstr "Trenner\x1f \\\\a"' in text
    assert msgcmp(original, exported) == 0
    assert gettext_ok("msgfmt", "--check", "-o", "/dev/null", str(exported)).returncode == 0


@pytest.mark.django_db
def test_a_compiled_catalog_is_refused_with_the_way_to_convert_it(tmp_path, languages):
    compiled = tmp_path / "django.po"  # an MO file under a PO name
    compiled.write_bytes((DE.parent / "django.mo").read_bytes())
    for command in (("import_document", str(compiled), "--lang", "en", "--format", "po"),):
        with pytest.raises(CommandError, match="compiled gettext catalog .*msgunfmt"):
            run(*command)
    assert not Document.objects.exists()


TEMPLATE = r"""# SOME DESCRIPTIVE TITLE.
# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\n"
"POT-Creation-Date: 2024-01-01 12:00+0000\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
"Language-Team: LANGUAGE <LL@li.org>\n"
"Language: \n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=CHARSET\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\n"

#: a.c:1
#, c-format
msgid "One file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""

#: a.c:2
msgid "Hello"
msgstr ""
"""


@pytest.mark.django_db
def test_a_template_translated_exports_as_msginit_would_start_it(tmp_path, languages):
    """xgettext's template header (fuzzy, charset=CHARSET, nplurals=INTEGER) is made the
    language's: msgfmt ignored the fuzzy header and warned of the charset."""
    template = tmp_path / "app.pot"
    template.write_text(TEMPLATE, encoding="ascii")
    document, _ = import_catalog(template)
    ru = language_for(SYSTEM, "ru")
    plural, hello = Unit.objects.filter(document=document).order_by("position")
    save_translation(SYSTEM, plural, ru, "%d файл", status=STATUS_TRANSLATED, base_version=0,
                     plurals=("%d файла", "%d файлов"))  # fmt: skip
    save_translation(SYSTEM, hello, ru, "Привет", status=STATUS_TRANSLATED, base_version=0)
    exported = tmp_path / "ru.po"
    exported.write_bytes(po_export(document, ru))
    text = exported.read_text(encoding="utf-8")
    head = text.split('msgid ""')[0]
    assert "#, fuzzy" not in head and "# SOME DESCRIPTIVE TITLE." in head
    assert "charset=UTF-8" in text and "CHARSET" not in text
    assert '"Language: ru\\n"' in text and "nplurals=3;" in text
    assert 'msgstr[2] "%d файлов"' in text
    check = gettext_ok("msgfmt", "--check", "-o", "/dev/null", str(exported))
    assert check.returncode == 0 and "CHARSET" not in check.stderr, check.stderr
    assert msgcmp(template, exported) == 0
