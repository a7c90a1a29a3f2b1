#!/usr/bin/env python3
"""Rebuild the partial-translation cases of partial/ and the Arabic case (not run by the tests).

A partial translation (an excerpt, an abridged edition, a translation in progress, a pamphlet
quoting a book) translates only some of the source paragraphs, in order. The cases here are
made from real paragraph-aligned translations by keeping a random subset of 5-50% of the
target side, with a fixed seed per case:

* every complete case of this folder (Debian manual pages in ja ko zh ru de pl it pt es, the
  sample chapter in de and ja, the transformed Python tutorial cases) and every case of
  ../shared/corpus/align-dev (the French and Spanish Python tutorial, CC0);
* po-ar-messages: a complete case in Arabic script, written here too: the messages of
  apt, GLib and system-config-printer with their Arabic translations as Debian installs them
  (/usr/share/locale/ar/LC_MESSAGES/*.mo), one message a paragraph, longer ones only, in
  catalog order, perturbed like the manual pages (generate.perturb).

Each complete case gives two partial ones: "scattered" keeps single target links chosen at
random (omissions of single paragraphs), "runs" keeps a few runs of consecutive links (an
excerpt of sections, omissions of long runs). The fraction kept is drawn from 5-50%. The
source stays whole; the gold keeps the kept links as they were (merges, splits) and makes
every other source paragraph 1-0; translator's notes go with a kept neighbour or not at all.

Usage: python tests/data/align/build_partial_cases.py [--shared ../shared]
       python tests/data/align/build_partial_cases.py --salt held1 --out /tmp/held  (other
       random subsets of the same translations: held-out excerpts, 72 per salt)
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import Gold, perturb, read_case, write_case  # noqa: E402

PARTIAL = HERE / "partial"
MO_ROOT = Path("/usr/share/locale/ar/LC_MESSAGES")
AR_CATALOGS = [
    ("apt", "apt"),
    ("glib20", "GLib"),
    ("system-config-printer", "system-config-printer"),
]


def keep_subset(
    source: list[str], target: list[str], gold: Gold, fraction: float, mode: str, seed: int
) -> tuple[list[str], list[str], Gold]:
    """(source, kept target, gold) with about `fraction` of the target paragraphs kept."""
    rng = random.Random(seed)
    with_target = [k for k, (s, t) in enumerate(gold) if t and s]  # notes follow, see below
    want = max(2, round(fraction * len(with_target)))
    kept: set[int] = set()
    if mode == "scattered":
        kept.update(rng.sample(with_target, min(want, len(with_target))))
    else:  # runs: an excerpt of a few sections
        runs = rng.randint(1, 4)
        while len(kept) < want:
            size = max(1, min(want - len(kept), rng.randint(1, max(1, 2 * want // runs))))
            start = rng.randrange(0, max(1, len(with_target) - size + 1))
            kept.update(with_target[start : start + size])
    new_target: list[str] = []
    new_gold: Gold = []
    previous_kept = False
    for k, (s, t) in enumerate(gold):
        is_note = not s
        if k in kept or (is_note and previous_kept):
            ids = list(range(len(new_target), len(new_target) + len(t)))
            new_target.extend(target[j] for j in t)
            new_gold.append([list(s), ids])
        else:
            new_gold.extend([[i], []] for i in s)
        if not is_note:
            previous_kept = k in kept
    return list(source), new_target, new_gold


def arabic_case() -> None:
    import polib

    source: list[str] = []
    target: list[str] = []
    for catalog, _ in AR_CATALOGS:
        for entry in polib.mofile(str(MO_ROOT / f"{catalog}.mo")):
            msgid, msgstr = entry.msgid.strip(), entry.msgstr.strip()
            if msgstr and msgid != msgstr and len(msgid) > 40 and "\n\n" not in msgid + msgstr:
                source.append(" ".join(msgid.split()))
                target.append(" ".join(msgstr.split()))
    gold = [[[k], [k]] for k in range(len(source))]
    source, target, gold = perturb(
        source, target, gold, lang="ar", seed=300, omit=0.03, merge=0.07, split=0.04, note=0.02
    )
    names = ", ".join(name for _, name in AR_CATALOGS)
    write_case(
        HERE / "po-ar-messages",
        source,
        target,
        gold,
        {
            "source_lang": "en",
            "target_lang": "ar",
            "origin": f"messages of {names} and their Arabic translations (Debian's .mo files), "
            "one message a paragraph, perturbed by build_partial_cases.py (seed 300)",
            "license": "GPL-2.0-or-later (apt, system-config-printer), LGPL-2.1-or-later (GLib)",
        },
    )


def partial_cases(folder: Path, prefix: str, out: Path = PARTIAL, salt: str = "") -> None:
    for case in sorted(p for p in folder.iterdir() if (p / "gold.json").exists()):
        source, target, gold, meta = read_case(case)
        for mode in ("scattered", "runs"):
            name = f"{prefix}{case.name}-{mode}" + (f"-{salt}" if salt else "")
            seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
            fraction = random.Random(seed).uniform(0.05, 0.5)
            src, tgt, new_gold = keep_subset(source, target, gold, fraction, mode, seed)
            write_case(
                out / name,
                src,
                tgt,
                new_gold,
                {
                    **{k: v for k, v in meta.items() if not k.endswith("_paragraphs")},
                    "origin": f"{meta['origin']}; partial: {mode}, about {fraction:.0%} of the "
                    f"target links kept (build_partial_cases.py, seed {seed})",
                    "partial": {"mode": mode, "fraction": round(fraction, 3), "seed": seed},
                },
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=HERE.parents[2].parent / "shared")
    parser.add_argument(
        "--salt",
        default="",
        help="other random subsets (held-out excerpts, not used to choose anything): the "
        "salt goes into each case's name and seed; written to --out, the stored cases and "
        "the Arabic case stay as they are",
    )
    parser.add_argument("--out", type=Path, help="folder for the --salt cases")
    args = parser.parse_args()
    out = PARTIAL
    if args.salt:
        if args.out is None:
            parser.error("--salt needs --out (partial/ holds the stored cases)")
        out = args.out
    else:
        arabic_case()
    partial_cases(HERE, "", out, args.salt)
    dev = args.shared / "corpus" / "align-dev"
    if dev.is_dir():
        partial_cases(dev, "dev-", out, args.salt)
    else:
        print(f"(no {dev}: its partial cases not rebuilt)", file=sys.stderr)


if __name__ == "__main__":
    main()
