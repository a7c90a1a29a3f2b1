"""History: every revision kept with word-level diffs and the source it was made from;
restoring any revision is itself a new revision; who may restore; constant queries."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from workbench.models import Revision, UnitSource
from workbench.selectors.history import history_entries
from workbench.services.history import restore_revision
from workbench.services.review import approve, reject
from workbench.services.translations import ConflictError, TranslationError

from .conftest import login
from .workflow import current, make_document, queries_for, translate, units


@pytest.fixture
def doc(languages):
    return make_document(["The old man and the sea.", "Second unit."])


@pytest.fixture
def seg(doc):
    return units(doc)[0]


def _history_url(seg, lang="de"):
    return reverse("unit_history", args=["doc", lang, seg.key])


def _restore_url(seg, lang="de"):
    return reverse("unit_restore", args=["doc", lang, seg.key])


def _revisions(seg, lang):
    return list(
        Revision.objects.filter(translation__unit=seg, translation__language=lang).order_by(
            "created_at", "id"
        )
    )


def test_history_panel_shows_each_revision_with_a_diff_to_the_one_before(
    client, translator, reviewer, seg, languages
):
    de = languages["de"]
    translate(translator, seg, de, "Der alte Mann und das Meer")
    translate(translator, seg, de, "Der alte Mann und die See")
    reject(reviewer, seg, de, base_version=2, reason="Meer, please")
    body = client.get(_history_url(seg)).content.decode()
    assert body.count('<li id="rev-') == 3
    assert "<del>das Meer</del><ins>die See</ins>" in body
    assert "Text unchanged." in body  # the rejection did not change the text
    assert "Reason: Meer, please" in body
    assert "translator" in body and "reviewer" in body
    # The oldest revision shows its full text and the source it was made from.
    assert "Der alte Mann und das Meer" in body
    assert "The old man and the sea." in body


def test_history_entries_know_the_source_each_revision_was_made_from(translator, seg, languages):
    de = languages["de"]
    translate(translator, seg, de, "Der alte Mann und das Meer.")
    UnitSource.objects.get_or_create(unit=seg, checksum=seg.checksum, defaults={"text": seg.source})
    seg.source, seg.checksum = "The old woman and the sea.", "new-source"
    seg.save()
    translate(translator, seg, de, "Die alte Frau und das Meer.")
    newest, oldest = history_entries(seg, de)
    assert newest.source_changed and newest.source_text == "The old woman and the sea."
    assert oldest.source_text == "The old man and the sea." and not oldest.source_changed
    assert newest.is_latest and not oldest.is_latest
    assert "<del>" in newest.diff and oldest.diff is None


def test_translator_restores_an_earlier_revision(client, translator, seg, languages):
    de = languages["de"]
    translate(translator, seg, de, "erste Fassung")
    translate(translator, seg, de, "zweite Fassung")
    first = _revisions(seg, de)[0]
    login(client, translator)
    response = client.post(_restore_url(seg), {"revision": first.pk, "version": 2})
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    assert data["version"] == 3 and "erste Fassung" in data["html"]
    tr = current(seg, de)
    assert (tr.text, tr.status) == ("erste Fassung", "translated")
    revisions = _revisions(seg, de)
    # Nothing deleted: both earlier revisions are still there, plus the restore.
    assert [r.text for r in revisions] == ["erste Fassung", "zweite Fassung", "erste Fassung"]
    assert revisions[-1].action == "restore" and revisions[-1].author == translator


def test_history_panel_offers_restore_to_team_members_only(client, translator, seg, languages):
    translate(translator, seg, languages["de"], "eins")
    translate(translator, seg, languages["de"], "zwei")
    assert 'class="restore"' not in client.get(_history_url(seg)).content.decode()
    login(client, translator)
    body = client.get(_history_url(seg)).content.decode()
    assert body.count('class="restore"') == 1  # not on the current revision


def test_restoring_an_approved_text_as_a_translator_needs_review_again(
    translator, reviewer, seg, languages
):
    de = languages["de"]
    translate(translator, seg, de, "Der alte Mann und das Meer.")
    approve(reviewer, seg, de, base_version=1)
    # Only a reviewer changes an approved translation; then a translator may restore.
    translate(reviewer, seg, de, "Der Alte und das Meer.")
    approved = Revision.objects.get(action="approve")
    result = restore_revision(translator, seg, de, approved.pk, base_version=3)
    assert (result.translation.text, result.translation.status) == (
        "Der alte Mann und das Meer.",
        "translated",
    )
    # A reviewer restoring the same approved text keeps the approval.
    translate(translator, seg, de, "Der Alte und das Meer.")
    result = restore_revision(reviewer, seg, de, approved.pk, base_version=5)
    assert result.translation.status == "approved"


def test_an_approval_of_an_older_source_is_not_restored_as_approved(reviewer, seg, languages):
    de = languages["de"]
    translate(reviewer, seg, de, "Der alte Mann und das Meer.")
    approve(reviewer, seg, de, base_version=1)
    approved = Revision.objects.get(action="approve")
    seg.source, seg.checksum = "The old man and the ocean.", "edited"
    seg.save()
    translate(reviewer, seg, de, "Der alte Mann und der Ozean.")
    result = restore_revision(reviewer, seg, de, approved.pk, base_version=3)
    assert result.translation.status == "translated"


def test_restore_from_a_stale_version_is_a_conflict(client, translator, reviewer, seg, languages):
    de = languages["de"]
    translate(translator, seg, de, "eins")
    translate(translator, seg, de, "zwei")
    first = _revisions(seg, de)[0]
    translate(reviewer, seg, de, "drei")  # meanwhile
    login(client, translator)
    response = client.post(_restore_url(seg), {"revision": first.pk, "version": 2})
    assert response.status_code == 409
    assert current(seg, de).text == "drei"
    assert len(_revisions(seg, de)) == 3
    with pytest.raises(ConflictError):
        restore_revision(translator, seg, de, first.pk, base_version=2)


@pytest.mark.parametrize("who, lang", [("outsider", "de"), ("translator", "fr")])
def test_non_members_may_not_restore(client, request, reviewer, seg, languages, who, lang):
    language = languages[lang]
    translate(reviewer, seg, language, "eins")
    translate(reviewer, seg, language, "zwei")
    first = _revisions(seg, language)[0]
    login(client, request.getfixturevalue(who))
    response = client.post(_restore_url(seg, lang), {"revision": first.pk, "version": 2})
    assert response.status_code == 403
    assert current(seg, language).text == "zwei"
    assert len(_revisions(seg, language)) == 2


def test_anonymous_and_csrf_are_refused(translator, seg, languages):
    de = languages["de"]
    translate(translator, seg, de, "eins")
    translate(translator, seg, de, "zwei")
    first = _revisions(seg, de)[0]
    assert Client().post(_restore_url(seg), {"revision": first.pk, "version": 2}).status_code == 302
    strict = login(Client(enforce_csrf_checks=True), translator)
    assert strict.post(_restore_url(seg), {"revision": first.pk, "version": 2}).status_code == 403
    assert current(seg, de).text == "zwei"


def test_a_revision_of_another_unit_cannot_be_restored(client, translator, doc, languages):
    first, second = units(doc)
    de = languages["de"]
    translate(translator, first, de, "erste Einheit")
    translate(translator, second, de, "zweite Einheit")
    other = _revisions(first, de)[0]
    login(client, translator)
    response = client.post(_restore_url(second), {"revision": other.pk, "version": 1})
    assert response.status_code == 400
    assert current(second, de).text == "zweite Einheit"
    with pytest.raises(TranslationError):
        restore_revision(translator, second, de, other.pk, base_version=1)


def test_history_panel_costs_constant_queries(client, translator, seg, languages):
    def save(numbers):
        for i in numbers:
            translate(translator, seg, languages["de"], f"Fassung {i}")

    login(client, translator)
    save(range(2))
    few = queries_for(client, _history_url(seg))
    save(range(2, 30))
    many = queries_for(client, _history_url(seg))
    assert few == many <= 10
    assert client.get(_history_url(seg)).content.decode().count('<li id="rev-') == 30
