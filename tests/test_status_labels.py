"""One wording per status (text.records.STATUS_WORDS), shown the same everywhere."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from workbench.formats.html import Labels
from workbench.models.translations import STATUS_CHOICES
from workbench.selectors.exports import export_labels
from workbench.status import status_label
from workbench.text.records import STATUS_WORDS, STATUSES, STORED_STATUSES


def test_every_status_has_one_wording():
    assert set(STATUS_WORDS) == set(STATUSES)
    with translation.override("en"):
        assert [status_label(s) for s in STATUSES] == [
            "untranslated",
            "draft",
            "needs review",
            "approved",
            "outdated",
        ]
    assert status_label("no such status") == ""


def test_model_choices_and_export_labels_use_the_same_wording():
    with translation.override("de"):
        assert {s: str(label) for s, label in STATUS_CHOICES} == {
            s: status_label(s) for s in STORED_STATUSES
        }
        assert status_label("translated") != "needs review"  # the German catalog has it
    assert [s for s, _label in STATUS_CHOICES] == list(STORED_STATUSES)
    assert Labels().draft == STATUS_WORDS["draft"]
    labels = export_labels("fr")
    with translation.override("fr"):
        assert (labels.untranslated, labels.draft, labels.outdated) == (
            status_label("untranslated"),
            status_label("draft"),
            status_label("outdated"),
        )


def test_template_filter():
    template = Template("{% load status %}{{ s|status_label }}")
    with translation.override("en"):
        assert template.render(Context({"s": "translated"})) == "needs review"
