"""Offline round trip: export a PO file, edit it with outside tools, import it back."""

from __future__ import annotations

import re
import subprocess
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from workbench.formats.po import HEADER_EXPORTED_AT
from workbench.models import Revision, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document
from workbench.services.po_import import (
    CONFLICT_EDITED_ONLINE,
    CONFLICT_SOURCE_CHANGED,
    CONFLICT_UNIT_REMOVED,
    CONFLICT_UNKNOWN_UNIT,
    SKIP_EMPTY,
    PoImportError,
    import_po,
)
from workbench.services.source_updates import update_document_source
from workbench.services.translations import save_translation
from workbench.status import effective_status
from workbench.text.fingerprint import source_checksum
from workbench.text.markup import to_plain

PARAS = [
    "# Markets and the state",
    "The revolution of 1917 did not come from nowhere; it grew out of decades of agrarian "
    "crisis, war and the collapse of the old administration.",
    "Industrialisation required capital, and capital in a peasant country could only come "
    "from the countryside, which made the question of grain prices *central*.",
    "Foreign trade remained a state monopoly throughout the period.",
    "Historians still disagree about how far the leadership foresaw the consequences.",
    "Local soviets often had neither the staff nor the money to carry out the decrees.",
    "The army was demobilised in stages.",
    "Education spread quickly in the towns, less quickly in the villages.",
    "Prices in the private market rose sharply each winter.",
    "None of this was settled by the end of the decade.",
]
# German translations, long enough to be re-wrapped at 40 columns, with markup and quotes.
DE = {
    "u0001": "Märkte und der Staat",
    "u0002": "Die Revolution von 1917 kam nicht aus dem Nichts; sie erwuchs aus Jahrzehnten "
    "agrarischer Krise, aus Krieg und dem Zusammenbruch der alten Verwaltung.",
    "u0003": "Die Industrialisierung brauchte Kapital, und Kapital konnte in einem Bauernland "
    "nur vom Lande kommen, was die Frage der Getreidepreise <em>zentral</em> machte.",
    "u0004": "Der Außenhandel blieb während der ganzen Zeit ein „Staatsmonopol“.",
    "u0005": "Historiker sind sich bis heute uneinig, wie weit die Führung die Folgen voraussah.",
    "u0006": "Den örtlichen Sowjets fehlte oft das Personal und das Geld, um die Dekrete "
    "auszuführen.",
    "u0007": "Die Armee wurde schrittweise demobilisiert.",
    "u0008": "Die Bildung verbreitete sich schnell in den Städten, langsamer in den Dörfern.",
    "u0009": "Die Preise auf dem privaten Markt stiegen jeden Winter stark an.",
}


@pytest.fixture
def doc(languages):
    data = ("\n\n".join(PARAS) + "\n").encode()
    return import_document(
        SYSTEM, data, filename="markets.md", language_code="en", slug="markets"
    ).document


def seg(document, key) -> Unit:
    return Unit.objects.get(document=document, key=key)


def translation(document, key, language) -> Translation | None:
    return Translation.objects.filter(unit__document=document, unit__key=key,
                                      language=language).first()  # fmt: skip


def status(document, key, language) -> str:
    return effective_status(translation(document, key, language), seg(document, key).checksum)


def export(tmp_path: Path, slug="markets", lang="de", name="export.po") -> Path:
    path = tmp_path / name
    call_command("export_po", slug, "--lang", lang, "-o", str(path))
    return path


def run_import(path: Path, slug="markets", lang="de") -> str:
    out = StringIO()
    call_command("import_po", slug, str(path), "--lang", lang, stdout=out)
    return out.getvalue()


