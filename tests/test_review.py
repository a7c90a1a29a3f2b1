"""The review screen: who may review, approve / edit and approve / send back, conflicts,
quality checks blocking approval, diffs against the previous version, constant queries."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from workbench.models import Comment, Revision, UnitSource
from workbench.services.checks import ApprovalBlocked
from workbench.services.review import approve, reject
from workbench.services.translations import ConflictError

from .conftest import login
from .workflow import current, make_document, queries_for, translate, units

PARAGRAPHS = [
    "The party was founded in 1938 by the Fourth International.",
    "Workers of the world, unite.",
    "A third paragraph without numbers.",
]


@pytest.fixture
def doc(languages):
    return make_document(PARAGRAPHS)


@pytest.fixture
def waiting(doc, translator, languages):
    """The second unit translated twice by the translator, now waiting for review."""
    seg = units(doc)[1]
    translate(translator, seg, languages["de"], "Arbeiter der Welt, vereinigt euch")
    translate(translator, seg, languages["de"], "Proletarier aller Länder, vereinigt euch!")
    return seg


def _review_url(lang="de", show=None):
    url = reverse("review", args=["doc", lang])
    return url + (f"?show={show}" if show else "")


def _approve_url(seg, lang="de"):
    return reverse("review_approve", args=["doc", lang, seg.key])


def _reject_url(seg, lang="de"):
    return reverse("review_reject", args=["doc", lang, seg.key])


# --- who may review ---------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, waiting):
    response = client.get(_review_url())
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ["translator", "outsider"])
def test_translators_and_outsiders_may_not_open_the_review_screen(client, request, waiting, who):
    login(client, request.getfixturevalue(who))
    assert client.get(_review_url()).status_code == 403


def test_reviewer_of_another_language_may_not_review(client, reviewer, waiting):
    login(client, reviewer)  # reviewer of de and fr, not es
    assert client.get(_review_url("es")).status_code == 403


def test_review_screen_lists_waiting_units_with_the_diff_to_the_previous_version(
    client, reviewer, waiting, doc, translator, languages
):
    draft_seg = units(doc)[2]
    translate(translator, draft_seg, languages["de"], "Nur ein Entwurf", status="draft")
    login(client, reviewer)
    response = client.get(_review_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="r-{waiting.key}"' in body
    assert f'id="r-{draft_seg.key}"' not in body  # drafts are not waiting for review
    # Word-level diff against the previous (different) text of the unit.
    assert "<del>Arbeiter der Welt</del><ins>Proletarier aller Länder</ins>" in body
    assert "<ins>!</ins>" in body
    assert "Workers of the world, unite." in body  # the source beside it


def test_first_version_has_no_diff(client, reviewer, doc, translator, languages):
    seg = units(doc)[0]
    translate(translator, seg, languages["de"], "Die Partei wurde 1938 gegründet.")
    login(client, reviewer)
    body = client.get(_review_url()).content.decode()
    assert f'id="r-{seg.key}"' in body
    assert "Changes since the previous version" not in body


def test_outdated_option_shows_the_source_change(client, reviewer, waiting, languages):
    # The source was edited after the translation: the unit is outdated.
    old_checksum = waiting.checksum
    UnitSource.objects.get_or_create(
        unit=waiting, checksum=old_checksum, defaults={"text": waiting.source}
    )
    waiting.source = "Workers of all countries, unite."
    waiting.checksum = "changed-checksum"
    waiting.save()
    login(client, reviewer)
    assert f'id="r-{waiting.key}"' not in client.get(_review_url()).content.decode()
    body = client.get(_review_url(show="outdated")).content.decode()
    assert f'id="r-{waiting.key}"' in body
    assert "<del>the world</del><ins>all countries</ins>" in body


# --- approve ----------------------------------------------------------------------------


def test_reviewer_approves_and_the_translator_keeps_the_credit(
    client, reviewer, translator, waiting, languages
):
    login(client, reviewer)
    tr = current(waiting, languages["de"])
    response = client.post(_approve_url(waiting), {"version": tr.version})
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    assert data["status"] == "approved"
    assert 'class="review-unit status-approved' in data["html"]
    tr.refresh_from_db()
    assert (tr.status, tr.author, tr.reviewer) == ("approved", translator, reviewer)
    assert tr.text == "Proletarier aller Länder, vereinigt euch!"
    rev = Revision.objects.filter(translation=tr).first()  # newest first
    assert (rev.action, rev.author, rev.status) == ("approve", reviewer, "approved")


@pytest.mark.parametrize("who", ["translator", "outsider"])
def test_non_reviewers_may_not_approve_and_nothing_changes(
    client, request, waiting, languages, who
):
    login(client, request.getfixturevalue(who))
    tr = current(waiting, languages["de"])
    revisions = Revision.objects.count()
    response = client.post(_approve_url(waiting), {"version": tr.version})
    assert response.status_code == 403
    tr.refresh_from_db()
    assert tr.status == "translated"
    assert Revision.objects.count() == revisions


def test_anonymous_approve_is_refused(client, waiting, languages):
    response = client.post(_approve_url(waiting), {"version": 2})
    assert response.status_code == 302
    assert current(waiting, languages["de"]).status == "translated"


def test_reviewer_of_another_language_may_not_approve(client, reviewer, doc, languages):
    seg = units(doc)[1]
    spanish = _spanish_translator(languages)
    translate(spanish, seg, languages["es"], "Proletarios de todos los países, uníos.")
    login(client, reviewer)
    response = client.post(_approve_url(seg, "es"), {"version": 1})
    assert response.status_code == 403
    assert current(seg, languages["es"]).status == "translated"


def _spanish_translator(languages):
    from django.contrib.auth import get_user_model

    from workbench.models import Membership

    user = get_user_model().objects.create_user("spanish", password="pw-spanish")
    Membership.objects.create(user=user, language=languages["es"], state=Membership.STATE_ACTIVE)
    return user


def test_csrf_is_enforced_on_approve(reviewer, waiting, languages):
    client = Client(enforce_csrf_checks=True)
    login(client, reviewer)
    response = client.post(_approve_url(waiting), {"version": 2})
    assert response.status_code == 403
    assert current(waiting, languages["de"]).status == "translated"


def test_edit_and_approve(client, reviewer, waiting, languages):
    login(client, reviewer)
    response = client.post(
        _approve_url(waiting), {"version": 2, "text": "Proletarier aller Länder, vereinigt euch."}
    )
    assert response.status_code == 200, response.content
    tr = current(waiting, languages["de"])
    assert tr.text == "Proletarier aller Länder, vereinigt euch."
    assert (tr.status, tr.author, tr.reviewer, tr.version) == ("approved", reviewer, reviewer, 3)
    assert Revision.objects.filter(translation=tr, action="approve").count() == 1


def test_approve_from_a_stale_version_is_a_conflict(
    client, reviewer, translator, waiting, languages
):
    login(client, reviewer)
    seen = current(waiting, languages["de"]).version
    translate(translator, waiting, languages["de"], "Proletarier aller Länder, vereinigt euch.")
    response = client.post(_approve_url(waiting), {"version": seen})
    assert response.status_code == 409
    data = json.loads(response.content)
    assert "vereinigt euch." in data["html"]  # the current version, to review again
    tr = current(waiting, languages["de"])
    assert tr.status == "translated" and tr.text.endswith("euch.")


def test_error_level_quality_checks_block_approval(client, reviewer, doc, translator, languages):
    seg = units(doc)[0]  # "... founded in 1938 ..."
    wrong_year = "Die Partei wurde 1939 von der Vierten Internationale gegründet."
    translate(translator, seg, languages["de"], wrong_year)
    login(client, reviewer)
    response = client.post(_approve_url(seg), {"version": 1})
    assert response.status_code == 422
    data = json.loads(response.content)
    assert any(p["check"] == "numbers" and p["severity"] == "error" for p in data["problems"])
    tr = current(seg, languages["de"])
    assert tr.status == "translated"
    assert not Revision.objects.filter(translation=tr, action="approve").exists()
    # Fixing the number in "edit and approve" goes through.
    response = client.post(
        _approve_url(seg),
        {"version": 1, "text": "Die Partei wurde 1938 von der Vierten Internationale gegründet."},
    )
    assert response.status_code == 200
    assert current(seg, languages["de"]).status == "approved"


def test_approving_an_outdated_translation_makes_it_current(reviewer, waiting, languages):
    waiting.checksum = "source-was-edited"
    waiting.save()
    tr = current(waiting, languages["de"])
    approve(reviewer, waiting, languages["de"], base_version=tr.version)
    tr.refresh_from_db()
    assert tr.source_checksum == "source-was-edited" and tr.status == "approved"


def test_approve_service_refuses_an_empty_unit(reviewer, doc, languages):
    from workbench.services.translations import TranslationError

    with pytest.raises(TranslationError):
        approve(reviewer, units(doc)[2], languages["de"], base_version=0)


# --- send back --------------------------------------------------------------------------


def test_send_back_with_a_reason(client, reviewer, translator, waiting, languages):
    login(client, reviewer)
    response = client.post(_reject_url(waiting), {"version": 2, "reason": "Use the usual wording"})
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["status"] == "draft"
    tr = current(waiting, languages["de"])
    assert (tr.status, tr.author) == ("draft", translator)
    assert tr.text == "Proletarier aller Länder, vereinigt euch!"  # the text is left alone
    rev = Revision.objects.filter(translation=tr).first()
    assert (rev.action, rev.comment, rev.author) == ("reject", "Use the usual wording", reviewer)
    comment = Comment.objects.get(unit=waiting, language=languages["de"])
    assert (comment.text, comment.author) == ("Use the usual wording", reviewer)


def test_send_back_needs_a_reason(client, reviewer, waiting, languages):
    login(client, reviewer)
    response = client.post(_reject_url(waiting), {"version": 2, "reason": "   "})
    assert response.status_code == 400
    assert current(waiting, languages["de"]).status == "translated"
    assert not Comment.objects.exists()


def test_translator_may_not_send_back(client, translator, waiting, languages):
    login(client, translator)
    response = client.post(_reject_url(waiting), {"version": 2, "reason": "no"})
    assert response.status_code == 403
    assert current(waiting, languages["de"]).status == "translated"
    assert not Comment.objects.exists()
    assert not Revision.objects.filter(action="reject").exists()


def test_send_back_from_a_stale_version_is_a_conflict(reviewer, translator, waiting, languages):
    translate(translator, waiting, languages["de"], "Neu")
    with pytest.raises(ConflictError):
        reject(reviewer, waiting, languages["de"], base_version=2, reason="old")
    assert current(waiting, languages["de"]).status == "translated"
    assert not Comment.objects.exists()


def test_sending_back_an_outdated_translation_keeps_it_outdated(reviewer, waiting, languages):
    waiting.checksum = "source-was-edited"
    waiting.save()
    result = reject(reviewer, waiting, languages["de"], base_version=2, reason="see the source")
    assert result.translation.source_checksum != waiting.checksum


def test_approval_blocked_carries_the_problems(reviewer, doc, translator, languages):
    seg = units(doc)[0]
    translate(translator, seg, languages["de"], "Gegründet 1940.")
    with pytest.raises(ApprovalBlocked) as info:
        approve(reviewer, seg, languages["de"], base_version=1)
    assert info.value.problems


# --- cost -------------------------------------------------------------------------------


def test_review_page_costs_constant_queries(client, reviewer, translator, languages):
    doc = make_document([f"Paragraph number {i} of a long book." for i in range(60)], slug="doc")
    unit_rows = units(doc)

    def wait_for_review(segs):
        for seg in segs:
            translate(translator, seg, languages["de"], f"Absatz Nummer {seg.position}")
            translate(translator, seg, languages["de"], f"Absatz Nr. {seg.position} eines Buches")

    login(client, reviewer)
    wait_for_review(unit_rows[:3])
    few = queries_for(client, _review_url())
    wait_for_review(unit_rows[3:])
    many = queries_for(client, _review_url())
    assert few == many <= 13  # the page, the header's My work count and bell
    assert client.get(_review_url()).content.decode().count('class="review-unit ') == 50
