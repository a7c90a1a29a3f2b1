"""What one paragraph carries that survives translation, extracted once per paragraph.

Everything here looks at a single paragraph; which of these features are worth anything for a
given pair of texts (shared by both sides, rare enough to be telling) is decided in
`vocabulary.py`, and how much each is worth in `weights.py`.

Feature keys are short strings with a prefix that says what they are:
  n:1927        a number, separators removed ("1,000", "1.000", "1\u202f000" give n:1000;
                Arabic-Indic and other digits by value)
  c:sources.list an identifier, path or other code-like token (camelCase, x_1, a.b()), casefolded
  o:--verbose   a command-line option, case kept (-k is not -K)
  k:T           a term of one or two characters opening the paragraph, case kept (the key of
                a definition list: "T stopped by job control signal")
  u:...         a URL or e-mail address
  w:kuomintang  a word, casefolded and without accents (class NAME or WORD, see below)
  f:1           a footnote marker ("[1]", <sup class="fnref">1</sup>, "[#]_")
  #h #? #q ...  structure: heading, asks a question, quotes, ... (see FLAG_*)
  s:TBS         the consonant skeleton of a katakana loanword ("データベース", database), see
                loanwords.py; the other side's matching English words get it in vocabulary.py
  #%s #%d*2     a printf or format placeholder, kept verbatim by translators (software messages)
  #[ #| #=      a code-like symbol ([ | = * / \\ $ & ~ { < >): option syntax, paths, variables
  #C #: #- #d #,1 #,2 #,4   the paragraph's shape, which a translation keeps whatever its words:
                opens with a word in capitals ("SECURITY adduser needs..."), a colon inside
                ("Note: ..."), a spaced dash, a digit, at least 1, 2 or 4 commas (",", "、", "،")

Besides the features: the length, where the paragraph could be cut in two (sentence ends and,
near either end, word boundaries: see `boundaries`), how it and each piece before a cut ends
(`end_class`), and whether it is a translator's note.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .loanwords import target_skeletons

# Feature classes. Each class gets its own "survives translation" probability, learned from
# the pair of texts (see weights.py); structural flags are each a class of their own.
NUM = "num"
CODE = "code"
URL = "url"
NAME = "name"  # capitalised mid-sentence, or an acronym: proper names mostly
WORD = "word"
NEAR = "near"  # a word matched to a near-identical one on the other side (rapidfuzz)
FOOTNOTE = "footnote"
GLOSSARY = "glossary"
MEMORY = "memory"
KIND = "kind"
ASSOC = "assoc"  # a word pair learned from the first pass's links (associations.py)
DICT = "dict"  # a source word and its translation in a bilingual dictionary (dictionaries.py)
LOAN = "loan"  # a katakana loanword and the English word it sounds like (loanwords.py)

FLAG_HEADING = "#h"
FLAG_QUESTION = "#?"
FLAG_EXCLAMATION = "#!"
FLAG_QUOTE = "#q"
FLAG_PAREN = "#("
FLAG_LIST = "#l"
FLAG_ELLIPSIS = "#e"
# printf and format placeholders (%s, %1$d, %(name)s, {0}): one class, a key per kind and
# count ("#%s", "#%s*2"); flag-like keys, so a placeholder in half the messages of a
# catalog is kept (its absence on one side is the evidence)
FLAG_PLACEHOLDER = "#%"
# code-like symbols a translation keeps ("[-abc]", "a | b", "x=1", "*.txt", "$HOME"): one
# class, a key per symbol ("#[", "#|"), kept however common like the other flags (a message
# or option description without one is evidence too)
FLAG_SYMBOL = "#s"
_SYMBOLS = "[|=*/\\$&~{<>"
# the paragraph's shape (punctuation profile): flags a translation keeps in any language,
# which tell apart the paragraphs that share no number, name or identifier (option
# descriptions, messages of a catalog, section headings), each a class of its own
FLAG_CAPS = "#C"  # opens with a word in capitals: a manual page's heading run into its text
FLAG_COLON = "#:"  # a colon inside the paragraph ("Note: ...", "key: value")
FLAG_DASH = "#-"  # a spaced dash ("a - b", "a – b")
FLAG_DIGIT = "#d"  # a digit anywhere (the numbers themselves are often too common to count)
FLAG_COMMA = "#,"  # at least 1, 2 or 4 commas: "#,1", "#,2", "#,4"
_COMMA_STEPS = (1, 2, 4)
_COMMAS = (",", "、", "،")  # NFKC folds the full-width comma into ","

_HEADING_KINDS = frozenset({"title", "heading"})

# Every pattern here is linear on any paragraph: no scan that starts anew at each position of
# a long run ("<sup<sup<sup...", 200 KB of capitals or spaces) reads to the run's end each time.
_FNREF_RE = re.compile(r"<sup\b[^<>]*+>\s*+([^<]{1,8}?)\s*</sup>", re.I)
_TAG_RE = re.compile(r"<[^>]{0,400}>")
_ENTITY_RE = re.compile(r"&(amp|lt|gt|quot|#39|nbsp);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'", "nbsp": " "}
_FOOTNOTE_RE = re.compile(r"\[(\d{1,3}|[*†‡#])\](?:_)?")
_SPACE_RE = re.compile(r"\s+")
# Han, kana, Hangul and CJK punctuation: never a shared token with a non-CJK language, so they
# only separate the tokens that can be shared (ASCII identifiers inside Japanese text, ...).
CJK_RE = re.compile(
    r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
)
_URL_RE = re.compile(
    r"(?:https?|ftp)://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+|(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.-]+"
)
# command-line options (-k, --config-file): case matters (-k is not -K)
_OPTION_RE = re.compile(r"(?<![\w-])--?[A-Za-z0-9][\w-]*(?:=\w+)?")
_TOKEN_RE = re.compile(r"\w+(?:(?:::|->|[._/:@+#'’-])\w+)*(?:\(\))?")
_NUMBER_RE = re.compile(r"\d+(?:[.,\u202f\u00a0]\d+)*")
_CODE_CHARS_RE = re.compile(r"[_./:@#()+]|::|->")
_CAMEL_RE = re.compile(r"[a-z][A-Z]|(?<![A-Z])[A-Z]{2,}+[a-z]")
_DIGIT_RE = re.compile(r"\d")
_CAPS_WORD_RE = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]{3,}(?!\w)")
_DASH_RE = re.compile(r" [-–—] ")
_LIST_RE = re.compile(r"^\s*(?:[-*•·‣◦▪–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")
# Where a paragraph could be cut into two translated paragraphs: after a sentence end (strong),
# or, near either end, between a word and a capitalised word (a heading run into a paragraph,
# "Exceptions Even if a statement..."), or at a space in CJK text.
_SENTENCE_BOUNDARY_RE = re.compile(r"[.!?:;…)\]\"”»」』।॥؟؛։።]\s++(?=\S)|[。！？](?=\S)")
# Plain text has its white space collapsed to single spaces (plain_text), so every weak
# boundary starts with a space: the search skips to spaces at C speed.
_WEAK_BOUNDARY_RE = re.compile(
    r" (?:(?<=[\w,] )(?=[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω])|(?<=[\u3040-\u9fff\uac00-\ud7af] )"
    r"|(?=[\u3040-\u9fff\uac00-\ud7af]))"
)
# printf conversions (position and width dropped: translators reorder them, "%1$s" is "%s"),
# Python's %(name)s and {0} / {name} fields; "%%" is a literal percent sign
_PLACEHOLDER_RE = re.compile(
    r"%%|%(?:\d{1,2}\$)?[-+#0]{0,4}(?:\d{1,3}|\*)?(?:\.(?:\d{1,3}|\*))?"
    r"((?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspS])"
    r"|%(\([A-Za-z_]\w{0,30}\))[-+#0]{0,4}\d{0,3}(?:\.\d{1,3})?[diouxXeEfFgGcrsa]"
    r"|(\{(?:\d{1,2}|[A-Za-z_]\w{0,30})\})"
)
_LEAD_TERM_RE = re.compile(r"\s*([A-Za-z0-9]{1,2}) (?=\S)")
_LEAD_STOP = frozenset({"A", "I", "O", "E", "Y", "a", "o", "y"})  # articles, pronouns
_MAX_PLACEHOLDER_COUNT = 4  # "#%s*4" at most: more says little more
# quotes and brackets around a placeholder, as kept in its key ("#%'s'", "#%(d)"); every
# kind of quote counts as "'" (translators switch between them)
_PLACEHOLDER_OPEN = frozenset("'\"‘“«‹([{")
_PLACEHOLDER_CLOSE = frozenset("'\"’”»›)]}")
_QUOTE_AS = {q: "'" for q in '"‘’“”«»‹›'}
_CJK_CHAR_RE = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")
_WEAK_REACH = 100  # characters from either end where weak boundaries count
# end classes: indexes into END_CLASSES (after NFKC, so full-width forms are folded)
END_CLASSES = (".", ":", "?", "!", ";", ",", "…", "none", "other")
END_NONE = END_CLASSES.index("none")
END_OTHER = END_CLASSES.index("other")
END_ELLIPSIS = END_CLASSES.index("…")
_END_OF = {
    ".": 0,
    "。": 0,
    "।": 0,
    "॥": 0,
    "։": 0,
    "።": 0,  # full stops of several scripts
    ":": 1,
    "?": 2,
    "؟": 2,
    "!": 3,
    ";": 4,
    "؛": 4,
    ",": 5,
    "、": 5,
    "،": 5,
    "…": 6,
}
_QUOTES = frozenset('"“”„«»「」『』‹›')
_SENTENCE_END = frozenset(".!?:;,。！？：；…।؟؛،։።")
_TRAILING = " \t\"'“”’»)]」』）"

# Translator's notes inserted into a published translation: they must end up 0-1.
_NOTE_RE = re.compile(
    r"""^[\W\d]{0,4}(?:
        note\s+(?:du|de\s+la)\s+tradu(?:cteur|ctrice)|notes?\s+de\s+traduction
      | n\.?\s?d\.?\s?(?:t|l?r)\.?(?=[\W\s])|ndt\b|ndlr\b
      | n\.\s?(?:del|de\s+la|do|da)\s?t\.|nota\s+(?:del|de\s+la)\s+tradu(?:ctor|ctora|ttore|ttrice)
      | nota\s+d[oa]\s+tradu(?:tor|tora)|n\.\s?t\.(?=[\s:])|n\.d\.r\.
      | translator'?s?[’']?s?\s+note|note\s+(?:from|by)\s+the\s+translator|t/n\b|tn\s*:
      | anm(?:\.|erkung)\s*(?:d(?:\.|e[rs])\s*)?(?:ü|u|ue)bers(?:\.|etzers?|etzerin)
      | anm\.\s*d\.\s*(?:ü|ue)\.|anm\.\s*d\.\s*(?:red|hrsg)\.
      | noot\s+van\s+de\s+vertaler|n\.?v\.?d\.?v\.
      | прим(?:\.|ечание|ітка)\s*(?:пер(?:\.|евод(?:чика|а)|екл\.|екладача)|ред\.)
      | przyp(?:\.|is)\s*(?:tłum|tłumacza)|çevirmenin\s+notu|çev\.\s*n\.
      | pozn(?:\.|ámka)\s*(?:přek|prek)|catatan\s+penerjemah|ghi\s+chú\s+của\s+người\s+dịch
      | (?:övers|overs)(?:\.|ättarens|ætterens|etterens)\s*(?:anm|note|merknad)
      | kääntäjän\s+huomautus|suom\.\s*huom\.|a\s+fordító\s+megjegyzése|a\s+ford\.
      | nota\s+traducătorului|n\.\s?tr\.|σημείωση\s+του\s+μεταφραστή|σ\.\s?τ\.\s?μ\.
      | ملاحظة\s+المترجم|הערת\s+ה?מתרג[מם]
      | 訳注|訳者注|訳者より|译注|译者注|譯註|譯注|譯者註|역주|역자\s*주|옮긴이\s*주
    )""",
    re.I | re.X,
)


@dataclass(frozen=True, slots=True)
class ParagraphEvidence:
    length: int  # characters of the plain text, whitespace collapsed
    features: dict[str, str]  # feature key -> class
    heading: bool
    note: bool  # a translator's note (only looked for on the target side)
    plain: str  # the plain text (for memory and glossary matching)
    boundaries: tuple[int, ...]  # offsets where a second paragraph could start (sorted)
    boundary_ends: tuple[int, ...]  # end class (END_CLASSES) of the text before each boundary
    end: int  # end class of the paragraph: how its last sentence ends


def plain_text(text: str) -> str:
    """Inline markup removed, footnote references kept as "[label]", NFKC, spaces collapsed.

    NFKC folds full-width forms (Japanese "？：（１）" become "?:(1)") so punctuation and
    numbers compare across scripts.
    """
    if "<" in text:
        text = _FNREF_RE.sub(r" [\1] ", text)
        text = _TAG_RE.sub("", text)
    if "&" in text:
        text = _ENTITY_RE.sub(lambda m: _ENTITIES[m.group(1)], text)
    text = unicodedata.normalize("NFKC", text)
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Casefold and drop accents: "Naiveté" -> "naivete", so spelling variants meet."""
    word = word.casefold()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_translator_note(plain: str) -> bool:
    return _NOTE_RE.match(plain) is not None


