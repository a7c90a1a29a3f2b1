"""Placeholders and katakana loanwords as alignment evidence (text/align/evidence.py,
loanwords.py, vocabulary.py), and the evidence of repeated paragraphs read once."""

from __future__ import annotations

from tests.data.align.generate import read_case
from workbench.text.align import align
from workbench.text.align.evidence import FLAG_PLACEHOLDER, FLAG_SYMBOL, LOAN, extract, extract_all
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
