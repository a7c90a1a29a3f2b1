"""Every writer keeps the translation memory in step, not only the editor's save."""

from django.core.management import call_command

from workbench.models import MemoryEntry, Translation, Unit
from workbench.selectors.exports import po_export
from workbench.services import review
from workbench.services.po_import import import_po
from workbench.services.translations import save_translation


def _first(doc):
    return Unit.objects.filter(document=doc).order_by("position").first()


def test_review_approve_and_reject_update_the_memory(
    sample_document, translator, reviewer, languages
):
    de = languages["de"]
    seg = _first(sample_document)
    t = save_translation(
        translator, seg, de, "Sozialistische Gleichheitspartei", base_version=0
    ).translation
    assert MemoryEntry.objects.get(translation=t).status == "translated"
    review.approve(reviewer, seg, de, base_version=t.version)
    t.refresh_from_db()
    assert MemoryEntry.objects.get(translation=t).status == "approved"
    review.reject(reviewer, seg, de, base_version=t.version, reason="Bitte prüfen")
    assert not MemoryEntry.objects.filter(translation=t).exists()  # drafts are not memory


def test_po_import_feeds_the_memory(sample_document, translator, languages, tmp_path):
    import polib

    de = languages["de"]
    catalog = polib.pofile(po_export(sample_document, de).decode())
    first = catalog[0]
    first.msgstr = "Sozialistische Gleichheitspartei (Vereinigte Staaten)"
    data = catalog.__unicode__().encode()
    summary = import_po(translator, sample_document, de, data)
    assert summary.imported
    t = Translation.objects.get(unit__key=first.msgctxt, language=de)
    assert MemoryEntry.objects.get(translation=t).target == t.text


def test_rebuild_is_not_needed_after_a_command_import(sample_document, languages, tmp_path):
    de = languages["de"]
    path = tmp_path / "de.po"
    catalog_text = po_export(sample_document, de).decode()
    import polib

    catalog = polib.pofile(catalog_text)
    catalog[1].msgstr = "Die historischen und internationalen Grundlagen"
    catalog.save(str(path))
    call_command("import_po", "sample", str(path), "--lang", "de", stdout=open("/dev/null", "w"))
    assert MemoryEntry.objects.filter(target_language=de).count() == 1
