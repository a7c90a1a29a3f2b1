"""Markup shown as the translation box's tokens: ``{{ markup|as_tokens:unit.source }}``."""

from __future__ import annotations

from django import template

from workbench.selectors.glossary import cached_pair_glossary
from workbench.text.placeables import MAX_PLACEABLES, Placeable, to_tokens

register = template.Library()


@register.filter
def as_tokens(markup: str, source: str = "") -> str:
    """Stored markup as a translator types it ([1], *em*, ...), for a memory suggestion put
    into the box; autoescaped like any text."""
    return to_tokens(markup or "", source=source or "")


@register.simple_tag(takes_context=True)
def row_placeables(context, row) -> list[Placeable]:
    """The row's placeables: the source's markup and numbers (text/placeables.py), then its
    glossary terms with an agreed translation (inserting the translation). The glossary of
    the page's language pair is loaded once per request (selectors.glossary)."""
    found = list(row.placeables)
    document, language = context.get("document"), context.get("language")
    if document is None or language is None or language.pk == document.source_language_id:
        return found
    glossary = cached_pair_glossary(
        document.source_language.code, language.code, with_forbidden=False
    )
    for hint in glossary.index.present(row.unit.source):
        if hint.title and len(found) < MAX_PLACEABLES:
            # Several agreed translations are joined with " / ": the first is inserted.
            target = hint.title.split(" / ")[0]
            found.append(Placeable("term", target, "", hint.term))
    return found
