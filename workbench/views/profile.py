"""The profile page (display name, interface language, languages I translate; links to
allauth's e-mail and password pages) and deleting one's own account."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from workbench.models import Language, Profile
from workbench.services.accounts import delete_account as delete_account_service
from workbench.services.accounts import profile_of, update_profile


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=gettext_lazy("Display name"), max_length=150, required=False
    )
    ui_language = forms.ChoiceField(
        label=gettext_lazy("Interface language"),
        choices=[("", gettext_lazy("As the browser asks")), *settings.LANGUAGES],
        required=False,
    )
    email_notifications = forms.ChoiceField(
        label=gettext_lazy("E-mail me about notifications"),
        choices=Profile.EMAIL_CHOICES,
        initial=Profile.EMAIL_IMMEDIATELY,
    )
    languages = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Languages I translate"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def set_ui_language(response: HttpResponse, code: str) -> None:
    if code:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            samesite="Lax",
            httponly=False,
            secure=settings.SESSION_COOKIE_SECURE,
            max_age=365 * 24 * 3600,
        )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    current = profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            saved = update_profile(
                request.user,
                display_name=form.cleaned_data["display_name"],
                ui_language=form.cleaned_data["ui_language"],
                languages=list(form.cleaned_data["languages"]),
                email_notifications=form.cleaned_data["email_notifications"],
            )
            if saved.ui_language:
                translation.activate(saved.ui_language)
            messages.success(request, _("Your profile was saved."))
            response = redirect("profile")
            set_ui_language(response, saved.ui_language)
            return response
    else:
        form = ProfileForm(
            initial={
                "display_name": current.display_name,
                "ui_language": current.ui_language,
                "languages": list(current.languages.all()),
                "email_notifications": current.email_notifications,
            }
        )
    idle_hours = round(settings.SESSION_COOKIE_AGE / 3600, 1)
    return render(request, "workbench/profile.html", {"form": form, "idle_hours": idle_hours})


@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    """Deletes the signed-in account once its user name is typed again (a deliberate act, and
    it works for single sign-on accounts without a password)."""
    if request.POST.get("confirm_username", "") != request.user.get_username():
        messages.error(request, _("Type your user name exactly to delete your account."))
        return redirect("profile")
    user = request.user
    logout(request)
    delete_account_service(user)
    messages.success(
        request, _("Your account was deleted. Your translations stay, credited to a deleted user.")
    )
    return redirect("home")
