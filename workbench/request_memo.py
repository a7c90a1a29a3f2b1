"""Values computed at most once per HTTP request, shared by the services and the templates
that one request runs (a save checks the text against the language pair's glossary, then
renders the row with the same glossary's terms highlighted).

Nothing is kept between requests: app servers share no memory, and an edit must show on the
next page. Outside a request (commands, tests calling services) `memo` simply computes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("workbench_request_memo", default=None)


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned earlier in this request for `key`."""
    values = _memo.get()
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def peek(key: Hashable):
    """What `memo` holds for `key` in this request, or None."""
    values = _memo.get()
    return None if values is None else values.get(key)


def forget() -> None:
    """Drop this request's values (a write that changes what they were computed from)."""
    values = _memo.get()
    if values is not None:
        values.clear()


class RequestMemoMiddleware:
    """Opens an empty memo for each request and closes it afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
