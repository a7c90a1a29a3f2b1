"""XLIFF round trip through the database: export, translate as a CAT tool does (targets
written into the file with the source's inline codes), import back with the PO import's
conflict rules; commands, pages and permissions."""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from lxml import etree
from translate.storage import xliff as tt_xliff

from tests.conftest import login
from workbench.formats.xliff import NS_12, NS_20
from workbench.models import Revision, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document
from workbench.services.po_import import CONFLICT_EDITED_ONLINE, CONFLICT_SOURCE_CHANGED
from workbench.services.source_updates import update_document_source
from workbench.services.translations import save_translation
from workbench.services.xliff_import import XliffImportError, import_xliff
from workbench.status import effective_status

PARAS = [
    "# Markets and the state",
    "Capital could only come from the countryside, which made grain prices *central*.",
    "Foreign trade remained a state monopoly.",
    "Press <Ctrl> and see [the archive](https://example.org/a?b=1&c=2) & notes.",
    "The army was demobilised in stages.",
]
VERSIONS = ["1.2", "2.0"]


@pytest.fixture
def doc(languages):
    data = ("\n\n".join(PARAS) + "\n").encode()
    return import_document(
        SYSTEM, data, filename="markets.md", language_code="en", slug="markets"
    ).document


def unit(document, key) -> Unit:
    return Unit.objects.get(document=document, key=key)


def row(document, key, language) -> Translation | None:
    return Translation.objects.filter(unit__document=document, unit__key=key,
                                      language=language).first()  # fmt: skip


def export(tmp_path: Path, version: str, lang="de") -> Path:
    path = tmp_path / f"export-{version}.xlf"
    call_command("export_xliff", "markets", "--lang", lang, "--xliff-version", version,
                 "-o", str(path))  # fmt: skip
    return path


def translate(path: Path, texts: dict[str, tuple[dict[str, str], str]]) -> None:
    """Fill targets as a CAT tool does: the source's inline codes copied into the target,
    its text pieces replaced (`{old: new}`), and a state set."""
    root = etree.parse(str(path)).getroot()
    version = root.get("version")
    ns = NS_12 if version == "1.2" else NS_20
    for key, (replacements, state) in texts.items():
        if version == "1.2":
            holder = root.find(f".//{{{ns}}}trans-unit[@id='{key}']")
            segment = holder
        else:
            holder = root.find(f".//{{{ns}}}unit[@id='{key}']")
            segment = holder.find(f"{{{ns}}}segment")
        source = segment.find(f"{{{ns}}}source")
        old = segment.find(f"{{{ns}}}target")
        if old is not None:
            segment.remove(old)
        target = copy.deepcopy(source)
        target.tag = f"{{{ns}}}target"
        for element in target.iter():
            for old_text, new_text in replacements.items():
                if element.text:
                    element.text = element.text.replace(old_text, new_text)
                if element.tail and element is not target:
                    element.tail = element.tail.replace(old_text, new_text)
        source.addnext(target)
        if version == "1.2":
            target.set("state", state)
            holder.attrib.pop("approved", None)
        else:
            segment.set("state", state)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def run_import(path: Path, lang="de") -> str:
    out = StringIO()
    call_command("import_xliff", "markets", str(path), "--lang", lang, stdout=out)
    return out.getvalue()


DRAFT = {"1.2": "needs-review-translation", "2.0": "initial"}
DONE = {"1.2": "translated", "2.0": "translated"}


