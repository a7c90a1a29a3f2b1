"""A reviewer's day: check results on the review screen, Approve unavailable while an error
stands, a warning dismissed there, a markup-only change in the diff; the translator then sees
"Sent back" with the reason on the row, and who did what last."""

from __future__ import annotations

import pytest

from workbench.models import Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document

from ..workflow import translate
from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)

ESSAY = b"""# Essay

He wrote[^1] that *this* is big, in 1917.

Second paragraph.

[^1]: The note.
"""


@pytest.fixture
def essay(languages):
    return import_document(
        SYSTEM, ESSAY, filename="essay.md", language_code="en", slug="essay"
    ).document


def test_review_with_a_blocking_error_a_dismissed_warning_and_a_send_back(
    page, live_server, essay, translator, reviewer, languages
):
    de = languages["de"]
    title, para, second = Unit.objects.filter(document=essay).order_by("position")[:3]
    # A plain "[1]" typed as text first (the old way), then the real reference: a change of
    # markup only.
    translate(translator, para, de, "Er schrieb [1], dass *dies* groß ist, 1917.")
    translate(
        translator,
        para,
        de,
        'Er schrieb<sup class="fnref">1</sup>, dass <em>dies</em> groß ist, 1917.',
    )
    translate(translator, title, de, "Essay")
    # No footnote reference, no final full stop: an error and a warning.
    translate(translator, second, de, "Zweiter Absatz")
    translate(translator, second, de, 'Zweiter Absatz<sup class="fnref">9</sup>')

    log_in(page, live_server, "reviewer", "pw-reviewer")
    page.goto(f"{live_server.url}/d/essay/de/review/")
    assert_no_axe_violations(page, "the review screen")

    # The markup-only change shows in the diff: the diff compares what the box shows, where
    # the plain text "[1]" was written "\[1]" and the reference is "[1]".
    diff = page.locator(f"#r-{para.key} .version-diff .diff")
    assert diff.inner_text().replace(" ", "").startswith("Erschrieb\\[1]")
    assert diff.locator("del").count() >= 1
    # ... and is said in words: which markup changed, and how.
    note = page.locator(f"#r-{para.key} .version-diff .markup-change").inner_text()
    assert "footnote references 0 → 1" in note and "emphasis 0 → 1" in note

    # The filter applies when chosen, without a button, and the focus stays on it.
    show = page.locator("#show")
    assert page.locator("form.filter button[type=submit]").is_hidden()
    show.focus()
    show.select_option("outdated")
    page.locator("#review").filter(has_text="No outdated translations").wait_for()
    assert page.evaluate("document.activeElement.id") == "show"
    assert "show=outdated" in page.url
    show.select_option("translated")
    page.locator(f"#r-{para.key}").wait_for()

    row = page.locator(f"#r-{second.key}")
    assert row.locator(".row-checks .problem.error").count() >= 1
    assert row.locator(".row-checks .problem.warning").count() >= 1
    approve = row.locator("button.approve")
    assert approve.is_disabled()
    reason = row.locator(".approve-blocked").inner_text()
    assert "Approve is unavailable" in reason

    # Dismiss the warning, on the review screen.
    row.locator(".problem.warning details.dismiss summary").first.click()
    row.locator(".problem.warning input[name=reason]").first.fill("Überschriftartig")
    row.locator(".problem.warning button[type=submit]").first.click()
    page.wait_for_url("**/review/**")
    row = page.locator(f"#r-{second.key}")
    assert row.locator(".problem.dismissed").count() >= 1
    assert row.locator("button.approve").is_disabled()  # the error still stands

    # Send it back with a reason.
    row.focus()
    page.keyboard.press("r")
    page.locator(f"#rr-reason-{second.key}").fill("Die Fußnote fehlt")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "key => document.getElementById('rst-' + key).textContent.trim() === 'draft'",
        arg=second.key,
    )
    assert Translation.objects.get(unit=second, language=de).status == "draft"

    # The translator sees "Sent back" and the reason on the row, and who did it.
    page.context.clear_cookies()
    log_in(page, live_server, "translator", "pw-translator")
    page.goto(f"{live_server.url}/d/essay/de/")
    sent_back = page.locator(f"#u-{second.key} .sent-back")
    assert "Sent back" in sent_back.inner_text()
    assert "Die Fußnote fehlt" in sent_back.inner_text()
    assert "reviewer" in sent_back.inner_text()
    assert "sent back by reviewer" in page.locator(f"#u-{second.key} .last-change").inner_text()
    assert_no_axe_violations(page, "the editor with a sent-back row")


def test_a_translator_following_a_review_link_gets_the_sites_403(
    page, live_server, essay, translator
):
    log_in(page, live_server, "translator", "pw-translator")
    response = page.goto(f"{live_server.url}/d/essay/de/review/")
    assert response.status == 403
    assert page.locator("h1").inner_text().strip() != ""
    assert page.locator("header.site").count() == 1  # the site's own page, styled
    assert page.locator("main a[href]").count() >= 1  # and where to go from here
    assert_no_axe_violations(page, "the 403 page")
