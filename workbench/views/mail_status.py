"""For every page (a context processor): may visitors sign up (the header's link), and
could the last mail the visitor asked for be sent.

The account adapter records a failure in the session (the page that says "we have sent you
an e-mail" comes after a redirect); the next page rendered reads it once and says instead
that the mail could not be sent."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

MAIL_FAILED_KEY = "workbench_mail_failed"


def mark_mail_failed(request: HttpRequest) -> None:
    request._mail_failed = True  # type: ignore[attr-defined]  # this request's own messages
    if hasattr(request, "session"):
        request.session[MAIL_FAILED_KEY] = True


def mail_status(request: HttpRequest) -> dict:
    # Read once per request, then kept on it: a page may render several templates.
    failed = bool(getattr(request, "_mail_failed", False))
    session = getattr(request, "session", None)
    if session is not None and MAIL_FAILED_KEY in session:
        failed = bool(session.pop(MAIL_FAILED_KEY))
        request._mail_failed = failed  # type: ignore[attr-defined]
    return {"mail_failed": failed, "signup_open": settings.SIGNUP_MODE in {"open", "approval"}}
