"""Which script and which language a text is written in: enough to warn that an uploaded file
is not in the language the user chose. Function-word counts for a few languages with Latin
script; the Unicode script of the letters for the others. Reads at most SAMPLE_CHARS."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# The most frequent function words: enough to tell these languages apart on a page of text.
# (Scripts tell the others apart; a language missing here is simply not checked this way.)
FUNCTION_WORDS = {
    "en": "the and of to in that is was it for with as on by this which be are were not from had "
    "have an at",
    "de": "der die das und den dem des ist nicht mit sich auf für von ein eine einer zu im war "
    "auch als dass wurde sie",
    "fr": "le la les des et du un une est que qui dans pour pas sur au aux par ne il elle ce se "
    "été était",
    "es": "el los las del y que en un una es por con para no se su al lo como fue más",
    "it": "il lo gli le di del della che e un una è per con non si da sono nel alla come",
    "pt": "o os as do da dos das e que em um uma é para com não se no na por foi",
    "nl": "de het een en van dat is in op te niet met zijn voor die er aan ook als werd",
}
FUNCTION_SETS = {code: frozenset(words.split()) for code, words in FUNCTION_WORDS.items()}
# Languages by primary subtag -> the scripts (first word of the Unicode character names)
# they are written in.
_LATIN = ("LATIN",)
EXPECTED_SCRIPTS = {
    **{
        code: _LATIN
        for code in (
            "en de fr es it pt nl ca ro sv da no nb nn fi et pl cs sk sl hr bs hu tr id ms vi "
            "eu gl ga cy is lt lv sq af sw tl eo la"
        ).split()
    },
    **{code: ("CYRILLIC",) for code in "ru uk bg be mk kk ky tg mn".split()},
    "sr": ("CYRILLIC", "LATIN"),
    "el": ("GREEK",),
    **{code: ("ARABIC",) for code in "ar fa ur ps sd ug ckb".split()},
    "he": ("HEBREW",),
    "yi": ("HEBREW",),
    "zh": ("CJK",),
    "ja": ("CJK", "HIRAGANA", "KATAKANA"),
    "ko": ("HANGUL", "CJK"),
    "hi": ("DEVANAGARI",),
    "mr": ("DEVANAGARI",),
    "ne": ("DEVANAGARI",),
    "ta": ("TAMIL",),
    "si": ("SINHALA",),
    "th": ("THAI",),
    "ka": ("GEORGIAN",),
    "hy": ("ARMENIAN",),
}
SAMPLE_CHARS = 20_000  # enough letters to judge a script or a language


def dominant_script(text: str) -> tuple[str | None, float]:
    """The script most letters of `text` are written in, and its share of the letters."""
    counts: Counter[str] = Counter()
    for ch in text[:SAMPLE_CHARS]:
        if ch.isalpha():
            counts[unicodedata.name(ch, "UNKNOWN").split(" ")[0]] += 1
    if not counts:
        return None, 0.0
    script, n = counts.most_common(1)[0]
    return script, n / sum(counts.values())


def guess_language(text: str) -> tuple[str | None, dict[str, float]]:
    """The language among FUNCTION_WORDS whose function words cover most of the words of
    `text`, and every language's share (0..1)."""
    words = [w.casefold() for w in WORD_RE.findall(text[:SAMPLE_CHARS])]
    if len(words) < 30:  # too little text to judge
        return None, {}
    shares = {
        code: sum(1 for w in words if w in vocabulary) / len(words)
        for code, vocabulary in FUNCTION_SETS.items()
    }
    best = max(shares, key=shares.__getitem__)
    return best, shares
