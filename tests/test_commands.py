"""The command-line contract of docs/architecture.md: import_document, export_po, export_html."""

import io
import subprocess

import pytest
from django.core.management import CommandError, call_command
from lxml import html as lxml_html

from workbench.models import Document, Unit
from workbench.services.translations import save_translation

from .conftest import FIXTURES, SAMPLE_MD


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_document_prints_the_slug_last(languages):
    out = run("import_document", str(SAMPLE_MD), "--lang", "en", "--slug", "chapter")
    assert out.strip().splitlines()[-1] == "chapter"
    assert Document.objects.get(slug="chapter").units.count() == 14


def test_import_document_without_slug_makes_one(languages):
    out = run(
        "import_document",
        str(FIXTURES / "foundations-socialism-in-one-country.txt"),
        "--lang",
        "en",
    )
    slug = out.strip().splitlines()[-1]
    assert Document.objects.filter(slug=slug).exists()


@pytest.mark.parametrize(
    "args",
    [
        ["/nonexistent/file.txt", "--lang", "en"],
        [str(SAMPLE_MD), "--lang", "xx"],
    ],
)
def test_import_document_errors(languages, args):
    with pytest.raises(CommandError):
        run("import_document", *args)
    assert Document.objects.count() == 0


def test_import_document_bad_utf8(languages, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("caf\xe9 au lait".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        run("import_document", str(bad), "--lang", "en")
    assert Document.objects.count() == 0


def _translate_some(document, user, language):
    for i, seg in enumerate(Unit.objects.filter(document=document).order_by("position")[:5]):
        save_translation(
            user,
            seg,
            language,
            f"Übersetzung {i} „mit“ Zeichen",
            base_version=0,
            status="draft" if i == 2 else "translated",
        )


def test_export_po_passes_msgfmt(sample_document, translator, languages, tmp_path):
    _translate_some(sample_document, translator, languages["de"])
    target = tmp_path / "out.po"
    run("export_po", "sample", "--lang", "de", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert 'msgctxt "u0001"' in text
    assert "#, fuzzy" in text
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(target)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_export_po_to_stdout(sample_document):
    out = run("export_po", "sample", "--lang", "fr")
    assert "Language: fr" in out


def test_export_errors(sample_document):
    with pytest.raises(CommandError):
        run("export_po", "nope", "--lang", "de")
    with pytest.raises(CommandError):
        run("export_po", "sample", "--lang", "en")  # the source language
    with pytest.raises(CommandError):
        run("export_html", "sample", "--lang", "xx")


def test_export_html_bilingual_and_multi(sample_document, translator, languages, tmp_path):
    _translate_some(sample_document, translator, languages["de"])
    target = tmp_path / "out.html"
    run("export_html", "sample", "--lang", "de", "--lang", "ar", "-o", str(target))
    tree = lxml_html.fromstring(target.read_bytes())
    assert tree.xpath("//*[@lang='de']")
    assert tree.xpath("//*[@lang='ar'][@dir='rtl']")
    assert tree.xpath("//*[@id='u-u0001']")
    assert not tree.xpath("//script[@src] | //link[@href]")


def test_export_html_monolingual(sample_document, translator, languages):
    _translate_some(sample_document, translator, languages["de"])
    out = run("export_html", "sample", "--lang", "de", "--monolingual")
    assert "Übersetzung 0" in out


def test_exported_badges_speak_the_translation_s_language(sample_document, languages):
    out = run("export_html", "sample", "--lang", "de", "--monolingual")
    tree = lxml_html.fromstring(out.encode())
    badges = tree.xpath("//span[contains(@class, 'badge')]")
    assert badges and {b.get("lang") for b in badges} == {"de"}
    assert {b.text_content() for b in badges} == {"nicht übersetzt"}
    # No UI catalog for Arabic: English labels, marked as English.
    out = run("export_html", "sample", "--lang", "ar")
    tree = lxml_html.fromstring(out.encode())
    assert tree.xpath("//th[@scope='col']/span[@lang='en' and text()='No.']")
    assert {b.get("lang") for b in tree.xpath("//span[contains(@class, 'badge')]")} == {"en"}
