"""Personal API tokens: made on the account page and shown once, stored as a digest,
revoked there; the session authenticates the browsable API with its CSRF check."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import login
from workbench.models import ApiToken, Translation

pytestmark = pytest.mark.django_db


def _make(client, name="publishing script") -> str:
    made = client.post(reverse("api_tokens"), {"name": name})
    assert made.status_code == 302  # to the page, so that a reload makes no second token
    page = client.get(reverse("api_tokens"))
    assert page["Cache-Control"] == "no-store"
    match = re.search(r'value="(wbt_[A-Za-z0-9_-]+)"', page.content.decode())
    assert match, "the new token is shown"
    return match.group(1)


def test_token_made_on_the_page_is_shown_once_and_stored_as_digest(client, translator):
    login(client, translator)
    raw = _make(client)
    row = ApiToken.objects.get()
    assert row.user == translator and row.name == "publishing script"
    assert row.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {row.digest, row.prefix} and raw.startswith(row.prefix)
    again = client.get(reverse("api_tokens")).content.decode()
    assert raw not in again and row.prefix in again


def test_token_authenticates_and_revoking_ends_it(client, translator, sample_document):
    login(client, translator)
    raw = _make(client)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    url = "/api/v1/documents/sample/languages/de/units/u0001/"
    assert api.put(url, {"text": "Hallo", "version": 0}, format="json").status_code == 200
    assert Translation.objects.get().author == translator
    assert ApiToken.objects.get().last_used_at is not None
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert bearer.get("/api/v1/languages/").status_code == 200
    token = ApiToken.objects.get()
    response = client.post(reverse("api_tokens"), {"revoke": str(token.pk)})
    assert response.status_code == 302
    assert api.get("/api/v1/languages/").status_code == 401
    assert api.put(url, {"text": "Weg", "version": 1}, format="json").status_code == 401
    assert Translation.objects.get().text == "Hallo"


def test_bad_tokens_are_401(languages):
    for header in ("Token wbt_unknown", "Token", "Token a b", "Bearer wbt_" + "x" * 200):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=header)
        response = api.get("/api/v1/languages/")
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"].startswith("Token")


def test_inactive_users_token_is_refused(translator, languages):
    from tests.api.conftest import token_client

    api = token_client(translator)
    translator.is_active = False
    translator.save()
    assert api.get("/api/v1/languages/").status_code == 401


def test_nobody_revokes_anothers_token(client, translator, reviewer):
    login(client, translator)
    _make(client)
    token = ApiToken.objects.get()
    login(client, reviewer)
    assert client.post(reverse("api_tokens"), {"revoke": str(token.pk)}).status_code == 403
    assert ApiToken.objects.get().revoked_at is None


def test_page_needs_login_and_a_name(client, translator):
    assert client.get(reverse("api_tokens")).status_code == 302
    login(client, translator)
    assert client.post(reverse("api_tokens"), {"name": " "}).status_code == 400
    assert not ApiToken.objects.exists()


def test_session_writes_need_the_csrf_token(translator, sample_document):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(translator)
    url = "/api/v1/documents/sample/languages/de/units/u0001/"
    assert api.get(url).status_code == 200  # reading with the session
    refused = api.put(url, {"text": "Hallo", "version": 0}, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert not Translation.objects.exists()


def test_header_links_to_the_token_page(client, translator):
    login(client, translator)
    assert reverse("api_tokens") in client.get(reverse("home")).content.decode()


def test_site_admin_revokes_anyones_token_in_the_admin(client, admin_user, translator):
    from workbench.services.api_tokens import create_token

    token, raw = create_token(translator, "leaked")
    client.force_login(admin_user)
    listing = client.get("/admin/workbench/apitoken/").content.decode()
    assert token.prefix in listing and raw not in listing and token.digest not in listing
    done = client.post(
        "/admin/workbench/apitoken/",
        {"action": "revoke", "_selected_action": [str(token.pk)]},
    )
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert api.get("/api/v1/languages/").status_code == 401


def test_revoking_others_tokens_needs_a_site_admin(translator, reviewer):
    from django.core.exceptions import PermissionDenied

    from workbench.services.api_tokens import create_token, revoke_tokens

    token, _raw = create_token(translator, "mine")
    with pytest.raises(PermissionDenied):
        revoke_tokens(reviewer, [token.pk])
    token.refresh_from_db()
    assert token.revoked_at is None
