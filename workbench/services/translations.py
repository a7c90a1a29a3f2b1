"""Saving a translation from the editor: one unit, or many in one go. Both are the write
pipeline (services/writes.py) with the editor's rules; every change appends a Revision."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from workbench import limits
from workbench.machine import suggestions as machine
from workbench.models import Language, Translation, Unit
from workbench.models.translations import ORIGIN_MACHINE, ORIGIN_TYPED
from workbench.services import writes
from workbench.services.errors import ConflictError, TranslationError
from workbench.services.writes import Change, SaveResult
from workbench.text import placeables
from workbench.text.records import STATUS_TRANSLATED

log = logging.getLogger(__name__)


def save_translation(
    actor,
    unit: Unit,
    language: Language,
    text: str,
    *,
    status: str = STATUS_TRANSLATED,
    base_version: int | None,
    origin: str = ORIGIN_TYPED,
    comment: str = "",
    kind: writes.WriteKind = writes.SAVE,
    source_checksum: str | None = None,
    machine_engine: str = "",
    confirm_machine: bool = False,
    plurals: tuple[str, ...] | None = None,
) -> SaveResult:
    """Store a new text for a unit. `base_version` is the version the editor started from
    (0 when it saw no translation); a mismatch raises ConflictError and stores nothing.
    `base_version=None` skips the check (used by imports that do their own matching).
    `source_checksum` is the source the editor showed; when the unit's source changed since,
    SourceChangedError (a ConflictError) is raised and nothing is stored. `plurals` are the
    texts of plural forms 2, 3, ... of a unit with plural forms (None keeps them).

    `origin` machine says the text starts from `machine_engine`'s suggestion for the unit;
    the engine's text is read from the stored suggestion (not taken from the client) and
    kept for the guard. `confirm_machine` lets a reviewer approve unedited engine output."""
    machine_text = None
    if origin == ORIGIN_MACHINE:
        machine_text = machine.cached_text(machine_engine, unit, language)
        if machine_text is None:
            raise TranslationError(_("There is no machine suggestion for this unit to start from."))
    (result,) = writes.write(
        actor, language,
        [
            Change(
                unit, text, status=status, base_version=base_version, comment=comment,
                source_checksum=source_checksum, machine_text=machine_text, plurals=plurals,
                machine_engine=machine_engine if machine_text is not None else "",
                confirm_machine=confirm_machine,
            )
        ],
        kind=kind, origin=origin,
    )  # fmt: skip
    return result


def markup_from_tokens(unit: Unit, language: Language, tokens: str) -> str:
    """The markup for what the editor's box holds (tokens, text/placeables.py). Links are
    numbered as the box showed them: the source's, then those only the current translation
    has."""
    # Tokens are at most twice as long as the markup they stand for ("\\*" is "*"): longer
    # ones are refused before any work, the pipeline checks the markup's own length.
    if len(tokens) > 2 * limits.translation_chars():
        raise TranslationError(
            _("The translation is too long (at most %(n)s characters).")
            % {"n": limits.translation_chars()}
        )
    current = (
        Translation.objects.filter(unit=unit, language=language).values_list("text", flat=True)
    ).first() or ""
    table = placeables.links_table(unit.source, current)
    return placeables.from_tokens(tokens, source=unit.source, table=table)


__all__ = [
    "Change",
    "ConflictError",
    "SaveResult",
    "TranslationError",
    "markup_from_tokens",
    "save_translation",
]
