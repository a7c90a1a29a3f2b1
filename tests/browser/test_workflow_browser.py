"""The editor's conflict view, history restore, comments and presence in a real browser,
and axe-core on the review, progress and teams screens."""

from __future__ import annotations

import os

import pytest

from workbench.models import Comment, Translation
from workbench.services.presence import heartbeat
from workbench.services.translations import save_translation

from ..workflow import make_document, translate, units
from .conftest import assert_no_axe_violations, log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def doc(languages):
    return make_document(["The first paragraph.", "The second paragraph."], slug="doc")


def test_conflict_shows_both_versions_and_use_mine_saves(
    page, live_server, translator, reviewer, doc, languages
):
    seg = units(doc)[0]
    de = languages["de"]
    translate(translator, seg, de, "Der erste Absatz")
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/doc/de/")
    # Meanwhile the reviewer saves the same unit.
    save_translation(reviewer, seg, de, "Der erste Absatz.", base_version=1)
    area = page.locator(f"#t-{seg.key}")
    area.fill("Der allererste Absatz")
    area.press("Control+Enter")
    box = page.locator(f"#cf-{seg.key}")
    box.wait_for(state="visible")
    page.wait_for_function("key => document.activeElement.id === 'cf-' + key", arg=seg.key)
    assert box.locator(".theirs .version-text").inner_text() == "Der erste Absatz."
    assert box.locator(".mine .version-text").inner_text() == "Der allererste Absatz"
    assert "reviewer" in box.locator(".theirs .col-title").inner_text()
    assert box.locator(".conflict-diff ins").first.inner_text() == "allererste"
    assert Translation.objects.get(unit=seg, language=de).text == "Der erste Absatz."
    assert_no_axe_violations(page, "the editor's conflict view")
    # Keyboard: Tab from the conflict region reaches "Keep theirs", then "Use mine".
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Keep theirs"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("key => document.getElementById('cf-' + key).hidden", arg=seg.key)
    assert Translation.objects.get(unit=seg, language=de).text == "Der allererste Absatz"


def test_keep_theirs_loads_their_text(page, live_server, translator, reviewer, doc, languages):
    seg = units(doc)[1]
    de = languages["de"]
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/doc/de/")
    save_translation(reviewer, seg, de, "Der zweite Absatz.", base_version=0)
    page.locator(f"#t-{seg.key}").fill("Mein Absatz")
    page.locator(f"#u-{seg.key} button.save[data-status=translated]").click()
    page.locator(f"#cf-{seg.key} button.keep-theirs").click()
    page.wait_for_function(
        "key => document.getElementById('t-' + key).value === 'Der zweite Absatz.'", arg=seg.key
    )
    assert page.evaluate("document.activeElement.id") == f"t-{seg.key}"
    assert Translation.objects.get(unit=seg, language=de).text == "Der zweite Absatz."


def test_history_restore_comments_and_presence(
    page, live_server, translator, reviewer, doc, languages
):
    seg = units(doc)[0]
    de = languages["de"]
    translate(translator, seg, de, "Erste Fassung.")
    translate(translator, seg, de, "Zweite Fassung.")
    heartbeat(reviewer, doc, de)  # the reviewer has the document open too
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/doc/de/")
    presence = page.locator("#presence")
    presence.wait_for(state="visible")
    assert "reviewer" in presence.inner_text()

    page.locator(f"#u-{seg.key} .history-toggle").click()
    panel = page.locator(f"#h-{seg.key}")
    panel.locator("del").first.wait_for()
    assert panel.locator("del").first.inner_text() == "Erste"
    assert_no_axe_violations(page, "the editor with the history panel open")
    panel.locator("button.restore").click()
    page.wait_for_function(
        "key => document.getElementById('t-' + key).value === 'Erste Fassung.'", arg=seg.key
    )
    assert Translation.objects.get(unit=seg, language=de).text == "Erste Fassung."

    page.locator(f"#u-{seg.key} .comments-toggle").click()
    box = page.locator(f"#ct-{seg.key}")
    box.fill("Welche Fassung ist besser?")
    box.press("Control+Enter")
    page.locator(f"#c-{seg.key} .comment-text").wait_for()
    assert page.locator(f"#u-{seg.key} .comments-toggle .count").inner_text() == "(1)"
    assert Comment.objects.get().text == "Welche Fassung ist besser?"
    # The translation itself was not saved by Ctrl+Enter in the comment box.
    assert Translation.objects.get(unit=seg, language=de).version == 3
    assert_no_axe_violations(page, "the editor with the comments panel open")


def test_review_progress_and_teams_pages_pass_axe(
    page, live_server, reviewer, translator, doc, languages
):
    seg = units(doc)[0]
    translate(translator, seg, languages["de"], "Der erste")
    translate(translator, seg, languages["de"], "Der erste Absatz.")
    Comment.objects.create(unit=seg, language=languages["de"], author=translator, text="Frage")
    log_in(page, live_server, "reviewer", "pw-reviewer")
    page.goto(f"{live_server.url}/d/doc/de/review/")
    page.keyboard.press("c")
    page.locator(f"#c-{seg.key} .comment-text").wait_for()
    page.keyboard.press("r")  # opens the reason form (focus moves into it)
    assert_no_axe_violations(page, "the review screen")
    page.goto(f"{live_server.url}/d/doc/de/progress/")
    page.locator("svg.progress-chart").wait_for()
    assert_no_axe_violations(page, "the progress page")
    page.goto(f"{live_server.url}/teams/")
    assert_no_axe_violations(page, "the teams page")


def test_a_source_changed_under_the_translator_is_shown_and_their_text_kept(
    page, live_server, translator, doc, languages
):
    from workbench.permissions import SYSTEM
    from workbench.services.source_updates import update_document_source

    seg = units(doc)[0]
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/doc/de/")
    # Meanwhile the source is updated: the first paragraph changes.
    data = b"The very first paragraph.\n\nThe second paragraph.\n"
    update_document_source(SYSTEM, doc, data, filename="doc.txt")
    area = page.locator(f"#t-{seg.key}")
    area.fill("Der erste Absatz")
    area.press("Control+Enter")
    page.wait_for_function(
        "key => document.getElementById('src-' + key).textContent.includes('very first')",
        arg=seg.key,
    )
    assert page.locator(f"#t-{seg.key}").input_value() == "Der erste Absatz"
    assert "source of this unit changed" in page.locator(f"#u-{seg.key} .row-msg").inner_text()
    assert not Translation.objects.filter(unit=seg).exists()
    # Saved again having seen the new source: stored, current.
    page.locator(f"#t-{seg.key}").fill("Der allererste Absatz")
    page.locator(f"#u-{seg.key} button.save[data-status=translated]").click()
    page.wait_for_function(
        "key => document.querySelector('#u-' + key + '.status-translated')", arg=seg.key
    )
    assert Translation.objects.get(unit=seg).text == "Der allererste Absatz"
