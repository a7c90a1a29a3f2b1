#!/usr/bin/env python3
"""Rebuild the stored alignment cases of this folder (not run by the tests).

Three honest sources of parallel text, each turned into a "published translation" case by
`generate.perturb` (merges, splits, omissions, translator's notes), with a fixed seed:

* man-*: Debian manual pages and their published translations (manpages-l10n / po4a), as
  installed under /usr/share/man: Japanese, Korean, Chinese, Russian, German, Polish, ...
  Both are rendered with `man` at a huge width (one paragraph a line); a page is used only
  when its rendering has the same number of lines with the same indentation in both
  languages (po4a keeps the structure), so the gold is the line-by-line pairing. Lines left
  untranslated (identical in both, mostly option names) are dropped: they would make the
  task trivially easy.
* seed-de, seed-ja: the sample chapter (../shared/corpus/seed) translated by hand for these
  tests, laid out by hand (files written directly, not by this script).
* devx-*: align-dev cases (CC0 Python documentation translations) transformed: a
  Japanese-like script (target words replaced by kana at about 0.4 characters a source
  character, identifiers and numbers kept), and a heavier perturbation with large omissions.

Usage: python tests/data/align/build_cases.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import perturb, read_case, write_case  # noqa: E402

MAN_ROOT = Path("/usr/share/man")
# (directory language, page, target language code, package, license)
MAN_PAGES = [
    ("ja", "man1/man.1.gz", "ja", "man-db", "GPL-2.0-or-later"),
    ("ja", "man8/mandb.8.gz", "ja", "man-db", "GPL-2.0-or-later"),
    ("ko", "man1/fuser.1.gz", "ko", "psmisc", "GPL-2.0-or-later"),
    ("zh_CN", "man1/passwd.1.gz", "zh", "passwd (shadow)", "BSD-3-Clause"),
    ("zh_CN", "man1/man.1.gz", "zh", "man-db", "GPL-2.0-or-later"),
    ("ru", "man1/man.1.gz", "ru", "man-db", "GPL-2.0-or-later"),
    ("de", "man1/ps.1.gz", "de", "procps", "GPL-2.0-or-later"),
    ("de", "man8/adduser.8.gz", "de", "adduser", "GPL-2.0-or-later"),
    ("pl", "man1/pgrep.1.gz", "pl", "procps", "GPL-2.0-or-later"),
    ("it", "man1/dpkg-split.1.gz", "it", "dpkg", "GPL-2.0-or-later"),
    ("pt_BR", "man1/man.1.gz", "pt-BR", "man-db", "GPL-2.0-or-later"),
    ("es", "man8/mandb.8.gz", "es", "man-db", "GPL-2.0-or-later"),
]


def render(path: Path) -> list[tuple[int, str]]:
    """(indentation, text) of every non-empty line of the rendered page, header and footer
    removed."""
    env = dict(os.environ, MANWIDTH="6000", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    raw = subprocess.run(
        ["sh", "-c", f"man -l '{path}' 2>/dev/null | col -bx"], capture_output=True, env=env
    ).stdout.decode("utf-8", "replace")
    lines = [line.rstrip() for line in raw.split("\n")]
    filled = [k for k, line in enumerate(lines) if line.strip()]
    if len(filled) < 3:
        return []
    body = lines[filled[0] + 1 : filled[-1]]
    return [(len(x) - len(x.lstrip()), re.sub(r"\s+", " ", x.strip())) for x in body if x.strip()]


def man_case(lang_dir: str, page: str, lang: str, package: str, license_: str, seed: int) -> None:
    english = render(MAN_ROOT / page)
    translated = render(MAN_ROOT / lang_dir / page)
    if len(english) != len(translated) or any(
        a[0] != b[0] for a, b in zip(english, translated, strict=True)
    ):
        print(f"skip {lang_dir}/{page}: structures differ", file=sys.stderr)
        return
    pairs = [
        (a[1], b[1])
        for a, b in zip(english, translated, strict=True)
        if a[1] != b[1] and len(a[1]) > 2 and len(b[1]) > 1
    ]
    source = [a for a, _ in pairs]
    target = [b for _, b in pairs]
    gold = [[[k], [k]] for k in range(len(pairs))]
    source, target, gold = perturb(
        source, target, gold, lang=lang, seed=seed, omit=0.03, merge=0.07, split=0.04, note=0.02
    )
    name = f"man-{lang_dir.lower().replace('_', '-')}-{page.split('/')[1].rsplit('.', 2)[0]}"
    write_case(
        HERE / name,
        source,
        target,
        gold,
        {
            "source_lang": "en",
            "target_lang": lang,
            "origin": f"Debian manual page {page} of {package} and its {lang_dir} translation",
            "license": license_,
        },
    )
    print(name, len(source), len(target))


_KANA = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
    "アイウエオカキクケコサシスセソタチツテト"
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_CODE_LIKE = re.compile(r"[_.()/:]|[a-z][A-Z]")


def pseudo_japanese(text: str, source_words: set[str]) -> str:
    """Words become kana (about 0.4 of their length, the same kana for the same word), the
    way Japanese text is shorter and shares only identifiers, numbers and Latin names with
    its English source; sentence punctuation becomes Japanese punctuation."""
    tokens = re.split(r"(\s+)", text)
    out: list[str] = []
    for tok in tokens:
        if tok.isspace():
            out.append(" " if out and out[-1] and out[-1][-1].isascii() else "")
            continue
        core = tok.strip(".,;:!?()\"'*«»")
        if _CODE_LIKE.search(core) or core.lower() in source_words:
            out.append(tok)
            continue

        def kana(m: re.Match[str]) -> str:
            word = m.group(0)
            digest = hashlib.sha1(word.lower().encode()).digest()
            size = max(1, round(len(word) * 0.4))
            return "".join(_KANA[digest[k % len(digest)] % len(_KANA)] for k in range(size))

        tok = _WORD_RE.sub(kana, tok)
        end = "。" if tok.endswith(".") else ""
        out.append(tok.replace(". ", "。").replace(",", "、").rstrip(".") + end)
    return "".join(out).strip()


def devx_cases(shared: Path) -> None:
    dev = shared / "corpus" / "align-dev"
    if not dev.exists():
        print("skip devx cases: no align-dev", file=sys.stderr)
        return
    src, tgt, gold, meta = read_case(dev / "fr-tutorial-classes")
    # keep only Latin names and identifiers that the English uses capitalised
    names = {w.lower() for p in src for w in re.findall(r"\b[A-Z][a-zA-Z]+\b", p)}
    names -= {w.lower() for p in src for w in re.findall(r"\b[a-z]+\b", p)}
    target = [pseudo_japanese(t, names) for t in tgt]
    write_case(
        HERE / "devx-ja-like-classes",
        src,
        target,
        gold,
        {
            **meta,
            "target_lang": "ja",
            "origin": meta["origin"]
            + ", target turned into a Japanese-like script by build_cases.py",
        },
    )
    src, tgt, gold, meta = read_case(dev / "es-tutorial-controlflow")
    src, tgt, gold = perturb(
        src,
        tgt,
        gold,
        lang="es",
        seed=11,
        omit=0.04,
        merge=0.08,
        split=0.05,
        note=0.03,
        big_omissions=1,
    )
    write_case(
        HERE / "devx-es-heavy-controlflow",
        src,
        tgt,
        gold,
        {
            **meta,
            "origin": meta["origin"] + ", perturbed again by build_cases.py (seed 11)",
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=HERE.parents[2].parent / "shared")
    args = parser.parse_args()
    for k, (lang_dir, page, lang, package, license_) in enumerate(MAN_PAGES):
        man_case(lang_dir, page, lang, package, license_, seed=100 + k)
    devx_cases(args.shared)


if __name__ == "__main__":
    main()
