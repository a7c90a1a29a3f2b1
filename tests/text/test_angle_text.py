"""Text people type keeps its "<", ">" and "&": only real HTML tags are markup (the gate then
keeps the workbench's own and drops the rest). Before, "<Ctrl>", "<mutable>" and
"<https://...>" were dropped as unknown tags (39 of 848 entries of a real catalog lost text)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.markup import keep_angle_text, sanitize_inline, to_plain


def stored(text: str) -> str:
    return sanitize_inline(keep_angle_text(text)).strip()


@pytest.mark.parametrize(
    "typed",
    [
        ":term:`mutable <mutable>` objects",
        "Press <Ctrl> and <Alt+F4>",
        "See <https://example.org/a?b=1&c=2>.",
        "if a < b and b > c: x <<= 1",
        "<<<>>> <1> < >",
        "AT&T & Co; &c.",
        "<emx> is not <emphasis>",
    ],
)
def test_plain_angles_and_ampersands_survive(typed: str) -> None:
    assert to_plain(stored(typed)) == typed


def test_real_tags_stay_markup_and_the_gate_still_applies() -> None:
    assert stored('Das <em>Kapital</em><sup class="fnref">1</sup>') == (
        'Das <em>Kapital</em><sup class="fnref">1</sup>'
    )
    assert stored("<b>fett</b> <Ctrl>") == "<strong>fett</strong> &lt;Ctrl&gt;"
    assert "script" not in stored("<script>alert(1)</script>x")


_PLAIN = st.text(
    st.sampled_from(list("abcXYZ019 <>&;:#/`\"'.,=?+-")), min_size=1, max_size=60
).filter(
    # Not markup: no "<" that starts an HTML tag name, no character reference.
    lambda t: not re.search(r"<\s*/?\s*[A-Za-z]", t) and not re.search(r"&#?\w+;?", t)
)


@settings(max_examples=300, deadline=None)
@given(_PLAIN)
def test_any_text_without_markup_round_trips(text: str) -> None:
    assert to_plain(stored(text)) == text.strip()