def gettext_tool(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def fill(path: Path, texts: dict[str, str], comments: dict[str, str] | None = None) -> None:
    """Edit the PO file as a translator's tool would (polib writes it back)."""
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt in texts:
            entry.msgstr = texts[entry.msgctxt]
        if comments and entry.msgctxt in comments:
            entry.tcomment = comments[entry.msgctxt]
    po.save(str(path))


def counts():
    return Translation.objects.count(), Revision.objects.count()


@pytest.fixture
def online(doc, reviewer, languages):
    """Before the export: u0002 approved, u0003 translated online."""
    de = languages["de"]
    save_translation(reviewer, seg(doc, "u0002"), de, DE["u0002"], status="approved",
                     base_version=None)  # fmt: skip
    save_translation(reviewer, seg(doc, "u0003"), de, "Alte Übersetzung mit <em>zentral</em>.",
                     base_version=None)  # fmt: skip
    return de


def test_round_trip_through_gnu_gettext(doc, online, tmp_path):
    de = online
    exported = export(tmp_path)
    # The translator fills in entries and changes one, with comments...
    texts = {k: v for k, v in DE.items() if k not in ("u0002", "u0009")}
    fill(exported, texts, comments={"u0004": "Checked with the glossary.", "u0007": "Short."})
    # ... marks two entries fuzzy with GNU gettext (the ones listed in a filter file)...
    only = polib.POFile()
    for entry in polib.pofile(str(exported)):
        if entry.msgctxt in ("u0005", "u0006"):
            only.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=""))
    only.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    only_path = tmp_path / "only.po"
    only.save(str(only_path))
    fuzzy = tmp_path / "fuzzy.po"
    gettext_tool("msgattrib", "--set-fuzzy", f"--only-file={only_path}", str(exported),
                 "-o", str(fuzzy))  # fmt: skip
    # ... and re-wraps at 40 columns and sorts (reorders) the entries.
    final = tmp_path / "final.po"
    gettext_tool("msgcat", "-w", "40", "--sort-output", str(fuzzy), "-o", str(final))
    content = final.read_text()
    entries = content.split("\n\n", 1)[1]  # after the header
    assert max(len(line) for line in entries.splitlines() if line.startswith('"')) <= 40
    assert content.index('msgctxt "u0009"') < content.index('msgctxt "u0002"')  # reordered
    assert "# Checked with the glossary." in content
    # (msgattrib marks the header fuzzy too, as editors sometimes do: that is accepted.)
    fuzzy_keys = {e.msgctxt for e in polib.pofile(str(final)) if "fuzzy" in e.flags}
    assert fuzzy_keys == {"u0005", "u0006"}

    output = run_import(final)

    assert "Imported: 7 (5 translated, 2 drafts)" in output
    assert "Unchanged: 1" in output  # u0002: same text, not fuzzy
    assert "Skipped: 2" in output  # u0009 and u0010 have no translation
    assert "Conflicts (kept as suggestions, not imported): 0" in output
    for key in ("u0001", "u0003", "u0004", "u0007", "u0008"):
        t = translation(doc, key, de)
        assert t.text == DE[key] and status(doc, key, de) == "translated"
        assert t.origin == "po" and t.source_checksum == seg(doc, key).checksum
    for key in ("u0005", "u0006"):
        assert translation(doc, key, de).text == DE[key] and status(doc, key, de) == "draft"
    assert status(doc, "u0002", de) == "approved"  # never touched, never downgraded
    assert status(doc, "u0009", de) == "untranslated"
    # The earlier online text of u0003 is still in its history, with the import on top.
    actions = list(
        Revision.objects.filter(translation__unit__key="u0003").values_list("action", "text")
    )
    assert actions[0] == (Revision.ACTION_IMPORT, DE["u0003"])
    assert actions[1][1] == "Alte Übersetzung mit <em>zentral</em>."
    assert translation(doc, "u0003", de).version == 2

    # Importing the same file again changes nothing.
    before = counts()
    output = run_import(final)
    assert "Imported: 0" in output and "Unchanged: 8" in output
    assert counts() == before


def test_fuzzy_flag_alone_changes_the_status(doc, online, tmp_path):
    de = online
    exported = export(tmp_path)
    po = polib.pofile(str(exported))
    po.find("u0003", by="msgctxt").flags.append("fuzzy")  # same text, now "needs work"
    po.save(str(exported))
    output = run_import(exported)
    assert "Imported: 1 (0 translated, 1 drafts)" in output
    assert status(doc, "u0003", de) == "draft"


