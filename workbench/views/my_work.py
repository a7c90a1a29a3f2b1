"""The "My work" page and the header's counts of it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workbench.selectors import my_work as my_work_selectors


@login_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    return render(
        request, "workbench/my_work.html", {"work": my_work_selectors.my_work(request.user)}
    )


def header_counts(request: HttpRequest) -> dict:
    """Template context: `my_work_counts` (sent back to me, waiting for my review), read
    lazily so that pages which do not show the header pay nothing."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    cache: dict[str, tuple[int, int]] = {}

    def counts() -> tuple[int, int]:
        if "counts" not in cache:
            cache["counts"] = my_work_selectors.counts(user)
        return cache["counts"]

    class _Counts:
        @property
        def sent_back(self) -> int:
            return counts()[0]

        @property
        def to_review(self) -> int:
            return counts()[1]

        @property
        def total(self) -> int:
            return sum(counts())

    return {"my_work_counts": _Counts()}
