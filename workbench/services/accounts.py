"""A person's own account: their profile, and deleting the account.

Deleting keeps what they gave the project: every row that points at them with SET_NULL
(revisions, translations, comments, reviews, imports, glossary edits, invitations) is pointed
at one shared, inactive "deleted user" instead, so history still says "by a deleted user"
rather than "by nobody"; their memberships, e-mail addresses, sessions and profile go."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import models, transaction

from workbench.models import Language, Profile

logger = logging.getLogger(__name__)

DELETED_USERNAME = "deleted-user"


def profile_of(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def update_profile(
    user,
    *,
    display_name: str,
    ui_language: str,
    languages: list[Language],
    email_notifications: str = Profile.EMAIL_IMMEDIATELY,
) -> Profile:
    profile = profile_of(user)
    profile.email_notifications = email_notifications
    profile.display_name = display_name.strip()
    profile.ui_language = ui_language
    profile.full_clean(exclude=["user"])
    profile.save()
    profile.languages.set(languages)
    return profile


def deleted_user():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DELETED_USERNAME, defaults={"is_active": False, "first_name": "deleted user"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def delete_account(user) -> None:
    if user.username == DELETED_USERNAME or not user.pk:
        raise ValueError("this account cannot be deleted")
    heir = deleted_user()
    for relation in user._meta.get_fields(include_hidden=True):
        if not relation.is_relation or not relation.auto_created or relation.concrete:
            continue
        field = relation.field
        if isinstance(field, models.ForeignKey) and relation.on_delete is models.SET_NULL:
            field.model._default_manager.filter(**{field.name: user}).update(**{field.name: heir})
    logger.info("account %s deleted; its work is credited to %s", user.pk, DELETED_USERNAME)
    user.delete()
