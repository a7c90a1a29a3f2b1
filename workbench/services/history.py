"""Restoring an earlier revision of a unit's translation. Restoring is itself a new
revision (action restore): history only ever grows."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import Language, Revision, Unit
from workbench.services import writes
from workbench.services.errors import TranslationError
from workbench.services.writes import Change, SaveResult
from workbench.text.records import STATUS_APPROVED, STATUS_TRANSLATED

log = logging.getLogger(__name__)


def _restored_status(actor, revision: Revision, unit: Unit, language: Language) -> str:
    """The status a restored text gets. An approval only carries over when a reviewer
    restores a text approved for the unit's current source; otherwise it waits for review."""
    if revision.status != STATUS_APPROVED:
        return revision.status
    if permissions.can_review(actor, language) and revision.source_checksum == unit.checksum:
        return STATUS_APPROVED
    return STATUS_TRANSLATED


def restore_revision(
    actor, unit: Unit, language: Language, revision_id: int, *, base_version: int
) -> SaveResult:
    permissions.require_translate(actor, language)
    revision = Revision.objects.filter(
        pk=revision_id, translation__unit=unit, translation__language=language
    ).first()
    if revision is None:
        raise TranslationError(_("This revision does not belong to this unit."))
    change = Change(
        unit,
        revision.text,
        status=_restored_status(actor, revision, unit, language),
        base_version=base_version,
        # A unit with plural forms gets back every form the revision had.
        plurals=tuple(revision.plural_texts) if revision.plural_texts else None,
    )
    (result,) = writes.write(actor, language, [change], kind=writes.RESTORE)
    return result
