"""Pre-filling a document's untranslated units with exact matches from the translation memory,
through the write pipeline (services/writes.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import (
    Document,
    Language,
    Translation,
    Unit,
)
from workbench.selectors.memory_exact import best_exact_matches
from workbench.services import writes
from workbench.services.errors import ConflictError, ServiceError
from workbench.services.writes import Change
from workbench.text import memory as tm
from workbench.text.records import STATUS_TRANSLATED

log = logging.getLogger(__name__)


class PrefillError(ServiceError):
    """The pre-fill could not be stored; nothing was."""


@dataclass(frozen=True)
class PrefillResult:
    filled: int
    untranslated: int


def prefill_from_memory(actor, document: Document, language: Language) -> PrefillResult:
    """Fill the document's untranslated units into `language` with exact memory matches:
    status translated (needs review, never approved), origin memory, one Revision each, in
    one transaction, through the write pipeline."""
    permissions.require_translate(actor, language)
    has_text = Exists(
        Translation.objects.filter(unit=OuterRef("pk"), language=language).exclude(text="")
    )
    units = list(
        Unit.objects.filter(document=document, is_active=True)
        .filter(~has_text)
        .only("pk", "source", "checksum", "document_id")
    )
    candidates = []
    for unit in units:
        normalised = tm.normalize(unit.source)
        if normalised:
            candidates.append((unit.pk, unit.source, normalised, tm.text_hash(normalised)))
    matches = best_exact_matches(candidates, document.source_language_id, language.pk)
    if not matches:
        return PrefillResult(0, len(units))
    # Units with an emptied translation keep their row (and history); the version each had
    # when it was found empty makes a save in between a conflict, never an overwrite.
    seen_versions = dict(
        Translation.objects.filter(
            unit__document=document, unit__is_active=True, language=language, text=""
        ).values_list("unit_id", "version")
    )
    comment = _("Pre-filled from the translation memory.")
    changes = [
        Change(
            unit,
            matches[unit.pk].target,
            status=STATUS_TRANSLATED,
            base_version=seen_versions.get(unit.pk, 0),
            comment=comment,
        )
        for unit in units
        if unit.pk in matches
    ]
    try:
        results = writes.write(actor, language, changes, kind=writes.PREFILL)
    except ConflictError:
        # Somebody saved one of these units while we were filling: their text wins.
        log.info("pre-fill of %s into %s met a concurrent save", document.slug, language.code)
        raise PrefillError(
            _("Someone translated units of this document meanwhile; run the pre-fill again.")
        ) from None
    filled = sum(1 for result in results if result.changed)
    log.info("pre-filled %d of %d units of %s into %s", filled, len(units), document.slug,
             language.code)  # fmt: skip
    return PrefillResult(filled, len(units))
