"""Placeholders and katakana loanwords as alignment evidence (text/align/evidence.py,
loanwords.py, vocabulary.py), and the evidence of repeated paragraphs read once."""

from __future__ import annotations

import random

import pytest

from tests.data.align.generate import read_case
from workbench.text.align import align
from workbench.text.align.evidence import (
    FLAG_CAPS,
    FLAG_COLON,
    FLAG_COMMA,
    FLAG_DASH,
    FLAG_DIGIT,
    FLAG_PLACEHOLDER,
    FLAG_SYMBOL,
    LOAN,
    extract,
    extract_all,
)
from workbench.text.align.loanwords import (
    SkeletonIndex,
    english_skeleton,
    katakana_skeleton,
    target_skeletons,
)
from workbench.text.align.vocabulary import build_vocabulary

from .test_align_partial import OWN_CASES, PARTIAL


def _placeholders(text: str) -> set[str]:
    return {k for k, cls in extract(text).features.items() if cls == FLAG_PLACEHOLDER}


def test_placeholders_by_kind_and_count() -> None:
    assert _placeholders("Value '%s' cannot be read from %s") == {"#%s", "#%s*2", "#%'s'"}
    # position and width dropped (translators reorder), length modifiers kept
    assert _placeholders("%1$s of %2$5ld") == {"#%s", "#%ld"}
    assert _placeholders("%(count)d files in {0} and {name}") == {
        "#%(count)",
        "#%{0}",
        "#%{name}",
    }
    # a percent sign in prose is none: "%%", "50% of", "100 %"
    assert _placeholders("100%% sure, 50% of them, 100 % done") == set()
    assert _placeholders("plain text") == set()
    # the Arabic translation of the first message has the same one
    arabic = _placeholders("لا يمكن تفسير القيمة '%s' كعدد منطقي.")
    assert arabic == _placeholders("Value '%s' cannot be interpreted as a boolean.")


def test_quoted_and_bracketed_placeholders() -> None:
    """Quotes and brackets around a placeholder are kept by translators: they tell apart
    messages whose placeholders are the same (apt's and GLib's catalogs have many)."""
    bare = _placeholders("Printer '%s' requires the %s package but it is not installed.")
    quoted = _placeholders("Printer '%s' requires the '%s' program but it is not installed.")
    arabic = _placeholders("الطابعة '%s' تتطلب الحزمة %s لكنها غير مثبته حاليًا.")
    assert arabic == bare != quoted
    assert "#%'s'*2" in quoted
    # any quotes count alike, brackets as they are
    assert _placeholders("Fichier « %s » introuvable") == {"#%s"}  # spaced: not wrapped
    assert _placeholders("Fichier «%s» introuvable") == _placeholders('File "%s" not found')
    assert _placeholders("(%d) entries") == {"#%d", "#%(d)"}


def test_skeletons_of_loanwords_and_their_english_words() -> None:
    pairs = [
        ("database", "データベース"),
        ("version", "バージョン"),
        ("option", "オプション"),
        ("directory", "ディレクトリ"),
        ("index", "インデックス"),
        ("trotsky", "トロツキー"),
        ("symbolic", "シンボリック"),
        ("schema", "スキーマ"),
    ]
    for english, katakana in pairs:
        assert english_skeleton(english) == katakana_skeleton(katakana), english
    assert english_skeleton("option") != english_skeleton("version")
    assert english_skeleton("naïve") == ""  # not plain English letters: no skeleton
    # under three classes a skeleton says too little ("file", "user"): not a feature
    assert target_skeletons("ファイルとユーザーとデータベース") == {"TBS"}
    # a compound in one katakana word matches an English word pair
    index = SkeletonIndex(target_skeletons("マニュアルページ"))
    assert index.of_words(["the", "manual", "page"]) == {"MNRPS"}
    assert index.of_words(["manual", "of", "page"]) == set()


def test_loanwords_become_shared_features() -> None:
    source = ["Update the database cache.", "Show the version and exit."]
    target = ["データベースキャッシュを更新します。", "バージョンを表示して終了します。"]
    vocab = build_vocabulary(extract_all(source), extract_all(target))
    loans = {vocab.keys[f] for f, cls in enumerate(vocab.classes) if cls == LOAN}
    # the compound "database cache" is one katakana word, matched by the English word pair
    assert loans == {"s:TBSKS", "s:BSN"}
    database, version = (vocab.keys.index(k) for k in ("s:TBSKS", "s:BSN"))
    assert database in vocab.source_sets[0] and database in vocab.target_sets[0]
    assert version in vocab.source_sets[1] and version in vocab.target_sets[1]
    assert version not in vocab.source_sets[0]
    # no katakana on either side: nothing of the kind
    french = build_vocabulary(extract_all(source), extract_all(["Mise à jour.", "Version."]))
    assert LOAN not in french.classes


def test_loanwords_place_japanese_excerpt_paragraphs() -> None:
    """The Japanese manual-page excerpts: without loanwords 30 of 39 and 11 of 19 links were
    right, with them 34 and 13."""
    for name, at_least in (("man-ja-man-scattered", 33), ("man-ja-mandb-scattered", 13)):
        source, target, gold, meta = read_case(PARTIAL / name)
        links = align(source, target, source_lang="en", target_lang=meta["target_lang"]).links
        predicted = {(link.source, link.target) for link in links if link.source and link.target}
        right = sum((tuple(s), tuple(t)) in predicted for s, t in gold if s and t)
        assert right >= at_least, (name, right)


