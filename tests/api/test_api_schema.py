"""The OpenAPI schema validates, covers every endpoint, and its docs page needs nothing
from outside the site."""

from __future__ import annotations

import re

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_schema_validates_and_lists_every_endpoint(client, languages):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)  # raises on an invalid OpenAPI 3 document
    paths = set(schema["paths"])
    expected = {
        "/api/v1/languages/", "/api/v1/documents/", "/api/v1/documents/{slug}/",
        "/api/v1/documents/{slug}/source/",
        "/api/v1/documents/{slug}/languages/{lang}/units/",
        "/api/v1/documents/{slug}/languages/{lang}/units/{key}/",
        "/api/v1/documents/{slug}/languages/{lang}/units/{key}/approve/",
        "/api/v1/documents/{slug}/languages/{lang}/units/{key}/send-back/",
        "/api/v1/documents/{slug}/languages/{lang}/units/{key}/revisions/",
        "/api/v1/documents/{slug}/languages/{lang}/units/{key}/comments/",
        "/api/v1/documents/{slug}/languages/{lang}/export/{fmt}/",
        "/api/v1/documents/{slug}/languages/{lang}/import/po/",
        "/api/v1/memory/lookup/", "/api/v1/memory/concordance/", "/api/v1/memory/import/",
        "/api/v1/glossary/concepts/", "/api/v1/glossary/concepts/{id}/",
        "/api/v1/glossary/import/",
    }  # fmt: skip
    assert expected <= paths, expected - paths
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_docs_page_loads_nothing_from_outside(client, languages):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html), "only the site's own files"
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "<script>" not in html  # no inline script: the start script is a file
    start = client.get("/api/v1/docs/?script=")
    assert start.status_code == 200 and b"SwaggerUIBundle" in start.content
