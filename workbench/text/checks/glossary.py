"""Glossary terms: the approved translation used, no forbidden variant.

How a term is found in a text (both languages, source and target terms alike):

- Case, Unicode form (NFKC) and spacing do not matter; words are runs of letters and digits,
  so "Trotsky’s" contains "Trotsky" and "class-collaborationist" contains "class".
- A multi-word term matches consecutive words. Each word of the term may be inflected: a
  text word matches a term word of four or more letters when it starts with the term word
  less its last letter (four letters) or last two letters (five or more), and is at most
  three letters longer than the term word. So "Linke Opposition" finds "der Linken
  Opposition", "clase obrera" finds "clases obreras", "левая оппозиция" finds "левой
  оппозиции". Words of up to three letters must match exactly.
- A term in a script written without spaces (Chinese, Japanese, Thai) matches as a plain
  substring: those languages do not inflect by suffix, and words cannot be found anyway.

It is a heuristic: stem changes (German umlaut plurals, Slavic vowel shifts) are not
recognised, and a short stem may match an unrelated longer word. That is why a missing term
is only a warning. A forbidden term is an error, so it is only looked for when the source
contains the glossary term (a forbidden word may be right for another source word) and is
ignored inside a match of an approved term (forbidden "permanente Revolution" is not found in
the approved "Theorie der permanenten Revolution").
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

from .langs import is_spaceless_char
from .parsing import parse
from .registry import ERROR, WARNING, CheckContext, Finding, gettext_noop, register

_WORD_RE = re.compile(r"[^\W_]+")
Span = tuple[int, int]
# The checks whose findings depend on the glossary (what a glossary change must recheck).
GLOSSARY_CHECKS = ("glossary-term", "forbidden-term")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _stem(term_word: str) -> str:
    if len(term_word) <= 3:
        return term_word
    return term_word[:-2] if len(term_word) >= 5 else term_word[:-1]


def _word_matches(term_word: str, word: str) -> bool:
    if len(term_word) <= 3:
        return word == term_word
    return word.startswith(_stem(term_word)) and len(word) <= len(term_word) + 3


# A glossary has hundreds of entries and each is looked up in the same two texts: fold and
# split each text and term once, and skip a term at once when its first stem is absent.
@lru_cache(maxsize=256)
def _indexed(text: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    folded = _fold(text)
    words = tuple((m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(folded))
    return folded, words


@lru_cache(maxsize=4096)
def _term(term: str) -> tuple[str, tuple[str, ...], bool]:
    folded = _fold(term).strip()
    spaceless = any(is_spaceless_char(char) for char in folded)
    return folded, tuple(_WORD_RE.findall(folded)), spaceless


def find_term(term: str, text: str) -> list[Span]:
    """Character spans of `term` in `text` (both plain text), by the rules above."""
    folded_term, term_words, spaceless = _term(term)
    folded, words = _indexed(text)
    if not folded_term:
        return []
    if spaceless or not term_words:
        return [(m.start(), m.end()) for m in re.finditer(re.escape(folded_term), folded)]
    if _stem(term_words[0]) not in folded:
        return []
    spans = []
    for i in range(len(words) - len(term_words) + 1):
        window = words[i : i + len(term_words)]
        if all(_word_matches(t, w[2]) for t, w in zip(term_words, window, strict=True)):
            spans.append((window[0][0], window[-1][1]))
    return spans


def _quoted(terms: Sequence[str]) -> str:
    return " or ".join(f"“{term}”" for term in terms)


@register(
    "glossary-term",
    name=gettext_noop("Glossary term not used"),
    severity=WARNING,
    help=gettext_noop(
        "The source contains a glossary term, and the translation contains none of its "
        "approved translations. Inflected forms count (the word may change its ending); "
        "check the glossary, or ask a reviewer to add the form you need."
    ),
)
def glossary_term(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    src_plain, tgt_plain = parse(source).plain, parse(translation).plain
    for entry in context.glossary:
        targets = [term for term in entry.target_terms if term.strip()]
        if not targets or not find_term(entry.source_term, src_plain):
            continue
        if not any(find_term(term, tgt_plain) for term in targets):
            yield Finding(
                gettext_noop("Glossary term “%(term)s” is not translated as %(expected)s"),
                {"term": entry.source_term, "expected": _quoted(targets)},
            )


@register(
    "forbidden-term",
    name=gettext_noop("Forbidden term used"),
    severity=ERROR,
    help=gettext_noop(
        "The translation uses a variant the glossary rejects for a term of the source; use "
        "the approved translation instead."
    ),
)
def forbidden_term(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    src_plain, tgt_plain = parse(source).plain, parse(translation).plain
    for entry in context.glossary:
        if not entry.forbidden_terms or not find_term(entry.source_term, src_plain):
            continue
        approved = [span for term in entry.target_terms for span in find_term(term, tgt_plain)]
        for bad in entry.forbidden_terms:
            hits = [
                (start, end)
                for start, end in find_term(bad, tgt_plain)
                if not any(start < a_end and a_start < end for a_start, a_end in approved)
            ]
            if hits:
                targets = [term for term in entry.target_terms if term.strip()]
                yield Finding(
                    gettext_noop("Forbidden term “%(forbidden)s” for “%(term)s”; use %(expected)s")
                    if targets
                    else gettext_noop("Forbidden term “%(forbidden)s” for “%(term)s”"),
                    {
                        "forbidden": bad,
                        "term": entry.source_term,
                        "expected": _quoted(targets),
                    },
                )


def source_filter(terms: Sequence[str]):
    """A quick test, true for every unit source (sanitised markup) in which `find_term`
    could find one of `terms`, and for a few more: what to recheck after a glossary change
    without running every check on every unit of an archive. It asks for a word that starts
    with the first stem of a term (or, in a script without spaces, the term itself)."""
    stems: set[str] = set()
    substrings: set[str] = set()
    for term in terms:
        folded, words, spaceless = _term(term)
        if not folded:
            continue
        if spaceless or not words:
            substrings.add(folded)
        else:
            stems.add(_stem(words[0]))
    lengths = sorted({len(stem) for stem in stems})

    def may_contain(markup: str) -> bool:
        # Tags out and entities resolved: a tag inside a word must not split it.
        folded = _fold(html.unescape(_TAG_RE.sub("", markup)))
        if any(part in folded for part in substrings):
            return True
        for word in _WORD_RE.findall(folded):
            for n in lengths:
                if n > len(word):
                    break
                if word[:n] in stems:
                    return True
        return False

    return may_contain


_TAG_RE = re.compile(r"<[^<>]*+>")