def test_unfuzzying_an_outdated_entry_confirms_it_for_the_new_source(doc, online, tmp_path):
    de = online
    data = ("\n\n".join(PARAS) + "\n").replace("*central*", "*decisive*")
    update_document_source(SYSTEM, doc, data.encode(), filename="v2.md")
    assert status(doc, "u0003", de) == "outdated"
    exported = export(tmp_path)
    po = polib.pofile(str(exported))
    entry = po.find("u0003", by="msgctxt")
    assert "fuzzy" in entry.flags and entry.previous_msgid  # outdated: fuzzy, with #| msgid
    untouched = export(tmp_path, name="untouched.po").read_bytes()
    # Left as it is, the entry is unchanged: still outdated.
    assert import_po(SYSTEM, doc, de, untouched).unchanged == ["u0002", "u0003"]
    assert status(doc, "u0003", de) == "outdated"
    # The translator checks it against the new source and removes the fuzzy flag.
    entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    po.save(str(exported))
    summary = import_po(SYSTEM, doc, de, exported.read_bytes())
    assert [(e.key, e.status) for e in summary.imported] == [("u0003", "translated")]
    assert status(doc, "u0003", de) == "translated"


def test_regional_language_header_is_accepted(doc, online, tmp_path):
    exported = export(tmp_path)
    po = polib.pofile(str(exported))
    po.metadata["Language"] = "de_DE"  # Poedit fills in the translator's locale
    po.find("u0005", by="msgctxt").msgstr = DE["u0005"]
    po.save(str(exported))
    summary = import_po(SYSTEM, doc, online, exported.read_bytes())
    assert [e.key for e in summary.imported] == ["u0005"]


def test_online_edit_after_export_is_a_conflict_kept_as_suggestion(doc, online, reviewer,
                                                                   tmp_path):  # fmt: skip
    de = online
    exported = export(tmp_path)
    # After the export, a colleague changes u0003 online and translates u0004.
    save_translation(reviewer, seg(doc, "u0003"), de, "Neue Online-Fassung, <em>zentral</em>.",
                     base_version=None)  # fmt: skip
    save_translation(reviewer, seg(doc, "u0004"), de, "Online übersetzt.", base_version=None)
    fill(exported, {"u0003": DE["u0003"], "u0004": DE["u0004"], "u0005": DE["u0005"]})

    summary = import_po(SYSTEM, doc, de, exported.read_bytes())

    assert [(c.key, c.reason, c.kept_as_suggestion) for c in summary.conflicts] == [
        ("u0003", CONFLICT_EDITED_ONLINE, True),
        ("u0004", CONFLICT_EDITED_ONLINE, True),
    ]
    assert [e.key for e in summary.imported] == ["u0005"]
    # The online texts stay; the PO texts are suggestions in the history, not current.
    assert translation(doc, "u0003", de).text == "Neue Online-Fassung, <em>zentral</em>."
    assert translation(doc, "u0004", de).text == "Online übersetzt."
    for key in ("u0003", "u0004"):
        suggestion = Revision.objects.get(
            translation__unit__key=key, action=Revision.ACTION_SUGGESTION
        )
        assert suggestion.text == DE[key] and suggestion.origin == "po"
        assert suggestion.status == "translated"
        assert suggestion.source_checksum == seg(doc, key).checksum
    assert translation(doc, "u0005", de).text == DE["u0005"]
    lines = "\n".join(summary.lines())
    assert "conflict u0003" in lines and "changed online since the export" in lines


def test_source_change_after_export_is_a_conflict(doc, online, tmp_path):
    de = online
    exported = export(tmp_path)
    old_source = seg(doc, "u0004").source
    data = ("\n\n".join(PARAS) + "\n").replace("state monopoly", "state trading monopoly")
    # ... and u0009 is removed from the source.
    data = data.replace(PARAS[8] + "\n\n", "")
    update_document_source(SYSTEM, doc, data.encode(), filename="v2.md")
    fill(exported, {"u0004": DE["u0004"], "u0009": DE["u0009"], "u0007": DE["u0007"]})

    summary = import_po(SYSTEM, doc, de, exported.read_bytes())

    assert [(c.key, c.reason) for c in summary.conflicts] == [
        ("u0004", CONFLICT_SOURCE_CHANGED),
        ("u0009", CONFLICT_UNIT_REMOVED),
    ]
    assert [e.key for e in summary.imported] == ["u0007"]
    # No current text for them: the suggestion hangs on an empty ("untranslated") row.
    for key in ("u0004", "u0009"):
        assert status(doc, key, de) == "untranslated"
        suggestion = Revision.objects.get(
            translation__unit__key=key, action=Revision.ACTION_SUGGESTION
        )
        assert suggestion.text == DE[key]
    # The suggestion records the source the translator saw.
    assert Revision.objects.get(translation__unit__key="u0004").source_checksum == (
        source_checksum(old_source)
    )


