"""`Authorization: Token wbt_...` (or `Bearer wbt_...`): a personal API token, made on the
API tokens page (services/api_tokens.py). The browsable API uses the session instead
(rest_framework's SessionAuthentication, with its CSRF check)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from workbench.services.api_tokens import user_for_token

KEYWORDS = (b"token", b"bearer")


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # not ours: the session may authenticate
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the header as: Authorization: Token <token>."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Invalid or revoked token.")) from None
        user = user_for_token(raw)
        if user is None:
            raise AuthenticationFailed(_("Invalid or revoked token."))
        return user, None

    def authenticate_header(self, request) -> str:
        # A missing or bad token answers 401 with this challenge (not 403).
        return 'Token realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>`: a personal token from the API tokens page.",
        }
