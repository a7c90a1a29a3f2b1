"""Machine translation in a real browser, from a real Apertium APY on loopback: the
suggestion appears beside the memory matches, labelled with the engine; Alt+0 inserts it;
the translator edits it and saves; the translation is stored with origin machine and the
share of unmodified engine output. The panel passes axe-core, also on a 390 px phone."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from workbench.models import Membership, Translation
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document
from workbench.text.placeables import to_tokens

from ..mt_fixtures import PARAGRAPH, apertium, apertium_engine  # noqa: F401
from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("apertium_engine")
def test_insert_a_machine_suggestion_and_edit_it(page, live_server, languages):
    user = get_user_model().objects.create_user(username="traductora", password="pw-traductora")
    Membership.objects.create(
        user=user,
        language=languages["es"],
        role=Membership.ROLE_TRANSLATOR,
        state=Membership.STATE_ACTIVE,
    )
    document = import_document(SYSTEM, f"<p>{PARAGRAPH}</p>".encode(), filename="p.html",
                               language_code="en", slug="para").document  # fmt: skip
    unit = document.units.get()

    log_in(page, live_server, "traductora", "pw-traductora")
    page.goto(f"{live_server.url}/d/para/es/")
    area = page.locator(f"#t-{unit.key}")
    area.click()
    machine = page.locator(f"#a-{unit.key} .aids-machine .machine-suggestion")
    machine.wait_for(timeout=15000)
    assert "machine translation by Apertium" in machine.inner_text()
    assert "revolución permanente" in machine.inner_text()
    # Beside the memory matches, after them.
    assert page.locator(f"#a-{unit.key} .aids-memory + .aids-machine").count() == 1
    assert_no_axe_violations(page, "the editor with the machine suggestion")

    area.press("Alt+0")
    inserted = area.input_value()
    # The box holds tokens (text/placeables.py): emphasis and the footnote reference in place.
    assert "*revolución permanente*" in inserted and "[1]" in inserted
    assert "<" not in inserted
    area.press("End")
    area.type(" Y también la de Lenin.")
    area.press("Control+Enter")
    page.wait_for_function(
        "key => document.getElementById('st-' + key).textContent.trim() === 'needs review'",
        arg=unit.key,
    )
    saved = Translation.objects.get(unit=unit, language=languages["es"])
    assert saved.origin == "machine" and saved.machine_engine == "apertium"
    assert saved.text.endswith("Y también la de Lenin.")
    assert "<em>revolución permanente</em>" in saved.machine_text
    assert 'class="fnref"' in saved.machine_text
    assert to_tokens(saved.machine_text, source=unit.source) == inserted
    assert 0.5 < saved.machine_share < 1

    # A phone: the panel fits and stays accessible.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/d/para/es/")
    page.locator(f"#t-{unit.key}").click()
    page.locator(f"#a-{unit.key} .aids-machine .machine-suggestion").wait_for(timeout=15000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert_no_axe_violations(page, "the machine suggestion on a phone")


@pytest.mark.usefixtures("apertium_engine")
def test_approving_unedited_machine_output_in_the_editor_needs_a_confirmation(
    page, live_server, languages
):
    """The guard in the editor: a reviewer who approves the engine's text unchanged is asked
    (a dialog: Enter confirms, Esc cancels); cancelling stores nothing."""
    user = get_user_model().objects.create_user(username="revisora", password="pw-revisora")
    Membership.objects.create(
        user=user,
        language=languages["es"],
        role=Membership.ROLE_REVIEWER,
        state=Membership.STATE_ACTIVE,
    )
    document = import_document(SYSTEM, f"<p>{PARAGRAPH}</p>".encode(), filename="p.html",
                               language_code="en", slug="para").document  # fmt: skip
    unit = document.units.get()
    log_in(page, live_server, "revisora", "pw-revisora")
    page.goto(f"{live_server.url}/d/para/es/")
    area = page.locator(f"#t-{unit.key}")
    area.click()
    page.locator(f"#a-{unit.key} .aids-machine .machine-suggestion").wait_for(timeout=15000)
    area.press("Alt+0")
    approve = page.locator(f"#u-{unit.key} button.save[data-status='approved']")

    asked: list[str] = []

    def dismiss(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    approve.click()
    message = page.locator(f"#u-{unit.key} .row-msg")
    message.filter(has_text="unmodified machine translation").wait_for(timeout=10000)
    assert asked and "unmodified machine translation" in asked[0]
    assert not Translation.objects.filter(unit=unit, language=languages["es"]).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#u-{unit.key} button.save[data-status='approved']").click()
    page.wait_for_function(
        "key => document.getElementById('st-' + key).textContent.trim() === 'approved'",
        arg=unit.key,
    )
    saved = Translation.objects.get(unit=unit, language=languages["es"])
    assert saved.status == "approved" and saved.origin == "machine"
    assert saved.machine_share == 1.0


@pytest.mark.usefixtures("apertium_engine")
def test_a_language_no_engine_serves_leaves_the_editor_responsive(page, live_server, languages):
    """Apertium serves English to Spanish, not to German: the German editor shows no machine
    part, and the page keeps answering (removing the empty part once woke the observer that
    placed it, an endless loop that froze the editor of every unserved language)."""
    user = get_user_model().objects.create_user(username="uebersetzer", password="pw-uebers")
    Membership.objects.create(
        user=user,
        language=languages["de"],
        role=Membership.ROLE_TRANSLATOR,
        state=Membership.STATE_ACTIVE,
    )
    import_document(SYSTEM, f"<p>{PARAGRAPH}</p><p>Second.</p>".encode(), filename="p.html",
                    language_code="en", slug="para")  # fmt: skip
    log_in(page, live_server, "uebersetzer", "pw-uebers")
    page.goto(f"{live_server.url}/d/para/de/")
    first, second = page.locator("textarea[name=text]").all()
    first.click()
    page.locator(".aids-memory").first.wait_for(timeout=15000)
    page.wait_for_timeout(1000)  # the machine request has come back (404) by now
    # A frozen page does not answer: this fails after 5 s (evaluate would wait for ever).
    page.wait_for_function("() => document.readyState === 'complete'", timeout=5000)
    assert page.locator(".aids-machine").count() == 0
    second.click(timeout=5000)
    page.keyboard.type("Zweiter.")
    page.wait_for_function("() => document.activeElement.value === 'Zweiter.'", timeout=5000)
    assert page.locator(".aids-machine").count() == 0