def test_unknown_key_empty_and_obsolete_entries(doc, online, tmp_path):
    exported = export(tmp_path)
    po = polib.pofile(str(exported))
    po.find("u0005", by="msgctxt").msgstr = DE["u0005"]
    po.append(polib.POEntry(msgctxt="u9999", msgid="Invented.", msgstr="Erfunden."))
    po.append(polib.POEntry(msgctxt="u0088", msgid="Old.", msgstr="Alt.", obsolete=True))
    po.save(str(exported))
    summary = import_po(SYSTEM, doc, online, exported.read_bytes())
    assert [(c.key, c.reason, c.kept_as_suggestion) for c in summary.conflicts] == [
        ("u9999", CONFLICT_UNKNOWN_UNIT, False)
    ]
    assert {s.reason for s in summary.skipped} == {SKIP_EMPTY}
    assert summary.obsolete == 1 and [e.key for e in summary.imported] == ["u0005"]


def test_without_export_time_a_differing_online_text_is_a_conflict(doc, online, tmp_path):
    exported = export(tmp_path)
    po = polib.pofile(str(exported))
    del po.metadata[HEADER_EXPORTED_AT]
    po.metadata["POT-Creation-Date"] = "garbage"
    po.find("u0003", by="msgctxt").msgstr = DE["u0003"]
    po.find("u0005", by="msgctxt").msgstr = DE["u0005"]
    po.save(str(exported))
    summary = import_po(SYSTEM, doc, online, exported.read_bytes())
    assert [c.key for c in summary.conflicts] == ["u0003"]
    assert [e.key for e in summary.imported] == ["u0005"]


def test_an_unsigned_pot_creation_date_is_not_an_export_time(doc, online, reviewer, tmp_path):
    """POT-Creation-Date is the file's to edit, like any unsigned date: without the signed
    export time, an online text older than it is still a conflict (the safe side)."""
    de = online
    exported = export(tmp_path)
    Translation.objects.filter(unit__key="u0003").update(updated_at="2000-01-01T00:00:00Z")
    save_translation(reviewer, seg(doc, "u0004"), de, "Online übersetzt.", base_version=None)
    po = polib.pofile(str(exported))
    del po.metadata[HEADER_EXPORTED_AT]
    po.find("u0003", by="msgctxt").msgstr = DE["u0003"]
    po.find("u0004", by="msgctxt").msgstr = DE["u0004"]
    po.save(str(exported))
    summary = import_po(SYSTEM, doc, de, exported.read_bytes())
    assert [c.key for c in summary.conflicts] == ["u0003", "u0004"]
    assert not summary.imported and not summary.export_time_verified


def test_check_problems_are_reported_per_entry(doc, online, tmp_path):
    exported = export(tmp_path)
    po = polib.pofile(str(exported))
    po.find("u0002", by="msgctxt").msgstr = "Die Revolution kam nicht aus dem Nichts."  # no 1917
    po.save(str(exported))
    summary = import_po(SYSTEM, doc, online, exported.read_bytes())
    [entry] = summary.imported
    assert entry.key == "u0002" and entry.status == "translated"
    assert any("1917" in p and p.startswith("error") for p in entry.problems)
    assert any("check u0002" in line and "1917" in line for line in summary.lines())
    # A problem does not block the import (only approval).
    assert translation(doc, "u0002", online).text == "Die Revolution kam nicht aus dem Nichts."


# --- refused files: clear error, non-zero exit, nothing stored ---------------------------


def _refused(path: Path, match: str, lang: str = "de") -> None:
    before = counts()
    with pytest.raises(CommandError, match=match):
        run_import(path, lang=lang)
    assert counts() == before


