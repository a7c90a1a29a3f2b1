"""The bell: the notification list, marking read, and unsubscribing from the e-mails by the
signed link in each of them (no sign-in needed; a POST, so that mail scanners that follow
links do not unsubscribe anyone)."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workbench.models import Notification, Profile
from workbench.services import notifications as service

PAGE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    items = list(
        Notification.objects.filter(recipient=request.user).select_related(
            "actor", "document", "language"
        )[:PAGE]
    )
    return render(request, "workbench/notifications.html", {"items": items})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one (`id`) or all read; with `open`, go on to the page it is about."""
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    service.mark_read(request.user, ids)
    target = request.POST.get("open", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications")


def context(request: HttpRequest) -> dict:
    """The bell's count for the header (context processor): one indexed count per page that
    shows it, none for fragments (a saved editor row) that do not; templates call the
    callable, which counts once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": functools.cache(lambda: service.unread_count(user))}


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = service.user_from_unsubscribe_token(token)
    if user is None:
        return render(request, "workbench/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        service.set_email_preference(user, Profile.EMAIL_NEVER)
        messages.success(request, _("You will get no more notification e-mails."))
        return render(request, "workbench/unsubscribe.html", {"done": True, "who": user})
    return render(request, "workbench/unsubscribe.html", {"who": user})
