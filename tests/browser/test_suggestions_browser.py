"""A suggestion in the browser: an outsider suggests, a team member focuses it and adopts it
with one key (A); the translation is the outsider's, credited to them."""

from __future__ import annotations

import pytest

from workbench.models import Suggestion, Translation

from ..workflow import make_document, units
from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_outsiders_suggestion_adopted_with_one_key(
    chromium_browser, live_server, outsider, translator, languages
):
    document = make_document(["Workers of the world, unite.", "Second."], slug="doc")
    document.suggestions_open = True
    document.save()
    unit = units(document)[0]

    ctx = chromium_browser.new_context(locale="en-US")
    page = ctx.new_page()
    log_in(page, live_server, "outsider", "pw-outsider")
    page.goto(f"{live_server.url}/d/doc/de/suggestions/")
    assert_no_axe_violations(page, "the suggestions panel (outsider)")
    page.fill(f"#sg-{unit.key}", "Proletarier aller Länder, vereinigt euch!")
    page.get_by_role("button", name=f"Suggest ({unit.key})").click()
    page.wait_for_load_state()
    assert Suggestion.objects.get().author == outsider
    ctx.close()

    ctx = chromium_browser.new_context(locale="en-US")
    page = ctx.new_page()
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/doc/de/suggestions/?with=open")
    assert_no_axe_violations(page, "the suggestions panel (member)")
    page.locator(".suggestion").first.focus()
    page.keyboard.press("a")
    page.get_by_text("Suggestion adopted.").wait_for()
    translation = Translation.objects.get(unit=unit, language=languages["de"])
    assert (translation.text, translation.author) == (
        "Proletarier aller Länder, vereinigt euch!", outsider,
    )  # fmt: skip
    assert Suggestion.objects.get().state == "adopted"
    ctx.close()
