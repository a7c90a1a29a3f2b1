"""text.checks.glossary.source_filter: which units a glossary change must recheck."""

import pytest


@pytest.mark.parametrize(
    "source",
    [
        "The <em>Left</em> Opposition fought on.",
        "der <em>Lin</em>ken Opposition",  # a tag inside a word does not split it
        "Die STRASSE und die Straße",
        "中国共产党的历史",
        "the wars &amp; the workers",
    ],
)
def test_the_recheck_filter_lets_through_every_source_the_check_matches(source):
    from workbench.text.checks.glossary import find_term, source_filter
    from workbench.text.checks.parsing import parse

    terms = ["Left Opposition", "Linke Opposition", "Straße", "共产党", "war", "workers"]
    may_contain = source_filter(terms)
    plain = parse(source).plain
    if any(find_term(term, plain) for term in terms):
        assert may_contain(source)


def test_the_recheck_filter_leaves_out_unrelated_sources():
    from workbench.text.checks.glossary import source_filter

    may_contain = source_filter(["Left Opposition", "共产党"])
    assert not may_contain("A paragraph about the <em>peasants</em>.")
    assert not may_contain("中国的历史")
