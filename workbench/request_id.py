"""A request id on every log line, for following one request (or one job) through the logs of
several app servers and workers.

The middleware takes the proxy's `X-Request-ID` when it is a plain token (letters, digits,
`-`, `_`, `.`; at most 64 characters), else makes one, answers with it in `X-Request-ID`, and
keeps it in a context variable that `RequestIdFilter` puts on every log record. A background
job logs under "job-<id>" (services/job_runner.py). settings.LOGGING formats records as one
JSON object a line (LOG_FORMAT=json, the default with DEBUG off) or as text.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[str] = ContextVar("request_id", default="-")
_TOKEN = re.compile(r"[A-Za-z0-9._-]{1,64}")


def current() -> str:
    return _current.get()


@contextmanager
def bound(value: str):
    """Log under `value` inside the block (a job, a command)."""
    token = _current.set(value)
    try:
        yield
    finally:
        _current.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        value = given if _TOKEN.fullmatch(given) else uuid.uuid4().hex
        request.request_id = value
        with bound(value):
            response = self.get_response(request)
        response["X-Request-ID"] = value
        return response
