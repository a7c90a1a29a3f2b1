"""TMX through the command line and the web: export_tmx, import_tmx (round trip, TMX 1.4
structure, refusals that store nothing) and the download and upload pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from tests.formats.test_tmx import assert_valid_tmx
from workbench.formats.tmx import XML_LANG, TmxPair, export_tmx, read_tmx
from workbench.models import MemoryEntry, MemoryKey, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.selectors.memory import suggestions
from workbench.services import memory_store
from workbench.services.documents import import_document
from workbench.services.translations import save_translation

from .conftest import login

FNREF = '<sup class="fnref">1</sup>'
UNITS = [
    ("The theory of *permanent revolution*.[^1]", f"Die <em>permanente Revolution</em>.{FNREF}"),
    ("Workers of the world, unite!", "Proletarier aller Länder, vereinigt euch!"),
    ("An untranslated paragraph.", None),
    ("A draft paragraph.", "Ein Entwurf."),
]  # fmt: skip


@pytest.fixture(autouse=True)
def trigram_indexes(db):
    memory_store.ensure_trigram_indexes(connection)


@pytest.fixture
def translated(admin_user, languages):
    """A document with two units translated into German (one approved), one draft."""
    data = "\n\n".join(source for source, _ in UNITS) + "\n\n[^1]: Trotsky, 1930.\n"
    doc = import_document(
        SYSTEM, data.encode(), filename="t.md", language_code="en", slug="perm"
    ).document
    units = list(Unit.objects.filter(document=doc).order_by("position"))
    for (_source, target), unit, status in zip(
        UNITS, units, ["approved", "translated", None, "draft"], strict=False
    ):
        if target:
            save_translation(
                admin_user, unit, languages["de"], target, status=status, base_version=None
            )
    return doc


def run(*args) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), exc.returncode
    return out.getvalue(), err.getvalue(), 0


def test_export_a_document_as_valid_tmx(translated):
    out, _err, code = run("export_tmx", "perm", "--lang", "de")
    assert code == 0
    root = assert_valid_tmx(out.encode())
    assert root.find("header").get("srclang") == "en"
    tus = root.findall("body/tu")
    # The translated and the approved unit; not the draft, not the untranslated one.
    assert [tu.get("tuid") for tu in tus] == ["perm:u0001", "perm:u0002"]
    first = tus[0]
    assert [tuv.get(XML_LANG) for tuv in first.findall("tuv")] == ["en", "de"]
    props = {p.get("type"): p.text for p in first.findall("prop")}
    assert props["x-status"] == "approved" and props["x-key"] == "u0001"
    # Inline markup travels as native code: an emphasis pair and a footnote placeholder.
    seg = first.findall("tuv")[1].find("seg")
    assert [child.tag for child in seg] == ["bpt", "ept", "ph"]
    assert seg.find("ph").get("type") == "fnote"


def test_export_to_a_file_and_the_whole_memory(translated, tmp_path, admin_user, languages):
    target = tmp_path / "perm.tmx"
    out, _err, code = run("export_tmx", "perm", "--lang", "de", "-o", str(target))
    assert code == 0 and out == ""
    assert len(read_tmx(target.read_bytes())) == 2
    # A second document in the memory: the whole-memory export has all pairs.
    other = import_document(
        SYSTEM,
        b"A second document.", filename="o.txt", language_code="en", slug="other",
    ).document  # fmt: skip
    save_translation(
        admin_user, Unit.objects.get(document=other), languages["de"], "Ein zweites.",
        base_version=None,
    )  # fmt: skip
    for args in (("--all", "--lang", "de"), ("--all", "--lang", "de", "--source", "en")):
        out, _err, code = run("export_tmx", *args)
        assert code == 0
        assert_valid_tmx(out.encode())
        pairs = read_tmx(out.encode())
        assert {u.document for u in pairs} == {"perm", "other"} and len(pairs) == 3
    out, _err, code = run("export_tmx", "--lang", "de")  # no SLUG: the whole memory too
    assert code == 0 and len(read_tmx(out.encode())) == 3


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("nope", "--lang", "de"), "No document"),
        (("perm", "--lang", "en"), "source language"),
        (("perm", "--lang", "xx"), "Unknown language"),
        (("perm", "--all", "--lang", "de"), "not both"),
        (("perm", "--lang", "de", "--source", "en"), "--source goes with --all"),
        (("--all", "--lang", "fr"), "no pairs into 'fr'"),
        (("--all", "--lang", "de", "--source", "de"), "the same"),
    ],
)
def test_export_refusals(translated, args, fragment):
    out, err, code = run("export_tmx", *args)
    assert code != 0 and fragment in err and out == ""


def test_round_trip_through_the_commands(translated, tmp_path, languages):
    path = tmp_path / "perm.de.tmx"
    run("export_tmx", "perm", "--lang", "de", "-o", str(path))
    before = {(e.source, e.target) for e in MemoryEntry.objects.all()}
    # Importing what the memory has already adds nothing.
    out, _err, code = run("import_tmx", str(path))
    assert code == 0 and "Imported 0 pairs" in out and "2 already" in out
    # Without the document's translations, the file brings the same pairs back, free-standing.
    Translation.objects.all().delete()
    assert not MemoryEntry.objects.exists()
    out, _err, code = run("import_tmx", str(path))
    assert code == 0 and "Imported 2 pairs" in out
    entries = list(MemoryEntry.objects.all())
    assert {(e.source, e.target) for e in entries} == before
    assert all(e.translation_id is None and e.origin == "tmx" for e in entries)
    assert {e.origin_name for e in entries} == {"perm.de.tmx"}
    assert MemoryKey.objects.filter(entry__in=entries).exists()
    # And they are suggestions for a new document.
    found = suggestions("Workers of the world, unite!", languages["en"].pk, languages["de"].pk)
    assert [m.entry.target for m in found.exact] == ["Proletarier aller Länder, vereinigt euch!"]
    # The re-exported memory equals the file's pairs.
    out, _err, _code = run("export_tmx", "--all", "--lang", "de")
    assert {(u.source, u.target) for u in read_tmx(out.encode())} == before


def _tmx(pairs: list[TmxPair]) -> bytes:
    return export_tmx(pairs, source_language="en")


def test_import_reads_languages_from_xml_lang(tmp_path, languages):
    pairs = [
        TmxPair("Capital", "Das Kapital", "en-US", "de-DE"),
        TmxPair("The state and revolution", "L'État et la révolution", "EN", "fr"),
        TmxPair("Permanent revolution", "Permanentnaja revoljucija", "en", "ru"),
        TmxPair("Empty target", "", "en", "de"),
    ]
    path = tmp_path / "mixed.tmx"
    path.write_bytes(_tmx(pairs))
    out, err, code = run("import_tmx", str(path))
    assert code == 0 and "Imported 2 pairs" in out
    assert "unknown language ru" in err and "Read de-DE as de." in err
    assert "empty side" in err
    pairs = set(
        MemoryEntry.objects.values_list("source_language__code", "target_language__code", "target")
    )
    assert pairs == {("en", "de", "Das Kapital"), ("en", "fr", "L'État et la révolution")}


def test_reimporting_a_file_with_unknown_languages_is_a_success(tmp_path, languages):
    path = tmp_path / "mixed.tmx"
    pairs = [
        TmxPair("Capital", "Das Kapital", "en", "de"),
        TmxPair("Permanent revolution", "Permanentnaja revoljucija", "en", "ru"),
    ]
    path.write_bytes(_tmx(pairs))
    out, err, code = run("import_tmx", str(path))
    assert code == 0 and "(1 new)" in out
    out, err, code = run("import_tmx", str(path))
    assert code == 0 and "(0 new)" in out and "1 already in the memory, 1 skipped" in out
    assert "unknown language ru" in err
    assert MemoryEntry.objects.count() == 1


def test_import_of_only_unknown_languages_fails_and_stores_nothing(tmp_path, languages):
    path = tmp_path / "ru.tmx"
    path.write_bytes(_tmx([TmxPair("Permanent revolution", "Permanentnaja", "en", "ru")]))
    out, err, code = run("import_tmx", str(path))
    assert code != 0 and "unknown language ru" in err and "No pair could be imported" in err
    assert not MemoryEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"<tmx version='1.4'><header/><body><tu>", "not well-formed"),
        (b"<html><body/></html>", "not a TMX file"),
        (
            b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg>'
            b"</tuv><tuv><seg>b</seg></tuv></tu></body></tmx>",
            "no xml:lang",
        ),
        (b'<tmx version="1.4"><header srclang="en"/><body/></tmx>', "no translation pairs"),
    ],
)
def test_malformed_files_store_nothing(tmp_path, languages, data, fragment):
    path = tmp_path / "bad.tmx"
    path.write_bytes(data)
    out, err, code = run("import_tmx", str(path))
    assert code != 0 and fragment in err and out == ""
    assert not MemoryEntry.objects.exists()


def test_a_file_broken_at_the_end_stores_nothing(tmp_path, languages):
    pairs = [TmxPair(f"Sentence number {i}.", f"Satz Nummer {i}.", "en", "de") for i in range(50)]
    good = _tmx(pairs)
    path = tmp_path / "truncated.tmx"
    path.write_bytes(good[: len(good) - 20])  # the first 49 units are fine
    _out, err, code = run("import_tmx", str(path))
    assert code != 0 and "Nothing was imported" in err
    assert not MemoryEntry.objects.exists()


def test_import_missing_file(languages):
    _out, err, code = run("import_tmx", "/nonexistent/file.tmx")
    assert code != 0 and "No such file" in err


def test_import_as_a_user_only_into_reviewed_languages(tmp_path, reviewer, translator):
    path = tmp_path / "two.tmx"
    de, es = (
        TmxPair("Capital", "Das Kapital", "en", "de"),
        TmxPair("Capital", "El capital", "en", "es"),
    )
    path.write_bytes(_tmx([de, es]))
    out, err, code = run("import_tmx", str(path), "--user", "reviewer")  # reviews de and fr
    assert code == 0 and "Imported 1 pairs" in out and "not a reviewer" in err
    assert list(MemoryEntry.objects.values_list("target", flat=True)) == ["Das Kapital"]
    _out, err, code = run("import_tmx", str(path), "--user", "translator")
    assert code != 0 and "not a reviewer" in err
    _out, err, code = run("import_tmx", str(path), "--user", "nobody")
    assert code != 0 and "No user" in err


# --- the web -------------------------------------------------------------------------------------


def test_document_page_offers_tmx_and_prefill(client, translated, translator):
    page = client.get(reverse("document", args=["perm"])).content.decode()
    url = reverse("export_tmx", args=["perm", "de"])
    assert f'href="{url}"' in page and reverse("prefill_memory", args=["perm", "de"]) not in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="perm.de.tmx"'
    assert_valid_tmx(response.content)
    assert len(read_tmx(response.content)) == 2
    login(client, translator)
    page = client.get(reverse("document", args=["perm"])).content.decode()
    assert reverse("prefill_memory", args=["perm", "de"]) in page
    assert client.get(reverse("export_tmx", args=["perm", "en"])).status_code == 404


def test_memory_page_downloads_a_language_pair(client, translated):
    response = client.get(reverse("memory_export"), {"source": "en", "target": "de"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="memory.en-de.tmx"'
    assert len(read_tmx(response.content)) == 2
    assert client.get(reverse("memory_export"), {"source": "en"}).status_code == 400


def test_upload_needs_a_reviewer_and_stores_nothing_from_a_bad_file(
    client, reviewer, translator, languages
):
    url = reverse("memory_import")
    good = _tmx([TmxPair("Capital", "Das Kapital", "en", "de")])

    def upload(data: bytes, name: str = "mem.tmx"):
        return client.post(url, {"file": SimpleUploadedFile(name, data)})

    assert upload(good).status_code == 302  # anonymous: to the login page
    login(client, translator)
    assert upload(good).status_code == 403
    assert "Import a TMX file" not in client.get(reverse("memory")).content.decode()
    assert not MemoryEntry.objects.exists()
    login(client, reviewer)
    assert "Import a TMX file" in client.get(reverse("memory")).content.decode()
    response = upload(b"<tmx version='1.4'><header/><body><tu>")
    assert response.status_code == 400 and "not well-formed" in response.content.decode()
    assert not MemoryEntry.objects.exists()
    response = upload(good)
    assert response.status_code == 302 and response["Location"] == reverse("memory")
    entry = MemoryEntry.objects.get()
    assert (entry.target, entry.origin_name, entry.origin) == ("Das Kapital", "mem.tmx", "tmx")
    page = client.get(reverse("memory")).content.decode()
    assert "Imported 1 pairs" in page
    assert client.get(url).status_code == 405


def test_imported_markup_is_sanitised(tmp_path, languages):
    data = _tmx([TmxPair('Click <a href="javascript:alert(1)">here</a>', "Hier <b>klicken</b>",
                         "en", "de")])  # fmt: skip
    path = tmp_path / "x.tmx"
    path.write_bytes(data)
    run("import_tmx", str(path))
    entry = MemoryEntry.objects.get()
    assert entry.source == "Click here" and entry.target == "Hier <strong>klicken</strong>"
