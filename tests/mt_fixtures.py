"""Machine-translation engines for the tests: Debian's Apertium APY started on loopback
(scripts/apy_loopback.py; `make mt-deps` installs it), and small local HTTP servers with the
shape of LibreTranslate's and DeepL's documented APIs. Import the fixtures a module needs
(`from .mt_fixtures import apertium, apertium_engine  # noqa: F401`)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODES = Path("/usr/share/apertium/modes")
# A unit with a footnote reference, emphasis and a link, for the real-engine tests.
PARAGRAPH = (
    "The <em>permanent revolution</em> is a theory of the working class"
    '<sup class="fnref">1</sup>, see <a href="https://example.org/">the programme</a>.'
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def apertium():
    """The base URL of a real Apertium APY on 127.0.0.1, for the session; stopped after."""
    if not shutil.which("apertium-apy") or not (MODES / "eng-spa.mode").exists():
        message = "Apertium APY is not installed: run `make mt-deps`"
        if os.environ.get("WORKBENCH_SKIP_APERTIUM"):
            pytest.skip(message)
        pytest.fail(message)
    port = free_port()
    log = open(f"/tmp/apy-{port}.log", "wb")  # noqa: SIM115 - open while the server runs
    process = subprocess.Popen(
        ["/usr/bin/python3", str(ROOT / "scripts" / "apy_loopback.py"), str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/listPairs", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Apertium APY did not start (see /tmp/apy-{port}.log)")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def configure(settings, **engines) -> None:
    """Only the given engines configured; the cached language pairs forgotten."""
    from django.core.cache import cache

    settings.MT_APERTIUM_URL = engines.get("apertium", "")
    settings.MT_LIBRETRANSLATE_URL = engines.get("libretranslate", "")
    settings.MT_LIBRETRANSLATE_KEY = engines.get("libretranslate_key", "")
    settings.MT_DEEPL_URL = engines.get("deepl", "")
    settings.MT_DEEPL_KEY = engines.get("deepl_key", "")
    cache.clear()


@pytest.fixture
def apertium_engine(settings, apertium):
    """Settings with Apertium as the one engine."""
    configure(settings, apertium=apertium)
    yield apertium
    configure(settings)


# --- the shape of LibreTranslate's and DeepL's APIs ---------------------------------------


class FakeService(ThreadingHTTPServer):
    """A local HTTP server answering like the documented API; records the requests."""

    daemon_threads = True

    def __init__(self, handler):
        super().__init__(("127.0.0.1", 0), handler)
        self.requests: list[tuple[str, str, dict, dict]] = []
        self.delay = 0.0
        self.fail = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def _upper(text: str) -> str:
    """The fake 'translation': text outside tags upper-cased, tags kept."""
    import re

    return re.sub(r"(^|>)([^<]*)", lambda m: m.group(1) + m.group(2).upper(), text)


class _Handler(BaseHTTPRequestHandler):
    server: FakeService

    def log_message(self, *args):
        pass

    def _answer(self, status: int, body) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length", "0"))
        return urllib.parse.parse_qs(self.rfile.read(length).decode())

    def _record(self, form: dict) -> bool:
        self.server.requests.append((self.command, self.path, form, dict(self.headers)))
        if self.server.delay:
            time.sleep(self.server.delay)
        if self.server.fail:
            self._answer(500, {"error": "down"})
            return False
        return True


class LibreTranslateHandler(_Handler):
    """GET /languages, POST /translate (q repeated, source, target, format, api_key)."""

    def do_GET(self):
        if self._record({}) and self.path == "/languages":
            self._answer(200, [
                {"code": "en", "name": "English", "targets": ["en", "es", "fr"]},
                {"code": "es", "name": "Spanish", "targets": ["en", "es"]},
            ])  # fmt: skip

    def do_POST(self):
        form = self._form()
        if not self._record(form):
            return
        if form.get("api_key") != ["lt-key"]:
            self._answer(403, {"error": "Invalid API key"})
            return
        if form.get("format") != ["html"]:
            self._answer(400, {"error": "format"})
            return
        texts = form.get("q", [])
        self._answer(200, {"translatedText": [_upper(t) for t in texts]})


class DeepLHandler(_Handler):
    """GET /v2/languages?type=source|target, POST /v2/translate (text repeated,
    source_lang, target_lang, tag_handling), header Authorization: DeepL-Auth-Key KEY."""

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") != "DeepL-Auth-Key dl-key":
            self._answer(403, {"message": "Forbidden"})
            return False
        return True

    def do_GET(self):
        if not self._record({}) or not self._authorised():
            return
        if self.path.startswith("/v2/languages"):
            kind = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)["type"][0]
            codes = ["EN", "DE"] if kind == "source" else ["EN-GB", "DE", "ES"]
            self._answer(200, [{"language": code, "name": code} for code in codes])

    def do_POST(self):
        form = self._form()
        if not self._record(form) or not self._authorised():
            return
        if form.get("tag_handling") != ["html"]:
            self._answer(400, {"message": "tag_handling"})
            return
        self._answer(200, {"translations": [
            {"detected_source_language": form["source_lang"][0], "text": _upper(t)}
            for t in form.get("text", [])
        ]})  # fmt: skip


def _serve(handler):
    server = FakeService(handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def libretranslate():
    server = _serve(LibreTranslateHandler)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def deepl():
    server = _serve(DeepLHandler)
    yield server
    server.shutdown()
    server.server_close()
