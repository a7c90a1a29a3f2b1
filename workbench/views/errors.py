"""Service errors to HTTP, in one place.

A service refuses with a `ServiceError` (workbench/services/errors.py) that carries its
message and its status (400 bad input, 409 conflict, 422 refused by the rules). Views let it
propagate; this middleware answers it: JSON `{"error": message}` for the page's scripts
(fetch and htmx requests, which ask for JSON or say they are scripted), else a small page.
A view catches an error itself only to show it inside its own page (a form, the conflict
dialog). A permission refusal (`PermissionDenied`, workbench/permissions.py) is answered
the same way with 403 and the rule's message."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from workbench.services.errors import ServiceError

log = logging.getLogger(__name__)


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        "application/json" in accept
        or request.headers.get("X-Requested-With") in ("XMLHttpRequest", "fetch")
        or request.headers.get("HX-Request") == "true"
        or request.method == "POST"  # every form-less POST of the UI is a script's fetch
        and "text/html" not in accept
    )


def error_response(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": str(exc), **exc.details()}, status=exc.http_status)
    return render(request, "workbench/error.html", {"message": str(exc)}, status=exc.http_status)


class ServiceErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, ServiceError):
            log.info("%s %s refused (%s): %s", request.method, request.path,
                     exc.http_status, exc)  # fmt: skip
            return error_response(request, exc)
        if isinstance(exc, PermissionDenied):
            # The rule's own message (permissions.py), for the page or its script.
            message = str(exc) or _("You may not do this.")
            if wants_json(request):
                return JsonResponse({"error": message}, status=403)
            return render(request, "workbench/error.html", {"message": message}, status=403)
        return None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a form sent without a valid token (its page was open while
    the session ended or the user signed in elsewhere, or cookies are blocked). The site's own
    page in the reader's language, saying what happened and what to do, instead of Django's
    technical one; a script gets the same words as JSON."""
    log.info("CSRF refused %s %s: %s", request.method, request.path, reason)
    message = _(
        "This form could not be accepted: the page was open too long, you signed in or out "
        "in another tab, or your browser blocks this site's cookies. Nothing was saved."
    )
    if wants_json(request):
        return JsonResponse({"error": message + " " + _("Reload the page and try again.")},
                            status=403)  # fmt: skip
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return render(
        request, "workbench/csrf_failure.html", {"message": message, "back": back}, status=403
    )
