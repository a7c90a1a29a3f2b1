"""Accounts through django-allauth, with mail over real SMTP (tests/smtp.py): sign-up and
e-mail verification, who may join, password reset, a mail server that fails, the profile,
and deleting an account while its work stays."""

from __future__ import annotations

import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from workbench.models import Notification, Profile, Revision
from workbench.services.accounts import DELETED_USERNAME

from .conftest import login
from .smtp import body_text
from .workflow import make_document, translate, units

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a-long-volunteer-passphrase-42"
LINK = re.compile(r"https?://testserver(/accounts/[^\s]+/)")


def _sign_up(client, username="volunteer", email="volunteer@example.org"):
    return client.post(
        "/accounts/signup/",
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def _link(message) -> str:
    found = LINK.search(body_text(message))
    assert found, body_text(message)
    return found.group(1)


@override_settings(SIGNUP_MODE="open")
def test_sign_up_sends_a_verification_mail_over_smtp_and_the_link_lets_one_sign_in(
    client, smtp_inbox
):
    response = _sign_up(client)
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert "We have sent an email" in client.get(response["Location"]).content.decode()
    # Not yet verified: signing in sends the verification mail again instead.
    client.post("/accounts/login/", {"login": "volunteer", "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    (mail, *_again) = smtp_inbox.wait_for("volunteer@example.org")
    assert mail["From"] and "Confirm" in mail["Subject"]
    confirm = _link(mail)
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 302
    ok = client.post("/accounts/login/", {"login": "volunteer@example.org", "password": PASSWORD})
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="volunteer").pk)


@override_settings(SIGNUP_MODE="open")
def test_confirming_signs_in_only_the_browser_that_signed_up(client, smtp_inbox):
    from django.test import Client

    _sign_up(client)
    confirm = _link(smtp_inbox.wait_for("volunteer@example.org")[0])
    elsewhere = Client()  # the link opened on another device: confirmed, not signed in
    assert elsewhere.post(confirm).status_code == 302
    assert "_auth_user_id" not in elsewhere.session
    _sign_up(client, username="second", email="second@example.org")
    confirm = _link(smtp_inbox.wait_for("second@example.org")[0])
    response = client.post(confirm)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(username="second").pk)


