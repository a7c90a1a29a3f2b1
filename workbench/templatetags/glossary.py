"""Glossary highlighting in page renders: ``{% load glossary %}{% glossary_source seg.source %}``.

The glossary of the page's language pair is loaded once per request (one query, see
selectors.glossary.cached_pair_glossary) and each row's source is marked in time proportional
to its length, so a page of 50 rows costs the same whatever the glossary's size.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from workbench.selectors.glossary import cached_pair_glossary

register = template.Library()


@register.simple_tag(takes_context=True)
def glossary_source(context, source: str) -> SafeString:
    """A unit's source markup with glossary terms wrapped in <mark class="term" title="...">
    (title: the approved translation into the page's `language`).

    The source is stored sanitised (text.markup.sanitize_inline), which is why the editor
    already rendered it with |safe; highlighting copies its tags as they are and re-escapes
    its text, so the result is exactly as safe."""
    document = context.get("document")
    language = context.get("language")
    source = source or ""
    if document is None or language is None or language.pk == document.source_language_id:
        return mark_safe(source)  # sanitised on import, see above
    glossary = cached_pair_glossary(
        document.source_language.code, language.code, with_forbidden=False
    )
    return mark_safe(glossary.index.highlight(source))  # see the docstring
