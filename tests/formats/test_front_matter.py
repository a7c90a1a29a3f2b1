"""Markdown front matter is the document's metadata, not a heading to translate."""

from __future__ import annotations

import pytest

from workbench.formats.importers import parse_document

YAML = '---\ntitle: "The Permanent Revolution"\nauthor: L. T.\ntags: [history]\n---\n'
TOML = '+++\ntitle = "Die permanente Revolution"\ndate = 1930-01-01\n+++\n'


@pytest.mark.parametrize(("front", "title"), [(YAML, "The Permanent Revolution"),
                                              (TOML, "Die permanente Revolution")])  # fmt: skip
def test_front_matter_is_kept_apart(front, title) -> None:
    parsed = parse_document((front + "\n# Preface\n\nFirst paragraph.\n").encode(), "a.md")
    assert parsed.front_matter == front
    assert parsed.title == title
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        ("title", "Preface"),
        ("paragraph", "First paragraph."),
    ]
    assert not any("author" in b.text or "date" in b.text for b in parsed.blocks)


def test_only_at_the_start_and_only_when_closed() -> None:
    text = "Intro.\n\n---\n\ntitle: not front matter\n\n---\n\nEnd.\n"
    parsed = parse_document(text.encode(), "a.md")
    assert parsed.front_matter == ""
    assert "title: not front matter" in [b.text for b in parsed.blocks]
    unclosed = parse_document(b"---\n\nA paragraph after a rule.\n", "a.md")
    assert unclosed.front_matter == ""
    assert [b.text for b in unclosed.blocks] == ["A paragraph after a rule."]
    # A byte-order mark before the front matter is allowed.
    bom = parse_document(("\ufeff" + YAML + "Text.\n").encode(), "a.md")
    assert bom.front_matter == YAML and [b.text for b in bom.blocks] == ["Text."]
