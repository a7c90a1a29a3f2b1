"""Aligning a published translation to a stored document: propose, correct, accept, discard.

The flow (the alignment screen and `manage.py align` share it):

1. `propose_alignment` (alignment_propose) reads the uploaded file with the document
   importers, aligns its paragraphs to the document's active units and stores ONE
   AlignmentRun row in state "proposed", with warnings when the file looks wrong (not a
   translation of this document, the wrong language). No Translation is touched.
2. `correct_alignment` applies one correction operation of workbench.text.align.corrections to
   the run's links, validates the result and bumps the run's version (optimistic
   concurrency: a correction names the version it was made on, so two tabs never clobber
   each other).
3. `accept_alignment` (alignment_accept) turns the links into translations through the
   write pipeline (so the revision history, the version checks, the quality checks and the
   memory apply as to any save), origin "aligned", action ALIGN, in one transaction:

   - 1-1: the target paragraph, status "translated" (needs review);
   - 1-n: the target paragraphs joined with a space, "translated";
   - n-1 and n-m: the target text (joined) is split at sentence boundaries in proportion to
     the source units' lengths, and each piece is stored as a "draft": a person must check
     where the cut fell. When the paragraph has too few sentence boundaries to cut, the first
     unit gets the whole text as a draft and the others stay untranslated (counted as
     "unsplit");
   - 1-0: the unit stays as it is; 0-1 (e.g. a translator's note): not stored anywhere;
   - an approved translation is never replaced unless `overwrite_approved` (the screen asks
     first, listing them); an approved one with the same text is left alone either way;
   - `only_confident`: links scoring below the threshold are skipped (corrected links score
     1.0: a person made them).
4. `discard_alignment` marks the run discarded (kept for the record; the admin can delete it).

This module holds the run's life after the proposal (corrections, discarding) and the errors;
proposing is in services/alignment_propose.py, accepting in services/alignment_accept.py,
the acceptance plan (what accepting would write) in selectors/alignment_plan.py and the
file checks behind the warnings in text/align/file_checks.py.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbench import permissions
from workbench.models import AlignmentRun
from workbench.selectors.alignment_plan import run_links
from workbench.services.errors import ServiceError
from workbench.text.align import Alignment, Link, corrections, to_scored_json, validate_links


class AlignmentError(ServiceError):
    """The alignment cannot be made, changed or accepted; the message is for people."""


class StaleAlignmentError(AlignmentError):
    """The run changed (another tab, another person) since the page showed it."""

    def __init__(self, run: AlignmentRun):
        super().__init__(
            _("This alignment was changed in the meantime; the page now shows its current state.")
        )
        self.run = run


# --- correcting ---------------------------------------------------------------------------

# The screen's corrections, by the name the forms post (see workbench.text.align.corrections).
OPERATIONS = ("merge", "split", "up", "down", "unmatch")
_NOT_POSSIBLE = {
    "merge": gettext_lazy("The last link has no next link to merge with."),
    "split": gettext_lazy("Only a link with two or more paragraphs on one side can be split."),
    "up": gettext_lazy("This link has no paragraph of the file to move up, or no link before it."),
    "down": gettext_lazy(
        "This link has no paragraph of the file to move down, or no link after it."
    ),
    "unmatch": gettext_lazy("This link is unmatched already."),
}


_CORRECTIONS: dict[str, Callable[..., Alignment]] = {
    "merge": corrections.merge_with_next,
    "split": corrections.split_link,
    "up": corrections.shift_target_up,
    "down": corrections.shift_target_down,
    "unmatch": corrections.mark_unmatched,
}


def _apply(
    links: list[Link], operation: str, index: int, n_source: int, n_target: int
) -> list[Link]:
    function = _CORRECTIONS[operation]
    try:
        return function(Alignment(links, n_source, n_target), index).links
    except corrections.CorrectionError as exc:
        raise AlignmentError(str(_NOT_POSSIBLE[operation])) from exc


def lock_proposed(run: AlignmentRun, version: int | None) -> AlignmentRun:
    """The run's current row, locked; refuses runs that are no longer proposed and (when a
    version is given) runs changed since that version."""
    current = AlignmentRun.objects.select_for_update().get(pk=run.pk)
    if current.state != AlignmentRun.STATE_PROPOSED:
        raise AlignmentError(
            _("This alignment was %(state)s already; nothing was changed.")
            % {"state": current.get_state_display()}
        )
    if version is not None and version != current.version:
        raise StaleAlignmentError(current)
    return current


def correct_alignment(
    user, run: AlignmentRun, operation: str, index: int, *, version: int | None
) -> AlignmentRun:
    """Apply one correction to link `index` and return the updated run. `version` is the
    run version the page showed (None skips the check). The links stay valid or nothing
    is stored (AlignmentError)."""
    permissions.require_translate(user, run.language)
    if operation not in OPERATIONS:
        raise AlignmentError(_("Unknown correction %(operation)s.") % {"operation": operation})
    with transaction.atomic():
        current = lock_proposed(run, version)
        links = run_links(current)
        if not 0 <= index < len(links):
            raise AlignmentError(_("There is no link number %(n)s.") % {"n": index + 1})
        n_source, n_target = len(current.source_units), len(current.target_paragraphs)
        new_links = _apply(links, operation, index, n_source, n_target)
        # The corrections validate their result; checked again here because what is stored
        # must be valid whatever a future operation does.
        validate_links(new_links, n_source, n_target)
        current.links = to_scored_json(new_links)
        current.version += 1
        current.save(update_fields=["links", "version"])
    return current


def discard_alignment(user, run: AlignmentRun, *, version: int | None = None) -> AlignmentRun:
    permissions.require_translate(user, run.language)
    with transaction.atomic():
        current = lock_proposed(run, version)
        current.state = AlignmentRun.STATE_DISCARDED
        current.version += 1
        current.save(update_fields=["state", "version"])
    return current