def test_malformed_po_is_refused(doc, online, tmp_path):
    exported = export(tmp_path)
    fill(exported, {"u0005": DE["u0005"]})
    text = exported.read_text()
    assert 'msgctxt "u0005"' in text
    exported.write_text(text.replace('msgctxt "u0005"', 'msgctxt "u0005', 1))
    _refused(exported, "not properly quoted|malformed|Line")


def test_po_of_another_document_is_refused(doc, online, tmp_path, languages):
    import_document(SYSTEM,b"# Other\n\nSomething else entirely.\n", filename="o.md",
                    language_code="en", slug="other")  # fmt: skip
    other = export(tmp_path, slug="other")
    fill(other, {"u0002": "Etwas ganz anderes."})
    _refused(other, "belongs to the document other")
    # A file without our document header is refused too: we could not tell.
    po = polib.pofile(str(other))
    del po.metadata["X-Workbench-Document"]
    po.save(str(other))
    _refused(other, "not exported by the workbench")


def test_po_of_another_language_is_refused(doc, online, tmp_path):
    exported = export(tmp_path, lang="fr")
    fill(exported, {"u0005": "Les historiens."})
    _refused(exported, "into fr, not into de")


def test_wrong_charset_is_refused(doc, online, tmp_path):
    exported = export(tmp_path)
    fill(exported, {"u0004": DE["u0004"].replace("„", '"').replace("“", '"')})
    latin1 = tmp_path / "latin1.po"
    gettext_tool("msgconv", "--to-code=ISO-8859-1", str(exported), "-o", str(latin1))
    assert "Außenhandel".encode("latin-1") in latin1.read_bytes()
    _refused(latin1, "ISO-8859-1.*only UTF-8")


def test_empty_file_and_source_language_are_refused(doc, online, tmp_path):
    empty = tmp_path / "empty.po"
    empty.write_bytes(b"")
    _refused(empty, "empty")
    with pytest.raises(CommandError, match="source language"):
        run_import(export(tmp_path), lang="en")


# --- who may import ------------------------------------------------------------------------


def test_translator_of_another_language_is_refused(doc, online, translator, reviewer,
                                                   languages, tmp_path):  # fmt: skip
    exported = export(tmp_path, lang="fr")
    fill(exported, {"u0005": "Les historiens ne sont toujours pas d'accord."})
    data = exported.read_bytes()
    before = counts()
    with pytest.raises(PermissionDenied):
        import_po(translator, doc, languages["fr"], data)  # translator of de only
    assert counts() == before
    summary = import_po(reviewer, doc, languages["fr"], data)  # reviewer of fr
    assert [e.key for e in summary.imported] == ["u0005"]
    assert translation(doc, "u0005", languages["fr"]).author == reviewer


def test_command_user_option_checks_permission(doc, online, translator, tmp_path):
    exported = export(tmp_path, lang="fr")
    fill(exported, {"u0005": "Les historiens."})
    with pytest.raises(CommandError, match="not a member"):
        call_command("import_po", "markets", str(exported), "--lang", "fr", "--user",
                     "translator", stdout=StringIO())  # fmt: skip
    with pytest.raises(CommandError, match="No user"):
        call_command("import_po", "markets", str(exported), "--lang", "fr", "--user",
                     "nobody", stdout=StringIO())  # fmt: skip


def test_upload_page(doc, online, translator, outsider, client, tmp_path, languages):
    exported = export(tmp_path)
    fill(exported, {"u0005": DE["u0005"], "u0006": DE["u0006"]})
    data = exported.read_bytes()
    url = reverse("po_import", args=["markets", "de"])
    before = counts()
    assert client.post(url, {"file": SimpleUploadedFile("de.po", data)}).status_code == 302
    assert (
        login(Client(), outsider).post(url, {"file": SimpleUploadedFile("de.po", data)}).status_code
        == 403
    )
    fr_url = reverse("po_import", args=["markets", "fr"])
    assert (
        login(Client(), translator)
        .post(fr_url, {"file": SimpleUploadedFile("de.po", data)})
        .status_code
        == 403
    )
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(translator)
    assert strict.post(url, {"file": SimpleUploadedFile("de.po", data)}).status_code == 403
    assert counts() == before

    c = login(Client(), translator)
    page = c.get(url)
    assert page.status_code == 200 and b'type="file"' in page.content
    # A wrong file: the error on the page, nothing stored.
    bad = c.post(
        url,
        {
            "file": SimpleUploadedFile(
                "de.po",
                data.replace(b"X-Workbench-Document: markets", b"X-Workbench-Document: other"),
            )
        },
    )  # noqa: E501
    assert bad.status_code == 400 and "Nothing was imported" in bad.content.decode()
    assert counts() == before
    response = c.post(url, {"file": SimpleUploadedFile("de.po", data)})
    body = response.content.decode()
    assert response.status_code == 200 and "2 entries imported" in body
    assert translation(doc, "u0005", languages["de"]).author == translator
    # Linked from the document page.
    assert url in c.get(reverse("document", args=["markets"])).content.decode()


