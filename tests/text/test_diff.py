"""Word-level diff (workbench/text/diff.py): pure, no database."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.diff import (
    DELETE,
    EQUAL,
    INSERT,
    DiffBudget,
    diff_html,
    has_changes,
    render_diff_html,
    tokenize,
    word_diff,
)


def _sides(ops):
    old = "".join(text for op, text in ops if op in (EQUAL, DELETE))
    new = "".join(text for op, text in ops if op in (EQUAL, INSERT))
    return old, new


def test_identical_texts_are_one_equal_piece():
    assert word_diff("Same text.", "Same text.") == [(EQUAL, "Same text.")]
    assert word_diff("", "") == []
    assert not has_changes(word_diff("a b", "a b"))


def test_changed_word_is_one_deletion_and_one_insertion():
    ops = word_diff("The red house stands.", "The blue house stands.")
    assert ops == [(EQUAL, "The "), (DELETE, "red"), (INSERT, "blue"), (EQUAL, " house stands.")]
    assert has_changes(ops)


def test_whole_words_not_characters():
    # A character diff would keep "work" and insert "ers"; readers want the word replaced.
    ops = word_diff("The work began.", "The workers began.")
    assert (DELETE, "work") in ops and (INSERT, "workers") in ops


def test_neighbouring_changes_separated_by_a_space_read_as_one_replacement():
    ops = word_diff("The quick brown fox", "A slow brown fox")
    assert ops == [(DELETE, "The quick"), (INSERT, "A slow"), (EQUAL, " brown fox")]


def test_punctuation_is_its_own_token():
    ops = word_diff("Workers of the world, unite", "Workers of the world; unite")
    assert ops == [
        (EQUAL, "Workers of the world"),
        (DELETE, ","),
        (INSERT, ";"),
        (EQUAL, " unite"),
    ]


def test_insert_only_and_delete_only():
    assert word_diff("one three", "one two three") == [
        (EQUAL, "one "),
        (INSERT, "two "),
        (EQUAL, "three"),
    ]
    assert word_diff("", "new") == [(INSERT, "new")]
    assert word_diff("old", "") == [(DELETE, "old")]


def test_markup_is_compared_as_the_reader_sees_it():
    # Emphasis or a link added around the same words is not a change of wording.
    assert not has_changes(word_diff("<em>One</em> two", 'One <a href="#x">two</a>'))
    ops = word_diff("See <em>this</em> &amp; that", "See <em>these</em> &amp; that")
    assert ops == [(EQUAL, "See "), (DELETE, "this"), (INSERT, "these"), (EQUAL, " & that")]
    # Footnote references appear as [1] in the plain text, so a moved reference shows.
    ops = word_diff('Text.<sup class="fnref">1</sup>', "Text.")
    assert ops == [(EQUAL, "Text."), (DELETE, "[1]")]


def test_plain_mode_does_not_parse_tags():
    ops = word_diff("a <b> c", "a <b> d", markup=False)
    assert _sides(ops) == ("a <b> c", "a <b> d")


def test_tokenizer_keeps_words_together_and_splits_cjk():
    assert tokenize("don't stop—well-known") == ["don't", " ", "stop", "—", "well-known"]
    assert tokenize("日本語です") == ["日", "本", "語", "で", "す"]
    # Combining marks belong to their word (Devanagari vowel signs, Arabic harakat).
    assert tokenize("नमस्ते दुनिया") == ["नमस्ते", " ", "दुनिया"]
    assert tokenize("كَتَبَ الولد") == ["كَتَبَ", " ", "الولد"]


def test_cjk_change_is_one_character():
    ops = word_diff("我爱北京", "我爱上海")
    assert ops == [(EQUAL, "我爱"), (DELETE, "北京"), (INSERT, "上海")]


def test_long_paragraph_diff_is_not_confused_by_frequent_tokens():
    # SequenceMatcher's autojunk would treat " " and "the" as junk beyond 200 tokens.
    words = [f"the word{i}" for i in range(300)]
    old = " ".join(words)
    new = old.replace("word150", "changed150")
    ops = word_diff(old, new, markup=False)
    assert [op for op, _ in ops] == [EQUAL, DELETE, INSERT, EQUAL]
    assert ops[1] == (DELETE, "word150") and ops[2] == (INSERT, "changed150")


def test_render_escapes_every_piece():
    html = render_diff_html(
        [(EQUAL, "a <script>"), (DELETE, "x & y"), (INSERT, '"q"'), (EQUAL, "\nz")]
    )
    assert html == "a &lt;script&gt;<del>x &amp; y</del><ins>&quot;q&quot;</ins><br>z"
    assert html.__html__() == str(html)


def test_diff_html_of_markup_never_lets_tags_through():
    html = diff_html("<em>safe</em> text", "safe &lt;img src=x onerror=alert(1)&gt; text")
    assert "<img" not in html and "&lt;img" in html
    assert "<em>" not in html


def test_render_rejects_unknown_op():
    import pytest

    with pytest.raises(ValueError):
        render_diff_html([("replace", "x")])  # type: ignore[list-item]


# Few distinct tokens, so that random texts share words and the matcher has work to do.
_text = st.lists(st.sampled_from(list("ab c.,\n日本-'") + ["word", "x "]), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(_text, _text)
def test_diff_reconstructs_both_sides_and_is_canonical(old, new):
    ops = word_diff(old, new, markup=False)
    assert _sides(ops) == (old, new)
    assert all(text for _, text in ops)
    # Neighbours never share an op, and an insertion never precedes a deletion directly.
    for (op1, _), (op2, _) in zip(ops, ops[1:], strict=False):
        assert op1 != op2
        assert (op1, op2) != (INSERT, DELETE)
    assert has_changes(ops) == (old != new)


@given(st.text(max_size=60))
def test_tokenize_round_trips(text):
    assert "".join(tokenize(text)) == text


# --- bounded work ---------------------------------------------------------------------------


def _canonical(ops):
    assert all(text for _, text in ops)
    for (op1, _), (op2, _) in zip(ops, ops[1:], strict=False):
        assert op1 != op2
        assert (op1, op2) != (INSERT, DELETE)


@settings(max_examples=300, deadline=None)
@given(_text, _text, st.integers(min_value=0, max_value=400))
def test_a_diff_over_budget_is_still_exact_and_canonical(old, new, work):
    # Any budget, however small, gives a diff that rebuilds both texts.
    budget = DiffBudget(work)
    ops = word_diff(old, new, markup=False, budget=budget)
    assert _sides(ops) == (old, new)
    _canonical(ops)
    assert has_changes(ops) == (old != new)
    assert 0 <= budget.left <= work


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["Ab.", "cd", "ef!", "gh", "\n", "。", "日", "“x.”"]), max_size=60),
    st.lists(st.sampled_from(["Ab.", "cd", "ef!", "gh", "\n", "。", "日", "“x.”"]), max_size=60),
)
def test_the_sentence_by_sentence_diff_is_exact(old_words, new_words):
    # MAX_WORD_TOKENS set to a handful sends every changed stretch through the sentences.
    import workbench.text.diff as diff_module

    old, new = " ".join(old_words), " ".join(new_words)
    saved = diff_module.MAX_WORD_TOKENS
    diff_module.MAX_WORD_TOKENS = 8
    try:
        ops = word_diff(old, new, markup=False)
    finally:
        diff_module.MAX_WORD_TOKENS = saved
    assert _sides(ops) == (old, new)
    _canonical(ops)


def test_a_long_text_with_scattered_edits_keeps_a_word_diff():
    # Past MAX_WORD_TOKENS the changed stretch is matched by sentences, then words: each edit
    # still shows as one word, and nothing is simplified.
    sentences = [f"Sentence {i} has some words in it." for i in range(2_000)]
    old = " ".join(sentences)
    new = " ".join(
        s.replace("some", "many") if i % 400 == 7 else s for i, s in enumerate(sentences)
    )
    ops = word_diff(old, new, markup=False)
    assert not ops.simplified
    assert [text for op, text in ops if op == DELETE] == ["some"] * 5
    assert [text for op, text in ops if op == INSERT] == ["many"] * 5


def test_a_simplified_diff_says_so_and_an_exact_one_does_not():
    ops = word_diff("a " * 3_000, "b " * 3_000, markup=False)
    assert ops.simplified
    assert _sides(ops) == ("a " * 3_000, "b " * 3_000)
    assert render_diff_html(ops).startswith('<span class="diff-simplified">Simplified comparison')
    assert "diff-simplified" not in diff_html("a b", "a c")


def test_a_spent_budget_leaves_only_the_coarse_diff_at_word_boundaries():
    ops = word_diff("one two three four", "one two tree four", markup=False, budget=DiffBudget(0))
    assert ops.simplified
    assert ops == [(EQUAL, "one two "), (DELETE, "three"), (INSERT, "tree"), (EQUAL, " four")]