@pytest.mark.parametrize("version", VERSIONS)
def test_round_trip_keeps_markup_and_maps_states(doc, languages, tmp_path, version):
    de = languages["de"]
    path = export(tmp_path, version)
    translate(
        path,
        {
            "u0001": ({"Markets and the state": "Märkte und der Staat"}, DONE[version]),
            "u0002": (
                {
                    "Capital could only come from the countryside, which made grain prices ": (
                        "Kapital kam nur vom Lande, was die Getreidepreise "
                    ),
                    "central": "zentral",
                    ".": " machte.",
                },
                DRAFT[version],
            ),  # fmt: skip
            "u0004": (
                {"Press": "Drücke", "the archive": "das Archiv", "notes": "Notizen"},
                DONE[version],
            ),  # fmt: skip
        },
    )
    out = run_import(path)
    assert "Imported: 3 (2 translated, 1 drafts)" in out
    assert row(doc, "u0001", de).text == "Märkte und der Staat"
    assert row(doc, "u0001", de).status == "translated"
    assert row(doc, "u0002", de).text == (
        "Kapital kam nur vom Lande, was die Getreidepreise <em>zentral</em> machte."
    )
    assert row(doc, "u0002", de).status == "draft"
    # The link's target and the angle brackets typed as text come back exactly.
    assert row(doc, "u0004", de).text == (
        'Drücke &lt;Ctrl&gt; and see <a href="https://example.org/a?b=1&amp;c=2">das Archiv</a>'
        " &amp; Notizen."
    )
    # Exported again: the states are the workbench's, the import of the same file unchanged.
    again = export(tmp_path, version)
    assert "Unchanged: 3" in run_import(again)


def test_translate_toolkit_edit_comes_back(doc, languages, tmp_path):
    # Edited with translate-toolkit's own XLIFF store (as Pootle/Weblate-like tools do).
    path = export(tmp_path, "1.2")
    store = tt_xliff.xlifffile.parsestring(path.read_bytes())
    for tt_unit in store.units:
        if tt_unit.getid().endswith("u0003"):
            tt_unit.target = "Der Außenhandel blieb ein Staatsmonopol <1 & 2>."
            tt_unit.markfuzzy(False)
    path.write_bytes(bytes(store))
    run_import(path)
    translation = row(doc, "u0003", languages["de"])
    assert translation.text == "Der Außenhandel blieb ein Staatsmonopol &lt;1 &amp; 2&gt;."
    assert effective_status(translation, unit(doc, "u0003").checksum) == "translated"


@pytest.mark.parametrize("version", VERSIONS)
def test_online_edit_and_source_change_are_conflicts(doc, languages, reviewer, tmp_path, version):
    de = languages["de"]
    save_translation(reviewer, unit(doc, "u0003"), de, "Alt.", base_version=None)
    path = export(tmp_path, version)
    save_translation(reviewer, unit(doc, "u0003"), de, "Neu online.", base_version=None)
    translate(
        path,
        {
            "u0003": (
                {"Foreign trade remained a state monopoly.": "Aus der Datei."},
                DONE[version],
            ),  # fmt: skip
            "u0005": ({"The army was demobilised in stages.": "Die Armee."}, DONE[version]),
        },
    )
    changed = list(PARAS)
    changed[4] = "The army was demobilised in three stages."
    update_document_source(SYSTEM, doc, ("\n\n".join(changed) + "\n").encode(), filename="m.md")
    summary = import_xliff(SYSTEM, doc, de, path.read_bytes())
    assert summary.export_time_verified
    assert sorted((c.key, c.reason) for c in summary.conflicts) == [
        ("u0003", CONFLICT_EDITED_ONLINE),
        ("u0005", CONFLICT_SOURCE_CHANGED),
    ]
    assert row(doc, "u0003", de).text == "Neu online."
    suggestion = Revision.objects.get(
        translation__unit__key="u0003", action=Revision.ACTION_SUGGESTION
    )
    assert suggestion.text == "Aus der Datei."
    assert "XLIFF import" in suggestion.comment


def test_a_forged_export_time_is_not_trusted(doc, languages, reviewer, tmp_path):
    de = languages["de"]
    save_translation(reviewer, unit(doc, "u0003"), de, "Online.", base_version=None)
    path = export(tmp_path, "1.2")
    translate(path, {"u0003": ({"Foreign": "Fremder"}, "translated")})
    data = path.read_bytes().replace(b'wb:exported-at="20', b'wb:exported-at="29')
    summary = import_xliff(SYSTEM, doc, de, data)
    assert not summary.export_time_verified
    assert [c.reason for c in summary.conflicts] == [CONFLICT_EDITED_ONLINE]
    assert row(doc, "u0003", de).text == "Online."


