"""Perturbations that turn a clean parallel text into a "published translation" case.

Used by build_cases.py (which made the stored cases in this folder) and at test and benchmark
time to generate long documents from the stored cases, so nothing huge is stored.

A case is (source paragraphs, target paragraphs, gold links) with gold in the corpus format
`[[[source ids], [target ids]], ...]`. `perturb` walks the gold links and, on 1-1 links only,
with seeded randomness: leaves a source paragraph untranslated (1-0), merges two target
paragraphs into one (2-1), splits a target paragraph at a sentence end (1-2), inserts a
translator's note in the target language (0-1), and optionally drops whole runs of paragraphs
(a large omission, as when a translation skips a section).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from pathlib import Path

Gold = list[list[list[int]]]

# Translator's notes as published translations write them, per target language.
NOTES: dict[str, list[str]] = {
    "de": [
        "Anm. d. Übers.: Dieser Abschnitt wurde für deutschsprachige Leser angepasst.",
        "Anmerkung des Übersetzers: Der englische Begriff wird im Folgenden beibehalten.",
    ],
    "fr": [
        "N.d.T. : ce passage a été adapté pour les lecteurs francophones.",
        "Note du traducteur : nous avons conservé le terme anglais.",
    ],
    "es": [
        "N. del T.: este pasaje se ha adaptado para los lectores hispanohablantes.",
        "Nota del traductor: se conserva el término en inglés.",
    ],
    "it": ["N.d.T.: questo passaggio è stato adattato per i lettori italiani."],
    "pt": ["N. do T.: este trecho foi adaptado para os leitores brasileiros."],
    "pl": ["Przyp. tłum.: ten fragment dostosowano do potrzeb polskich czytelników."],
    "ru": ["Прим. пер.: этот фрагмент адаптирован для русскоязычных читателей."],
    "ja": [
        "訳注: この節は日本語の読者向けに一部を改めて訳しています。",
        "訳者注：原文の用語をそのまま残しています。",
    ],
    "ko": ["역주: 이 부분은 한국어 독자를 위해 일부 수정하여 번역했습니다."],
    "zh": ["译注：本段为中文读者作了适当调整。"],
    "ar": ["ملاحظة المترجم: عُدّلت هذه الفقرة لقرّاء العربية."],
    "en": ["Translator's note: this passage has been adapted for English-speaking readers."],
}

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+(?=\S)|(?<=[。！？])(?=\S)")


def read_case(folder: Path) -> tuple[list[str], list[str], Gold, dict]:
    def paragraphs(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return [b.strip() for b in text.split("\n\n") if b.strip()]

    return (
        paragraphs(folder / "source.txt"),
        paragraphs(folder / "target.txt"),
        json.loads((folder / "gold.json").read_text()),
        json.loads((folder / "meta.json").read_text()),
    )


def write_case(
    folder: Path, source: Sequence[str], target: Sequence[str], gold: Gold, meta: dict
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text("\n\n".join(source) + "\n", encoding="utf-8")
    (folder / "target.txt").write_text("\n\n".join(target) + "\n", encoding="utf-8")
    (folder / "gold.json").write_text(json.dumps(gold) + "\n")
    meta = {**meta, "source_paragraphs": len(source), "target_paragraphs": len(target)}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")


def _split_point(text: str, rng: random.Random) -> int | None:
    cuts = [m.end() for m in _SENTENCE_END.finditer(text) if 20 < m.end() < len(text) - 20]
    return rng.choice(cuts) if cuts else None


def perturb(
    source: Sequence[str],
    target: Sequence[str],
    gold: Gold,
    *,
    lang: str,
    seed: int,
    omit: float = 0.02,
    merge: float = 0.06,
    split: float = 0.03,
    note: float = 0.015,
    big_omissions: int = 0,
    joiner: str = " ",
) -> tuple[list[str], list[str], Gold]:
    """A new (source, target, gold): the same source, a target perturbed as described above."""
    rng = random.Random(seed)
    notes = NOTES.get(lang.split("-")[0].split("_")[0], NOTES["en"])
    links = [(list(s), list(t)) for s, t in gold]

    # large omissions: whole runs of links lose their target side
    dropped: set[int] = set()
    for _ in range(big_omissions):
        if len(links) < 40:
            break
        size = rng.randint(8, max(9, min(40, len(links) // 10)))
        start = rng.randrange(5, len(links) - size - 5)
        dropped.update(range(start, start + size))

    new_target: list[str] = []
    new_gold: Gold = []
    k = 0
    while k < len(links):
        src, tgt = links[k]
        texts = [target[j] for j in tgt]
        is_one_one = len(src) == 1 and len(tgt) == 1
        if k in dropped:
            new_gold.extend([[i], []] for i in src)
            k += 1
            continue
        roll = rng.random()
        nxt = links[k + 1] if k + 1 < len(links) else None
        if is_one_one and roll < omit:
            new_gold.append([src, []])
        elif (
            is_one_one
            and roll < omit + merge
            and nxt is not None
            and len(nxt[0]) == 1
            and len(nxt[1]) == 1
            and k + 1 not in dropped
        ):
            new_gold.append([src + nxt[0], [len(new_target)]])
            new_target.append(texts[0] + joiner + target[nxt[1][0]])
            k += 1
        elif is_one_one and roll < omit + merge + split and (cut := _split_point(texts[0], rng)):
            new_gold.append([src, [len(new_target), len(new_target) + 1]])
            new_target.extend([texts[0][:cut].strip(), texts[0][cut:].strip()])
        else:
            new_gold.append([src, list(range(len(new_target), len(new_target) + len(texts)))])
            new_target.extend(texts)
        if rng.random() < note:
            new_gold.append([[], [len(new_target)]])
            new_target.append(rng.choice(notes))
        k += 1
    return list(source), new_target, new_gold


def concatenate(
    cases: Sequence[tuple[list[str], list[str], Gold]],
) -> tuple[list[str], list[str], Gold]:
    """One long document from several cases, ids shifted."""
    source: list[str] = []
    target: list[str] = []
    gold: Gold = []
    for src, tgt, links in cases:
        ds, dt = len(source), len(target)
        gold.extend([[i + ds for i in s], [j + dt for j in t]] for s, t in links)
        source.extend(src)
        target.extend(tgt)
    return source, target, gold


def long_case(
    folder: Path, *, target_lang: str | None = None, seed: int = 7, min_source: int = 1700
) -> tuple[list[str], list[str], Gold]:
    """A long document: the stored cases of one target language (or all), repeated until
    `min_source` source paragraphs, each copy perturbed again, with large omissions."""
    parts = []
    for case in sorted(p for p in folder.iterdir() if (p / "gold.json").exists()):
        src, tgt, gold, meta = read_case(case)
        if target_lang is None or meta["target_lang"] == target_lang:
            parts.append((src, tgt, gold, meta["target_lang"]))
    if not parts:
        raise ValueError(f"no stored case with target language {target_lang}")
    rng = random.Random(seed)
    chosen = []
    total = 0
    while total < min_source:
        src, tgt, gold, lang = parts[len(chosen) % len(parts)]
        chosen.append(
            perturb(
                src,
                tgt,
                gold,
                lang=lang,
                seed=rng.randrange(1 << 30),
                omit=0.01,
                merge=0.02,
                split=0.01,
                note=0.005,
            )
        )
        total += len(src)
    source, target, gold = concatenate(chosen)
    # and the large omissions a long translation has: whole sections left out
    return perturb(
        source,
        target,
        gold,
        lang=target_lang or "en",
        seed=seed,
        omit=0.0,
        merge=0.0,
        split=0.0,
        note=0.0,
        big_omissions=3,
    )
