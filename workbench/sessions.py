"""Sessions that end when idle, without a write on every request.

Django's SESSION_SAVE_EVERY_REQUEST renews a session's expiry on each request at the cost of
a database write per page. Here the store remembers the expiry date it read, and
`IdleSessionMiddleware` renews it (the session saved, its cookie re-sent) only once the
expiry has slid by SESSION_RENEW_SECONDS: a session still ends SESSION_COOKIE_AGE after the
last request, give or take that interval, and most requests write nothing.
(settings.SESSION_ENGINE = "workbench.sessions"; the middleware sits after SessionMiddleware.)
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone


class SessionStore(db.SessionStore):
    expires_at = None  # the expiry date read from the database, when one was read

    def _get_session_from_db(self):
        row = super()._get_session_from_db()
        if row is not None:
            self.expires_at = row.expire_date
        return row


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        expires_at = getattr(session, "expires_at", None)
        if session is not None and expires_at is not None and not session.modified:
            renew = timedelta(seconds=settings.SESSION_RENEW_SECONDS)
            full = timezone.now() + timedelta(seconds=session.get_expiry_age())
            if full - expires_at >= renew:
                session.modified = True  # SessionMiddleware saves it with a new expiry
        return response
