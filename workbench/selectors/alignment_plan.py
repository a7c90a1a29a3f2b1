"""What accepting an alignment run would write: the plan (one translation per unit, n-1 links
cut at sentence boundaries) and the approved translations it would replace. Reads only: the
accept service (workbench.services.alignment_accept) writes the plan; the confirmation screen
shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.models import AlignmentRun, Translation, Unit
from workbench.text import markup, sentences
from workbench.text.align import Link, from_scored_json
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED


def run_links(run: AlignmentRun) -> list[Link]:
    """The run's stored links."""
    return from_scored_json(run.links)


@dataclass(frozen=True)
class PlannedTranslation:
    unit_id: int
    text: str
    status: str
    link_index: int
    kind: str  # the link's shape, "1-1", "2-1", ...
    score: float


@dataclass
class AcceptPlan:
    """What accepting would write, worked out from the run (one query: the lengths of the
    units that share a paragraph of the file)."""

    entries: list[PlannedTranslation] = field(default_factory=list)
    skipped_weak: int = 0  # units of links below the confidence threshold
    unsplit: int = 0  # units left untranslated because a paragraph could not be cut
    untranslated: int = 0  # units of 1-0 links
    notes: int = 0  # target paragraphs of 0-1 links (translator's notes, ...)


def plan_acceptance(run: AlignmentRun, only_confident: float | None = None) -> AcceptPlan:
    plan = AcceptPlan()
    paragraphs = run.target_paragraphs
    unit_ids = run.source_units
    weights = _source_lengths(run)
    for k, link in enumerate(run_links(run)):
        if not link.target:
            plan.untranslated += len(link.source)
            continue
        if not link.source:
            plan.notes += len(link.target)
            continue
        if only_confident is not None and link.score < only_confident:
            plan.skipped_weak += len(link.source)
            continue
        text = " ".join(paragraphs[j] for j in link.target)
        if len(link.source) == 1:
            plan.entries.append(
                PlannedTranslation(
                    unit_ids[link.source[0]], text, STATUS_TRANSLATED, k, link.kind, link.score
                )
            )
            continue
        pieces = sentences.split_markup(text, [weights[i] for i in link.source])
        if pieces is None:
            pieces = [text]
            plan.unsplit += len(link.source) - 1
        for i, piece in zip(link.source, pieces, strict=False):
            plan.entries.append(
                PlannedTranslation(unit_ids[i], piece, STATUS_DRAFT, k, link.kind, link.score)
            )
    return plan


def _source_lengths(run: AlignmentRun) -> list[int]:
    """Plain-text length of each source unit of the run (for splitting n-1 links). Only the
    units of n-1 links are read: one query."""
    wanted = {i for s, t, _score in run.links if len(s) > 1 and t for i in s}
    lengths = [0] * len(run.source_units)
    if wanted:
        ids = {run.source_units[i]: i for i in wanted}
        for pk, source in Unit.objects.filter(pk__in=ids).values_list("pk", "source"):
            lengths[ids[pk]] = len(markup.to_plain(source))
    return lengths


@dataclass(frozen=True)
class ApprovedConflict:
    unit: Unit
    current: str  # the text the unit has (approved, or any other non-empty one)
    new: str  # what accepting would write
    status: str = STATUS_APPROVED  # the stored status of `current`


def approved_conflicts(run: AlignmentRun, plan: AcceptPlan) -> list[ApprovedConflict]:
    """The approved translations accepting `plan` would replace (same text does not count)."""
    return [c for c in existing_conflicts(run, plan) if c.status == STATUS_APPROVED]


def existing_conflicts(run: AlignmentRun, plan: AcceptPlan) -> list[ApprovedConflict]:
    """Every non-empty translation accepting `plan` would replace with a different text
    (drafts, units waiting for review, approved ones): what the confirmation step lists, so
    that only empty units are filled without asking. One query."""
    planned = {entry.unit_id: entry.text for entry in plan.entries}
    rows = (
        Translation.objects.filter(language=run.language, unit__document_id=run.document_id)
        .exclude(text="")
        .select_related("unit")
        .order_by("unit__position")
    )
    return [
        ApprovedConflict(t.unit, t.text, planned[t.unit_id], t.status)
        for t in rows
        if t.unit_id in planned and markup.sanitize_inline(planned[t.unit_id]).strip() != t.text
    ]
