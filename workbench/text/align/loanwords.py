"""Loanwords written in katakana, matched to the English words they come from by sound.

Japanese writes borrowed words in katakana: "ファイル" (file), "データベース" (database),
"オプション" (option), and names: "トロツキー" (Trotsky). Technical and political prose is full
of them, and they are the only words an English paragraph and its Japanese translation share
that the other features miss (the CJK text is otherwise skipped, see evidence.py).

Both are reduced to a consonant skeleton, the vowels dropped and the consonants folded into the
classes Japanese keeps apart: "database" -> T B S, "データベース" (de-e-ta-be-e-su) -> T B S;
"version" -> B S N (an r before a consonant is a long vowel in Japanese: "バージョン");
"Trotsky" -> T R S K, "トロツキー" -> T R S K. A skeleton is a feature like any other (class
LOAN): shared by both sides it is an anchor, its worth learned from the texts. Only skeletons
of three classes or more count (two say too little: "file" F R is "fail", "fool", ...), and
English word pairs count too, for compounds written as one katakana word ("マニュアルページ",
manual page). A rough rule set: it misses some loanwords ("get" ゲット, "software"), never
matters for a target without katakana, and a chance match between unrelated words costs what
any common feature costs (weights.py learns how often LOAN features survive).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_MIN_CLASSES = 3
_MAX_RUN = 40  # characters of one katakana word (a longer run is no word)
_MAX_WORD = 30  # letters of an English word (longer: no loanword, and kept out of the cache)

# one class per katakana; vowels, the long-vowel mark and the small tsu have none
_KANA_CLASS: dict[str, str] = {}
for _chars, _cls in (
    ("カキクケコ", "K"),
    ("ガギグゲゴ", "G"),
    ("サシスセソザジズゼゾチツヂヅ", "S"),
    ("タテトダデド", "T"),
    ("ナニヌネノン", "N"),
    ("ハヒヘホ", "H"),
    ("フ", "F"),
    ("バビブベボヴ", "B"),
    ("パピプペポ", "P"),
    ("マミムメモ", "M"),
    ("ラリルレロ", "R"),
    ("ワ", "W"),
):
    for _ch in _chars:
        _KANA_CLASS[_ch] = _cls

KATAKANA_RE = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")

# English spelling to the same classes, longest patterns first; "_" marks a letter that
# gives nothing (a vowel, a silent letter)
_ENGLISH_RULES = (
    ("tion", "SN"),
    ("sch", "SK"),
    ("sion", "SN"),
    ("tch", "S"),
    ("ght", "T"),
    ("ch", "S"),
    ("sh", "S"),
    ("th", "S"),
    ("ph", "F"),
    ("kh", "H"),
    ("mb", "NB"),  # katakana has one nasal before b and p: "symbolic" シンボリック
    ("mp", "NP"),
    ("ck", "K"),
    ("ts", "S"),
    ("gh", ""),
    ("wh", "W"),
    ("wr", "R"),
    ("kn", "N"),
    ("qu", "K"),
    ("x", "KS"),
)
_RULES_BY_FIRST: dict[str, tuple[tuple[str, str], ...]] = {}
for _pattern, _cls in _ENGLISH_RULES:
    _RULES_BY_FIRST[_pattern[0]] = (*_RULES_BY_FIRST.get(_pattern[0], ()), (_pattern, _cls))
_LETTER = {
    "b": "B",
    "v": "B",
    "p": "P",
    "f": "F",
    "d": "T",
    "t": "T",
    "k": "K",
    "q": "K",
    "g": "G",
    "s": "S",
    "z": "S",
    "j": "S",
    "m": "M",
    "n": "N",
    "l": "R",
    "r": "R",
    "h": "H",
    "w": "W",
}
_VOWELS = frozenset("aeiouy")


def _collapse(classes: Iterable[str]) -> str:
    out: list[str] = []
    for c in classes:
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def katakana_skeleton(word: str) -> str:
    """The consonant skeleton of a katakana word ("" when it has none)."""
    return _collapse(_KANA_CLASS.get(ch, "") for ch in word)


@lru_cache(maxsize=1 << 15)
def english_skeleton(word: str) -> str:
    """The consonant skeleton of an English word (casefolded, letters a-z; "" otherwise)."""
    if not word.isascii() or not word.isalpha():
        return ""
    out: list[str] = []
    k, n = 0, len(word)
    while k < n:
        for pattern, cls in _RULES_BY_FIRST.get(word[k], ()):
            if word.startswith(pattern, k):
                out.append(cls)
                k += len(pattern)
                break
        else:
            ch = word[k]
            nxt = word[k + 1] if k + 1 < n else ""
            if ch in _VOWELS:
                pass
            elif ch in "cg" and nxt in ("e", "i", "y"):
                out.append("S")  # soft c and g: "cache", "page"
            elif ch == "c":
                out.append("K")
            elif ch == "r" and nxt not in _VOWELS:
                pass  # "version", "server": a long vowel in katakana
            elif ch == "h" and out:
                pass  # only a word's first h is heard in its katakana form
            else:
                out.append(_LETTER.get(ch, ""))
            k += 1
    return _collapse("".join(out))


def target_skeletons(plain: str) -> set[str]:
    """Skeletons of the katakana words of one paragraph (three classes or more)."""
    out = set()
    for run in KATAKANA_RE.findall(plain):
        if len(run) <= _MAX_RUN:
            skeleton = katakana_skeleton(run)
            if len(skeleton) >= _MIN_CLASSES:
                out.add(skeleton)
    return out


class SkeletonIndex:
    """The skeletons one side's katakana words have, and which English words of the other side
    sound like them: single words and adjacent word pairs (in order)."""

    def __init__(self, wanted: Iterable[str]) -> None:
        self.wanted = frozenset(wanted)
        # a pair can only match when its first word's skeleton begins a wanted one
        self.prefixes = frozenset(w[:k] for w in self.wanted for k in range(1, len(w)))

    def of_words(self, words: Iterable[str]) -> set[str]:
        wanted, prefixes = self.wanted, self.prefixes
        out: set[str] = set()
        previous: tuple[str, ...] = ()
        for word in words:
            forms = _forms(word.casefold()) if len(word) <= _MAX_WORD else ()
            for skeleton in forms:
                if skeleton in wanted:
                    out.add(skeleton)
                for first in previous:
                    # _collapse(first + skeleton): only the joint can repeat a class
                    joined = first + skeleton[1:] if first[-1] == skeleton[0] else first + skeleton
                    if joined in wanted:
                        out.add(joined)
            previous = tuple(f for f in forms if f in prefixes)
        return out


@lru_cache(maxsize=1 << 15)
def _forms(word: str) -> tuple[str, ...]:
    """The skeletons of a word and, for a plural, of its singular: katakana does not mark the
    plural ("defaults" is "デフォルト")."""
    forms = [english_skeleton(word)]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        singular = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        forms.append(english_skeleton(singular))
    return tuple(dict.fromkeys(f for f in forms if f))
