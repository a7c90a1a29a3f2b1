"""Word associations learned from the document pair itself (text/align/associations.py)."""

from __future__ import annotations

from tests.data.align.generate import read_case
from workbench.text.align.associations import (
    learn,
    paragraph_tokens,
    with_associations,
)
from workbench.text.align.evidence import ASSOC, extract_all
from workbench.text.align.vocabulary import build_vocabulary

from .test_align_partial import PARTIAL


def test_tokens_by_script() -> None:
    assert paragraph_tokens("The printers failed") == {"print", "faile"}  # stems, no "the"
    assert paragraph_tokens("ファイル名") == {"ファ", "ァイ", "イル", "ル名"}  # pairs of characters
    assert paragraph_tokens("파일을 열었습니다") == {"파일", "열었"}
    assert paragraph_tokens("والملف") == {"ملف"}  # "and the" stripped before the stem


def test_learn_pairs_words_that_keep_meeting() -> None:
    src = [
        frozenset({"file", "open"}),
        frozenset({"file", "close"}),
        frozenset({"file", "save"}),
        frozenset({"disk"}),
        frozenset({"open", "disk"}),
        frozenset({"close"}),
    ]
    tgt = [
        frozenset({"fichier", "ouvrir"}),
        frozenset({"fichier", "fermer"}),
        frozenset({"fichier", "sauver"}),
        frozenset({"disque"}),
        frozenset({"ouvrir", "disque"}),
        frozenset({"fermer"}),
    ]
    links = [((k,), (k,)) for k in range(6)]
    learned = dict(learn(src, tgt, links))
    assert learned["file"] == "fichier"  # three links together: kept
    assert "save" not in learned  # once only: chance
    # one partner each (competitive linking): "file" does not also take "ouvrir"
    assert list(learned.values()).count("fichier") == 1
    # without links (or with a single one) nothing is learned
    assert learn(src, tgt, []) == [] and learn(src, tgt, links[:1]) == []


def test_associations_become_shared_features_on_a_real_excerpt() -> None:
    source, target, gold, _meta = read_case(PARTIAL / "po-ar-messages-scattered")
    src_ev, tgt_ev = extract_all(source), extract_all(target)
    vocab = build_vocabulary(src_ev, tgt_ev, excerpt=True)
    links = [(tuple(s), tuple(t)) for s, t in gold]
    richer = with_associations(vocab, src_ev, tgt_ev, links, max_df_share=0.2)
    added = [f for f, cls in enumerate(richer.classes) if cls == ASSOC]
    assert len(added) >= 10
    # most gold links share one of them: English-Arabic shares few other features
    linked = [(s, t) for s, t in gold if s and t]
    sharing = sum(
        1
        for s, t in linked
        if set().union(*(richer.source_sets[i] for i in s))
        & set().union(*(richer.target_sets[j] for j in t))
        & set(added)
    )
    assert sharing >= 0.5 * len(linked)


# That learned associations do not make an unrelated file pass for an excerpt (they are left
# out of the verdict's anchors) is test_align_partial.test_unrelated_files_are_still_told_apart...
