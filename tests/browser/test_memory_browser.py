"""The translation-memory aids in a real browser: suggestions load when a unit gets the
focus, Alt+1 inserts the first one, the save records it as coming from the memory; a
quotation's translation goes in at the cursor; the panel passes axe-core."""

from __future__ import annotations

import pytest

from workbench.models import Translation

from ..workflow import make_document, translate, units
from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)

QUOTE = "Workers of the world, unite! You have nothing to lose but your chains."
QUOTE_DE = "Proletarier aller Länder, vereinigt euch! Ihr habt nichts zu verlieren als eure Ketten."


def test_insert_a_suggestion_with_the_keyboard_and_save(page, live_server, translator, languages):
    de = languages["de"]
    old = make_document(["The Left Opposition fought for a correct economic policy.", QUOTE],
                        slug="old")  # fmt: skip
    first_old, quote_old = units(old)
    translate(translator, first_old, de, "Die Linke Opposition kämpfte für eine richtige Politik.")
    translate(translator, quote_old, de, QUOTE_DE)
    new = make_document(
        [
            "The Left Opposition fought for a correct economic policy.",
            f"The Manifesto ends: “{QUOTE}” Nothing could be clearer than that.",
        ],
        slug="new",
    )
    first, second = units(new)

    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/new/de/")
    area = page.locator(f"#t-{first.key}")
    area.click()
    panel = page.locator(f"#a-{first.key} .aids-memory")
    panel.wait_for()
    assert "Die Linke Opposition kämpfte" in panel.inner_text()
    assert_no_axe_violations(page, "the editor with the aids panel open")
    area.press("Alt+1")
    assert area.input_value() == "Die Linke Opposition kämpfte für eine richtige Politik."
    area.press("Control+Enter")
    page.wait_for_function(
        "key => document.getElementById('st-' + key).textContent.trim() === 'needs review'",
        arg=first.key,
    )
    saved = Translation.objects.get(unit=first, language=de)
    assert saved.origin == "memory"
    assert saved.text == "Die Linke Opposition kämpfte für eine richtige Politik."

    # The next unit quotes a block quote translated before: its translation goes in at the
    # cursor, between what the translator has typed.
    quote_area = page.locator(f"#t-{second.key}")
    quote_area.click()
    page.locator(f"#a-{second.key} .suggestion.kind-quotation").wait_for()
    quote_area.fill("Das Manifest endet: „“ Klarer geht es nicht.")
    quote_area.evaluate("el => el.setSelectionRange(21, 21)")
    page.locator(f"#a-{second.key} button.insert-suggestion").first.click()
    assert quote_area.input_value() == f"Das Manifest endet: „{QUOTE_DE}“ Klarer geht es nicht."
