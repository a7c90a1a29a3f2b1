"""Language teams: asking to join, accepting and declining, roles, invitations.

Who may do what (see workbench/permissions.py): any signed-in volunteer may ask to join a
team; reviewers of that language and site admins accept or decline; only site admins change
roles; reviewers invite translators to their own team, site admins anyone (sent by e-mail
when an address is given). An invitation is a single-use link with which the invitee creates
an account (or, already signed in, joins with their account)."""

from __future__ import annotations

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import Invitation, Language, Membership, Notification
from workbench.models.invitations import INVITATION_DAYS
from workbench.services import notifications
from workbench.services.errors import ServiceError
from workbench.services.mail import deliver

log = logging.getLogger(__name__)


class TeamError(ServiceError):
    """A team action that makes no sense in the current state (message for the user)."""


class InvitationError(TeamError):
    """An unknown, used or expired invitation link."""


def _require_signed_in(user) -> None:
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Log in first."))


def request_membership(user, language: Language) -> Membership:
    """Ask to join `language`'s team as a translator; a reviewer or admin decides."""
    _require_signed_in(user)
    with transaction.atomic():
        existing = (
            Membership.objects.select_for_update().filter(user=user, language=language).first()
        )
        if existing is not None:
            if existing.state == Membership.STATE_ACTIVE:
                raise TeamError(_("You are already a member of this team."))
            raise TeamError(_("You have already asked to join this team."))
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    user=user,
                    language=language,
                    role=Membership.ROLE_TRANSLATOR,
                    state=Membership.STATE_REQUESTED,
                )
        except IntegrityError as exc:  # a double click from two tabs at the same moment
            raise TeamError(_("You have already asked to join this team.")) from exc
        notifications.notify(
            notifications.team_reviewers(language),
            Notification.JOIN_REQUEST,
            actor=user,
            language=language,
            path=reverse("teams") + "#requests",
        )
        return membership


def withdraw_request(user, language: Language) -> None:
    """Take back one's own pending request (an active membership is not touched)."""
    _require_signed_in(user)
    deleted, _rows = Membership.objects.filter(
        user=user, language=language, state=Membership.STATE_REQUESTED
    ).delete()
    if not deleted:
        raise TeamError(_("There is no pending request to withdraw."))


def decide_request(actor, membership_id: int, *, accept: bool) -> Membership:
    """Accept (the volunteer becomes an active translator) or decline (the request goes)."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("language", "user")
            .filter(pk=membership_id)
            .first()
        )
        if membership is None:
            raise TeamError(_("This request no longer exists."))
        permissions.require_manage_team(actor, membership.language)
        if membership.state != Membership.STATE_REQUESTED:
            raise TeamError(_("This request was already accepted."))
        if accept:
            membership.state = Membership.STATE_ACTIVE
            membership.save(update_fields=["state"])
            notifications.notify(
                [membership.user],
                Notification.REQUEST_ACCEPTED,
                actor=permissions.author_of(actor),
                language=membership.language,
                path=reverse("home"),
            )
        else:
            membership.delete()
    log.info("%s %s's request to join %s", "accepted" if accept else "declined",
             membership.user, membership.language.code)  # fmt: skip
    permissions.forget_roles(membership.user)
    return membership


def set_role(actor, membership_id: int, role: str) -> Membership:
    """Make an active member a translator or a reviewer (site admins only)."""
    permissions.require_site_admin(actor)
    if role not in dict(Membership.ROLES):
        raise TeamError(_("Unknown role %(role)s.") % {"role": role})
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(pk=membership_id).first()
        if membership is None:
            raise TeamError(_("This membership no longer exists."))
        membership.role = role
        membership.save(update_fields=["role"])
    log.info("membership %s is now %s", membership.pk, role)
    permissions.forget_roles(membership.user)
    return membership


def create_invitation(
    actor,
    language: Language,
    *,
    role: str = Membership.ROLE_TRANSLATOR,
    email: str = "",
    username_hint: str = "",
    days: int = INVITATION_DAYS,
) -> Invitation:
    if role not in dict(Membership.ROLES):
        raise TeamError(_("Unknown role %(role)s.") % {"role": role})
    if not permissions.can_invite(actor, language, role):
        raise PermissionDenied(_("Only the team's reviewers and site admins invite people."))
    return Invitation.objects.create(
        language=language,
        role=role,
        email=email.strip(),
        username_hint=username_hint.strip(),
        created_by=permissions.author_of(actor),
        expires_at=timezone.now() + timedelta(days=days),
    )


def send_invitation(invitation: Invitation, link: str) -> bool:
    """E-mail the invitation link to its address; False (logged) when the mail server failed.
    In the inviter's interface language (the invitee has none yet)."""
    if not invitation.email:
        return False
    context = {
        "invitation": invitation,
        "link": link,
        "inviter": invitation.created_by.get_username() if invitation.created_by else "",
        "days": max(1, (invitation.expires_at - timezone.now()).days),
    }
    subject = render_to_string("workbench/mail/invitation_subject.txt", context).strip()
    body = render_to_string("workbench/mail/invitation.txt", context)
    sent = deliver(
        EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, to=[invitation.email])
    )
    if sent:
        log.info("invitation %s e-mailed", invitation.pk)
    return sent


def open_invitation(token: str, *, lock: bool = False) -> Invitation:
    """The invitation behind a link, if it can still be used; InvitationError otherwise."""
    qs = Invitation.objects.select_related("language").filter(token=token)
    if lock:
        qs = qs.select_for_update()
    invitation = qs.first() if token else None
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."))
    if invitation.used_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("This invitation has expired; ask for a new one."))
    return invitation


def _join(user, invitation: Invitation) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .filter(user=user, language=invitation.language)
        .first()
    )
    if membership is None:
        membership = Membership(user=user, language=invitation.language, role=invitation.role)
    elif membership.role == Membership.ROLE_REVIEWER:
        # An invitation never takes a role away: a reviewer invited as translator stays reviewer.
        pass
    else:
        membership.role = invitation.role
    membership.state = Membership.STATE_ACTIVE
    membership.save()
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    permissions.forget_roles(user)
    return membership


def sign_up_with_invitation(token: str, *, username: str, password: str, email: str = ""):
    """Create an account from an invitation link and make it a member of the team.
    Raises InvitationError, or ValidationError for a taken user name or a weak password."""
    User = get_user_model()
    with transaction.atomic():
        invitation = open_invitation(token, lock=True)
        candidate = User(username=username, email=email or invitation.email)
        validate_password(password, user=candidate)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("A user with that user name already exists."), code="unique")
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username, email=candidate.email, password=password
                )
        except IntegrityError as exc:
            raise ValidationError(
                _("A user with that user name already exists."), code="unique"
            ) from exc
        if user.email:
            # The invitation went to this address: following its link proves it.
            EmailAddress.objects.create(
                user=user,
                email=user.email,
                primary=True,
                verified=user.email.lower() == invitation.email.lower(),
            )
        _join(user, invitation)
    return user


def join_with_invitation(user, token: str) -> Membership:
    """A signed-in user uses an invitation for their existing account."""
    _require_signed_in(user)
    with transaction.atomic():
        invitation = open_invitation(token, lock=True)
        return _join(user, invitation)
