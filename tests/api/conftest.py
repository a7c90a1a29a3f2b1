"""Fixtures of the API tests: a client per user, authenticated with a real token."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


def token_client(user) -> APIClient:
    """An API client sending a token of `user`'s, made by the service (as the page does)."""
    from workbench.services.api_tokens import create_token

    _row, raw = create_token(user, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def as_translator(translator):
    return token_client(translator)


@pytest.fixture
def as_reviewer(reviewer):
    return token_client(reviewer)


@pytest.fixture
def as_admin(admin_user):
    return token_client(admin_user)


@pytest.fixture
def as_outsider(outsider):
    return token_client(outsider)


@pytest.fixture
def as_glossary_editor(glossary_editor):
    return token_client(glossary_editor)


@pytest.fixture
def documents_private(settings):
    settings.DOCUMENTS_PUBLIC = False