def boundaries(plain: str) -> tuple[int, ...]:
    """Offsets where this paragraph could be the join of two (see _SENTENCE_BOUNDARY_RE)."""
    cuts = {m.end() for m in _SENTENCE_BOUNDARY_RE.finditer(plain)}
    n = len(plain)
    cuts.update(m.end() for m in _WEAK_BOUNDARY_RE.finditer(plain, 0, min(n, _WEAK_REACH + 1)))
    tail = max(0, n - _WEAK_REACH - 1)
    for m in _WEAK_BOUNDARY_RE.finditer(plain, tail):
        # a boundary needs the character before its space inside the window, unless the
        # space comes before CJK text (then nothing before it counts)
        if m.start() > tail or _CJK_CHAR_RE.match(plain, m.end()):
            cuts.add(m.end())
    cuts.discard(n)
    return tuple(sorted(cuts))


def end_class(text: str) -> int:
    """How a paragraph (or the piece before a cut) ends: full stop, colon, question mark, ...,
    or no punctuation at all (headings). Translations keep it more often than not, which
    tells, in a merged paragraph, which piece is the heading."""
    tail = text.rstrip().rstrip(_TRAILING)
    if not tail:
        return END_OTHER
    last = tail[-1]
    if last.isalnum():
        return END_NONE
    if tail.endswith("..."):  # NFKC turned "…" into "..."
        return END_ELLIPSIS
    return _END_OF.get(last, END_OTHER)


