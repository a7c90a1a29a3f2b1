"""The API tokens page of one's account: make a token (shown once), see one's tokens, revoke
one. Reached from the header ("API tokens") when signed in."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from workbench.models import ApiToken
from workbench.services.api_tokens import TokenError, create_token, revoke_token

NEW_TOKEN_KEY = "workbench_new_api_token"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What will use it, e.g. “publishing script”."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm()
    # Made by the POST before the redirect, shown on this one page view and then gone from
    # the session (a reload neither shows it again nor makes another token).
    new_token = request.session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None
    status = 200
    if request.method == "POST" and "revoke" in request.POST:
        try:
            token_id = int(request.POST["revoke"])
        except ValueError:
            token_id = 0
        token = revoke_token(request.user, token_id)  # another's token: 403
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("api_tokens")
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, raw = create_token(request.user, form.cleaned_data["name"])
            except TokenError as exc:
                form.add_error("name", str(exc))
            else:
                request.session[NEW_TOKEN_KEY] = raw
                return redirect("api_tokens")
        status = 400
    response = render(
        request,
        "workbench/api_tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user),
            "api_root": request.build_absolute_uri(reverse("api-documents")).rsplit(
                "documents/", 1
            )[0],
        },
        status=status,
    )
    if new_token:
        response["Cache-Control"] = "no-store"  # the token must not stay in a cache
    return response
