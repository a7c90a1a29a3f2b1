"""How django-allauth fits this site (settings.ACCOUNT_ADAPTER): who may sign up
(settings.SIGNUP_MODE), mail that says when it could not be sent, and accounts without an
e-mail address (made by an admin or an invitation link) that may sign in unverified."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.stages import EmailVerificationStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

from workbench.services import notifications
from workbench.services.mail import deliver

from .mail_status import mark_mail_failed

# allauth's messages that claim a mail left; left out when it did not.
MAIL_SENT_MESSAGES = {
    "account/messages/email_confirmation_sent.txt",
    "account/messages/password_reset_mail_sent.txt",
}


class VerifiedEmailStage(EmailVerificationStage):
    """allauth's verification step, for accounts that have an e-mail address. An account made
    by a site admin or through an invitation link without one (trusted by whoever made it)
    signs in without it; every self sign-up gives an address (ACCOUNT_SIGNUP_FIELDS)."""

    def handle(self):
        from allauth.account.models import EmailAddress

        user = self.login.user
        if (
            user is not None
            and not user.email
            and not EmailAddress.objects.filter(user=user).exists()
        ):
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.SIGNUP_MODE in {"open", "approval"}

    def save_user(self, request, user, form, commit=True):
        # "approval": the account exists but cannot sign in until a site admin activates it.
        if settings.SIGNUP_MODE == "approval":
            user.is_active = False
        user = super().save_user(request, user, form, commit)
        _tell_admins_if_waiting(user)
        return user

    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        mine = f"{VerifiedEmailStage.__module__}.{VerifiedEmailStage.__qualname__}"
        return [mine if s == "allauth.account.stages.EmailVerificationStage" else s for s in stages]

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        if not deliver(self.render_mail(template_prefix, email, ctx)):
            mark_mail_failed(request)
            messages.error(
                request,
                _(
                    "The e-mail to %(email)s could not be sent: the mail server did not take "
                    "it. Please try again later or tell the site's admins."
                )
                % {"email": email},
            )

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        if getattr(request, "_mail_failed", False) and message_template in MAIL_SENT_MESSAGES:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def post_login(self, request, user, **kwargs):
        """Signing in switches the interface to the language chosen in the profile."""
        from workbench.models import Profile

        from .profile import set_ui_language

        response = super().post_login(request, user, **kwargs)
        code = Profile.objects.filter(user=user).values_list("ui_language", flat=True).first()
        if code:
            set_ui_language(response, code)
        return response


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on (OpenID Connect) follows SIGNUP_MODE like the sign-up form: closed for
    "invitation", and a new account waits for an admin under "approval"."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return settings.SIGNUP_MODE in {"open", "approval"}

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if settings.SIGNUP_MODE == "approval":
            user.is_active = False
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        _tell_admins_if_waiting(user)
        return user


def _tell_admins_if_waiting(user) -> None:
    """Under "approval" nobody would know that a new account waits: the site admins get a
    notification (bell, and mail per their preference) linking to the account."""
    if settings.SIGNUP_MODE == "approval" and user.pk and not user.is_active:
        notifications.signup_waiting(user)
