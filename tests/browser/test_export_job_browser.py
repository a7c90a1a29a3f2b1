"""A book's download prepared in the background, walked as a German volunteer on a phone
with the keyboard only: the document page's link, the page that says what will be made, the
job's progress, then the file."""

from __future__ import annotations

import time
from pathlib import Path

import polib
import pytest
from django.test.utils import override_settings

from workbench.models import Job
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document

from ..conftest import SAMPLE_MD
from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def german_phone(chromium_browser):
    context = chromium_browser.new_context(
        viewport={"width": 390, "height": 844}, locale="de-DE", accept_downloads=True
    )
    page = context.new_page()
    yield page
    context.close()


def _tab_to(page, href_part: str, limit: int = 300) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if href_part in (page.evaluate("document.activeElement.getAttribute('href')") or ""):
            return
    raise AssertionError(f"no link with {href_part!r} is reachable with Tab")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@override_settings(BACKGROUND_ABOVE_UNITS=50)
def test_book_download_is_prepared_in_the_background(
    german_phone,
    live_server,
    languages,
    german_translator,
    worker,  # noqa: F811
):
    page = german_phone
    book = import_document(
        SYSTEM, ("\n\n".join([SAMPLE_MD.read_text()] * 10)).encode(),
        filename="book.md", language_code="en", slug="book",
    ).document  # fmt: skip
    log_in(page, live_server, "aligner", "aligner-pass-123")
    page.goto(f"{live_server.url}/d/{book.slug}/")
    _tab_to(page, "export-job?kind=po&lang=de")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/d/{book.slug}/export-job?*")
    assert page.inner_text("h1") == "Download vorbereiten"
    main = page.inner_text("main")
    assert "PO-Datei" in main and "Deutsch" in main and "im Hintergrund" in main, main
    assert page.evaluate("document.activeElement.textContent") == "Datei vorbereiten"
    assert _fits(page)
    assert_no_axe_violations(page, "the page that prepares a download")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/jobs/*/")
    deadline = time.time() + 60
    while time.time() < deadline:
        state = page.evaluate(
            "() => { const s = document.querySelector('[data-job-state]');"
            " return s ? s.dataset.jobState : null; }"
        )
        if state in ("succeeded", "failed"):
            break
        time.sleep(0.1)
    assert state == "succeeded", page.inner_text(".job-progress")
    assert "book.de.po ist fertig" in page.inner_text(".job-result")
    # The keyboard is taken to the file.
    assert page.evaluate("document.activeElement.textContent") == "Datei herunterladen"
    assert _fits(page)
    assert_no_axe_violations(page, "a finished download's page")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "book.de.po"
    catalog = polib.pofile(Path(download.path()).read_text(encoding="utf-8"))
    assert len(catalog) == book.units.filter(is_active=True).count()
    job = Job.objects.get()
    assert job.kind == "document_export" and job.owner.username == "aligner"
