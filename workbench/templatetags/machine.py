"""Whether machine translation is configured: with no engine the UI shows nothing of it."""

from django import template

from workbench import limits
from workbench.machine import registry, suggestions

register = template.Library()


@register.simple_tag
def machine_enabled() -> bool:
    return suggestions.enabled()


@register.simple_tag
def machine_serves(document, language) -> bool:
    """Whether machine translation may serve the document's pair (no request: the cached
    pairs; see registry.may_serve). The editor and the document page offer it only then."""
    return registry.may_serve(document.source_language.code, language.code)


@register.simple_tag
def pretranslate_page_units() -> int:
    return limits.pretranslate_page_units()
