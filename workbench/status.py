"""The one definition of a unit's status in a language, used by the editor, statistics,
filters and exports. Stored statuses are draft, translated and approved; a translation whose
source checksum differs from the unit's is outdated; no translation row is untranslated.

Each status has one wording (text.records.STATUS_WORDS); `status_label` gives it in the
active language, for templates (the `status_label` filter), views and exports alike."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext

from workbench.text.records import (
    STATUS_APPROVED,
    STATUS_DRAFT,
    STATUS_OUTDATED,
    STATUS_TRANSLATED,
    STATUS_UNTRANSLATED,
    STATUS_WORDS,
)


def status_label(status: str) -> str:
    """The wording of `status` in the active language ("" for an unknown status)."""
    word = STATUS_WORDS.get(status)
    return gettext(word) if word else ""


def effective_status(translation, unit_checksum: str) -> str:
    """Status of a Translation (or None) for a unit whose source has `unit_checksum`."""
    if translation is None or not translation.text:
        return STATUS_UNTRANSLATED
    if translation.source_checksum != unit_checksum:
        return STATUS_OUTDATED
    return translation.status


def translation_filter(status: str, prefix: str = "") -> Q:
    """A Q over Translation rows (with `prefix` to reach them from another model) matching
    translations of the given effective status. Untranslated has no row: see
    `unit_filter`."""
    p = prefix
    fresh = Q(**{f"{p}source_checksum": F(f"{p}unit__checksum")})
    if status == STATUS_OUTDATED:
        return ~fresh
    if status in (STATUS_DRAFT, STATUS_TRANSLATED, STATUS_APPROVED):
        return fresh & Q(**{f"{p}status": status})
    raise ValueError(f"unknown status {status!r}")
