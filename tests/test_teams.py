"""People and permissions: asking to join a team, accepting and declining, roles,
invitations and sign-up with them, the Django admin."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from workbench import permissions
from workbench.models import Invitation, Membership
from workbench.services import teams as team_services
from workbench.services.teams import InvitationError, TeamError

from .conftest import login
from .smtp import body_text

User = get_user_model()
SECRET = "a long secret 42"


def _sign_up(username: str, password: str = SECRET) -> dict:
    return {"username": username, "password1": password, "password2": password}


def _ask(client, code):
    return client.post(reverse("team_ask"), {"language": code})


def _request_of(user, code):
    return Membership.objects.get(user=user, language__code=code)


# --- asking to join ---------------------------------------------------------------------


def test_volunteer_asks_and_a_reviewer_of_the_language_accepts(
    client, outsider, reviewer, languages
):
    login(client, outsider)
    assert _ask(client, "de").status_code == 302
    membership = _request_of(outsider, "de")
    assert membership.state == "requested" and membership.role == "translator"
    assert not permissions.can_translate(outsider, languages["de"])
    body = client.get(reverse("teams")).content.decode()
    assert "request pending" in body

    reviewer_client = login(Client(), reviewer)
    body = reviewer_client.get(reverse("teams")).content.decode()
    assert "outsider" in body and 'value="accept"' in body
    response = reviewer_client.post(
        reverse("team_decide"), {"membership": membership.pk, "decision": "accept"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.state == "active"
    permissions.forget_roles(outsider)
    assert permissions.can_translate(outsider, languages["de"])
    assert not permissions.can_review(outsider, languages["de"])


def test_decline_removes_the_request(client, outsider, admin_user, languages):
    team_services.request_membership(outsider, languages["es"])
    login(client, admin_user)
    client.post(
        reverse("team_decide"),
        {"membership": _request_of(outsider, "es").pk, "decision": "decline"},
    )
    assert not Membership.objects.filter(user=outsider).exists()


@pytest.mark.parametrize("who", ["translator", "reviewer", "outsider"])
def test_only_reviewers_of_that_language_or_admins_decide(client, request, languages, who):
    volunteer = User.objects.create_user("volunteer", password="pw-volunteer")
    membership = team_services.request_membership(volunteer, languages["es"])
    login(client, request.getfixturevalue(who))  # none of them reviews Spanish
    response = client.post(
        reverse("team_decide"), {"membership": membership.pk, "decision": "accept"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.state == "requested"


def test_reviewers_see_only_their_languages_requests(client, reviewer, languages):
    volunteer = User.objects.create_user("volunteer", password="pw-volunteer")
    team_services.request_membership(volunteer, languages["es"])
    login(client, reviewer)
    body = client.get(reverse("teams")).content.decode()
    assert "volunteer" not in body


def test_asking_twice_is_refused_and_withdrawing_works(client, outsider, languages):
    login(client, outsider)
    _ask(client, "fr")
    response = _ask(client, "fr")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already asked" in m for m in messages)
    assert Membership.objects.filter(user=outsider).count() == 1
    client.post(reverse("team_withdraw"), {"language": "fr"})
    assert not Membership.objects.filter(user=outsider).exists()


def test_members_cannot_ask_again_or_withdraw_an_active_membership(translator, languages):
    with pytest.raises(TeamError):
        team_services.request_membership(translator, languages["de"])
    with pytest.raises(TeamError):
        team_services.withdraw_request(translator, languages["de"])
    assert _request_of(translator, "de").state == "active"


def test_anonymous_users_are_sent_to_log_in(client, languages):
    assert client.get(reverse("teams")).status_code == 302
    assert _ask(client, "de").status_code == 302
    assert not Membership.objects.exists()


def test_csrf_is_enforced(outsider, languages):
    client = login(Client(enforce_csrf_checks=True), outsider)
    assert _ask(client, "de").status_code == 403
    assert not Membership.objects.exists()


# --- roles ------------------------------------------------------------------------------


def test_only_admins_change_roles(client, reviewer, translator, admin_user, languages):
    membership = _request_of(translator, "de")
    login(client, reviewer)  # a reviewer of German may accept, not promote
    response = client.post(reverse("team_role"), {"membership": membership.pk, "role": "reviewer"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == "translator"
    login(client, admin_user)
    client.post(reverse("team_role"), {"membership": membership.pk, "role": "reviewer"})
    membership.refresh_from_db()
    assert membership.role == "reviewer"
    with pytest.raises(TeamError):
        team_services.set_role(admin_user, membership.pk, "emperor")


# --- invitations ------------------------------------------------------------------------


def test_admin_invites_and_the_invitee_signs_up(client, admin_user, languages):
    login(client, admin_user)
    response = client.post(
        reverse("team_invite"),
        {
            "language": "fr",
            "role": "reviewer",
            "email": "marie@example.org",
            "username_hint": "marie",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.language.code, invitation.role, invitation.created_by) == (
        "fr",
        "reviewer",
        admin_user,
    )
    assert invitation.token in client.get(reverse("teams")).content.decode()

    guest = Client()
    url = reverse("join", args=[invitation.token])
    body = guest.get(url).content.decode()
    assert 'value="marie"' in body  # the suggested user name
    response = guest.post(
        url, {"username": "marie", "password1": "a long secret 42", "password2": "a long secret 42"}
    )
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(username="marie")
    assert user.email == "marie@example.org"
    assert user.check_password("a long secret 42")
    assert _request_of(user, "fr").state == "active"
    assert _request_of(user, "fr").role == "reviewer"
    invitation.refresh_from_db()
    assert invitation.used_by == user and invitation.used_at is not None
    # Signed in straight away.
    assert guest.get(reverse("teams")).status_code == 200


def test_sign_up_applies_django_password_validation(client, admin_user, languages):
    invitation = team_services.create_invitation(admin_user, languages["de"])
    url = reverse("join", args=[invitation.token])
    response = client.post(url, _sign_up("anna", "password"))
    assert response.status_code == 400
    assert "too common" in response.content.decode()
    assert not User.objects.filter(username="anna").exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_an_invitation_is_used_only_once(client, admin_user, languages):
    invitation = team_services.create_invitation(admin_user, languages["de"])
    team_services.sign_up_with_invitation(invitation.token, username="one", password=SECRET)
    url = reverse("join", args=[invitation.token])
    response = client.post(
        url, {"username": "two", "password1": "a long secret 43", "password2": "a long secret 43"}
    )
    assert response.status_code == 410
    assert not User.objects.filter(username="two").exists()


def test_expired_and_unknown_invitations_are_refused(client, admin_user, languages):
    invitation = team_services.create_invitation(admin_user, languages["de"])
    past = timezone.now() - timedelta(hours=1)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=past)
    assert client.get(reverse("join", args=[invitation.token])).status_code == 410
    assert client.get(reverse("join", args=["not-a-token"])).status_code == 410
    with pytest.raises(InvitationError):
        team_services.sign_up_with_invitation(invitation.token, username="x", password=SECRET)
    assert not User.objects.filter(username="x").exists()


def test_a_taken_user_name_is_refused(client, admin_user, translator, languages):
    invitation = team_services.create_invitation(admin_user, languages["de"])
    response = client.post(
        reverse("join", args=[invitation.token]),
        _sign_up("Translator"),
    )
    assert response.status_code == 400
    assert User.objects.filter(username__iexact="translator").count() == 1


def test_signed_in_user_joins_with_an_invitation(client, translator, admin_user, languages):
    invitation = team_services.create_invitation(admin_user, languages["es"], role="reviewer")
    login(client, translator)
    response = client.post(reverse("join", args=[invitation.token]))
    assert response.status_code == 302
    assert _request_of(translator, "es").role == "reviewer"
    assert _request_of(translator, "de").role == "translator"  # other teams untouched


def test_an_invitation_never_demotes_a_reviewer(reviewer, admin_user, languages):
    invitation = team_services.create_invitation(admin_user, languages["de"], role="translator")
    team_services.join_with_invitation(reviewer, invitation.token)
    assert _request_of(reviewer, "de").role == "reviewer"


def test_a_translator_cannot_invite(client, translator, languages):
    login(client, translator)
    response = client.post(
        reverse("team_invite"), {"language": "de", "role": "translator", "email": "a@example.org"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "language,role", [("es", "translator"), ("de", "reviewer")], ids=["other team", "as reviewer"]
)
def test_a_reviewer_invites_translators_to_their_own_team_only(
    client, reviewer, languages, language, role
):
    login(client, reviewer)
    response = client.post(
        reverse("team_invite"), {"language": language, "role": role, "email": "a@example.org"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_reviewer_invites_by_e_mail_and_the_link_works_once(client, reviewer, smtp_inbox):
    login(client, reviewer)
    page = client.get(reverse("teams")).content.decode()
    assert "Invite someone" in page
    response = client.post(
        reverse("team_invite"),
        {"language": "de", "role": "translator", "email": "lena@example.org"},
        follow=True,
    )
    assert "Invitation e-mailed to lena@example.org" in response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.created_by == reviewer and invitation.role == "translator"
    mail = smtp_inbox.wait_for("lena@example.org")[0]
    body = body_text(mail)
    assert "German" in mail["Subject"] and "reviewer" in body
    path = re.search(r"https?://testserver(/join/\S+/)", body).group(1)
    assert path == reverse("join", args=[invitation.token])

    guest = Client()
    assert guest.post(path, _sign_up("lena")).status_code == 302
    lena = User.objects.get(username="lena")
    assert lena.email == "lena@example.org" and _request_of(lena, "de").state == "active"
    # Signs in later without a verification round: the invitation mail proved the address.
    guest.logout()
    again = guest.post("/accounts/login/", {"login": "lena@example.org", "password": SECRET})
    assert again.status_code == 302 and guest.session["_auth_user_id"] == str(lena.pk)
    # The link worked once.
    assert Client().get(path).status_code == 410


def test_an_invitation_mail_that_fails_says_so_and_gives_the_link(client, reviewer, dead_smtp):
    login(client, reviewer)
    response = client.post(
        reverse("team_invite"),
        {"language": "de", "role": "translator", "email": "lena@example.org"},
        follow=True,
    )
    body = response.content.decode()
    invitation = Invitation.objects.get()
    assert "could not be sent" in body and invitation.token in body
    assert "e-mailed" not in body


def test_invitations_in_the_django_admin(client, admin_user, languages):
    login(client, admin_user)
    response = client.post(
        reverse("admin:workbench_invitation_add"),
        {
            "email": "li@example.org",
            "username_hint": "li",
            "language": languages["de"].pk,
            "role": "translator",
            "expires_at_0": "2099-01-01",
            "expires_at_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    invitation = Invitation.objects.get()
    assert invitation.created_by == admin_user and len(invitation.token) >= 40
    body = client.get(reverse("admin:workbench_invitation_changelist")).content.decode()
    assert reverse("join", args=[invitation.token]) in body


def test_no_ask_to_join_for_the_source_language_of_every_document(
    client, outsider, sample_document, languages
):
    from django.urls import reverse

    client.force_login(outsider)
    html = client.get(reverse("teams")).content.decode()
    rows = {row.split("</th>")[0]: row for row in html.split('<th scope="row">')[1:]}
    english = next(row for head, row in rows.items() if "(en)" in head)
    german = next(row for head, row in rows.items() if "(de)" in head)
    assert "Ask to join" not in english.split("</tr>")[0]
    assert "Ask to join" in german.split("</tr>")[0]


def test_a_refused_invitation_keeps_what_was_typed(client, reviewer):
    """The page came back empty with the error as a message at the top: what was typed was
    lost. It comes back filled in, the error at its field, focus-ready."""
    login(client, reviewer)
    response = client.post(
        reverse("team_invite"),
        {"language": "de", "role": "translator", "email": "lena@", "username_hint": "lena"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="lena@"' in page and 'value="lena"' in page
    assert 'aria-invalid="true"' in page and 'class="field-error"' in page
    assert page.count("autofocus") == 1 and 'name="email"' in page.split("autofocus")[0][-200:]
    assert not Invitation.objects.exists()