def looks_like_heading(plain: str) -> bool:
    """Short, no sentence punctuation at the end: a heading when the format does not say."""
    if not plain or len(plain) > 120:
        return False
    stripped = plain.rstrip(_TRAILING)
    if not stripped or stripped[-1] in _SENTENCE_END:
        return False
    # a heading has few words; CJK headings have no spaces, so count characters instead
    return plain.count(" ") < 14 and "。" not in plain


def _word_class(token: str, plain: str, start: int) -> str:
    if token[0].isupper():
        if len(token) > 1 and token.isupper():
            return NAME  # acronym: USSR, TUC, APT
        before = plain[max(0, start - 3) : start].rstrip(" \"'“«(‘")
        if before and before[-1] not in ".!?:;…¿¡":
            return NAME  # capitalised mid-sentence
    return WORD


def _shape_flags(plain: str, tail: str, features: dict[str, str]) -> None:
    """The shape flags (FLAG_CAPS ... FLAG_COMMA) of a paragraph; tail: plain without its
    trailing quotes and brackets."""
    if _CAPS_WORD_RE.match(plain):
        features[FLAG_CAPS] = FLAG_CAPS
    if ": " in tail[:-1]:
        features[FLAG_COLON] = FLAG_COLON
    if _DASH_RE.search(plain):
        features[FLAG_DASH] = FLAG_DASH
    if _DIGIT_RE.search(plain):
        features[FLAG_DIGIT] = FLAG_DIGIT
    commas = sum([plain.count(c) for c in _COMMAS])
    for step in _COMMA_STEPS:
        if commas >= step:
            features[f"{FLAG_COMMA}{step}"] = FLAG_COMMA


