"""Typography: ending punctuation, quotation marks, spaces. All warnings.

Conventions differ by language and by house style, so these checks only speak up where a
translation is clearly off, and stay silent where they cannot know (an unknown language gets
the balance check but no style check).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.text.languages import primary_subtag

from .langs import region_or_script
from .parsing import parse
from .registry import WARNING, CheckContext, Finding, gettext_noop, register

# ---------------------------------------------------------------------------------------------
# Ending punctuation

PERIOD, QUESTION, EXCLAMATION, COLON, ELLIPSIS = "period", "question", "exclamation", "colon", "…"

# Every mark any language ends a sentence with, and what it stands for. Greek ";" and the
# semicolon are the same character: the language decides (see _classes).
_MARKS = {
    ".": PERIOD, "。": PERIOD, "．": PERIOD, "｡": PERIOD, "।": PERIOD, "॥": PERIOD,
    "۔": PERIOD, "։": PERIOD, "።": PERIOD, "။": PERIOD,
    "?": QUESTION, "？": QUESTION, "؟": QUESTION, "\u037e": QUESTION, "՞": QUESTION,
    "!": EXCLAMATION, "！": EXCLAMATION, "՜": EXCLAMATION,
    ":": COLON, "：": COLON,
    "…": ELLIPSIS, "⋯": ELLIPSIS,
}  # fmt: skip
# Closing quotes and brackets stand after (or before) the final mark depending on language
# ("… 1927.”" in English, "… 1927“." in German): both are looked through.
_CLOSERS = "\"'”“„‟’‘‚«»‹›」』》〉）)]}】〕］"
# What each class looks like in a language when it differs from the Latin marks; the
# message shows the first one.
_LOCAL_MARKS = {
    "zh": {PERIOD: "。．", QUESTION: "？?", EXCLAMATION: "！!", COLON: "：:", ELLIPSIS: "…⋯"},
    "ja": {PERIOD: "。．｡", QUESTION: "？?", EXCLAMATION: "！!", COLON: "：:", ELLIPSIS: "…⋯"},
    "el": {QUESTION: ";\u037e"},
    "ar": {QUESTION: "؟?"},
    "fa": {QUESTION: "؟?"},
    "ur": {PERIOD: "۔.", QUESTION: "؟?"},
    "hi": {PERIOD: "।."},
    "mr": {PERIOD: "।."},
    "ne": {PERIOD: "।."},
    "bn": {PERIOD: "।."},
    "hy": {PERIOD: "։.", QUESTION: "՞?", EXCLAMATION: "՜!"},
    "am": {PERIOD: "።."},
    "my": {PERIOD: "။."},
}
# Languages that end sentences without a mark (Thai, Lao): a missing period is fine.
_OPTIONAL_PERIOD = frozenset({"th", "lo"})
_DEFAULT_MARKS = {PERIOD: ".", QUESTION: "?", EXCLAMATION: "!", COLON: ":", ELLIPSIS: "…"}


def _tail(text: str) -> str:
    """The final punctuation marks, looking through closing quotes, brackets and spaces."""
    start = len(text)
    while start and (
        text[start - 1] in _MARKS
        or text[start - 1] in _CLOSERS
        or text[start - 1] == ";"
        or text[start - 1].isspace()
    ):
        start -= 1
    return "".join(char for char in text[start:] if char in _MARKS or char == ";")


def _classes(tail: str, lang: str) -> set[str]:
    found: set[str] = set()
    if "..." in tail or "。。。" in tail:
        found.add(ELLIPSIS)
    for char in tail:
        if char == ";":
            if lang == "el":
                found.add(QUESTION)
            continue
        kind = _MARKS.get(char)
        if kind is not None:
            found.add(kind)
    if ELLIPSIS in found:
        found.discard(PERIOD)  # "..." is not also a period
    return found


def _allowed(kind: str, lang: str) -> str:
    return _LOCAL_MARKS.get(lang, {}).get(kind, _DEFAULT_MARKS[kind])


@register(
    "ending-punctuation",
    name=gettext_noop("Ending punctuation"),
    severity=WARNING,
    help=gettext_noop(
        "When the source ends with a full stop, question mark, exclamation mark, colon or "
        "ellipsis, the translation should end with the same kind of mark, written the way "
        "the target language writes it (。 in Chinese and Japanese, ; for a Greek question, "
        "؟ in Arabic, ¿…? and ¡…! in Spanish); and it should not add one where the source "
        "(a heading, say) has none."
    ),
)
def ending_punctuation(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    src_lang, lang = primary_subtag(context.source_lang), primary_subtag(context.target_lang)
    src_text, tgt_text = parse(source).prose, parse(translation).prose
    src_tail, tgt_tail = _tail(src_text), _tail(tgt_text)
    expected = _classes(src_tail, src_lang)
    found = _classes(tgt_tail, lang)
    if expected and not expected & found:
        kind = sorted(expected)[0]
        if not (kind == PERIOD and lang in _OPTIONAL_PERIOD and not found):
            yield Finding(
                gettext_noop(
                    "The source ends with “%(source_mark)s” but the translation does not "
                    "(expected “%(expected)s”)"
                ),
                {"source_mark": src_tail, "expected": _allowed(kind, lang)[0]},
            )
    elif found and not expected and src_text.strip():
        yield Finding(
            gettext_noop("The translation ends with “%(mark)s” but the source does not"),
            {"mark": tgt_tail},
        )
    elif expected & found:
        kind = sorted(expected & found)[0]
        marks = set(tgt_tail) & set(_MARKS)
        allowed = _allowed(kind, lang)
        if kind != ELLIPSIS and marks and not marks & set(allowed):
            yield Finding(
                gettext_noop("The translation should end with “%(expected)s”, not “%(mark)s”"),
                {"expected": allowed[0], "mark": tgt_tail},
            )
    if lang == "es":
        # Spanish opens what it closes: a question or exclamation needs ¿ or ¡ before it.
        for close, opening in (("?", "¿"), ("!", "¡")):
            if close in tgt_tail and opening not in tgt_text:
                yield Finding(
                    gettext_noop("The translation ends with “%(mark)s” but has no “%(opening)s”"),
                    {"mark": close, "opening": opening},
                )


# ---------------------------------------------------------------------------------------------
# Quotation marks

# Pairs whose opening and closing characters are distinct in every language that uses them.
_BRACKET_PAIRS = (("「", "」"), ("『", "』"), ("《", "》"), ("〈", "〉"))
_DOUBLE = '“”„‟"'  # curly, low and straight double quotes
_GUILLEMETS = "«»"

# Double quotation marks each language uses (primary and nested styles), after the
# typographic conventions in the Unicode CLDR and national style guides. A mark outside its
# language's set is clearly wrong: "Sozialismus in einem Land” has an English closing quote.
_QUOTE_STYLES = {
    "en": "“”", "ga": "“”", "cy": "‘’“”",
    "de": "„“»«", "cs": "„“»«", "sk": "„“»«", "sl": "„“»«", "lb": "„“»«",
    "da": "»«„“”", "is": "„“",
    "fr": "«»“”", "es": "«»“”", "ca": "«»“”", "gl": "«»“”", "eu": "«»“”",
    "it": "«»“”", "pt": "«»“”", "el": "«»“”", "tr": "“”«»", "vi": "“”",
    "ru": "«»„“", "uk": "«»„“", "be": "«»„“", "bg": "„“«»", "kk": "«»„“",
    "pl": "„”«»", "ro": "„”«»", "hu": "„”»«", "hr": "„”»«", "sr": "„”»«", "bs": "”„“»«",
    "nl": "“”„", "sv": "”»", "fi": "”»", "nb": "«»‘’„“", "no": "«»„“", "nn": "«»„“",
    "et": "„“«»", "lt": "„“", "lv": "«»„“", "sq": "«»„“", "mk": "„“",
    "ar": "«»“”", "fa": "«»“”", "ur": "“”", "he": "“”„", "yi": "„“",
    "ja": "「」『』“”", "zh": "“”「」『』", "ko": "“”「」『』",
    "hi": "“”", "bn": "“”", "ta": "“”", "id": "“”", "ms": "“”", "th": "“”", "sw": "“”",
}  # fmt: skip
_STYLE_EXAMPLES = {
    "en": "“…”", "de": "„…“ or »…«", "fr": "« … »", "es": "«…» or “…”", "it": "«…»",
    "pt": "“…” or «…»", "ru": "«…»", "uk": "«…»", "pl": "„…”", "ja": "「…」",
    "zh": "“…” or 「…」", "ar": "«…» or “…”", "nl": "“…”", "sv": "”…”", "fi": "”…”",
    "da": "»…«", "cs": "„…“", "el": "«…»", "tr": "“…”",
}  # fmt: skip


def _imbalances(text: str) -> list[tuple[str, str]]:
    """(family, "how many of each") for each family of quotation marks out of balance."""
    out = []

    def counts(marks: str) -> str:
        return ", ".join(f"{text.count(mark)} × {mark}" for mark in marks if mark in text)

    for opening, closing in _BRACKET_PAIRS:
        if text.count(opening) != text.count(closing):
            out.append((opening + "…" + closing, counts(opening + closing)))
    # Guillemets open with « in French and with » in German, Swedish writes »…»: balanced
    # means an even number, and equal numbers wherever both directions are used.
    left, right = text.count("«"), text.count("»")
    if (left + right) % 2 or (left and right and left != right):
        out.append(("«…»", counts(_GUILLEMETS)))
    # “ closes in German and opens in English; ” closes in English and Polish: only the
    # total is language-free, and „ always opens.
    doubles = sum(text.count(mark) for mark in _DOUBLE)
    lows = text.count("„")
    if doubles % 2 or lows > doubles - lows:
        out.append(("“…”", counts(_DOUBLE)))
    return out


@register(
    "quotes-balanced",
    name=gettext_noop("Quotation marks balanced"),
    severity=WARNING,
    help=gettext_noop(
        "Every quotation opened in the translation should be closed. Not checked when the "
        "source itself is unbalanced, as in a quotation running over several paragraphs. "
        "Single quotes are not counted: ’ is also the apostrophe."
    ),
)
def quotes_balanced(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    if _imbalances(parse(source).prose):
        return
    for family, counts in _imbalances(parse(translation).prose):
        yield Finding(
            gettext_noop(
                "Quotation marks %(family)s are unbalanced in the translation: %(counts)s"
            ),
            {"family": family, "counts": counts},
        )


_FRENCH_OPEN_RE = re.compile(r"«(?![\s\u00a0\u202f\u2009])")
_FRENCH_CLOSE_RE = re.compile(r"(?<![\s\u00a0\u202f\u2009])»")


@register(
    "quote-style",
    name=gettext_noop("Quotation mark style"),
    severity=WARNING,
    help=gettext_noop(
        "Quotation marks should follow the target language: „…“ or »…« in German, « … » "
        "with no-break spaces inside in French, «…» or “…” in Spanish, «…» in Russian, „…” "
        'in Polish, 「…」 in Japanese. Straight quotes "…" are flagged when the source uses '
        "typographic ones."
    ),
)
def quote_style(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    lang = primary_subtag(context.target_lang)
    text = parse(translation).prose
    styles = _QUOTE_STYLES.get(lang)
    example = _STYLE_EXAMPLES.get(lang, "")
    if styles is not None:
        if lang == "de" and "ch" in region_or_script(context.target_lang):
            styles += "«»‹›"
        alien = sorted({mark for mark in "“”„«»「」『』" if mark in text and mark not in styles})
        if alien:
            yield Finding(
                gettext_noop(
                    "Quotation mark %(marks)s is not used in this language; use %(example)s"
                ),
                {"marks": " ".join(alien), "example": example or styles[:2]},
            )
    source_text = parse(source).prose
    if '"' in text and '"' not in source_text and any(m in source_text for m in "“”„«»「」"):
        yield Finding(
            gettext_noop('Straight quotes "…" in the translation; use %(example)s'),
            {"example": example or "“…”"},
        )
    # French sets guillemets off with a (narrow) no-break space; Swiss French does not.
    if lang == "fr" and "ch" not in region_or_script(context.target_lang):
        if _FRENCH_OPEN_RE.search(text) or _FRENCH_CLOSE_RE.search(text):
            yield Finding(
                gettext_noop("French guillemets need a no-break space inside: « … », not «…»"),
                {},
            )


# ---------------------------------------------------------------------------------------------
# Spaces

_DOUBLE_SPACE_RE = re.compile(r"[ \u00a0\u202f\u2009\u2007\t]{2,}")


@register(
    "double-space",
    name=gettext_noop("Double spaces"),
    severity=WARNING,
    help=gettext_noop(
        "Two spaces in a row (including a space next to a no-break space) are usually a "
        "typing slip; they are not flagged where the source has as many."
    ),
)
def double_space(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    # Within the text only: leading and trailing space is the whitespace check's concern.
    found = len(_DOUBLE_SPACE_RE.findall(parse(translation).prose.strip()))
    allowed = len(_DOUBLE_SPACE_RE.findall(parse(source).prose.strip()))
    if found > allowed:
        yield Finding(
            gettext_noop("The translation has a double space (%(count)s in all)"),
            {"count": found},
        )


def _edge(text: str, leading: bool) -> str:
    stripped = text.lstrip() if leading else text.rstrip()
    return text[: len(text) - len(stripped)] if leading else text[len(stripped) :]


@register(
    "whitespace",
    name=gettext_noop("Leading and trailing whitespace"),
    severity=WARNING,
    help=gettext_noop(
        "The translation should start and end with the same whitespace as the source "
        "(usually none): stray spaces or line breaks change the layout of the document."
    ),
)
def whitespace(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    for leading in (True, False):
        src, tgt = _edge(source, leading), _edge(translation, leading)
        if src == tgt:
            continue
        details = {"source": src, "translation": tgt}
        if not src:
            template = (
                gettext_noop("The translation starts with whitespace but the source does not")
                if leading
                else gettext_noop("The translation ends with whitespace but the source does not")
            )
        elif not tgt:
            template = (
                gettext_noop("The source starts with whitespace but the translation does not")
                if leading
                else gettext_noop("The source ends with whitespace but the translation does not")
            )
        else:
            template = (
                gettext_noop("The translation starts with different whitespace than the source")
                if leading
                else gettext_noop("The translation ends with different whitespace than the source")
            )
        yield Finding(template, details)
