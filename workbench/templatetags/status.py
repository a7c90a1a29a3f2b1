"""Status wordings in templates: ``{% load status %}{{ row.status|status_label }}``
(the one wording of each status, see workbench/status.py)."""

from __future__ import annotations

from django import template

from workbench import status as status_rules

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return status_rules.status_label(status)
