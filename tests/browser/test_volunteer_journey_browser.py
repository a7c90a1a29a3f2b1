"""The newcomer's whole way in, in two browsers: sign up, the verification mail arrives at
the test SMTP server, confirm, sign in, ask to join; the reviewer sees it under the bell and
accepts; the volunteer translates; the reviewer sends it back; the volunteer reads the reason
under the bell and in the mail. Then invitations: an expired and a used link are refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import override_settings
from django.utils import timezone

from tests.smtp import body_text
from workbench.models import Invitation, Membership, Translation
from workbench.services.teams import create_invitation, sign_up_with_invitation

from ..workflow import make_document, units
from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-volunteer-passphrase-42"


def _path(message, pattern=r"https?://[^/\s]+(/\S+/)") -> str:
    found = re.search(pattern, body_text(message))
    assert found, body_text(message)
    return found.group(1)


@override_settings(SIGNUP_MODE="open")
def test_sign_up_join_translate_and_be_sent_back(
    chromium_browser, live_server, smtp_inbox, reviewer, languages
):
    reviewer.email = "reviewer@example.org"
    reviewer.save()
    EmailAddress.objects.create(user=reviewer, email=reviewer.email, verified=True, primary=True)
    document = make_document(["Workers of the world, unite.", "Second."], slug="doc")
    unit = units(document)[0]
    volunteer_ctx = chromium_browser.new_context(locale="en-US")
    reviewer_ctx = chromium_browser.new_context(locale="en-US")
    vol, rev = volunteer_ctx.new_page(), reviewer_ctx.new_page()

    vol.goto(f"{live_server.url}/accounts/signup/")
    vol.fill("#id_email", "vol@example.org")
    vol.fill("#id_username", "vol")
    vol.fill("#id_password1", PASSWORD)
    vol.fill("#id_password2", PASSWORD)
    vol.press("#id_password2", "Enter")
    vol.wait_for_url("**/accounts/confirm-email/")
    verification = smtp_inbox.wait_for("vol@example.org")[0]
    vol.goto(live_server.url + _path(verification, r"https?://[^/\s]+(/accounts/\S+/)"))
    vol.get_by_role("button", name="Confirm").click()
    vol.wait_for_url(f"{live_server.url}/")  # signed in by confirming

    vol.goto(f"{live_server.url}/teams/")
    vol.get_by_role("button", name="Ask to join (German)").click()
    assert Membership.objects.get(user__username="vol").state == "requested"

    log_in(rev, live_server, "reviewer", "pw-reviewer")
    bell = rev.locator("a.bell")
    assert "Notifications: 1 unread" in bell.inner_text()
    bell.click()
    assert (
        rev.locator("ul.notifications p")
        .first.inner_text()
        .startswith("New: vol asks to join the German team.")
    )
    rev.get_by_role("button", name=re.compile("^Open")).first.click()
    rev.wait_for_url("**/teams/**")
    rev.get_by_role("button", name="Accept vol (German)").click()
    assert Membership.objects.get(user__username="vol").state == "active"

    vol.goto(f"{live_server.url}/d/doc/de/")
    area = vol.locator(f"#t-{unit.key}")
    area.click()
    area.fill("Proletarier aller Länder, vereinigt euch!")
    area.press("Control+Enter")
    vol.wait_for_function(
        "key => document.getElementById('st-' + key).textContent.trim() === 'needs review'",
        arg=unit.key,
    )

    rev.goto(f"{live_server.url}/d/doc/de/review/#r-{unit.key}")
    rev.wait_for_function("key => document.activeElement.id === 'r-' + key", arg=unit.key)
    rev.keyboard.press("r")
    rev.locator(f"#rr-reason-{unit.key}").wait_for(state="visible")
    rev.keyboard.type("Keep the exclamation mark out.")
    rev.keyboard.press("Enter")
    rev.wait_for_function(
        "key => document.getElementById('rst-' + key).textContent.trim() === 'draft'",
        arg=unit.key,
    )
    assert Translation.objects.get(unit=unit, language=languages["de"]).status == "draft"

    vol.goto(f"{live_server.url}/")
    vol.locator("a.bell").click()
    assert "Keep the exclamation mark out." in vol.locator("ul.notifications").inner_text()
    mails = smtp_inbox.wait_for("vol@example.org", count=3)  # verification, accepted, sent back
    sent_back = [m for m in mails if "Keep the exclamation mark out." in body_text(m)]
    assert sent_back and f"/d/doc/de/#u-{unit.key}" in body_text(sent_back[0])
    volunteer_ctx.close()
    reviewer_ctx.close()


def test_expired_and_used_invitations_are_refused(page, live_server, admin_user, languages):
    used = create_invitation(admin_user, languages["de"])
    sign_up_with_invitation(used.token, username="first", password=PASSWORD)
    expired = create_invitation(admin_user, languages["de"])
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))

    page.goto(f"{live_server.url}/join/{used.token}/")
    assert page.get_by_text("This invitation has already been used.").is_visible()
    page.goto(f"{live_server.url}/join/{expired.token}/")
    assert page.get_by_text("This invitation has expired").is_visible()
    assert page.locator("#id_password1").count() == 0
