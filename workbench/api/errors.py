"""Errors to JSON, in one place (the API's counterpart of views/errors.py).

Every error body has `detail` (a message for people, in the request's UI language). A
service's refusal keeps its HTTP status (400, 409, 422; services/errors.py) and its details;
a stale write (ConflictError, 409) also carries both texts: `current` (the translation as
stored now, with its version) and `yours` (what this request tried to store). A permission
refusal is 403 with the rule's message (401 when nobody is signed in). A file the format
readers refuse (text.i18n.LocalizedError) is 400 with their message."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from workbench import status as status_rules
from workbench.services.errors import ConflictError, ServiceError, SourceChangedError
from workbench.text.i18n import LocalizedError

log = logging.getLogger(__name__)


def conflict_body(exc: ConflictError) -> dict:
    current = exc.current
    return {
        "detail": str(exc),
        "conflict": True,
        "source_changed": isinstance(exc, SourceChangedError),
        "current": None
        if current is None
        else {
            "text": current.text,
            "version": current.version,
            "status": status_rules.effective_status(current, current.unit.checksum),
            "author": current.author.get_username() if current.author_id else None,
        },
        "yours": exc.attempted_text,
    }


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, ConflictError):
        return Response(conflict_body(exc), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ServiceError):
        log.info("API %s %s refused (%s): %s", request.method if request else "",
                 request.path if request else "", exc.http_status, exc)  # fmt: skip
        return Response({"detail": str(exc), **exc.details()}, status=exc.http_status)
    if isinstance(exc, LocalizedError):
        # A file the readers refuse (formats/: not a .docx, broken TMX, ...): bad input.
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        message = str(exc) or exceptions.PermissionDenied.default_detail
        if request is not None and not request.user.is_authenticated:
            exc = exceptions.NotAuthenticated(message)
        else:
            exc = exceptions.PermissionDenied(message)
    return drf_exception_handler(exc, context)
