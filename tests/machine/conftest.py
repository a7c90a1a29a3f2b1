"""Fixtures of the machine-translation tests: the engines (tests/mt_fixtures.py), a
paragraph with a footnote reference, emphasis and a link, Spanish team members."""

from __future__ import annotations

import pytest

from workbench.models import Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document

from ..mt_fixtures import PARAGRAPH, apertium, apertium_engine, deepl, libretranslate  # noqa: F401


@pytest.fixture
def paragraph_doc(languages):
    body = f"<p>{PARAGRAPH}</p><p>The workers of the world.</p>".encode()
    return import_document(
        SYSTEM, body, filename="p.html", language_code="en", slug="para"
    ).document


@pytest.fixture
def es_translator(languages):
    from django.contrib.auth import get_user_model

    from workbench.models import Membership

    user = get_user_model().objects.create_user(username="es-translator", password="x")
    Membership.objects.create(
        user=user,
        language=languages["es"],
        role=Membership.ROLE_TRANSLATOR,
        state=Membership.STATE_ACTIVE,
    )
    return user


@pytest.fixture
def es_reviewer(languages):
    from django.contrib.auth import get_user_model

    from workbench.models import Membership

    user = get_user_model().objects.create_user(username="es-reviewer", password="x")
    Membership.objects.create(
        user=user,
        language=languages["es"],
        role=Membership.ROLE_REVIEWER,
        state=Membership.STATE_ACTIVE,
    )
    return user


def first_unit(document) -> Unit:
    return document.units.order_by("position").select_related("document__source_language").first()
