"""A translation saved for a source that changed under the translator (a source update by
someone else since the editor showed the row) is a conflict, never silently current: the
editor sends the checksum of the source it showed and the write compares it, in the write's
transaction, with the unit's checksum as stored."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from workbench.models import Revision, Translation
from workbench.permissions import SYSTEM
from workbench.services.errors import ConflictError, SourceChangedError
from workbench.services.source_updates import update_document_source
from workbench.services.translations import save_translation
from workbench.status import effective_status
from workbench.text.fingerprint import source_checksum

from .conftest import login
from .workflow import make_document, translate, units

OLD = "The congress met in March."
NEW = "The congress met in April."


@pytest.fixture
def doc(languages):
    return make_document([OLD, "Another paragraph."])


def _update_source(document) -> None:
    data = f"{NEW}\n\nAnother paragraph.\n".encode()
    update_document_source(SYSTEM, document, data, filename="doc.txt")


def test_a_save_for_the_old_source_is_a_conflict_and_stores_nothing(doc, translator, languages):
    de = languages["de"]
    seen = units(doc)[0]  # what the editor showed: the old source
    translate(translator, seen, de, "Der Kongress tagte im März.")
    _update_source(doc)
    before = Revision.objects.count()
    with pytest.raises(SourceChangedError) as refused:
        save_translation(
            translator, seen, de, "Der Kongress trat im März zusammen.",
            base_version=1, source_checksum=seen.checksum,
        )  # fmt: skip
    assert isinstance(refused.value, ConflictError)  # a 409 like any conflict
    stored = Translation.objects.get(unit=seen, language=de)
    assert stored.text == "Der Kongress tagte im März."
    assert effective_status(stored, units(doc)[0].checksum) == "outdated"
    assert Revision.objects.count() == before


def test_a_save_for_the_current_source_is_current(doc, translator, languages):
    de = languages["de"]
    _update_source(doc)
    unit = units(doc)[0]
    result = save_translation(
        translator, unit, de, "Der Kongress tagte im April.",
        base_version=0, source_checksum=source_checksum(NEW),
    )  # fmt: skip
    assert result.translation.source_checksum == unit.checksum
    assert effective_status(result.translation, unit.checksum) == "translated"


def test_writes_without_a_seen_source_keep_working(doc, translator, languages):
    """Commands and imports say nothing about the source they saw: no comparison."""
    unit = units(doc)[0]
    result = save_translation(translator, unit, languages["de"], "Eins.", base_version=0)
    assert result.changed


def test_the_editor_answers_a_stale_source_with_the_new_source_and_keeps_the_text(
    client, doc, translator, languages
):
    login(client, translator)
    editor = lxml_html.fromstring(client.get(reverse("editor", args=[doc.slug, "de"])).content)
    row = editor.get_element_by_id("u-u0001")
    shown = row.get("data-source-checksum")
    assert shown == source_checksum(OLD)
    _update_source(doc)
    mine = "Der Kongress trat im März <zusammen>."
    response = client.post(
        row.get("data-save-url"),
        {"text": mine, "version": row.get("data-version"), "source_checksum": shown},
    )
    assert response.status_code == 409
    data = response.json()
    assert data["source_changed"] and "source of this unit changed" in data["error"]
    fresh = lxml_html.fromstring(data["html"])
    assert "April" in fresh.get_element_by_id("src-u0001").text_content()
    assert fresh.get("data-source-checksum") == source_checksum(NEW)
    assert fresh.get_element_by_id("t-u0001").text == mine  # unsaved, escaped, in the box
    assert not Translation.objects.exists()
    # Saving again from the refreshed row: the translator has seen the new source.
    again = client.post(
        row.get("data-save-url"),
        {"text": "Der Kongress tagte im April.", "version": fresh.get("data-version"),
         "source_checksum": fresh.get("data-source-checksum")},
    )  # fmt: skip
    assert again.status_code == 200
    assert again.json()["status"] == "translated"


def test_a_review_of_the_old_source_is_a_conflict_and_approves_nothing(
    doc, translator, reviewer, languages, client
):
    """The review screen sends the checksum of the source it showed: approving (or sending
    back) a translation whose source changed since is a 409 with the new row, not an approval
    of an outdated text as current."""
    de = languages["de"]
    seen = units(doc)[0]
    translate(translator, seen, de, "Der Kongress tagte im März.")
    login(client, reviewer)
    page = lxml_html.fromstring(client.get(reverse("review", args=[doc.slug, "de"])).content)
    [row] = page.xpath(f"//article[@id='r-{seen.key}']")
    assert row.get("data-source-checksum") == seen.checksum
    _update_source(doc)
    for name, extra in (("review_approve", {}), ("review_reject", {"reason": "Zu frei"})):
        response = client.post(
            reverse(name, args=[doc.slug, "de", seen.key]),
            {"version": row.get("data-version"), "source_checksum": seen.checksum, **extra},
        )
        assert response.status_code == 409
        assert "April" in response.json()["html"]  # the new source, to read before acting
    stored = Translation.objects.get(unit=seen, language=de)
    assert stored.status != "approved" and stored.reviewer is None
    assert effective_status(stored, units(doc)[0].checksum) == "outdated"
