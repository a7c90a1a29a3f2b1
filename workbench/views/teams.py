"""Language teams: ask to join, accept or decline requests, roles, invitations, sign-up."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from workbench import permissions
from workbench.models import Document, Invitation, Language, Membership
from workbench.services import teams as team_services
from workbench.services.teams import InvitationError, TeamError
from workbench.views.redirects import safe_next


class InviteForm(forms.Form):
    language = forms.ModelChoiceField(
        queryset=Language.objects.all(), to_field_name="code", label=gettext_lazy("Language")
    )
    role = forms.ChoiceField(choices=Membership.ROLES, label=gettext_lazy("Role"))
    email = forms.EmailField(required=False, label=gettext_lazy("E-mail (optional)"))
    username_hint = forms.CharField(
        max_length=150, required=False, label=gettext_lazy("Suggested user name (optional)")
    )


class JoinForm(UserCreationForm):
    """User name and password twice; Django's password validators apply."""


def _managed_language_ids(user) -> list[int] | None:
    """Languages whose requests `user` decides; None means all (site admin)."""
    if permissions.is_site_admin(user):
        return None
    return list(
        Membership.objects.filter(
            user=user, role=Membership.ROLE_REVIEWER, state=Membership.STATE_ACTIVE
        ).values_list("language_id", flat=True)
    )


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    return _teams_page(request)


