"""Markup shown as the translation box's tokens: ``{{ markup|as_tokens:unit.source }}``."""

from __future__ import annotations

from django import template

from workbench.text.placeables import to_tokens

register = template.Library()


@register.filter
def as_tokens(markup: str, source: str = "") -> str:
    """Stored markup as a translator types it ([1], *em*, ...), for a memory suggestion put
    into the box; autoescaped like any text."""
    return to_tokens(markup or "", source=source or "")
