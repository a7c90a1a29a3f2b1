"""Suggestions from outside a team: open or closed per document, adopted through the write
pipeline credited to their author, dismissed, voted on by members; the wrong user is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from workbench.models import Revision, Suggestion, Translation
from workbench.permissions import SYSTEM
from workbench.services import suggestions as service
from workbench.services.documents import import_document
from workbench.services.suggestions import SuggestionError

from .conftest import login
from .workflow import make_document, translate, units

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(languages):
    document = make_document(["One.", "Two."], slug="doc")
    document.suggestions_open = True
    document.save()
    return document


def test_an_outsider_suggests_and_a_member_adopts_it_credited_to_the_outsider(
    client, doc, outsider, translator, languages
):
    unit = units(doc)[0]
    translate(translator, unit, languages["de"], "Einz.")
    login(client, outsider)
    page = client.get("/d/doc/de/suggestions/").content.decode()
    assert "Your suggestion" in page
    client.post(f"/d/doc/de/u/{unit.key}/suggest", {"text": "Eins."})
    suggestion = Suggestion.objects.get()
    assert (suggestion.author, suggestion.text, suggestion.state) == (outsider, "Eins.", "open")

    client.force_login(translator)
    assert "Eins." in client.get("/d/doc/de/suggestions/").content.decode()
    client.post(f"/d/doc/de/suggestions/{suggestion.pk}", {"action": "adopt"})
    translation = Translation.objects.get(unit=unit, language=languages["de"])
    assert (translation.text, translation.author, translation.status) == (
        "Eins.", outsider, "translated",
    )  # fmt: skip
    revision = Revision.objects.filter(translation=translation).latest("id")
    assert revision.author == outsider and "translator" in revision.comment
    suggestion.refresh_from_db()
    assert suggestion.state == "adopted" and suggestion.decided_by == translator
    with pytest.raises(SuggestionError):
        service.adopt(translator, suggestion.pk)  # once


def test_closed_suggestions_and_members_cannot_suggest(doc, outsider, translator, languages):
    unit = units(doc)[0]
    with pytest.raises(PermissionDenied):
        service.suggest(translator, unit, languages["de"], "Eins.")  # a member translates
    doc.suggestions_open = False
    doc.save()
    with pytest.raises(PermissionDenied):
        service.suggest(outsider, unit, languages["de"], "Eins.")
    assert not Suggestion.objects.exists()


def test_outsiders_cannot_adopt_dismiss_or_vote(client, doc, outsider, languages, admin_user):
    from django.contrib.auth import get_user_model

    other = get_user_model().objects.create_user("other", password="pw-other")
    suggestion = service.suggest(other, units(doc)[0], languages["de"], "Eins.")
    for action in ("adopt", "dismiss", "up"):
        login(client, outsider)
        response = client.post(f"/d/doc/de/suggestions/{suggestion.pk}", {"action": action})
        assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.state == "open" and suggestion.score == 0
    # Outsiders see only their own suggestions.
    assert "Eins." not in client.get("/d/doc/de/suggestions/").content.decode()


def test_members_vote_once_each_and_dismiss(doc, outsider, translator, reviewer, languages):
    suggestion = service.suggest(outsider, units(doc)[0], languages["de"], "Eins.")
    service.vote(translator, suggestion.pk, 1)
    service.vote(translator, suggestion.pk, 1)
    service.vote(reviewer, suggestion.pk, -1)
    service.vote(reviewer, suggestion.pk, 1)
    assert Suggestion.objects.get().score == 2
    service.vote(translator, suggestion.pk, 0)
    assert Suggestion.objects.get().score == 1
    service.dismiss(reviewer, suggestion.pk)
    assert Suggestion.objects.get().state == "dismissed"
    assert not Translation.objects.exists()


def test_bad_suggestions_are_refused_with_a_message(doc, outsider, languages, settings):
    unit = units(doc)[0]
    with pytest.raises(SuggestionError):
        service.suggest(outsider, unit, languages["de"], "   ")
    settings.MAX_TRANSLATION_CHARS = 10
    with pytest.raises(SuggestionError):
        service.suggest(outsider, unit, languages["de"], "x" * 11)
    # A second suggestion for the same unit replaces the person's first.
    service.suggest(outsider, unit, languages["de"], "Eins.")
    service.suggest(outsider, unit, languages["de"], "Eins!")
    assert list(Suggestion.objects.values_list("text", flat=True)) == ["Eins!"]


def test_only_document_admins_open_suggestions(client, doc, translator, admin_user):
    login(client, translator)
    assert client.post("/d/doc/suggestions-open", {"open": "0"}).status_code == 403
    login(client, admin_user)
    client.post("/d/doc/suggestions-open", {"open": "0"})
    doc.refresh_from_db()
    assert doc.suggestions_open is False


def test_the_page_shows_stored_markup_as_markup_and_typed_text_as_text(
    client, languages, outsider, translator
):
    """Source and current translation are stored (sanitised) markup: shown as such, not as
    "<em>" in letters. A suggestion is what someone typed: always text."""
    data = b"# Title\n\nThe *theory* of permanent revolution.\n"
    document = import_document(SYSTEM, data, filename="marked.md", language_code="en",
                               slug="marked").document  # fmt: skip
    document.suggestions_open = True
    document.save()
    unit = units(document)[1]
    translate(translator, unit, languages["de"], "Die <em>Theorie</em> der Revolution.")
    login(client, outsider)
    client.post(f"/d/marked/de/u/{unit.key}/suggest", {"text": "Die <b>Theorie</b><script>"})
    page = client.get("/d/marked/de/suggestions/").content.decode()
    assert "The <em>theory</em> of permanent revolution." in page
    assert "Die <em>Theorie</em> der Revolution." in page
    assert "&lt;em&gt;" not in page
    assert "Die &lt;b&gt;Theorie&lt;/b&gt;&lt;script&gt;" in page
