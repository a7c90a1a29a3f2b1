"""My work: what was sent back to me and what waits for my review, with the header's count;
the site's own 404 page; a phone-sized screen without horizontal scrolling."""

from __future__ import annotations

import pytest

from workbench.models import Membership, Unit
from workbench.services.review import reject

from ..workflow import make_document, translate, units
from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def day(languages, translator, reviewer, outsider):
    doc = make_document(["One.", "Two.", "Three."], slug="doc")
    one, two, three = units(doc)
    de = languages["de"]
    translate(translator, one, de, "Eins.")
    sent = translate(translator, two, de, "Zwo.")
    translate(translator, three, de, "Drei.")
    reject(reviewer, two, de, base_version=sent.version, reason="Bitte »Zwei«")
    Membership.objects.create(user=outsider, language=de)  # a join request
    return doc


def test_my_work_for_a_translator_and_a_reviewer(page, live_server, day):
    two = Unit.objects.get(document=day, position=2)
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/my-work/")
    assert page.locator("header.site a[href='/my-work/'] .count-badge").inner_text().startswith("1")
    sent = page.locator("section[aria-labelledby=mw-sent-back]")
    assert "Bitte »Zwei«" in sent.inner_text()
    assert "Drei" not in sent.inner_text()
    assert "doc" in page.locator("section[aria-labelledby=mw-docs]").inner_text()
    assert page.locator("section[aria-labelledby=mw-recent] li").count() == 3
    assert_no_axe_violations(page, "My work (translator)")
    # The link leads to the unit, focused, with the reason on its row.
    sent.locator("a").first.click()
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id", arg=f"t-{two.key}"
    )
    assert "Bitte »Zwei«" in page.locator(f"#u-{two.key} .sent-back").inner_text()

    page.context.clear_cookies()
    log_in(page, live_server, "reviewer", "pw-reviewer")
    page.goto(f"{live_server.url}/my-work/")
    review = page.locator("section[aria-labelledby=mw-review]")
    assert "2 units" in review.inner_text()
    assert "outsider" in page.locator("section[aria-labelledby=mw-join]").inner_text()
    assert page.locator("header.site a[href='/my-work/'] .count-badge").inner_text().startswith("2")
    assert_no_axe_violations(page, "My work (reviewer)")


def test_the_sites_own_404_page(page, live_server, day):
    log_in(page, live_server, "translator", "pw-translator")
    response = page.goto(f"{live_server.url}/d/no-such-document/")
    assert response.status == 404
    assert page.locator("header.site").count() == 1
    assert page.locator("main a[href='/']").count() >= 1
    assert_no_axe_violations(page, "the 404 page")


@pytest.mark.parametrize(
    "path",
    ["/", "/my-work/", "/d/doc/de/", "/d/doc/de/review/", "/d/doc/export.html?lang=de&download=0"],
)
def test_a_phone_has_no_horizontal_scrolling(chromium_browser, live_server, day, path):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    try:
        log_in(page, live_server, "reviewer", "pw-reviewer")
        page.goto(f"{live_server.url}{path}")
        wide = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert wide[0] <= wide[1], (path, wide)
        if "/d/doc/de/" == path:
            # One column: the translation box sits under its source, as wide as the screen.
            boxes = page.evaluate(
                "() => { const a = document.querySelector('article.unit');"
                " const s = a.querySelector('.source').getBoundingClientRect();"
                " const t = a.querySelector('.target').getBoundingClientRect();"
                " return [s.bottom <= t.top + 1, t.width]; }"
            )
            assert boxes[0] and boxes[1] > 300, boxes
    finally:
        context.close()