@override_settings(SIGNUP_MODE="open")
def test_the_password_validators_refuse_a_weak_password(client, smtp_inbox):
    response = client.post(
        "/accounts/signup/",
        {"username": "v", "email": "v@example.org", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200 and not User.objects.filter(username="v").exists()
    assert "too short" in response.content.decode()


@override_settings(SIGNUP_MODE="invitation")
def test_invitation_only_closes_sign_up(client, smtp_inbox):
    page = client.get("/accounts/signup/")
    assert "Sign Up Closed" in page.content.decode()
    _sign_up(client)
    assert not User.objects.filter(username="volunteer").exists()
    assert not smtp_inbox.messages
    assert "Sign up" not in client.get("/").content.decode().split("</header>")[0]


@override_settings(SIGNUP_MODE="approval")
def test_approval_keeps_a_new_account_inactive_until_an_admin_activates_it(
    client, smtp_inbox, admin_user
):
    response = _sign_up(client)
    user = User.objects.get(username="volunteer")
    assert not user.is_active
    # The site admins are told that someone waits, with a link to the account.
    waiting = Notification.objects.get(recipient=admin_user)
    assert waiting.kind == "signup_waiting"
    assert waiting.path == f"/admin/auth/user/{user.pk}/change/"
    assert "volunteer signed up and waits" in waiting.summary()
    assert "waits for a site admin" in client.get(response["Location"]).content.decode()
    user.is_active = True
    user.save()
    # allauth allows one verification mail per address every 3 minutes (its rate limit, in
    # the cache); an admin's approval takes longer than this test does.
    cache.clear()
    client.post("/accounts/login/", {"login": "volunteer", "password": PASSWORD})
    # Active now: the verification mail is sent at the first sign-in.
    assert _link(smtp_inbox.wait_for("volunteer@example.org")[0])


def test_password_reset_end_to_end_over_smtp(client, translator, smtp_inbox):
    translator.email = "translator@example.org"
    translator.save()
    login_page = client.get("/accounts/login/").content.decode()
    assert "/accounts/password/reset/" in login_page  # linked from the login page
    done = client.post("/accounts/password/reset/", {"email": "translator@example.org"})
    assert done.status_code == 302
    assert "We have sent you an email" in client.get(done["Location"]).content.decode()
    reset = _link(smtp_inbox.wait_for("translator@example.org")[0])
    form_url = client.get(reset)["Location"]  # allauth moves the key out of the URL
    new = "another-long-passphrase-77"
    changed = client.post(form_url, {"password1": new, "password2": new})
    assert changed.status_code == 302
    translator.refresh_from_db()
    assert translator.check_password(new)
    # The link works once.
    assert "Bad Token" in client.get(reset, follow=True).content.decode()


def test_a_failing_mail_server_is_reported_never_claimed_sent(
    client, translator, dead_smtp, caplog
):
    translator.email = "translator@example.org"
    translator.save()
    with caplog.at_level(logging.ERROR, logger="workbench.services.mail"):
        done = client.post("/accounts/password/reset/", {"email": "translator@example.org"})
        page = client.get(done["Location"]).content.decode()
    assert "could not be sent" in page
    assert "We have sent you an email" not in page
    assert any(
        "mail not sent" in r.message and "translator@example.org" in r.message
        for r in caplog.records
    )


@override_settings(SIGNUP_MODE="open")
def test_sign_up_with_a_failing_mail_server_says_so(client, dead_smtp, caplog):
    with caplog.at_level(logging.ERROR, logger="workbench.services.mail"):
        response = _sign_up(client)
        page = client.get(response["Location"]).content.decode()
    assert "could not be sent" in page and "We have sent" not in page
    assert "Confirmation email sent" not in page


def test_accounts_without_an_e_mail_address_sign_in(client, translator):
    response = client.post("/accounts/login/", {"login": "translator", "password": "pw-translator"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(translator.pk)


def test_the_profile_saves_name_languages_and_interface_language(client, translator, languages):
    login(client, translator)
    response = client.post(
        "/accounts/profile/",
        {
            "display_name": " Ana ",
            "ui_language": "de",
            "languages": [languages["de"].pk],
            "email_notifications": "daily",
        },
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "de"
    profile = Profile.objects.get(user=translator)
    assert profile.display_name == "Ana" and list(profile.languages.all()) == [languages["de"]]
    assert profile.email_notifications == "daily"
    refused = client.post("/accounts/profile/", {"ui_language": "xx"})
    assert refused.status_code == 200
    assert Profile.objects.get(user=translator).ui_language == "de"
    # Signing in again applies the interface language.
    client.logout()
    again = client.post("/accounts/login/", {"login": "translator", "password": "pw-translator"})
    assert again.cookies["django_language"].value == "de"


def test_the_profile_needs_a_signed_in_user(client):
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


def test_deleting_an_account_keeps_its_revisions_under_a_deleted_user(
    client, translator, languages
):
    document = make_document(["One.", "Two."])
    translate(translator, units(document)[0], languages["de"], "Eins.")
    login(client, translator)
    client.post("/accounts/profile/delete/", {"confirm_username": "someone-else"})
    assert User.objects.filter(pk=translator.pk).exists()  # not confirmed: nothing deleted

    response = client.post("/accounts/profile/delete/", {"confirm_username": "translator"})
    assert response.status_code == 302
    assert not User.objects.filter(username="translator").exists()
    revision = Revision.objects.get(text="Eins.")
    assert revision.author.username == DELETED_USERNAME and not revision.author.is_active
    assert "_auth_user_id" not in client.session
    # The deleted-user account cannot sign in.
    client.post("/accounts/login/", {"login": DELETED_USERNAME, "password": ""})
    assert "_auth_user_id" not in client.session


OIDC = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "keycloak",
                "name": "Our Keycloak",
                "client_id": "workbench",
                "secret": "s3cret",
                "settings": {"server_url": "https://id.example.org/realms/volunteers"},
            }
        ]
    }
}


def test_openid_connect_comes_from_the_environment():
    from .test_access import _settings_in_subprocess

    out = _settings_in_subprocess(
        {
            "DEBUG": "1",
            "OIDC_SERVER_URL": "https://id.example.org/realms/volunteers",
            "OIDC_CLIENT_ID": "workbench",
            "OIDC_CLIENT_SECRET": "s3cret",
            "OIDC_PROVIDER_ID": "keycloak",
            "OIDC_PROVIDER_NAME": "Our Keycloak",
        },
        "from django.conf import settings; app = settings.SOCIALACCOUNT_PROVIDERS"
        "['openid_connect']['APPS'][0]; print(app['provider_id'], app['name'],"
        " app['settings']['server_url'])",
    )
    assert "keycloak Our Keycloak https://id.example.org/realms/volunteers" in out


@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC)
def test_the_login_page_offers_the_openid_connect_provider(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Our Keycloak" in page and "/accounts/oidc/keycloak/login/" in page


@pytest.mark.django_db
@pytest.mark.parametrize(("mode", "offered"), [("open", True), ("approval", True),
                                               ("invitation", False)])  # fmt: skip
def test_the_login_page_offers_signing_up_only_where_people_may(client, mode, offered):
    """By invitation, "please sign up first" led to a page that refuses everyone."""
    signup = reverse("account_signup")
    with override_settings(SIGNUP_MODE=mode):
        page = client.get(reverse("account_login")).content.decode()
    assert (f'href="{signup}"' in page) is offered