def _teams_page(
    request: HttpRequest, invite_form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    """The teams page; `invite_form` bound to what was typed when an invitation was refused
    (shown again with its errors, nothing lost)."""
    user = request.user
    mine = {m.language_id: m for m in Membership.objects.filter(user=user)}
    languages = list(Language.objects.all())
    # A language every document is written in is never translated into: no team to join.
    sources = set(Document.objects.values_list("source_language_id", flat=True).distinct())
    source_only = next(iter(sources)) if len(sources) == 1 else None
    managed = _managed_language_ids(user)
    team_rows = Membership.objects.select_related("user", "language").order_by(
        "language__code", "state", "user__username"
    )
    if managed is not None:
        team_rows = team_rows.filter(language_id__in=managed)
    team_rows = list(team_rows) if managed is None or managed else []
    is_admin = permissions.is_site_admin(user)
    invitations = []
    # Reviewers invite to their own teams (as translators), site admins to any.
    can_invite = is_admin or bool(managed)
    if can_invite:
        open_ones = Invitation.objects.filter(
            used_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("language", "created_by")
        if managed is not None:
            open_ones = open_ones.filter(language_id__in=managed)
        invitations = list(open_ones[:200])
        for invitation in invitations:
            invitation.link = request.build_absolute_uri(reverse("join", args=[invitation.token]))
    return render(
        request,
        "workbench/teams.html",
        {
            "rows": [(language, mine.get(language.pk)) for language in languages],
            "source_only": source_only,
            "requests": [m for m in team_rows if m.state == Membership.STATE_REQUESTED],
            "members": [m for m in team_rows if m.state == Membership.STATE_ACTIVE],
            "is_admin": is_admin,
            "roles": Membership.ROLES,
            "invite_form": (invite_form or _invite_form(managed)) if can_invite else None,
            "invitations": invitations,
        },
        status=status,
    )


def _invite_form(managed: list[int] | None, data=None) -> InviteForm:
    form = InviteForm(data)
    if managed is not None:  # a reviewer: own teams, as translator, by e-mail
        form.fields["language"].queryset = Language.objects.filter(pk__in=managed)
        form.fields["role"].choices = [
            (value, label) for value, label in Membership.ROLES if value == "translator"
        ]
        form.fields["email"].required = True
        form.fields["email"].label = gettext_lazy("E-mail")
    return form


def _language(request: HttpRequest) -> Language:
    return get_object_or_404(Language, code=request.POST.get("language", ""))


def _done(request: HttpRequest, action) -> HttpResponse:
    try:
        message = action()
    except TeamError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    # Back to the page the button was on (the editor offers "Ask to join").
    return redirect(safe_next(request, reverse("teams")))


@login_required
@require_POST
def ask_to_join(request: HttpRequest) -> HttpResponse:
    language = _language(request)

    def action():
        team_services.request_membership(request.user, language)
        return _("You asked to join the %(language)s team; a reviewer will answer.") % {
            "language": language.display_name
        }

    return _done(request, action)


@login_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    language = _language(request)

    def action():
        team_services.withdraw_request(request.user, language)
        return _("Your request to join the %(language)s team was withdrawn.") % {
            "language": language.display_name
        }

    return _done(request, action)


def _membership_id(request: HttpRequest) -> int:
    value = request.POST.get("membership", "")
    return int(value) if value.isascii() and value.isdigit() else 0


@login_required
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    accept = request.POST.get("decision") == "accept"

    def action():
        membership = team_services.decide_request(
            request.user, _membership_id(request), accept=accept
        )
        names = {
            "user": membership.user.get_username(),
            "language": membership.language.display_name,
        }
        if accept:
            return _("%(user)s joined the %(language)s team.") % names
        return _("The request of %(user)s to join the %(language)s team was declined.") % names

    return _done(request, action)


@login_required
@require_POST
def change_role(request: HttpRequest) -> HttpResponse:
    def action():
        membership = team_services.set_role(
            request.user, _membership_id(request), request.POST.get("role", "")
        )
        return _("%(user)s is now a %(role)s.") % {
            "user": membership.user.get_username(),
            "role": membership.get_role_display(),
        }

    return _done(request, action)


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    is_admin = permissions.is_site_admin(request.user)
    no_email = form.is_valid() and not form.cleaned_data["email"] and not is_admin
    if not form.is_valid() or no_email:
        managed = _managed_language_ids(request.user)
        if not (is_admin or managed):
            raise PermissionDenied
        # The page again with what was typed and each error at its field (a redirect lost
        # both); 400 so that scripts see the refusal. Who may invite whom is the service's.
        shown = _invite_form(managed, request.POST)
        shown.is_valid()
        if no_email:
            shown.add_error("email", _("Give the e-mail address to send the invitation to."))
        first = next((name for name in shown.fields if name in shown.errors), None)
        if first is not None:  # the keyboard lands where the correction is
            shown.fields[first].widget.attrs["autofocus"] = True
        return _teams_page(request, invite_form=shown, status=400)
    invitation = team_services.create_invitation(
        request.user,
        form.cleaned_data["language"],
        role=form.cleaned_data["role"],
        email=form.cleaned_data["email"],
        username_hint=form.cleaned_data["username_hint"],
    )
    link = request.build_absolute_uri(reverse("join", args=[invitation.token]))
    if not invitation.email:
        messages.success(
            request,
            _("Invitation created. Send this link to the invitee: %(link)s") % {"link": link},
        )
    elif team_services.send_invitation(invitation, link):
        messages.success(
            request, _("Invitation e-mailed to %(email)s.") % {"email": invitation.email}
        )
    else:
        messages.error(
            request,
            _(
                "The invitation e-mail to %(email)s could not be sent (the mail server failed). "
                "Send this link yourself: %(link)s"
            )
            % {"email": invitation.email, "link": link},
        )
    return redirect("teams")


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """Sign up with an invitation link (or, signed in, join with one's own account)."""
    try:
        invitation = team_services.open_invitation(token)
    except InvitationError as exc:
        return render(request, "workbench/join.html", {"invalid": str(exc)}, status=410)
    signed_in = request.user.is_authenticated
    form = None
    if request.method == "POST" and signed_in:
        try:
            team_services.join_with_invitation(request.user, token)
        except InvitationError as exc:
            return render(request, "workbench/join.html", {"invalid": str(exc)}, status=410)
        messages.success(
            request,
            _("Welcome to the %(language)s team.") % {"language": invitation.language.display_name},
        )
        return redirect("teams")
    if not signed_in:
        form = JoinForm(request.POST or None, initial={"username": invitation.username_hint})
        if request.method == "POST" and form.is_valid():
            try:
                user = team_services.sign_up_with_invitation(
                    token,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    email=invitation.email,
                )
            except InvitationError as exc:
                return render(request, "workbench/join.html", {"invalid": str(exc)}, status=410)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome to the %(language)s team.")
                    % {"language": invitation.language.display_name},
                )
                return redirect("teams")
    return render(
        request,
        "workbench/join.html",
        {"invitation": invitation, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
