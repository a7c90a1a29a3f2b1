"""Helpers for the review / history / comments / concurrency tests (not fixtures)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from workbench.models import Document, Language, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document
from workbench.services.translations import save_translation


def make_document(paragraphs: list[str], slug: str = "doc") -> Document:
    text = "\n\n".join(paragraphs).encode()
    # The title is stored in the active language's column (modeltranslation); an earlier
    # test's request may have left another UI language active in this thread.
    with translation.override(settings.LANGUAGE_CODE):
        return import_document(
            SYSTEM, text, filename=f"{slug}.txt", language_code="en", slug=slug
        ).document


def units(document: Document) -> list[Unit]:
    return list(Unit.objects.filter(document=document).order_by("position"))


def current(unit: Unit, language: Language) -> Translation | None:
    return Translation.objects.filter(unit=unit, language=language).first()


def translate(user, unit: Unit, language: Language, text: str, status: str = "translated"):
    """Save as `user` from whatever version is current (no conflict)."""
    now = current(unit, language)
    return save_translation(
        user,
        unit,
        language,
        text,
        status=status,
        base_version=now.version if now else 0,
    ).translation


def queries_for(client, url: str) -> int:
    """How many SQL queries one GET of `url` takes (after a warm-up request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)
