"""Pure correction operations of the alignment screen.

Each takes an Alignment and the index of a link and returns a new, valid Alignment (every
paragraph exactly once, document order kept); the input is never modified. Links a person
touched get score 1.0: the confidence of a link is the aligner's doubt, and the person has
settled it. An operation that cannot apply (no next link to merge with, nothing to split)
raises CorrectionError, so the screen can say why instead of silently doing nothing.
"""

from __future__ import annotations

from dataclasses import replace

from .links import Alignment, Link, validate_links

CONFIRMED = 1.0


class CorrectionError(ValueError):
    """The operation does not apply to this link."""


def _with_links(alignment: Alignment, links: list[Link]) -> Alignment:
    validate_links(links, alignment.n_source, alignment.n_target)
    return replace(alignment, links=links)


def _check(alignment: Alignment, index: int) -> Link:
    if not 0 <= index < len(alignment.links):
        raise CorrectionError(f"no link {index}")
    return alignment.links[index]


def merge_with_next(alignment: Alignment, index: int) -> Alignment:
    """Link `index` and the one after it become one link (e.g. 1-1 + 1-0 -> 2-1)."""
    link = _check(alignment, index)
    if index + 1 >= len(alignment.links):
        raise CorrectionError("the last link has no next link to merge with")
    nxt = alignment.links[index + 1]
    merged = Link(link.source + nxt.source, link.target + nxt.target, CONFIRMED)
    links = [*alignment.links[:index], merged, *alignment.links[index + 2 :]]
    return _with_links(alignment, links)


def split_link(
    alignment: Alignment,
    index: int,
    *,
    source_at: int | None = None,
    target_at: int | None = None,
) -> Alignment:
    """Cut link `index` in two: the first keeps source[:source_at] and target[:target_at],
    the second the rest. By default the last paragraph of each side that has more than one
    goes to the second link: 2-1 -> 1-1 + 1-0, 1-2 -> 1-1 + 0-1, 2-2 -> 1-1 + 1-1.
    A part left with no paragraph at all is dropped."""
    link = _check(alignment, index)
    if source_at is None:
        source_at = len(link.source) - 1 if len(link.source) > 1 else len(link.source)
    if target_at is None:
        target_at = len(link.target) - 1 if len(link.target) > 1 else len(link.target)
    if not 0 <= source_at <= len(link.source) or not 0 <= target_at <= len(link.target):
        raise CorrectionError("split position outside the link")
    first = Link(link.source[:source_at], link.target[:target_at], CONFIRMED)
    second = Link(link.source[source_at:], link.target[target_at:], CONFIRMED)
    parts = [part for part in (first, second) if part.source or part.target]
    if len(parts) < 2:
        raise CorrectionError("nothing to split: one of the parts would be empty")
    links = [*alignment.links[:index], *parts, *alignment.links[index + 1 :]]
    return _with_links(alignment, links)


def _shift(alignment: Alignment, index: int, direction: int, side: str) -> Alignment:
    link = _check(alignment, index)
    other_index = index + direction
    if not 0 <= other_index < len(alignment.links):
        raise CorrectionError("no link in that direction")
    ids = getattr(link, side)
    if not ids:
        raise CorrectionError(f"link {index} has no {side} paragraph to shift")
    other = alignment.links[other_index]
    if direction < 0:  # the first paragraph moves to the end of the previous link
        moved, kept = ids[0], ids[1:]
        other_ids = (*getattr(other, side), moved)
    else:  # the last paragraph moves to the start of the next link
        moved, kept = ids[-1], ids[:-1]
        other_ids = (moved, *getattr(other, side))
    new_link = replace(link, score=CONFIRMED, **{side: kept})
    new_other = replace(other, score=CONFIRMED, **{side: other_ids})
    links = list(alignment.links)
    links[index] = new_link
    links[other_index] = new_other
    links = [lk for lk in links if lk.source or lk.target]
    return _with_links(alignment, links)


def shift_target_up(alignment: Alignment, index: int) -> Alignment:
    """The first target paragraph of link `index` joins the previous link."""
    return _shift(alignment, index, -1, "target")


def shift_target_down(alignment: Alignment, index: int) -> Alignment:
    """The last target paragraph of link `index` joins the next link."""
    return _shift(alignment, index, +1, "target")


def shift_source_up(alignment: Alignment, index: int) -> Alignment:
    """The first source paragraph of link `index` joins the previous link."""
    return _shift(alignment, index, -1, "source")


def shift_source_down(alignment: Alignment, index: int) -> Alignment:
    """The last source paragraph of link `index` joins the next link."""
    return _shift(alignment, index, +1, "source")


def mark_unmatched(alignment: Alignment, index: int) -> Alignment:
    """Link `index` becomes 1-0 links for its source paragraphs, then 0-1 links for its
    target paragraphs (the order the aligner itself uses)."""
    link = _check(alignment, index)
    if link.is_null and len(link.source) + len(link.target) == 1:
        raise CorrectionError(f"link {index} is already unmatched")
    parts = [Link((i,), (), CONFIRMED) for i in link.source]
    parts += [Link((), (j,), CONFIRMED) for j in link.target]
    links = [*alignment.links[:index], *parts, *alignment.links[index + 1 :]]
    return _with_links(alignment, links)
