"""Sentence-level cases with gold links, built from the paragraph-aligned cases (not stored).

How the gold is made: in a real translation (the cases of this folder and align-dev), take the
1-1 paragraph links whose sides have at most two sentences each and one sentence on at least
one side; then each such link is a 1-1, 1-2 or 2-1 sentence link whose pairing is certain.
Runs of 2-5 consecutive such links (seeded) are joined into one paragraph on each side, and
with probability 0.15 one target piece is dropped (its source sentences become 1-0). A joined
paragraph is kept only if cutting it into sentences again gives back exactly the pieces'
sentences, so the gold is consistent with the sentence rule the aligner uses.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import read_case  # noqa: E402

# (source paragraph, target paragraph, gold links over their sentences, target language)
SentenceCase = tuple[str, str, list[list[list[int]]], str]


def sentence_cases(folders: list[Path], seed: int = 17) -> list[SentenceCase]:
    from workbench.text.align.sentence_pairs import split_sentences

    rng = random.Random(seed)
    out: list[SentenceCase] = []
    for folder in folders:
        for case in sorted(p for p in folder.iterdir() if (p / "gold.json").exists()):
            source, target, gold, meta = read_case(case)
            lang = meta["target_lang"]
            run: list[tuple[list[str], list[str]]] = []
            for s, t in [*gold, ([], [])]:
                pieces = None
                if len(s) == 1 and len(t) == 1:
                    ss, ts = split_sentences(source[s[0]]), split_sentences(target[t[0]])
                    if 1 <= len(ss) <= 2 and 1 <= len(ts) <= 2 and min(len(ss), len(ts)) == 1:
                        pieces = (ss, ts)
                if pieces is not None:
                    run.append(pieces)
                    continue
                while len(run) >= 2:
                    size = min(len(run), rng.randint(2, 5))
                    made = _join(run[:size], rng, split_sentences, lang)
                    if made is not None:
                        out.append(made)
                    run = run[size:]
                run = []
    return out


def _join(pieces, rng, split_sentences, lang) -> SentenceCase | None:
    drop = rng.randrange(len(pieces)) if rng.random() < 0.15 else -1
    src_sentences: list[str] = []
    tgt_sentences: list[str] = []
    gold: list[list[list[int]]] = []
    for k, (ss, ts) in enumerate(pieces):
        s_ids = list(range(len(src_sentences), len(src_sentences) + len(ss)))
        src_sentences.extend(ss)
        if k == drop:
            gold.extend([[i], []] for i in s_ids)
            continue
        t_ids = list(range(len(tgt_sentences), len(tgt_sentences) + len(ts)))
        tgt_sentences.extend(ts)
        gold.append([s_ids, t_ids])
    source, target = " ".join(src_sentences), " ".join(tgt_sentences)
    if split_sentences(source) != src_sentences or split_sentences(target) != tgt_sentences:
        return None
    return source, target, gold, lang
