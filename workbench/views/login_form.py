"""The sign-in form: allauth's, with the length limits Django's own login form had.

allauth's `login` field takes any length; a failed sign-in is then recorded by django-axes
with that name in a 255-character column, which PostgreSQL refuses (a 500 instead of "wrong
user name or password"). An e-mail address is at most 254 characters, a user name 150."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.core.validators import MaxLengthValidator

LOGIN_MAX_LENGTH = 254  # the longest e-mail address (RFC 5321); user names are shorter
PASSWORD_MAX_LENGTH = 4096  # as django.contrib.auth's forms


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, limit in (("login", LOGIN_MAX_LENGTH), ("password", PASSWORD_MAX_LENGTH)):
            field = self.fields.get(name)
            if field is not None:
                field.max_length = limit
                field.validators.append(MaxLengthValidator(limit))
                field.widget.attrs["maxlength"] = str(limit)
