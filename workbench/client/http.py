"""The API over HTTP: JSON reads that follow pagination, file downloads, multipart uploads.
Standard library only (urllib)."""

from __future__ import annotations

import json
import mimetypes
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

TIMEOUT = 120  # seconds for one request
JOB_TIMEOUT = 3600  # seconds to wait for a background job (a book's import)
MAX_PAGES = 10_000  # a runaway "next" link stops here


class ApiError(Exception):
    """The API refused (status and its `detail`), or could not be reached (status 0)."""

    def __init__(self, status: int, message: str, body: dict | None = None):
        super().__init__(message)
        self.status = status
        self.body = body or {}


@dataclass(frozen=True)
class Api:
    url: str  # the API root, e.g. https://translate.example.org/api/v1/
    token: str

    def endpoint(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path  # a "next" link as the server wrote it
        if path.startswith("/"):
            return urllib.parse.urljoin(self.url, path)  # a path on the server (a job's)
        return self.url.rstrip("/") + "/" + path

    def request(self, method: str, path: str, *, body: bytes | None = None,
                content_type: str | None = None) -> tuple[bytes, str]:  # fmt: skip
        headers = {"Accept": "application/json", "User-Agent": "workbench-client/1"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(
            self.endpoint(path), data=body, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                data = json.loads(raw)
            except ValueError:
                data = {}
            detail = data.get("detail") if isinstance(data, dict) else None
            message = detail or (json.dumps(data, ensure_ascii=False) if data else exc.reason)
            raise ApiError(exc.code, f"HTTP {exc.code}: {message}", data) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ApiError(0, f"cannot reach {self.url}: {reason}") from None

    def get_json(self, path: str):
        data, _type = self.request("GET", path)
        return json.loads(data)

    def get_all(self, path: str) -> Iterator[dict]:
        """Every item of a paginated list (page or cursor), following `next`."""
        url: str | None = path
        for _page in range(MAX_PAGES):
            if not url:
                return
            page = self.get_json(url)
            if isinstance(page, list):
                yield from page
                return
            yield from page["results"]
            url = page.get("next")

    def download(self, path: str) -> bytes:
        data, _type = self.request("GET", path)
        return data

    def upload(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]):
        """POST multipart/form-data; `files` maps a field to (file name, bytes)."""
        boundary = "----workbench" + secrets.token_hex(12)
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in files.items():
            kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            safe = filename.replace('"', "").replace("\r", "").replace("\n", "")
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{safe}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        data, _type = self.request(
            "POST", path, body=b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}",
        )  # fmt: skip
        return json.loads(data)


def wait_for_job(api: Api, job: dict, *, report=None, poll: float = 1.0,
                 timeout: float = JOB_TIMEOUT, sleep=time.sleep) -> dict:  # fmt: skip
    """Poll a background job (an import answered with 202) until it ends; `report(job)` is
    called when its stage or progress changes. Returns the finished job; raises ApiError when
    it failed (its reason) or did not end within `timeout` seconds."""
    waited = 0.0
    seen = None
    while job["state"] in ("queued", "running"):
        if waited >= timeout:
            raise ApiError(
                0, f"job {job['id']} did not end within {timeout:g} s; see {job['page']}"
            )
        sleep(poll)
        waited += poll
        job = api.get_json(job["url"])
        now = (job["state"], job["stage"], job["done"])
        if report is not None and now != seen:
            report(job)
        seen = now
    if job["state"] == "failed":
        raise ApiError(0, f"job {job['id']} failed: {job['error']}", job)
    return job


def quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")
