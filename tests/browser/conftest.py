"""Browser tests: Playwright's sync API driving Debian's Chromium (never a downloaded browser).

Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
thread with a running loop unless told it is safe, which it is here (one test thread)."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.test.utils import override_settings
from django_tasks_db.management.commands.db_worker import Worker

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(os.environ.get("AXE_JS", ROOT / ".cache/npm/node_modules/axe-core/axe.min.js"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


class _RequestsInFlight:
    """Counts the live server's requests that have started and not yet finished.

    A page keeps talking to the server on its own (the editor's presence heartbeat, a filter's
    fetch). A request still running when the test's database is flushed either blocks the
    flush (PostgreSQL: "couldn't be flushed", and the next test finds the last one's rows) or
    touches a database that is no longer the test's. So each browser test ends by waiting
    for the server to be quiet."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def started(self, **_kwargs) -> None:
        with self._lock:
            self.count += 1

    def finished(self, **_kwargs) -> None:
        with self._lock:
            self.count = max(0, self.count - 1)

    def wait_until_quiet(self, timeout: float = 15.0, quiet_for: float = 0.3) -> None:
        deadline = time.monotonic() + timeout
        quiet_since: float | None = None
        while time.monotonic() < deadline:
            if self.count:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= quiet_for:
                return
            time.sleep(0.05)
        pytest.fail(f"the live server still had {self.count} request(s) running after {timeout} s")


_IN_FLIGHT = _RequestsInFlight()
request_started.connect(_IN_FLIGHT.started, dispatch_uid="browser-tests-in-flight-start")
request_finished.connect(_IN_FLIGHT.finished, dispatch_uid="browser-tests-in-flight-end")


@pytest.fixture(autouse=True)
def _live_server_quiet_before_flush(request):
    """Set up after pytest-django's own autouse live-server helper (plugin fixtures come
    first), so it is torn down before that helper flushes the database. Browser contexts a
    test opened are closed by then (the `page` fixture and the tests' own `finally`)."""
    yield
    if "live_server" in request.fixturenames:
        _IN_FLIGHT.wait_until_quiet()


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", username)  # allauth's field: a user name or an e-mail address
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/**")


def axe_violations(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
    """Run axe-core (from the npm registry, installed by `make test`) on the current page."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing at {AXE_JS}: `make test` installs it with npm")
    # Evaluated through the DevTools protocol: the site's Content-Security-Policy allows no
    # inline script, so a <script> tag with axe in it would be blocked (as it should be).
    page.evaluate("source => { (0, eval)(source); }", AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags),
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def assert_no_axe_violations(page, what: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core found WCAG 2.1 AA violations on {what}:\n" + json.dumps(
        violations, indent=2
    )


@pytest.fixture
def german_translator(languages):
    from workbench.models import Membership

    user = get_user_model().objects.create_user(username="aligner", password="aligner-pass-123")
    Membership.objects.create(
        user=user, language=languages["de"], role=Membership.ROLE_TRANSLATOR,
        state=Membership.STATE_ACTIVE,
    )  # fmt: skip
    return user


@pytest.fixture
def worker(tmp_path):
    """django-tasks' own worker loop in a thread of this process, for the live server."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    with override_settings(CACHES=caches, BACKGROUND_ABOVE_KB=64):
        loop = Worker(
            queue_names=["default"], interval=0.1, batch=False, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id="browser-test",
            excluded_queue_names=[],
        )  # fmt: skip
        thread = threading.Thread(target=loop.run, daemon=True)
        thread.start()
        yield loop
        loop.running = False
        thread.join(30)
