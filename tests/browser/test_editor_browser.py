"""The foundation's end-to-end path in a real browser: log in, translate with the keyboard,
reload, and run axe-core on the document list, the editor and the bilingual export."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from workbench.models import Membership, Translation, Unit

from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def german_translator(languages):
    user = get_user_model().objects.create_user(username="vol", password="vol-pass-123")
    Membership.objects.create(
        user=user,
        language=languages["de"],
        role=Membership.ROLE_TRANSLATOR,
        state=Membership.STATE_ACTIVE,
    )
    return user


def test_translate_with_ctrl_enter_and_reload(
    page, live_server, sample_document, german_translator
):
    log_in(page, live_server, "vol", "vol-pass-123")
    page.goto(f"{live_server.url}/")
    assert_no_axe_violations(page, "the document list")
    page.get_by_role("link", name="German").first.click()
    page.wait_for_selector("#editor")
    assert_no_axe_violations(page, "the editor")

    first, second = Unit.objects.filter(document=sample_document).order_by("position")[:2]
    area = page.locator(f"#t-{first.key}")
    area.click()
    area.fill("Sozialistische Gleichheitspartei (Vereinigte Staaten)")
    area.press("Control+Enter")
    badge = page.locator(f"#st-{first.key}")
    badge.wait_for()
    page.wait_for_function(
        "key => document.getElementById('st-' + key).textContent.trim() === 'needs review'",
        arg=first.key,
    )
    # The caret moved on to the next unit.
    page.wait_for_function(
        "key => document.activeElement && document.activeElement.id === 't-' + key", arg=second.key
    )

    # Alt+Up goes back to the unit just saved.
    page.keyboard.press("Alt+ArrowUp")
    assert page.evaluate("document.activeElement.id") == f"t-{first.key}"

    page.reload()
    assert (
        page.locator(f"#t-{first.key}").input_value()
        == "Sozialistische Gleichheitspartei (Vereinigte Staaten)"
    )
    assert page.locator(f"#st-{first.key}").inner_text().strip() == "needs review"
    t = Translation.objects.get(unit=first, language__code="de")
    assert t.author.username == "vol"

    response = page.goto(
        f"{live_server.url}/d/{sample_document.slug}/export.html?lang=de&download=0"
    )
    assert response.ok
    assert_no_axe_violations(page, "the bilingual HTML export")
