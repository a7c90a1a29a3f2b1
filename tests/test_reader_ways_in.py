"""A reader of the editor who may not translate is shown the ways in: sign in, ask to join
the team (and back to the page), that the request waits, and suggesting where it is open."""

from __future__ import annotations

import re

import pytest

from workbench.models import Document, Membership

from .conftest import login

pytestmark = pytest.mark.django_db
EDITOR = "/d/sample/de/"


def _notice(response) -> str:
    html = response.content.decode()
    found = re.search(r'<div class="notice reader-notice">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


def test_a_visitor_is_asked_to_log_in_and_comes_back(client, sample_document):
    notice = _notice(client.get(EDITOR))
    assert '<a href="/accounts/login/?next=/d/sample/de/">Log in to translate.</a>' in notice


def test_an_outsider_asks_to_join_from_the_editor_and_returns_to_it(
    client, outsider, sample_document
):
    login(client, outsider)
    notice = _notice(client.get(EDITOR + "?page=1"))
    assert "Ask to join the German team" in notice and 'name="next"' in notice
    assert "Suggest translations" not in notice  # suggestions closed on this document
    response = client.post(
        "/teams/ask", {"language": "de", "next": EDITOR + "?page=1"}, follow=False
    )
    assert response.status_code == 302 and response["Location"] == EDITOR + "?page=1"
    assert Membership.objects.get(user=outsider).state == Membership.STATE_REQUESTED
    notice = _notice(client.get(EDITOR))
    assert "is waiting for a reviewer" in notice and "Ask to join" not in notice


def test_a_next_elsewhere_goes_to_the_teams_page(client, outsider, languages):
    login(client, outsider)
    response = client.post("/teams/ask", {"language": "de", "next": "https://evil.example/"})
    assert response["Location"] == "/teams/"


def test_open_suggestions_are_offered_and_members_see_no_notice(
    client, outsider, translator, sample_document
):
    Document.objects.filter(pk=sample_document.pk).update(suggestions_open=True)
    login(client, outsider)
    assert '/d/sample/de/suggestions/"' in _notice(client.get(EDITOR))
    login(client, translator)
    assert 'class="notice reader-notice"' not in client.get(EDITOR).content.decode()
