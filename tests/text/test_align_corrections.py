"""The pure correction operations of the alignment screen."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.align import Alignment, Link, from_json_links, validate_links
from workbench.text.align.corrections import (
    CorrectionError,
    mark_unmatched,
    merge_with_next,
    shift_source_down,
    shift_source_up,
    shift_target_down,
    shift_target_up,
    split_link,
)

# 1-1, 2-1, 0-1 (a note), 1-2, 1-0
BASE = from_json_links([[[0], [0]], [[1, 2], [1]], [[], [2]], [[3], [3, 4]], [[4], []]], score=0.5)


def shape(alignment: Alignment) -> list[list[list[int]]]:
    return alignment.to_json()


def test_merge_with_next() -> None:
    merged = merge_with_next(BASE, 0)
    assert shape(merged)[:2] == [[[0, 1, 2], [0, 1]], [[], [2]]]
    assert merged.links[0].score == 1.0
    assert shape(BASE)[0] == [[0], [0]]  # the input is untouched
    assert shape(merge_with_next(BASE, 3))[-1] == [[3, 4], [3, 4]]
    with pytest.raises(CorrectionError):
        merge_with_next(BASE, 4)


def test_split_link_defaults_to_the_last_paragraph_of_the_longer_side() -> None:
    assert shape(split_link(BASE, 1))[1:3] == [[[1], [1]], [[2], []]]
    assert shape(split_link(BASE, 3))[3:5] == [[[3], [3]], [[], [4]]]
    two_two = from_json_links([[[0, 1], [0, 1]]])
    assert shape(split_link(two_two, 0)) == [[[0], [0]], [[1], [1]]]
    assert shape(split_link(two_two, 0, source_at=0, target_at=1)) == [[[], [0]], [[0, 1], [1]]]
    with pytest.raises(CorrectionError):
        split_link(BASE, 0)  # a 1-1 link cannot be split
    with pytest.raises(CorrectionError):
        split_link(BASE, 1, source_at=5)


def test_shift_target_up_and_down() -> None:
    up = shift_target_up(BASE, 2)  # the note joins the 2-1 link before it, the empty link goes
    assert shape(up)[1:3] == [[[1, 2], [1, 2]], [[3], [3, 4]]]
    down = shift_target_down(BASE, 3)  # target 4 moves to the 1-0 link after it
    assert shape(down)[3:] == [[[3], [3]], [[4], [4]]]
    assert shape(shift_target_down(BASE, 0))[:2] == [[[0], []], [[1, 2], [0, 1]]]
    with pytest.raises(CorrectionError):
        shift_target_up(BASE, 0)  # nothing before the first link
    with pytest.raises(CorrectionError):
        shift_target_down(BASE, 4)  # the last link has no target and no next link


def test_shift_source_up_and_down() -> None:
    assert shape(shift_source_up(BASE, 4))[3] == [[3, 4], [3, 4]]
    assert shape(shift_source_down(BASE, 1))[1:3] == [[[1], [1]], [[2], [2]]]
    with pytest.raises(CorrectionError):
        shift_source_up(BASE, 2)  # the note has no source paragraph


def test_mark_unmatched() -> None:
    out = mark_unmatched(BASE, 1)
    assert shape(out)[1:4] == [[[1], []], [[2], []], [[], [1]]]
    assert all(link.score == 1.0 for link in out.links[1:4])
    with pytest.raises(CorrectionError):
        mark_unmatched(BASE, 4)  # already a single unmatched paragraph


OPS = [
    merge_with_next,
    split_link,
    shift_target_up,
    shift_target_down,
    shift_source_up,
    shift_source_down,
    mark_unmatched,
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=12),
    st.lists(st.tuples(st.sampled_from(range(len(OPS))), st.integers(0, 20)), max_size=15),
)
def test_any_sequence_of_corrections_keeps_the_alignment_valid(
    shapes: list[tuple[int, int]], edits: list[tuple[int, int]]
) -> None:
    links, s, t = [], 0, 0
    for a, b in shapes:
        if a == b == 0:
            continue
        links.append(Link(tuple(range(s, s + a)), tuple(range(t, t + b)), 0.3))
        s, t = s + a, t + b
    alignment = Alignment(links, s, t)
    for op_index, at in edits:
        try:
            alignment = OPS[op_index](alignment, at)
        except CorrectionError:
            continue
        validate_links(alignment.links, s, t)
