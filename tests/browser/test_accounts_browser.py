"""A newcomer in the browser: signs up, gets the verification mail from the test SMTP server,
confirms, signs in; password reset end to end; brute force runs into the lockout. The account
pages pass axe-core and fit a 390 px phone."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import override_settings

from tests.smtp import body_text

from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://[^/\s]+(/accounts/\S+/)")
PASSWORD = "a-long-volunteer-passphrase-42"


def _path_in(message) -> str:
    found = LINK.search(body_text(message))
    assert found, body_text(message)
    return found.group(1)


@override_settings(SIGNUP_MODE="open")
def test_sign_up_verify_by_mail_and_sign_in(page, live_server, smtp_inbox, languages):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign up").click()
    assert_no_axe_violations(page, "the sign-up page")
    page.fill("#id_email", "newcomer@example.org")
    page.fill("#id_username", "newcomer")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.press("#id_password2", "Enter")
    page.wait_for_url("**/accounts/confirm-email/")
    assert "We have sent an email" in page.content()

    mail = smtp_inbox.wait_for("newcomer@example.org")[0]
    page.goto(live_server.url + _path_in(mail))
    page.get_by_role("button", name="Confirm").click()
    # Confirmed in the browser that signed up: signed in at once, on the home page.
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Signed in as newcomer").is_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/**")
    log_in(page, live_server, "newcomer@example.org", PASSWORD)
    assert page.get_by_role("link", name="Signed in as newcomer").is_visible()
    page.get_by_role("link", name="Signed in as newcomer").click()
    page.fill("#id_display_name", "New Comer")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Your profile was saved.").is_visible()
    assert_no_axe_violations(page, "the profile page")


def test_password_reset_end_to_end(page, live_server, smtp_inbox, translator):
    translator.email = "translator@example.org"
    translator.save()
    EmailAddress.objects.create(
        user=translator, email=translator.email, verified=True, primary=True
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name=re.compile("Forgot your password")).click()
    page.fill("#id_email", "translator@example.org")
    page.press("#id_email", "Enter")
    page.wait_for_url("**/accounts/password/reset/done/")
    mail = smtp_inbox.wait_for("translator@example.org")[0]
    page.goto(live_server.url + _path_in(mail))
    new = "another-long-passphrase-77"
    page.fill("#id_password1", new)
    page.fill("#id_password2", new)
    page.press("#id_password2", "Enter")
    page.wait_for_url("**/accounts/password/reset/key/done/")
    log_in(page, live_server, "translator", new)
    assert page.get_by_role("link", name="Signed in as translator").is_visible()


def test_brute_force_runs_into_the_lockout(page, live_server, translator):
    for _ in range(10):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", "translator")
        page.fill("#id_password", "wrong")
        page.press("#id_password", "Enter")
        page.wait_for_load_state()
    log_in(page, live_server, "translator", "pw-translator")
    assert "Too many failed logins" in page.content()
    assert "Signed in as" not in page.content()


@override_settings(SIGNUP_MODE="open")
def test_account_pages_fit_a_phone(chromium_browser, live_server, languages):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        phone.goto(live_server.url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide"
    context.close()
    assert not get_user_model().objects.filter(username="newcomer").exists()