def test_summary_lines_name_every_skip_and_conflict(doc, online, reviewer, tmp_path):
    exported = export(tmp_path)
    save_translation(reviewer, seg(doc, "u0003"), online, "Online.", base_version=None)
    fill(exported, {"u0003": DE["u0003"]})
    output = run_import(exported)
    assert re.search(r"conflict u0003 \(line \d+\): the translation was changed online", output)
    assert re.search(r"skipped u0010 \(line \d+\): no translation in the file", output)


def test_a_failing_write_stores_nothing(doc, online, tmp_path, monkeypatch):
    exported = export(tmp_path)
    fill(exported, {"u0004": DE["u0004"], "u0005": DE["u0005"]})
    before = counts()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Revision.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        import_po(SYSTEM, doc, online, exported.read_bytes())
    assert counts() == before
    assert status(doc, "u0004", online) == "untranslated"


def test_bad_input_raises_the_service_error(doc, online):
    with pytest.raises(PoImportError):
        import_po(SYSTEM, doc, online, b'msgid "x\nmsgstr\n')


# --- the signed export time -------------------------------------------------------------


def _edited_online_after_export(doc, de, reviewer, tmp_path) -> Path:
    """An export, then an online edit of u0003, then the file's u0003 changed offline."""
    exported = export(tmp_path)
    save_translation(reviewer, seg(doc, "u0003"), de, "Online geändert.", base_version=None)
    fill(exported, {"u0003": DE["u0003"], "u0005": DE["u0005"]})
    return exported


def test_a_genuine_export_round_trips_with_its_signed_time(doc, online, reviewer, tmp_path):
    from workbench.formats.po import HEADER_SIGNATURE

    exported = export(tmp_path)
    assert polib.pofile(str(exported)).metadata[HEADER_SIGNATURE]
    # Translated online before the export: the file's newer text is imported.
    fill(exported, {"u0003": DE["u0003"], "u0005": DE["u0005"]})
    summary = import_po(reviewer, doc, online, exported.read_bytes())
    assert [e.key for e in summary.imported] == ["u0003", "u0005"]
    assert summary.export_time_verified and not summary.conflicts


def test_a_forged_export_date_is_not_trusted(doc, online, reviewer, tmp_path):
    """Re-dating the file into the future would make every online edit look older than the
    export; the signature no longer matches, so the online text is kept."""
    exported = _edited_online_after_export(doc, online, reviewer, tmp_path)
    po = polib.pofile(str(exported))
    po.metadata[HEADER_EXPORTED_AT] = "2999-01-01T00:00:00.000000+00:00"
    po.save(str(exported))
    summary = import_po(reviewer, doc, online, exported.read_bytes())
    assert [(c.key, c.reason) for c in summary.conflicts] == [("u0003", CONFLICT_EDITED_ONLINE)]
    assert translation(doc, "u0003", online).text == "Online geändert."
    assert not summary.export_time_verified
    assert any("could not be verified" in line for line in summary.lines())


@pytest.mark.parametrize("signature", [None, "", "0" * 64, "forged"])
def test_a_missing_or_invalid_signature_takes_the_safe_path(
    doc, online, reviewer, tmp_path, signature
):
    from workbench.formats.po import HEADER_SIGNATURE

    exported = export(tmp_path)
    # Changed online long before the export: with a trusted time the file would win.
    Translation.objects.filter(unit__key="u0003").update(updated_at="2000-01-01T00:00:00Z")
    fill(exported, {"u0003": DE["u0003"]})
    po = polib.pofile(str(exported))
    if signature is None:
        del po.metadata[HEADER_SIGNATURE]
    else:
        po.metadata[HEADER_SIGNATURE] = signature
    po.save(str(exported))
    summary = import_po(reviewer, doc, online, exported.read_bytes())
    assert [c.key for c in summary.conflicts] == ["u0003"]
    assert translation(doc, "u0003", online).text != DE["u0003"]


