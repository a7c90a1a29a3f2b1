"""Checks that the structure of a unit survives: footnote references, inline markup, URLs.

All three are errors: a lost footnote reference or link breaks the published document, and a
changed or added URL is either a mistake or spam, which a volunteer platform must not publish
unreviewed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .parsing import parse
from .registry import ERROR, CheckContext, Finding, gettext_noop, register


@register(
    "footnote-refs",
    name=gettext_noop("Footnote references"),
    severity=ERROR,
    help=gettext_noop(
        "The translation must keep every footnote reference of the source, with the same "
        "labels and as many times. Move a reference within the sentence if the word order "
        "needs it, but do not drop, add or renumber one."
    ),
)
def footnote_refs(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    expected = Counter(parse(source).footnotes)
    found = Counter(parse(translation).footnotes)
    as_text = parse(translation).plain
    for label in expected:
        if found[label] == expected[label]:
            continue
        if found[label] == 0:
            if f"[{label}]" in as_text:
                # Typed by hand, e.g. from an offline tool: say how to fix it.
                template = gettext_noop(
                    "Footnote reference [%(label)s] is plain text in the translation, "
                    "not a footnote reference"
                )
            else:
                template = gettext_noop(
                    "Footnote reference [%(label)s] is missing in the translation"
                )
            yield Finding(template, {"label": label})
        else:
            yield Finding(
                gettext_noop(
                    "Footnote reference [%(label)s]: %(expected)s in the source, %(found)s in "
                    "the translation"
                ),
                {"label": label, "expected": expected[label], "found": found[label]},
            )
    for label in found:
        if label not in expected:
            yield Finding(
                gettext_noop("Footnote reference [%(label)s] is not in the source"),
                {"label": label},
            )


_BALANCE_MESSAGES = {
    "unclosed": gettext_noop("Tag <%(tag)s> is not closed in the translation"),
    "stray-close": gettext_noop("Closing tag </%(tag)s> has no opening tag in the translation"),
    "misnested": gettext_noop("Tag <%(tag)s> is closed out of order in the translation"),
    "unreadable": gettext_noop("The markup of the translation cannot be read"),
}


@register(
    "markup",
    name=gettext_noop("Inline markup"),
    severity=ERROR,
    help=gettext_noop(
        "The translation must have the same emphasis, strong emphasis, links, code, "
        "superscript, subscript, deleted and inserted text and images as the source, each "
        "opened and closed in order, and every link must point to the same address. Line "
        "breaks are not compared: verse and addresses may be set differently."
    ),
)
def markup(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    src, tgt = parse(source), parse(translation)
    # A fault already in the source is not the translator's: report only new ones.
    inherited = Counter(src.balance_errors)
    for error in tgt.balance_errors:
        if inherited[error]:
            inherited[error] -= 1
            continue
        kind, tag = error
        yield Finding(_BALANCE_MESSAGES[kind], {"tag": tag, "kind": kind})
    for tag in sorted(set(src.tags) | set(tgt.tags)):
        expected, found = src.tags[tag], tgt.tags[tag]
        if expected == found:
            continue
        details = {"tag": tag, "expected": expected, "found": found}
        if found == 0:
            yield Finding(gettext_noop("Tag <%(tag)s> is missing in the translation"), details)
        elif expected == 0:
            yield Finding(gettext_noop("Tag <%(tag)s> is not in the source"), details)
        else:
            yield Finding(
                gettext_noop(
                    "The source has %(expected)s <%(tag)s> elements but the translation "
                    "has %(found)s"
                ),
                details,
            )
    src_links, tgt_links = Counter(src.hrefs), Counter(tgt.hrefs)
    for href in src_links - tgt_links:
        yield Finding(
            gettext_noop("Link to %(href)s is missing in the translation"), {"href": href}
        )
    for href in tgt_links - src_links:
        yield Finding(gettext_noop("Link to %(href)s is not in the source"), {"href": href})


# URLs as they appear in running text. Trailing punctuation belongs to the sentence, and a
# closing bracket only to the URL when the URL opened one (Wikipedia-style links).
_URL_RE = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"«»“”„‘’「」]+", re.IGNORECASE)
_TRAILING = ".,;:!?…)]}'。、！？："


def url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each URL in plain text, trailing punctuation left out."""
    spans = []
    for match in _URL_RE.finditer(text):
        start, end = match.span()
        # Counted once and kept up to date: a URL ending in 100,000 ")" is not recounted
        # for each one stripped.
        opened, closed = text.count("(", start, end), text.count(")", start, end)
        while end > start and text[end - 1] in _TRAILING:
            if text[end - 1] == ")":
                if opened >= closed:
                    break
                closed -= 1
            end -= 1
        spans.append((start, end))
    return spans


def find_urls(text: str) -> list[str]:
    return [text[start:end] for start, end in url_spans(text)]


def _url_key(url: str) -> str:
    # Scheme and host are case-insensitive; the path is not.
    head, slash, rest = url.partition("/") if url.lower().startswith("www.") else ("", "", url)
    if head:
        return head.lower() + slash + rest
    scheme, sep, remainder = url.partition("://")
    host, slash, path = remainder.partition("/")
    return scheme.lower() + sep + host.lower() + slash + path


@register(
    "urls",
    name=gettext_noop("URLs"),
    severity=ERROR,
    help=gettext_noop(
        "Every web address written in the source text must appear unchanged in the "
        "translation, and the translation must not add addresses of its own."
    ),
)
def urls(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    src_found = find_urls(parse(source).plain)
    tgt_found = find_urls(parse(translation).plain)
    shown = {_url_key(url): url for url in [*tgt_found, *src_found]}  # as the source has it
    src_urls = Counter(_url_key(url) for url in src_found)
    tgt_urls = Counter(_url_key(url) for url in tgt_found)
    for key in src_urls - tgt_urls:
        yield Finding(
            gettext_noop("URL %(url)s is missing in the translation"), {"url": shown[key]}
        )
    for key in tgt_urls - src_urls:
        yield Finding(gettext_noop("URL %(url)s is not in the source"), {"url": shown[key]})


# msgcat and msguniq join the differing translations of one msgid into one msgstr, each part
# under a line "#-#-#-#-#  file.po (project)  #-#-#-#-#", and leave the entry fuzzy; published,
# the reader gets both versions and the file names.
CONFLICT_MARKER = "#-#-#-#-#"


@register(
    "merge-conflict",
    name=gettext_noop("Merge conflict markers"),
    severity=ERROR,
    help=gettext_noop(
        "The translation holds the #-#-#-#-# lines that msgcat or msguniq write where two "
        "catalogs translated the same text differently. Keep the right version, delete the "
        "other one and the marker lines."
    ),
)
def merge_conflict(source: str, translation: str, context: CheckContext) -> Iterator[Finding]:
    if CONFLICT_MARKER in translation and CONFLICT_MARKER not in source:
        files = re.findall(r"#-#-#-#-#\s*(.*?)\s*#-#-#-#-#", translation)
        yield Finding(
            gettext_noop(
                "The translation contains %(count)s msgcat conflict markers (#-#-#-#-#): "
                "choose one version"
            ),
            {"count": str(max(len(files), 1)), "files": files},
        )
