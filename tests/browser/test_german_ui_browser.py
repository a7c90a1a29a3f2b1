"""The German UI: the progress chart draws (no decimal comma in SVG coordinates), language
names are German, the glossary names languages, not scripts."""

from __future__ import annotations

import pytest

from ..workflow import make_document, translate, units
from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def german_page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def test_progress_chart_and_language_names_in_german(
    german_page, live_server, languages, translator
):
    page = german_page
    doc = make_document(["One.", "Two.", "Three."], slug="doc")
    for unit, text in zip(units(doc), ["Eins.", "Zwei."], strict=False):
        translate(translator, unit, languages["de"], text)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/doc/de/progress/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert "Fortschritt: Deutsch" in page.locator("h1").inner_text()
    points = page.locator("polyline.line.translated").get_attribute("points") or ""
    assert points and "," in points
    assert all(part.count(",") == 1 for part in points.split()), points
    coordinates = page.evaluate(
        "() => Array.from(document.querySelectorAll('svg.progress-chart line, svg.progress-chart"
        " text')).flatMap(e => ['x', 'y', 'x1', 'x2', 'y1', 'y2'].map(a => e.getAttribute(a)))"
        ".filter(v => v !== null)"
    )
    assert coordinates and not [c for c in coordinates if "," in c], coordinates
    assert not errors, errors
    assert_no_axe_violations(page, "the German progress page")

    page.goto(f"{live_server.url}/glossary/")
    names = page.locator("fieldset.glossary-langs label").all_inner_texts()
    assert any("Arabisch" in n for n in names), names
    assert not any("Schrift" in n for n in names), names
    assert_no_axe_violations(page, "the German glossary")
    page.goto(f"{live_server.url}/teams/")
    assert_no_axe_violations(page, "the German teams page")
    page.goto(f"{live_server.url}/my-work/")
    assert "Deutsch" in page.locator("section[aria-labelledby=mw-docs]").inner_text()
    assert_no_axe_violations(page, "the German My work page")
    # The favicon is served.
    assert page.request.get(f"{live_server.url}/favicon.ico").ok
