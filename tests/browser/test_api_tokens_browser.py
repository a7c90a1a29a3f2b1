"""The API tokens page in a real browser, with the keyboard only and on a 390 px phone: make
a token, read it once, revoke it; the page passes axe-core. The API docs page loads with
the site's Content-Security-Policy and nothing from outside."""

from __future__ import annotations

import pytest

from workbench.models import ApiToken

from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_make_and_revoke_a_token_with_the_keyboard_on_a_phone(page, live_server, translator):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/accounts/api-tokens/")
    assert_no_axe_violations(page, "the API tokens page")
    page.focus("#id_name")
    page.keyboard.type("publishing script")
    page.keyboard.press("Enter")
    page.wait_for_selector("#new-token")
    shown = page.input_value("#new-token")
    assert shown.startswith("wbt_")
    assert_no_axe_violations(page, "the API tokens page with a new token")
    # Nothing wider than the phone's screen (the tokens table scrolls inside its box).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.reload()
    assert shown not in page.content()
    revoke = page.get_by_role("button", name="Revoke token publishing script")
    revoke.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=revoked")
    assert ApiToken.objects.get().revoked_at is not None


def test_api_docs_page_runs_under_the_sites_policy(page, live_server, languages):
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector("text=/api/v1/documents/", timeout=20_000)
    assert not outside, outside
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_browsable_api_writes_with_the_session_and_csrf(page, live_server, translator,
                                                        sample_document):  # fmt: skip
    from workbench.models import Translation

    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/api/v1/documents/sample/languages/de/units/u0001/")
    page.wait_for_selector("text=Socialist Equality Party")
    page.fill("#id__content", '{"text": "Sozialistische Gleichheitspartei", "version": 0}')
    # The GET already shows "HTTP 200 OK": wait for the PUT's own answer.
    with page.expect_response(lambda r: r.request.method in ("PUT", "POST")) as answer:
        page.click("button:has-text('PUT')")
    assert answer.value.status == 200
    page.wait_for_load_state()
    assert Translation.objects.get().text == "Sozialistische Gleichheitspartei"
    assert not [e for e in errors if "script" in e.lower()], errors
