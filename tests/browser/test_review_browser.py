"""The review screen in a real browser: log in through the form, approve with the keyboard
(one key, no page reload), reload, still approved; then send one back with R and Enter."""

from __future__ import annotations

import os

import pytest

from workbench.models import Comment, Revision, Translation

from ..workflow import make_document, translate, units
from .conftest import log_in

# Playwright's sync API runs an event loop in this thread; the ORM calls here are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting(languages, translator):
    doc = make_document(
        ["Workers of the world, unite.", "The second paragraph.", "A third one."], slug="doc"
    )
    segs = units(doc)
    translate(translator, segs[0], languages["de"], "Arbeiter der Welt, vereinigt euch.")
    translate(translator, segs[0], languages["de"], "Proletarier aller Länder, vereinigt euch.")
    translate(translator, segs[1], languages["de"], "Der zweite Absatz.")
    translate(translator, segs[2], languages["de"], "Ein dritter.")
    return segs


def test_approve_with_the_keyboard_and_reload(page, live_server, reviewer, waiting, languages):
    first, second, _third = waiting
    log_in(page, live_server, "reviewer", "pw-reviewer")
    page.goto(f"{live_server.url}/d/doc/de/review/")
    row = page.locator(f"#r-{first.key}")
    row.wait_for()
    # The diff against the previous version is shown beside the source.
    assert row.locator(".version-diff del").first.inner_text() == "Arbeiter der Welt"
    # The first unit has the focus on arrival: one key approves it.
    page.wait_for_function("key => document.activeElement.id === 'r-' + key", arg=first.key)
    page.evaluate("window.__notReloaded = true")
    page.keyboard.press("a")
    page.wait_for_function(
        "key => document.getElementById('rst-' + key).textContent.trim() === 'approved'",
        arg=first.key,
    )
    assert page.evaluate("window.__notReloaded") is True  # no page load happened
    # The focus moved on to the next unit.
    page.wait_for_function("key => document.activeElement.id === 'r-' + key", arg=second.key)
    translation = Translation.objects.get(unit=first, language=languages["de"])
    assert (translation.status, translation.reviewer) == ("approved", reviewer)

    # Reload: the approved unit no longer waits for review, and the editor shows it approved.
    page.reload()
    page.locator(f"#r-{second.key}").wait_for()
    assert page.locator(f"#r-{first.key}").count() == 0
    page.goto(f"{live_server.url}/d/doc/de/?filter=approved")
    assert page.locator(f"#st-{first.key}").inner_text().strip() == "approved"


def test_send_back_with_r_and_enter(page, live_server, reviewer, waiting, languages):
    _first, second, third = waiting
    log_in(page, live_server, "reviewer", "pw-reviewer")
    page.goto(f"{live_server.url}/d/doc/de/review/#r-{second.key}")
    page.wait_for_function("key => document.activeElement.id === 'r-' + key", arg=second.key)
    page.keyboard.press("r")
    reason = page.locator(f"#rr-reason-{second.key}")
    reason.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == f"rr-reason-{second.key}"
    page.keyboard.type("Bitte „Absatz“ prüfen")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "key => document.getElementById('rst-' + key).textContent.trim() === 'draft'",
        arg=second.key,
    )
    assert Translation.objects.get(unit=second, language=languages["de"]).status == "draft"
    assert Revision.objects.get(action="reject").comment == "Bitte „Absatz“ prüfen"
    assert Comment.objects.get(unit=second).text == "Bitte „Absatz“ prüfen"
    # E then Ctrl+Enter: edit and approve the next unit.
    page.wait_for_function("key => document.activeElement.id === 'r-' + key", arg=third.key)
    page.keyboard.press("e")
    area = page.locator(f"#rt-{third.key}")
    area.wait_for(state="visible")
    area.fill("Ein dritter Absatz.")
    area.press("Control+Enter")
    page.wait_for_function(
        "key => document.getElementById('rst-' + key).textContent.trim() === 'approved'",
        arg=third.key,
    )
    edited = Translation.objects.get(unit=third, language=languages["de"])
    assert (edited.text, edited.status) == ("Ein dritter Absatz.", "approved")