def test_wrong_files_are_refused_and_nothing_is_stored(doc, languages, tmp_path):
    de = languages["de"]
    path = export(tmp_path, "2.0")
    translate(path, {"u0005": ({"The army": "Die Armee"}, "translated")})
    data = path.read_bytes()
    before = Translation.objects.count(), Revision.objects.count()
    cases = {
        b"<html><body><p>no</p></body></html>": "not an XLIFF",
        data.replace(b'original="markets"', b'original="other"'): "document other",
        data.replace(b'trgLang="de"', b'trgLang="fr"'): "into fr",
        b"\x89PNG\r\n\x1a\n\x00\x00": "well-formed",
    }
    for bad, message in cases.items():
        with pytest.raises(XliffImportError, match=message):
            import_xliff(SYSTEM, doc, de, bad)
    with pytest.raises(XliffImportError, match="source language"):
        import_xliff(SYSTEM, doc, languages["en"], data)
    bad_path = tmp_path / "bad.xlf"
    bad_path.write_bytes(b"<xliff/>")
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(bad_path)
    assert (Translation.objects.count(), Revision.objects.count()) == before


def test_permissions_pages_and_links(doc, languages, translator, outsider, client, tmp_path):
    path = export(tmp_path, "1.2")
    translate(path, {"u0005": ({"The army was demobilised in stages.": "Die Armee."},
                               "translated")})  # fmt: skip
    data = path.read_bytes()
    with pytest.raises(PermissionDenied):
        import_xliff(translator, doc, languages["fr"], data)  # translator of de only
    url = reverse("xliff_import", args=["markets", "de"])
    upload = {"file": SimpleUploadedFile("de.xlf", data)}
    assert login(Client(), outsider).post(url, upload).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(translator)
    assert strict.post(url, {"file": SimpleUploadedFile("de.xlf", data)}).status_code == 403
    assert row(doc, "u0005", languages["de"]) is None

    c = login(Client(), translator)
    bad = c.post(url, {"file": SimpleUploadedFile("de.xlf", b"<xliff/>")})
    assert bad.status_code == 400 and "Nothing was imported" in bad.content.decode()
    response = c.post(url, {"file": SimpleUploadedFile("de.xlf", data)})
    assert response.status_code == 200 and "1 entry imported" in response.content.decode()
    assert row(doc, "u0005", languages["de"]).author == translator

    download = c.get(reverse("export_xliff", args=["markets", "de"]) + "?version=2.0")
    assert download.status_code == 200
    assert etree.fromstring(download.content).get("version") == "2.0"
    assert c.get(reverse("export_xliff", args=["markets", "de"]) + "?version=9").status_code == 400
    page = c.get(reverse("document", args=["markets"])).content.decode()
    assert url in page and reverse("export_xliff", args=["markets", "de"]) in page


@pytest.mark.parametrize(
    ("namespace", "version"),
    [("urn:oasis:names:tc:xliff:document:1.1", "1.1"), (None, "1.0")],
    ids=["1.1", "1.0-without-namespace"],
)
def test_older_xliff_1x_files_are_read_like_1_2(doc, languages, tmp_path, namespace, version):
    """translate-toolkit's po2xliff writes XLIFF 1.1, and 1.0 had no namespace: the elements
    are 1.2's. Such a file was refused as 'not an XLIFF 1.2 or 2.0 file'."""
    path = export(tmp_path, "1.2")
    translate(path, {"u0003": ({"Foreign trade": "Der Außenhandel"}, DONE["1.2"])})
    text = path.read_text(encoding="utf-8").replace('version="1.2"', f'version="{version}"')
    if namespace:
        text = text.replace(NS_12, namespace)
    else:
        text = text.replace(f' xmlns="{NS_12}"', "")
    older = tmp_path / f"older-{version}.xlf"
    older.write_text(text, encoding="utf-8")
    assert "Imported: 1 (1 translated" in run_import(older)
    assert row(doc, "u0003", languages["de"]).text.startswith("Der Außenhandel")