def test_repeated_paragraphs_share_their_evidence() -> None:
    texts = ["A heading", "Some text with 42 in it.", "A heading", "Other text."]
    evidence = extract_all(texts)
    assert evidence[0] is evidence[2]  # read once
    assert evidence == [extract(t) for t in texts]
    # a kind (heading or not) is part of what a paragraph is
    kinds = extract_all(texts, ["heading", "paragraph", "paragraph", "paragraph"])
    assert kinds[0] is not kinds[2] and kinds[0].heading and not kinds[2].heading


def test_placeholders_help_a_message_catalog_excerpt() -> None:
    """Arabic messages of apt and GLib, an excerpt: the right links measured with the
    placeholders (58 of 71; 54 without them)."""
    source, target, gold, meta = read_case(PARTIAL / "po-ar-messages-scattered")
    links = align(source, target, source_lang="en", target_lang=meta["target_lang"]).links
    predicted = {(link.source, link.target) for link in links if link.source and link.target}
    right = sum((tuple(s), tuple(t)) in predicted for s, t in gold if s and t)
    assert right >= 58
    # and the complete catalog still aligns as well as the accuracy tests require
    source, target, gold, meta = read_case(OWN_CASES / "po-ar-messages")
    links = align(source, target, source_lang="en", target_lang=meta["target_lang"]).links
    predicted = {(link.source, link.target) for link in links if link.source and link.target}
    assert sum((tuple(s), tuple(t)) in predicted for s, t in gold if s and t) >= 233


def test_short_terms_opening_a_paragraph() -> None:
    """The keys of a definition list (ps's process states, fuser's access codes) are kept by
    translators and too short to be words: a term of one or two characters that opens the
    paragraph is a feature; an article or pronoun is not."""

    def leads(text: str) -> set[str]:
        return {k for k in extract(text).features if k.startswith("k:")}

    assert leads("T stopped by job control signal") == {"k:T"}
    assert leads("T Durch Jobsteuersignal gestoppt") == {"k:T"}
    assert leads("r root directory.") == leads("r 루트 디렉터리입니다.") == {"k:r"}
    assert leads("A manual page consists of several sections.") == set()
    assert leads("O comando man mostra") == set()
    assert leads("Trotsky fought") == leads("It could be called like this:") == set()
    assert leads("tt TT controlling tty (terminal).") == {"k:tt"}


def test_code_like_symbols_are_flags() -> None:
    """Option syntax, globs, variables and paths keep their symbols in translation; a key per
    symbol, one class whose survival is learned like the other flags'."""

    def symbols(text: str) -> set[str]:
        return {k for k, cls in extract(text).features.items() if cls == FLAG_SYMBOL}

    source = symbols("[-abc] any or all arguments within [ ] are optional.")
    assert source == symbols("[-abc] любые или все аргументы в [ ] необязательны.") == {"#["}
    assert symbols("italic text replace with appropriate argument.") == set()
    assert symbols("Set $MANPATH=/usr/share/man | *.gz") == {"#$", "#=", "#/", "#|", "#*"}


def test_shape_flags() -> None:
    """The paragraph's punctuation profile, which survives translation into any script."""
    shape = {FLAG_CAPS, FLAG_COLON, FLAG_COMMA, FLAG_DASH, FLAG_DIGIT}

    def flags(text: str) -> set[str]:
        return {k for k, cls in extract(text).features.items() if cls in shape}

    assert flags("SECURITY adduser needs root privileges.") == {"#C"}
    assert flags("SICHERHEIT adduser benötigt Rechte.") == {"#C"}
    assert flags("Security matters.") == flags("IDs are fine.") == set()
    assert flags("Note: this is it.") == {"#:"} == flags("注意： これです。")
    assert flags("It ends with a colon:") == set()  # that is the end class
    assert flags("open - '%s' was the last") == {"#-"}
    assert flags("a well-known name") == set()
    assert flags("Wait 5 seconds.") == flags("５秒待つ。") == {"#d"}
    assert flags("one, two, three and four.") == {"#,1", "#,2"}
    assert flags("一、二、三、四、五。") == flags("أ، ب، ج، د، هـ") == {"#,1", "#,2", "#,4"}


def _pseudo_paragraph(rng: random.Random, shape: int | str) -> str:
    """Twelve made-up words of six letters: every paragraph has the same length, and nothing
    but its shape (commas, a number, a colon) tells it from the others."""
    words = [
        "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
        for _ in range(12)
    ]
    if shape == "digit":
        words[5] = f"x{rng.randint(10000, 99999)}"
    elif shape == "colon":
        words[3] += ":"
    else:
        for k in range(int(shape)):
            words[2 * k + 1] += ","
    return " ".join(words).capitalize() + "."


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_shape_places_excerpt_paragraphs(seed: int) -> None:
    """An excerpt of paragraphs that share no word and have the same length: each goes to a
    source paragraph of its own shape (6 or 7 of 7 with the shape flags, 1 or 2 without)."""
    rng = random.Random(seed)
    shapes: list[int | str] = [0, 1, 2, 4, "digit", "colon"]
    source_shapes = [shapes[k % len(shapes)] for k in range(48)]
    source = [_pseudo_paragraph(rng, shape) for shape in source_shapes]
    kept = [3, 8, 16, 21, 29, 34, 44]
    target = [_pseudo_paragraph(rng, source_shapes[i]) for i in kept]
    links = align(source, target, source_lang="en", target_lang="de").links
    linked = [link.source for link in links if link.source and link.target]
    same_shape = sum(
        len(s) == 1 and source_shapes[s[0]] == source_shapes[k]
        for s, k in zip(linked, kept, strict=False)
    )
    assert same_shape >= 6, linked
