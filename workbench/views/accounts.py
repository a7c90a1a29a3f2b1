"""Signing in: the lockout page that django-axes shows after too many failed logins
(settings.AXES_LOCKOUT_CALLABLE), for the site's login and the admin's alike."""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=429,
    )


def attempted_login_name(request: HttpRequest, credentials: dict | None) -> str | None:
    """The name a login attempt was for (settings.AXES_USERNAME_CALLABLE): allauth's form
    authenticates with username= or email= from its one "login" field; the admin's and
    Django's own forms post "username"."""
    credentials = credentials or {}
    for key in ("username", "email"):
        if credentials.get(key):
            return str(credentials[key])
    post = getattr(request, "POST", {})
    return post.get("login") or post.get("username") or None
