"""Importing documents through the service: units, kinds, keys and refusals."""

import pytest
from django.core.exceptions import PermissionDenied

from workbench.models import Document, Unit, UnitSource
from workbench.permissions import SYSTEM
from workbench.services.documents import DocumentError, import_document

from .conftest import FIXTURES, SAMPLE_MD


def test_sample_markdown_gives_the_kinds_in_order(sample_document):
    kinds = list(sample_document.units.order_by("position").values_list("kind", flat=True))
    assert kinds == [
        "byline",
        "title",
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
        "blockquote",
        "blockquote",
        "blockquote",
        "paragraph",
        "paragraph",
        "footnote",
    ]
    keys = list(sample_document.units.values_list("key", flat=True))
    assert len(set(keys)) == len(keys)
    assert sample_document.title.startswith("The Historical and International Foundations")


def test_every_unit_has_its_source_version(sample_document):
    for unit in Unit.objects.filter(document=sample_document):
        assert UnitSource.objects.get(unit=unit, checksum=unit.checksum).text == unit.source


def test_plain_text_gives_one_unit_per_block(languages):
    data = (FIXTURES / "foundations-socialism-in-one-country.txt").read_bytes()
    doc = import_document(SYSTEM, data, filename="seed.txt", language_code="en").document
    assert 13 <= doc.units.count() <= 14


@pytest.mark.parametrize(
    "data,filename,message",
    [
        (b"", "empty.txt", "empty"),
        (b"\xff\xfe\x00bad", "latin.txt", "UTF-8"),
        (b"hello", "file.xyz", "format"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(languages, data, filename, message):
    with pytest.raises(DocumentError) as info:
        import_document(SYSTEM, data, filename=filename, language_code="en")
    assert message.lower() in str(info.value).lower()
    assert Document.objects.count() == 0
    assert Unit.objects.count() == 0


def test_unknown_language_is_refused(languages):
    with pytest.raises(DocumentError):
        import_document(SYSTEM, b"Hello.", filename="a.txt", language_code="xx")
    assert Document.objects.count() == 0


def test_slug_taken_is_refused(sample_document):
    with pytest.raises(DocumentError):
        import_document(
            SYSTEM,
            SAMPLE_MD.read_bytes(),
            filename="a.md",
            language_code="en",
            slug="sample",
        )
    assert Document.objects.count() == 1


def test_translator_may_not_import(translator):
    with pytest.raises(PermissionDenied):
        import_document(translator, b"Hello.", filename="a.txt", language_code="en")
    assert Document.objects.count() == 0


def test_admin_may_import(admin_user):
    result = import_document(
        admin_user, b"Hello world.\n\nSecond.", filename="a.txt", language_code="en"
    )
    assert result.units == 2
    assert result.document.created_by == admin_user


def test_title_is_stored_in_the_default_language_whatever_the_ui_language(admin_user):
    from django.utils import translation

    with translation.override("de"):
        doc = import_document(
            admin_user,
            b"A Title\n\nBody text here.",
            filename="a.txt",
            language_code="en",
            title="A Title",
        ).document
    doc = Document.objects.get(pk=doc.pk)
    assert doc.title_en == "A Title"
    with translation.override("fr"):
        assert Document.objects.get(pk=doc.pk).title == "A Title"  # falls back to English


def test_a_workbench_po_export_imported_as_a_new_document_brings_its_translations(
    sample_document, translator, languages
):
    """A PO file this (or another) workbench exported, imported as a new document: the units
    come with their translations (fuzzy: drafts), and the import says how many of each."""
    from workbench.models import Translation
    from workbench.selectors.exports import po_export

    from .workflow import translate, units

    first, second, third = units(sample_document)[:3]
    translate(translator, first, languages["de"], "Die <em>historischen</em> Grundlagen")
    translate(translator, second, languages["de"], "Erster Entwurf", status="draft")
    translate(translator, third, languages["de"], 'Mit Fußnote<sup class="fnref">1</sup>')
    data = po_export(sample_document, languages["de"])

    result = import_document(SYSTEM, data, filename="sample.de.po", language_code="en",
                             slug="copy")  # fmt: skip
    copy = result.document
    assert result.units == Unit.objects.filter(document=sample_document).count()
    stored = {
        t.unit.position: (t.text, t.status)
        for t in Translation.objects.filter(unit__document=copy, language=languages["de"])
    }
    assert stored == {
        first.position: ("Die <em>historischen</em> Grundlagen", "translated"),
        second.position: ("Erster Entwurf", "draft"),
        third.position: ('Mit Fußnote<sup class="fnref">1</sup>', "translated"),
    }
    lines = " ".join(result.summary_lines())
    assert "Translations into de: 2 translated, 1 drafts (fuzzy)" in lines
    # Translations whose language the file does not say: refused with what to do, nothing
    # stored (not a document without its translations); given, they come in.
    anonymous = data.replace(b'"Language: de\\n"\n', b"")
    assert anonymous != data
    with pytest.raises(DocumentError, match="does not say their language"):
        import_document(SYSTEM, anonymous, filename="x.po", language_code="en", slug="copy2")
    assert not Document.objects.filter(slug="copy2").exists()
    given = import_document(SYSTEM, anonymous, filename="x.po", language_code="en",
                            slug="copy3", target_code="fr")  # fmt: skip
    assert given.catalog.language == "fr" and given.catalog.translated == 2