def extract(
    text: str, kind: str | None = None, *, look_for_notes: bool = False
) -> ParagraphEvidence:
    """The evidence of one paragraph (markup allowed, see records.Block.text)."""
    plain = plain_text(text)
    features: dict[str, str] = {}

    for m in _FOOTNOTE_RE.finditer(plain):
        features["f:" + m.group(1)] = FOOTNOTE
    scan = _FOOTNOTE_RE.sub(" ", plain) if "[" in plain else plain
    if "://" in scan or "@" in scan or "www." in scan:
        for m in _URL_RE.finditer(scan):
            features["u:" + m.group(0).rstrip(".,;:").casefold()] = URL
        scan = _URL_RE.sub(" ", scan)
    if CJK_RE.search(scan):
        scan = CJK_RE.sub(" ", scan)
        for skeleton in target_skeletons(plain):
            features["s:" + skeleton] = LOAN
    if "-" in scan:
        for m in _OPTION_RE.finditer(scan):
            features["o:" + m.group(0).split("=")[0]] = CODE

    # a term of one or two characters opening the paragraph ("T stopped by job control
    # signal", "r root directory"): the keys of a definition list (process states, access
    # codes), kept as they are by translators and otherwise too short to be a feature
    # (two letters capitalised are a word: "It", "In", "El")
    lead = _LEAD_TERM_RE.match(plain)
    if lead:
        term = lead.group(1)
        if term not in _LEAD_STOP and not (len(term) == 2 and term.isalpha() and term.istitle()):
            features["k:" + term] = CODE
    for m in _TOKEN_RE.finditer(scan):
        token = m.group(0)
        # fast paths first: most tokens are plain words or plain numbers
        if token.isalpha():
            if len(token) < 3 and not (len(token) == 2 and token.isupper()):
                continue
            if token.islower() or token.lower() == token:  # lower case, or a caseless script
                key = "w:" + fold(token)
                if key not in features:
                    features[key] = WORD
                continue
            if not (token.isupper() or token.istitle()):  # camelCase: an identifier
                features["c:" + token.casefold()] = CODE
                continue
            key = "w:" + fold(token)
            if features.get(key) != NAME:  # NAME anywhere in the paragraph wins
                features[key] = _word_class(token, scan, m.start())
            continue
        if token.isdigit():
            if not token.isascii():  # Arabic-Indic, Devanagari, ... digits: compare values
                token = "".join(str(unicodedata.digit(ch, 0)) for ch in token)
            features["n:" + (token.lstrip("0")[:12] or "0")] = NUM
            continue
        if token[0].isdigit() and _NUMBER_RE.fullmatch(token):
            digits = "".join(str(unicodedata.digit(ch, 0)) for ch in token if ch.isdigit())
            features["n:" + (digits.lstrip("0")[:12] or "0")] = NUM
            continue
        if (
            _CODE_CHARS_RE.search(token)
            or _CAMEL_RE.search(token)
            or (_DIGIT_RE.search(token) and not token.isdigit())
        ):
            key = "c:" + token.casefold().rstrip(".:")
            features[key] = CODE
            continue
        parts = token.replace("’", "-").replace("'", "-").split("-")
        offset = m.start()
        for part in parts:
            if len(part) >= 3 or (len(part) == 2 and part.isupper()):
                cls = _word_class(part, scan, offset)
                key = "w:" + fold(part)
                if features.get(key) != NAME:  # NAME anywhere in the paragraph wins
                    features[key] = cls
            offset += len(part) + 1

    if "%" in plain or "{" in plain:
        counts: dict[str, int] = {}
        for m in _PLACEHOLDER_RE.finditer(plain):
            spec = m.group(1) or m.group(2) or m.group(3)
            if spec:
                counts[spec] = n = counts.get(spec, 0) + 1
                if n <= _MAX_PLACEHOLDER_COUNT:
                    features["#%" + spec + (f"*{n}" if n > 1 else "")] = FLAG_PLACEHOLDER
                # quoted or bracketed ("'%s'", "(%d)"): translators keep that too,
                # and it tells apart messages with the same placeholders
                left = plain[m.start() - 1] if m.start() else ""
                right = plain[m.end()] if m.end() < len(plain) else ""
                if left in _PLACEHOLDER_OPEN and right in _PLACEHOLDER_CLOSE:
                    wrapped = _QUOTE_AS.get(left, left) + spec + _QUOTE_AS.get(right, right)
                    counts[wrapped] = n = counts.get(wrapped, 0) + 1
                    if n <= _MAX_PLACEHOLDER_COUNT:
                        features["#%" + wrapped + (f"*{n}" if n > 1 else "")] = FLAG_PLACEHOLDER

    # structure and punctuation
    heading = kind in _HEADING_KINDS if kind else looks_like_heading(plain)
    if heading:
        features[FLAG_HEADING] = FLAG_HEADING
    if kind and kind not in _HEADING_KINDS:
        features["#k:" + kind] = KIND
    tail = plain.rstrip(_TRAILING)
    if "?" in plain:
        features[FLAG_QUESTION] = FLAG_QUESTION
    if "!" in plain:
        features[FLAG_EXCLAMATION] = FLAG_EXCLAMATION
    if tail.endswith(("...", "…")):
        features[FLAG_ELLIPSIS] = FLAG_ELLIPSIS
    if "(" in plain:
        features[FLAG_PAREN] = FLAG_PAREN
    if not _QUOTES.isdisjoint(plain):
        features[FLAG_QUOTE] = FLAG_QUOTE
    if _LIST_RE.match(plain):
        features[FLAG_LIST] = FLAG_LIST
    for ch in _SYMBOLS:
        if ch in plain:
            features["#" + ch] = FLAG_SYMBOL
    _shape_flags(plain, tail, features)

    cuts = boundaries(plain)
    return ParagraphEvidence(
        length=len(plain),
        features=features,
        heading=heading,
        note=look_for_notes and is_translator_note(plain),
        plain=plain,
        boundaries=cuts,
        boundary_ends=tuple(end_class(plain[:k]) for k in cuts),
        end=end_class(plain),
    )


def extract_all(
    texts: Sequence[str], kinds: Sequence[str] | None = None, *, look_for_notes: bool = False
) -> list[ParagraphEvidence]:
    """`extract` for every paragraph of one side; a paragraph that comes again (a repeated
    heading, option description or boilerplate line) is read once (the evidence is never
    modified: vocabulary.py copies the features)."""
    seen: dict[tuple[str, str | None], ParagraphEvidence] = {}
    out: list[ParagraphEvidence] = []
    for k, t in enumerate(texts):
        key = (t, kinds[k] if kinds else None)
        ev = seen.get(key)
        if ev is None:
            ev = seen[key] = extract(t, key[1], look_for_notes=look_for_notes)
        out.append(ev)
    return out
