"""A book aligned in the background, in a real browser: the upload goes to a worker, the
job's page shows the progress bar moving without a reload, then the result; axe-core on the
job's page while it runs and when it is done."""

from __future__ import annotations

import time

import pytest

from workbench.models import AlignmentRun, Job
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document

from ..conftest import FIXTURES, SAMPLE_MD
from .conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)

GERMAN = FIXTURES / "foundations-socialism-in-one-country.de.md"


def test_large_alignment_shows_progress_then_the_result(
    page,
    live_server,
    languages,
    german_translator,
    worker,
    tmp_path,
):
    book = import_document(
        SYSTEM, ("\n\n".join([SAMPLE_MD.read_text()] * 400)).encode(),
        filename="book.md", language_code="en", slug="book",
    ).document  # fmt: skip
    translation = tmp_path / "book.de.md"
    translation.write_text("\n\n".join([GERMAN.read_text()] * 400))

    log_in(page, live_server, "aligner", "aligner-pass-123")
    page.goto(f"{live_server.url}/d/{book.slug}/de/align/")
    page.set_input_files("#id_file", str(translation))
    page.get_by_role("button", name="Align", exact=True).click()
    page.wait_for_url(f"{live_server.url}/jobs/*/")
    job = Job.objects.get()
    assert page.get_attribute(f"#job-{job.pk}", "aria-live") == "polite"
    assert_no_axe_violations(page, "a job's page")

    # Watch the page (no reload): what it says and how full the bar is, until the end.
    seen: list[tuple[str, str]] = []
    deadline = time.time() + 120
    # One read of the page per look: the part is replaced as the job moves, so reading the
    # state, the stage and the bar one after the other could wait on a bar already gone.
    look = (
        "() => { const s = document.querySelector('[data-job-state]');"
        " const bar = document.querySelector('.job-progress progress');"
        " const stage = document.querySelector('.job-stage');"
        " return [s ? s.dataset.jobState : null, bar && stage ? stage.innerText : null,"
        " bar ? (bar.getAttribute('value') || '') : null]; }"
    )
    while time.time() < deadline:
        state, stage_text, value = page.evaluate(look)
        if state in ("succeeded", "failed"):
            break
        if stage_text is not None:
            seen.append((stage_text, value))
        time.sleep(0.1)
    assert state == "succeeded", page.inner_text(".job-progress")
    stages = list(dict.fromkeys(seen))
    assert len(stages) >= 2, f"the progress never moved: {stages}"
    assert any(stage.startswith("Aligning") for stage, _ in stages), stages

    assert "The file was aligned" in page.inner_text(".job-result")
    # The keyboard is taken to what comes next.
    assert page.evaluate("document.activeElement.textContent") == "Open the result"
    assert_no_axe_violations(page, "a finished job's page")
    page.keyboard.press("Enter")
    page.wait_for_selector("#alignment")
    assert AlignmentRun.objects.get().document == book

    page.goto(f"{live_server.url}/jobs/")
    assert "Align a translation: " in page.inner_text("main")
