"""Hostile text cannot stall the server: every public function of the text core, and the pages
that call them, finish 200 KB of adversarial input within a time budget.

The inputs are the shapes that make naive code quadratic or worse: long runs of one
character ("." "<" "&" spaces), short patterns repeated ("a." "<a" "&#" "[1]"), unclosed
constructs ("<!--", "<sup ...>"), deep nesting, many numbers or URLs, mixed scripts and
combining marks. Each function gets each input once and must answer within BUDGET seconds
(the slowest measured is well under a second; the budget leaves room for a slow machine, not
for a quadratic algorithm, which takes minutes at this size).

The page tests: a unit's history with two revisions of 8,000 words each, a stale save of two
long texts (the conflict view renders their diff) and the memory aids of units whose source is
20,000 dots or 7,000 short sentences, each within its own budget.

Times are the CPU time of the test's thread (`time.thread_time`): the work the code does,
which is what is bounded, and not whatever else a shared CI runner does meanwhile (under
other jobs' load the wall time of the same work doubled and failed a budget). On SQLite the
database's work runs in this thread and counts; PostgreSQL's runs in its server and does not.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from workbench.text import diff, markup, memory, sentences
from workbench.text.align import align
from workbench.text.checks import CHECKS, CheckContext, GlossaryEntry, run_checks
from workbench.text.fingerprint import source_checksum
from workbench.text.glossary_match import TermHint, build_index
from workbench.text.language_guess import dominant_script, guess_language
from workbench.text.machine_markup import protect, restore
from workbench.text.machine_share import unmodified_share
from workbench.text.records import Block
from workbench.text.source_diff import OldUnit, match_units
from workbench.text.unit_keys import next_key_number

SIZE = 200_000
BUDGET = 2.0  # seconds, per function and input


def _repeat(pattern: str, size: int = SIZE) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


ADVERSARIAL: dict[str, str] = {
    "dots": _repeat("."),
    "a.": _repeat("a."),
    "a. (sentences)": _repeat("a. "),
    "initials": _repeat("A. "),
    "lt": _repeat("<"),
    "<a": _repeat("<a"),
    "<a space": _repeat("<a "),
    "</": _repeat("</"),
    "<!--": _repeat("<!--"),
    "<!-- >": _repeat("<!-- >"),
    "<![": _repeat("<!["),
    "<a t=x>": _repeat('<a t="x>'),
    "<a href": _repeat('<a href="'),
    "attributes": "<a " + _repeat('b="c" '),
    "script": "<script>" + _repeat("<a"),
    "open sup": _repeat('<sup class="fnref">'),
    "sup then spaces": "<sup>" + _repeat(" "),
    "fnref then spaces": '<sup class="fnref">' + _repeat(" "),
    "footnotes": _repeat('x<sup class="fnref">1</sup> '),
    "amp": _repeat("&"),
    "&#": _repeat("&#"),
    "&#1": _repeat("&#1"),
    "&amp;": _repeat("&amp;"),
    "spaces": _repeat(" "),
    "spaces then CJK": _repeat(" ") + "中",
    "word spaces word": "a" + _repeat(" ") + "b",
    "newlines": _repeat("\n"),
    "br": _repeat("<br>"),
    "br and spaces": _repeat("<br> \n"),
    "spaces and BOM": _repeat(" \ufeff"),
    "[1]": _repeat("[1]"),
    "a[1]": _repeat("a[1]"),
    "[^": _repeat("[^"),
    "*": _repeat("*"),
    "_": _repeat("_"),
    "long word": _repeat("a"),
    "capitals": _repeat("A"),
    "a@": _repeat("a@"),
    "em nesting": _repeat("<em>"),
    "em nested and closed": "<em>" * (SIZE // 9) + "x" + "</em>" * (SIZE // 9),
    "b tags": _repeat("<b>"),
    "paragraphs": _repeat("<p>x"),
    "quotes": _repeat('"'),
    "“": _repeat("“"),
    "«a": _repeat("«a"),
    "words": _repeat("word "),
    "digits": _repeat("1"),
    "1 (numbers)": _repeat("1 "),
    "numbers": " ".join(str(i) for i in range(40_000))[:SIZE],
    "zeros": " ".join("0" * i + "1000" for i in range(600))[:SIZE],
    "1.1": _repeat("1.1 "),
    "roman": _repeat("XI "),
    "URLs": _repeat("http://a "),
    "URL of )": "http://" + _repeat(")"),
    "URL of .": "http://" + _repeat("."),
    "www.": _repeat("www."),
    "(": _repeat("("),
    "ellipses": _repeat("..."),
    "dashes": _repeat("\u2014"),
    "mixed scripts": _repeat("abcабвαβγ中文日本ひらがなعربيעברית "),
    "CJK": _repeat("中文的是了在人有我他这个们"),
    "CJK sentences": _repeat("中文的是了在人。"),
    "combining": _repeat("a\u0301\u0302\u0303"),
    "tabs": _repeat("\t "),
    "nbsp": _repeat("\u00a0"),
    "%(": _repeat("%("),
    "{0}": _repeat("{0}"),
}

_CONTEXT = CheckContext(
    "en",
    "de",
    glossary=[
        GlossaryEntry("word", ["Wort"], ["Begriff"]),
        GlossaryEntry("a", ["b"]),
        GlossaryEntry("中文", ["Chinesisch"]),
    ],
    other_translations=["x"],
)
_TERMS = [TermHint("a b c", "x"), TermHint("word", "y"), TermHint("a", "z"), TermHint("中文", "w")]
_INDEX = build_index(_TERMS, "en")
_INDEX_JA = build_index([*_TERMS, TermHint("ab" * 20, "v")], "ja")


def _halves(text: str) -> tuple[str, str]:
    """Two different texts from one: the first with a change in the middle, the second
    reversed, so a diff has work to do everywhere."""
    middle = len(text) // 2
    return text, text[:middle] + "x" + text[middle + 1 :][::-1]


def _paragraphs(text: str, count: int) -> list[str]:
    step = len(text) // count
    return [text[i * step : (i + 1) * step] for i in range(count)]


def _align(text: str) -> object:
    parts = _paragraphs(text, 20)
    return align(parts, parts[::-1], source_lang="en", target_lang="de")


def _source_diff(text: str) -> object:
    parts = _paragraphs(text, 10)
    old = [OldUnit(f"u{i}", "paragraph", part) for i, part in enumerate(parts)]
    return match_units(old, [Block("paragraph", part + "x") for part in parts])


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "markup.sanitize_inline": markup.sanitize_inline,
    "markup.to_plain": markup.to_plain,
    "markup.from_plain": markup.from_plain,
    "markup.word_count": markup.word_count,
    "markup.word_count(sanitised)": lambda t: markup.word_count(markup.sanitize_inline(t)),
    "markup.tags_of": markup.tags_of,
    "markup.collapse_whitespace": markup.collapse_whitespace,
    "memory.normalize": memory.normalize,
    "memory.words": lambda t: memory.words(memory.normalize_plain(t)),
    "memory.shingles": lambda t: memory.shingles(memory.normalize_plain(t)),
    "memory.index_keys": lambda t: memory.index_keys(memory.normalize_plain(t), "1>2"),
    "memory.fragments": memory.fragments,
    "memory.sentences": memory.sentences,
    "memory.quotations": memory.quotations,
    # The concordance's phrase has at most 300 characters (its form field).
    "memory.highlight": lambda t: memory.highlight(t, t[:300]),
    "memory.highlight(near miss)": lambda t: memory.highlight(t, t[:299] + "\x00"),
    "memory.score": lambda t: memory.score(*map(memory.normalize_plain, _halves(t))),
    "memory.rank": lambda t: memory.rank(
        memory.normalize_plain(t), dict(enumerate(map(memory.normalize_plain, _halves(t))))
    ),
    "sentences.sentence_cuts": sentences.sentence_cuts,
    "sentences.split_markup": lambda t: sentences.split_markup(t, [1, 1, 1]),
    "diff.word_diff": lambda t: diff.word_diff(*_halves(t)),
    "diff.word_diff(plain)": lambda t: diff.word_diff(*_halves(t), markup=False),
    "diff.diff_html": lambda t: diff.diff_html(t[: len(t) // 2], t[len(t) // 2 :]),
    "source_diff.match_units": _source_diff,
    "checks.run_checks": lambda t: run_checks(*_halves(t), _CONTEXT),
    "checks.run_checks(same)": lambda t: run_checks(t, t, _CONTEXT),
    "glossary_match.highlight": _INDEX.highlight,
    "glossary_match.highlight(ja)": _INDEX_JA.highlight,
    "glossary_match.present": _INDEX.present,
    "align.align": _align,
    "language_guess": lambda t: (guess_language(t), dominant_script(t)),
    "unit_keys.next_key_number": lambda t: next_key_number([t, "u" + t, "u1"]),
    "fingerprint.source_checksum": source_checksum,
    "machine_markup.protect": protect,
    "machine_markup.restore": lambda t: restore(t, protect(t)),
    "machine_share.unmodified_share": lambda t: unmodified_share(*_halves(t)),
    # The machine-unedited check alone (the other checks are timed above).
    "checks.machine-unedited": lambda t: CHECKS["machine-unedited"].run(
        *_halves(t), CheckContext("en", "es", machine_text=t[::-1])
    ),
}


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_text_function_is_fast_on_every_adversarial_input(name: str) -> None:
    function = FUNCTIONS[name]
    timings = []
    for label, text in ADVERSARIAL.items():
        # The CPU time of this thread: the work the function does, which is what is bounded;
        # the wall time also holds whatever else the machine runs (CI runners are shared).
        start = time.thread_time()
        function(text)
        timings.append((time.thread_time() - start, label))
    slowest, label = max(timings)
    assert slowest < BUDGET, f"{name} took {slowest:.2f} s on {label!r} ({SIZE:,} characters)"


def test_a_long_word_diff_is_bounded_and_still_exact() -> None:
    old, new = "a " * 20_000, "b " * 20_000  # SequenceMatcher alone: minutes
    start = time.thread_time()
    ops = diff.word_diff(old, new, markup=False)
    assert time.thread_time() - start < BUDGET
    assert ops.simplified
    assert "".join(t for op, t in ops if op != diff.INSERT) == old
    assert "".join(t for op, t in ops if op != diff.DELETE) == new
    assert "diff-simplified" in diff.render_diff_html(ops)


def test_the_diffs_of_one_request_share_one_budget() -> None:
    budget = diff.DiffBudget()
    start = time.thread_time()
    for _ in range(100):
        diff.diff_html("a " * 5_000, "b " * 5_000, budget=budget)
    assert time.thread_time() - start < 2 * BUDGET
    assert budget.left == 0


# --- pages ----------------------------------------------------------------------------------


def _prose(words: int, seed: int) -> str:
    """Reproducible prose of `words` words from a vocabulary of 3,000, in sentences."""
    state = seed
    out = []
    for i in range(words):
        state = (state * 1_103_515_245 + 12_345) % 2**31
        out.append(f"word{state % 3_000}" + ("." if i % 17 == 16 else ""))
    return " ".join(out)


def _edited(text: str, every: int) -> str:
    words = text.split(" ")
    for i in range(0, len(words), every):
        words[i] = "changed"
    return " ".join(words)


@pytest.fixture(autouse=True)
def _generous_text_limits(settings):
    """The bounds of the text core must hold on their own, also where an operator raises
    the length limits (MAX_UNIT_SOURCE_CHARS, MAX_TRANSLATION_CHARS): the audit's texts
    (8,000 words, 76 KB) are beyond the defaults."""
    settings.MAX_UNIT_SOURCE_CHARS = 500_000
    settings.MAX_TRANSLATION_CHARS = 500_000


@pytest.fixture
def long_unit(languages):
    from .workflow import make_document, units

    return units(make_document(["A unit long enough to have history."], slug="long"))[0]


@pytest.mark.django_db
def test_history_of_two_long_revisions_is_fast(client: Client, translator, long_unit, languages):
    from .workflow import translate

    first = _prose(8_000, seed=1)
    translate(translator, long_unit, languages["de"], first)
    translate(translator, long_unit, languages["de"], _edited(first, every=97))
    url = reverse("unit_history", args=["long", "de", long_unit.key])
    start = time.thread_time()
    response = client.get(url)  # anonymous, as the audit measured it
    elapsed = time.thread_time() - start
    assert response.status_code == 200
    assert elapsed < 5.0, f"history took {elapsed:.2f} s"
    assert "<ins>changed</ins>" in response.content.decode()


@pytest.mark.django_db
def test_history_of_two_unrelated_long_revisions_is_fast_and_says_simplified(
    client: Client, translator, long_unit, languages
):
    from .workflow import translate

    translate(translator, long_unit, languages["de"], _repeat("a ", 80_000))
    translate(translator, long_unit, languages["de"], _repeat("b ", 80_000))
    url = reverse("unit_history", args=["long", "de", long_unit.key])
    start = time.thread_time()
    response = client.get(url)
    elapsed = time.thread_time() - start
    assert response.status_code == 200
    assert elapsed < 5.0, f"history took {elapsed:.2f} s"
    assert "Simplified comparison" in response.content.decode()


@pytest.mark.django_db
def test_stale_save_of_a_long_text_renders_its_conflict_fast(
    client: Client, translator, long_unit, languages
):
    from .conftest import login
    from .workflow import translate

    theirs = _prose(3_000, seed=2)
    translate(translator, long_unit, languages["de"], theirs)
    login(client, translator)
    url = reverse("save_unit", args=["long", "de", long_unit.key])
    start = time.thread_time()
    response = client.post(
        url, {"text": _repeat("x y ", 20_000), "status": "translated", "version": "0"}
    )
    elapsed = time.thread_time() - start
    assert response.status_code == 409
    assert elapsed < 2 * BUDGET, f"the conflict took {elapsed:.2f} s"


_LONG_PARAGRAPH = _prose(4_000, seed=3)  # ~36 KB, one paragraph


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "in_memory"),
    [
        pytest.param("." * 20_000, "." * 19_990 + " Xy.", id="20000 dots"),
        pytest.param(_repeat("Ab. ", 28_000), _repeat("Ab. ", 27_000), id="7000 sentences"),
        pytest.param(
            _repeat("„Ab cd ef gh.“ ", 30_000), _repeat("„Ab cd ef gh.“ ", 29_000), id="quotations"
        ),
        pytest.param(_LONG_PARAGRAPH, _edited(_LONG_PARAGRAPH, every=50), id="long paragraph"),
    ],
)
def test_memory_aids_of_a_hostile_source_are_fast(
    client: Client, translator, languages, source, in_memory
):
    from .workflow import make_document, translate, units

    # The memory holds a near copy, so that the lookups and their diffs have work to do.
    other = units(make_document([in_memory, "Second."], slug="other"))[0]
    translate(translator, other, languages["de"], "Übersetzung.")
    unit = units(make_document([source, "Second."], slug="hostile"))[0]
    url = reverse("unit_aids", args=["hostile", "de", unit.key])
    start = time.thread_time()
    response = client.get(url)
    elapsed = time.thread_time() - start
    assert response.status_code == 200
    assert elapsed < BUDGET, f"the aids took {elapsed:.2f} s"
    if source is _LONG_PARAGRAPH:
        # A long paragraph still finds the older version of itself, with its diff.
        assert "Übersetzung." in response.content.decode()
        assert "<ins>" in response.content.decode()
