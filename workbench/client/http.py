"""The API over HTTP: JSON reads that follow pagination, file downloads, multipart uploads.
Standard library only (urllib)."""

from __future__ import annotations

import json
import mimetypes
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

TIMEOUT = 120  # seconds; an import of a large PO file takes a while
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
        return self.url.rstrip("/") + "/" + path.lstrip("/")

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


def quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")