def test_a_signature_of_another_document_or_language_is_invalid(doc, online, reviewer, tmp_path):
    from workbench import export_signature
    from workbench.formats.po import HEADER_SIGNATURE

    exported = _edited_online_after_export(doc, online, reviewer, tmp_path)
    po = polib.pofile(str(exported))
    future = "2999-01-01T00:00:00.000000+00:00"
    po.metadata[HEADER_EXPORTED_AT] = future
    po.metadata[HEADER_SIGNATURE] = export_signature.sign("other", "de", future)
    po.save(str(exported))
    summary = import_po(reviewer, doc, online, exported.read_bytes())
    assert [c.key for c in summary.conflicts] == ["u0003"]


def test_the_import_page_says_the_export_time_is_unverified(
    client, doc, online, reviewer, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile as Upload

    exported = _edited_online_after_export(doc, online, reviewer, tmp_path)
    po = polib.pofile(str(exported))
    po.metadata[HEADER_EXPORTED_AT] = "2999-01-01T00:00:00.000000+00:00"
    po.save(str(exported))
    login(client, reviewer)
    response = client.post(
        reverse("po_import", args=[doc.slug, "de"]),
        {"file": Upload("de.po", exported.read_bytes())},
    )
    assert "could not be verified" in response.content.decode()


def test_angle_brackets_typed_offline_are_kept_as_text(doc, languages, tmp_path):
    """An offline tool knows no markup: "<Ctrl>" or ":term:`x <x>`" in a msgstr is text. It
    was dropped as an unknown tag before; real inline tags stay markup."""
    path = export(tmp_path)
    typed = {
        "u0004": "Drücke <Ctrl>, siehe :term:`veränderlich <mutable>` und <https://example.org>.",
        "u0005": "Wenn a < b, dann <em>nicht</em> b > a.",
    }
    fill(path, typed)
    run_import(path)
    de = languages["de"]
    assert to_plain(translation(doc, "u0004", de).text) == typed["u0004"]
    stored = translation(doc, "u0005", de).text
    assert stored == "Wenn a &lt; b, dann <em>nicht</em> b &gt; a."
    assert to_plain(stored) == "Wenn a < b, dann nicht b > a."


def test_history_shows_a_po_suggestion_as_a_suggestion_and_it_can_be_adopted(
    doc, online, reviewer, tmp_path, client
):
    from workbench.services.history import restore_revision

    de = online
    exported = export(tmp_path)
    save_translation(reviewer, seg(doc, "u0003"), de, "Neue Online-Fassung.", base_version=None)
    fill(exported, {"u0003": DE["u0003"]})
    import_po(SYSTEM, doc, de, exported.read_bytes())

    client.force_login(reviewer)
    url = reverse("unit_history", args=["markets", "de", "u0003"])
    html = client.get(url).content.decode()
    suggestion = Revision.objects.get(translation__unit__key="u0003", action="suggestion")
    online_rev = Revision.objects.filter(translation__unit__key="u0003", action="save").first()
    # The suggestion is marked as such, with "use this"; "current" is the online revision,
    # which offers no Restore of itself.
    item = html.split(f'id="rev-{suggestion.pk}"')[1].split("</li>")[0]
    assert "suggestion, not adopted" in item and "current" not in item
    assert f'data-revision="{suggestion.pk}">Use this suggestion' in item
    current = html.split(f'id="rev-{online_rev.pk}"')[1].split("</li>")[0]
    assert "<strong>current</strong>" in current and "restore" not in current

    now = translation(doc, "u0003", de)
    restore_revision(reviewer, seg(doc, "u0003"), de, suggestion.pk, base_version=now.version)
    assert translation(doc, "u0003", de).text == DE["u0003"]
    assert Revision.objects.filter(translation__unit__key="u0003").first().action == "restore"
