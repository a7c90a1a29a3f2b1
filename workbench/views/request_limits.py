"""Requests refused before a view runs: a body over the limit (413) and NUL characters (400).

The body limit (settings.MAX_REQUEST_MB, workbench/limits.py) is checked on the declared
Content-Length before anything reads the body, for every request, signed in or not. A body
without a Content-Length (chunked) is held by Django's own DATA_UPLOAD_MAX_MEMORY_SIZE and
the upload limit. A NUL character is in no text the workbench stores, and PostgreSQL refuses
it in a query: a path, query string or form field with one is refused here, not as a 500
deep in a view."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from workbench import limits

log = logging.getLogger(__name__)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _declared_length(request: HttpRequest) -> int | None:
    value = request.META.get("CONTENT_LENGTH") or ""
    return int(value) if value.isascii() and value.isdigit() else None


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info or "\x00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
        return True  # %00 in the query string
    if request.method == "POST" and request.content_type in FORM_TYPES:
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.POST.lists()
        )
    return False


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared_length(request)
        if length is not None and length > limits.request_bytes():
            log.info("%s %s refused: body of %d bytes", request.method, request.path, length)
            message = _("The request is too large: at most %(mb)d MB.") % {
                "mb": limits.request_bytes() // (1024 * 1024)
            }
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            # The body is not read: the connection cannot carry another request after it.
            # Not under the development server (wsgiref), which refuses hop-by-hop headers
            # from an application (a 500) and reads the rest of the body itself.
            if not request.META.get("SERVER_SOFTWARE", "").startswith("WSGIServer/"):
                response["Connection"] = "close"
            return response
        if _has_nul(request):
            log.info("%s %s refused: NUL character", request.method, request.path[:200])
            return HttpResponse(
                _("The request contains a NUL character."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
