"""Whether machine translation is configured: with no engine the UI shows nothing of it."""

from django import template

from workbench import limits
from workbench.machine import suggestions

register = template.Library()


@register.simple_tag
def machine_enabled() -> bool:
    return suggestions.enabled()


@register.simple_tag
def pretranslate_page_units() -> int:
    return limits.pretranslate_page_units()
