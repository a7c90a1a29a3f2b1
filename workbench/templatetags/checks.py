"""Quality-check results in templates: ``{% load checks %}``.

- ``{% row_problems row as problems %}``: the stored problems of an editor row's current text
  (ProblemItem list, see selectors/checks.py), free of queries on a prefetched page;
- ``{% check_filter_options filter %}``: the quality-check <optgroup> of a filter <select>.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from workbench.selectors import checks as check_selectors

register = template.Library()


@register.simple_tag
def row_problems(row) -> list[check_selectors.ProblemItem]:
    return check_selectors.row_problems(row.unit, row.translation)


@register.simple_tag
def check_filter_options(current: str = "") -> SafeString:
    options = [(check_selectors.ANY_PROBLEM_FILTER, _("any open problem"))]
    options += [(value, _(name)) for value, _id, name in check_selectors.check_choices()]
    return format_html(
        '<optgroup label="{}">{}</optgroup>',
        _("Quality checks"),
        format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, " selected" if value == current else "", label) for value, label in options),
        ),
    )


@register.filter
def check_name(check_id: str) -> str:
    check = check_selectors.CHECKS.get(check_id)
    return _(check.name) if check else check_id
