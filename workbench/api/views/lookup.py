"""Finding what a URL names (404 when it does not exist), shared by the endpoints."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from workbench.models import Document, Language, Unit
from workbench.selectors.editor import unit_by_key


def document(slug: str) -> Document:
    return get_object_or_404(Document.objects.select_related("source_language"), slug=slug)


def language(code: str) -> Language:
    return get_object_or_404(Language, code=code)


def target(slug: str, lang: str) -> tuple[Document, Language]:
    """A document and one of its target languages (its source language is not one)."""
    doc, lang_ = document(slug), language(lang)
    if lang_.pk == doc.source_language_id:
        raise Http404("source language")
    return doc, lang_


def unit(slug: str, lang: str, key: str) -> tuple[Language, Unit]:
    found = unit_by_key(slug, key)
    if found is None:
        raise Http404("no such unit")
    lang_ = language(lang)
    if lang_.pk == found.document.source_language_id:
        raise Http404("source language")
    return lang_, found


def username(user) -> str | None:
    return user.get_username() if user is not None else None
