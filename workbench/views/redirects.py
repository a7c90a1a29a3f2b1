"""Going back to where a form came from (`next`), on this site only."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str, field: str = "next") -> str:
    """The POSTed `field` when it is a URL of this site (an https page never sends the
    reader on to http), else `fallback`: a form may be forged to point anywhere."""
    target = request.POST.get(field, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
