"""Matching old units to a new version of the source (workbench/text/source_diff.py)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text import source_diff
from workbench.text.records import KIND_HEADING, KIND_PARAGRAPH, KIND_TITLE, Block
from workbench.text.source_diff import (
    DELETED,
    EDITED,
    MERGED,
    MOVED,
    NEW,
    RESTORED,
    SPLIT,
    UNCHANGED,
    OldUnit,
    match_units,
)

P = KIND_PARAGRAPH

# Paragraphs of real prose (different topics), so similarity thresholds meet real text.
TEXTS = [
    "The revolution of 1917 did not come from nowhere; it grew out of decades of agrarian "
    "crisis, war and the collapse of the old administration.",
    "Industrialisation required capital, and capital in a peasant country could only come "
    "from the countryside, which made the question of grain prices central.",
    "Foreign trade remained a state monopoly throughout the period, a decision defended "
    "against strong pressure from within the party itself.",
    "Historians still disagree about how far the leadership foresaw the consequences of "
    "the policies adopted in the late twenties.",
    "Local soviets in the provinces often had neither the staff nor the money to carry out "
    "the decrees sent from the capital.",
    "The army was demobilised in stages, and the returning soldiers brought with them new "
    "expectations of what the government owed them.",
    "Education spread quickly in the towns, less quickly in the villages, where the school "
    "was frequently the only public building.",
    "Prices in the private market rose sharply each winter, when supplies from the villages "
    "fell and the cities competed for bread.",
]


def old_units(texts, kinds=None):
    kinds = kinds or [P] * len(texts)
    pairs = zip(texts, kinds, strict=True)
    return [OldUnit(f"u{i:04d}", k, t) for i, (t, k) in enumerate(pairs, 1)]


def blocks(texts, kind=P):
    return [Block(kind, t) for t in texts]


def by_index(diff):
    return [(a.category, a.key) for a in diff.assignments]


def check_partition(old, diff, retired=()):
    """Every old unit is continued once, merged away, or deleted, never two of these."""
    continued = [a.key for a in diff.assignments if a.key is not None and a.category != RESTORED]
    assert len(continued) == len(set(continued))
    old_keys = {u.key for u in old}
    assert set(continued) | set(diff.deleted) | set(diff.merged_away) == old_keys
    assert not set(continued) & set(diff.deleted)
    assert not set(continued) & set(diff.merged_away)
    assert not set(diff.deleted) & set(diff.merged_away)
    restored = {a.key for a in diff.assignments if a.category == RESTORED}
    assert restored <= {u.key for u in retired}
    counts = diff.counts()
    assert sum(v for k, v in counts.items() if k != DELETED) == len(diff.assignments)


def test_identical_versions_are_unchanged():
    old = old_units(TEXTS)
    diff = match_units(old, blocks(TEXTS))
    assert by_index(diff) == [(UNCHANGED, u.key) for u in old]
    assert diff.deleted == [] and diff.merged_away == {}
    assert all(not a.changed for a in diff.assignments)


def test_rewrapped_source_is_unchanged():
    old = old_units(TEXTS[:2])
    rewrapped = [TEXTS[0].replace(" ", "\n", 3), "  " + TEXTS[1] + "\n"]
    assert [c for c, _ in by_index(match_units(old, blocks(rewrapped)))] == [UNCHANGED] * 2


def test_edited_unit_keeps_its_key_and_is_changed():
    old = old_units(TEXTS)
    new = list(TEXTS)
    new[3] = new[3].replace("still disagree", "continue to disagree")
    diff = match_units(old, blocks(new))
    assert diff.assignments[3].category == EDITED
    assert diff.assignments[3].key == "u0004" and diff.assignments[3].changed
    assert 0.8 < diff.assignments[3].similarity < 1.0
    assert [c for c, _ in by_index(diff)].count(UNCHANGED) == len(TEXTS) - 1
    check_partition(old, diff)


def test_markup_only_change_is_an_edit():
    # The translation must get the emphasis too, so it becomes outdated.
    old = old_units(["A short <em>plain</em> sentence here."])
    diff = match_units(old, blocks(["A short plain sentence here."]))
    assert by_index(diff) == [(EDITED, "u0001")]
    assert diff.assignments[0].similarity == 1.0


def test_heavy_rewrite_in_place_is_still_the_same_unit():
    old = old_units(TEXTS[:3])
    new = [
        TEXTS[0],
        "Industrialisation needed capital, and in a peasant country capital could only "
        "come from the villages, so grain prices became the central question.",
        TEXTS[2],
    ]
    assert by_index(match_units(old, blocks(new)))[1] == (EDITED, "u0002")


def test_unrelated_replacement_is_deleted_and_new():
    # Same position, different paragraph: no similarity to speak of, so not an edit.
    old = old_units([TEXTS[0], TEXTS[1], TEXTS[2]])
    diff = match_units(old, blocks([TEXTS[0], TEXTS[6], TEXTS[2]]))
    assert by_index(diff) == [(UNCHANGED, "u0001"), (NEW, None), (UNCHANGED, "u0003")]
    assert diff.deleted == ["u0002"]
    check_partition(old, diff)


def test_moved_unit_keeps_key():
    old = old_units(TEXTS)
    new = [TEXTS[0], TEXTS[5], *TEXTS[1:5], *TEXTS[6:]]
    diff = match_units(old, blocks(new))
    assert diff.assignments[1].category == MOVED and diff.assignments[1].key == "u0006"
    assert not diff.assignments[1].changed
    assert {a.category for i, a in enumerate(diff.assignments) if i != 1} == {UNCHANGED}
    check_partition(old, diff)


def test_moved_and_lightly_edited_unit_keeps_key_and_is_changed():
    old = old_units(TEXTS)
    edited = TEXTS[6].replace("quickly", "rapidly", 1)
    new = [edited, *TEXTS[:6], TEXTS[7]]
    diff = match_units(old, blocks(new))
    assert diff.assignments[0].category == MOVED
    assert diff.assignments[0].key == "u0007" and diff.assignments[0].changed
    check_partition(old, diff)


def test_split_first_part_keeps_key_rest_get_new_keys():
    long = TEXTS[2] + " " + TEXTS[3]
    old = old_units([TEXTS[0], long, TEXTS[4]])
    diff = match_units(old, blocks([TEXTS[0], TEXTS[2], TEXTS[3], TEXTS[4]]))
    assert by_index(diff) == [
        (UNCHANGED, "u0001"),
        (SPLIT, "u0002"),
        (SPLIT, None),
        (UNCHANGED, "u0003"),
    ]
    assert diff.assignments[1].changed and diff.assignments[2].split_from == "u0002"
    assert diff.counts()[SPLIT] == 2
    check_partition(old, diff)


def test_split_in_three():
    old = old_units([TEXTS[0], " ".join(TEXTS[1:4]), TEXTS[4]])
    diff = match_units(old, blocks([TEXTS[0], *TEXTS[1:4], TEXTS[4]]))
    assert [c for c, _ in by_index(diff)[1:4]] == [SPLIT] * 3
    assert [k for _, k in by_index(diff)[1:4]] == ["u0002", None, None]


def test_merge_keeps_the_best_matching_key_and_retires_the_other():
    short = "The leadership answered."
    old = old_units([TEXTS[0], short, TEXTS[3], TEXTS[4]])
    merged = short + " " + TEXTS[3]
    diff = match_units(old, blocks([TEXTS[0], merged, TEXTS[4]]))
    # u0003 (the long paragraph) is most of the merged text: it keeps its key.
    assert by_index(diff) == [(UNCHANGED, "u0001"), (MERGED, "u0003"), (UNCHANGED, "u0004")]
    assert diff.assignments[1].absorbed == ("u0002",)
    assert diff.merged_away == {"u0002": "u0003"}
    assert diff.deleted == []
    assert set(diff.deactivated) == {"u0002"}
    check_partition(old, diff)


def test_deleted_and_new():
    old = old_units(TEXTS[:5])
    new = [TEXTS[0], TEXTS[1], TEXTS[3], TEXTS[7], TEXTS[4]]
    diff = match_units(old, blocks(new))
    assert by_index(diff) == [
        (UNCHANGED, "u0001"),
        (UNCHANGED, "u0002"),
        (UNCHANGED, "u0004"),
        (NEW, None),
        (UNCHANGED, "u0005"),
    ]
    assert diff.deleted == ["u0003"]
    assert diff.counts() == {
        UNCHANGED: 4,
        EDITED: 0,
        MOVED: 0,
        SPLIT: 0,
        MERGED: 0,
        RESTORED: 0,
        NEW: 1,
        DELETED: 1,
    }


def test_short_new_paragraph_next_to_an_edit_is_not_a_split():
    old = old_units([TEXTS[0], TEXTS[1], TEXTS[2]])
    edited = TEXTS[1].replace("central", "decisive")
    diff = match_units(old, blocks([TEXTS[0], edited, "A new remark.", TEXTS[2]]))
    assert by_index(diff) == [
        (UNCHANGED, "u0001"),
        (EDITED, "u0002"),
        (NEW, None),
        (UNCHANGED, "u0003"),
    ]


def test_repeated_texts_match_locally():
    sep = "* * *"
    old = old_units([TEXTS[0], sep, TEXTS[1], sep, TEXTS[2], sep, TEXTS[3]])
    # The second section is removed with its separator; the rest stays in place.
    new = [TEXTS[0], sep, TEXTS[1], sep, TEXTS[3]]
    diff = match_units(old, blocks(new))
    assert [c for c, _ in by_index(diff)] == [UNCHANGED] * 5
    assert by_index(diff)[1] == (UNCHANGED, "u0002")
    assert sorted(diff.deleted) in (["u0004", "u0005"], ["u0005", "u0006"])
    check_partition(old, diff)


def test_kind_change_needs_more_similarity():
    old = old_units(["Chapter one: the years of crisis"], kinds=[KIND_TITLE])
    # Same position, similar words, but a paragraph now: penalised, still above threshold.
    diff = match_units(old, blocks(["Chapter one: the years of the crisis"], kind=KIND_HEADING))
    assert by_index(diff) == [(EDITED, "u0001")]
    assert diff.assignments[0].similarity < 0.9


def test_retired_unit_comes_back_with_its_key():
    old = old_units([TEXTS[0]])
    retired = [OldUnit("u0009", P, TEXTS[5])]
    diff = match_units(old, blocks([TEXTS[0], TEXTS[5], TEXTS[6]]), retired)
    assert by_index(diff) == [(UNCHANGED, "u0001"), (RESTORED, "u0009"), (NEW, None)]
    check_partition(old, diff, retired)


def test_empty_sides():
    old = old_units(TEXTS[:2])
    assert match_units(old, []).deleted == ["u0001", "u0002"]
    assert by_index(match_units([], blocks(TEXTS[:2]))) == [(NEW, None), (NEW, None)]


def test_cjk_edit_is_measured_per_character():
    old = old_units(["我们必须在一个国家建设社会主义经济的基础。", "第二段落完全不同的内容。"])
    new = ["我们必须在一个国家建设社会主义工业的基础。", "第二段落完全不同的内容。"]
    assert by_index(match_units(old, blocks(new))) == [(EDITED, "u0001"), (UNCHANGED, "u0002")]


def _vocabulary_paragraph(rng: random.Random) -> str:
    words = TEXTS[0].split() + TEXTS[1].split() + TEXTS[4].split()
    return " ".join(rng.choice(words) for _ in range(rng.randint(15, 50))) + "."


def _counting_ratio(monkeypatch):
    calls = {"n": 0}
    real = source_diff.fuzz.ratio

    def counted(*args, **kwargs):
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(source_diff.fuzz, "ratio", counted)
    return calls


def test_work_grows_linearly_with_document_size(monkeypatch):
    """10,000 units with scattered edits, and a complete rewrite of 3,000: the number of
    similarity computations stays proportional to the size, not to its square."""
    rng = random.Random(7)
    old = [OldUnit(f"u{i:05d}", P, _vocabulary_paragraph(rng)) for i in range(10_000)]
    new: list[Block] = []
    for unit in old:
        r = rng.random()
        if r < 0.9:
            new.append(Block(P, unit.text))
        elif r < 0.95:
            new.append(Block(P, unit.text.replace(" ", " changed ", 1)))
        elif r < 0.97:
            continue
        else:
            new.append(Block(P, unit.text))
            new.append(Block(P, _vocabulary_paragraph(rng)))
    calls = _counting_ratio(monkeypatch)
    diff = match_units(old, new)
    check_partition(old, diff)
    # Quadratic would be 10^8; the changed units are compared within their windows, and the
    # few hundred left over once more against each other (moved and edited).
    assert calls["n"] < 10 * len(old)
    counts = diff.counts()
    assert counts[UNCHANGED] > 8_800 and 400 < counts[EDITED] < 600

    rewrite = [Block(P, _vocabulary_paragraph(rng)) for _ in range(3_000)]
    calls["n"] = 0
    diff = match_units(old[:3_000], rewrite)
    check_partition(old[:3_000], diff)
    band = 2 * source_diff.BAND + 1
    assert calls["n"] <= (band + 10) * 3_000


_ops = st.lists(
    st.tuples(st.sampled_from(["keep", "edit", "drop", "add", "swap"]), st.integers(0, 7)),
    max_size=12,
)


@settings(max_examples=80, deadline=None)
@given(_ops)
def test_any_edit_script_partitions_the_old_units(ops):
    old = old_units(TEXTS)
    new = list(TEXTS)
    for op, k in ops:
        if not new:
            break
        k %= len(new)
        if op == "edit":
            new[k] = new[k].replace("the", "a", 1)
        elif op == "drop":
            new.pop(k)
        elif op == "add":
            new.insert(k, f"A wholly new remark number {k} about nothing in particular.")
        elif op == "swap" and k + 1 < len(new):
            new[k], new[k + 1] = new[k + 1], new[k]
    diff = match_units(old, blocks(new))
    check_partition(old, diff)
    # A text that survived verbatim keeps its key (unchanged or moved, never new).
    for a, text in zip(diff.assignments, new, strict=True):
        if text in TEXTS and new.count(text) == 1:
            assert a.key == f"u{TEXTS.index(text) + 1:04d}"
            assert a.category in (UNCHANGED, MOVED) and not a.changed
