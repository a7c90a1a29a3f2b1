"""Personal API tokens: made and revoked by their owner (the API tokens page), looked up
for each API request (workbench/api/authentication.py).

A token is 32 random bytes (URL-safe base64) after the "wbt_" marker. Only its SHA-256 digest
is stored: a leaked database gives no usable token, and a fast digest is enough because the
token is random, not a password someone chose. The token itself is shown once."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import ApiToken
from workbench.services.errors import ServiceError

log = logging.getLogger(__name__)

MARKER = "wbt_"
PREFIX_CHARS = 12  # marker and the first characters, shown in the list to tell tokens apart
MAX_ACTIVE_TOKENS = 20  # per user
# The last-used time is written at most this often per token, not on every request.
TOUCH_EVERY = timedelta(minutes=5)


class TokenError(ServiceError):
    """A token that cannot be made as asked (no name, too many)."""


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` (signed in, acting for themself): the row and the token,
    which is never available again."""
    if not (user and user.is_authenticated and user.is_active and user.pk):
        raise PermissionDenied(_("Sign in to make an API token."))
    name = name.strip()
    if not name:
        raise TokenError(_("Give the token a name, e.g. the script that will use it."))
    if len(name) > 100:
        raise TokenError(_("A token's name may have at most 100 characters."))
    if ApiToken.objects.filter(user=user, revoked_at=None).count() >= MAX_ACTIVE_TOKENS:
        raise TokenError(
            _("You have %(n)d active tokens; revoke one first.") % {"n": MAX_ACTIVE_TOKENS}
        )
    raw = MARKER + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:PREFIX_CHARS], digest=digest(raw)
    )
    log.info("API token %s made by %s", token.pk, user)
    return token, raw


def revoke_token(user, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens (another's is refused, as if it did not exist)."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first() if user.pk else None
    if token is None:
        raise PermissionDenied(_("No such token of yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log.info("API token %s revoked by %s", token.pk, user)
    return token


def revoke_tokens(actor, token_ids: list[int]) -> int:
    """A site admin revokes anyone's tokens (a leaked one, a person who left); the number
    revoked now."""
    permissions.require_site_admin(actor)
    revoked = ApiToken.objects.filter(pk__in=token_ids, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    log.info("%d API tokens revoked by %s", revoked, actor)
    return revoked


def user_for_token(raw: str):
    """The active user a presented token belongs to, or None (unknown, revoked, or the user
    is inactive). Notes when the token was last used, at most every TOUCH_EVERY."""
    if not raw.startswith(MARKER) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user").filter(digest=digest(raw), revoked_at=None).first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
