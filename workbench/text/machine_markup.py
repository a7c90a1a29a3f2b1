"""Inline markup through a machine-translation engine, and back.

Engines asked with their HTML mode (Apertium APY `format=html`, LibreTranslate
`format=html`, DeepL `tag_handling=html`) keep tags in place around the words they
translate, but they would translate what is inside a footnote reference (a label "a" or
"*") or inside `<code>`. Those two are *protected*: each is replaced by an empty element
carrying a number, which engines keep as a tag, and put back after translation
(`restore`). Emphasis and links stay real markup so that the engine moves them with the
words they belong to.

Pure: no Django, no network. What the engine returns still goes through the one
stored-markup gate (text/markup.sanitize_inline) like anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A footnote reference or a code span as text/markup.sanitize_inline stores them.
# [^<]*: the stored markup flattens a footnote reference's content, and a code span with
# markup inside is left to the engine; it also keeps the search linear on hostile text.
_PROTECTED = re.compile(r'<sup class="fnref">[^<]*</sup>|<code>[^<]*</code>')
# The placeholder an engine gives back: attribute quoting and spacing may change.
_PLACEHOLDER = re.compile(r"""<span\s+data-wb\s*=\s*["']?(\d+)["']?\s*>\s*</span>""", re.IGNORECASE)
_SPACES = re.compile(r"  +")
_LEFTOVER = re.compile(r"""<span\s+data-wb\s*=\s*["']?\d+["']?\s*/?>|</span>""", re.IGNORECASE)


@dataclass(frozen=True)
class Protected:
    """A source ready for an engine: `html` to send, `pieces` to put back."""

    html: str
    pieces: tuple[str, ...]


def protect(source: str) -> Protected:
    """Replace footnote references and code spans of a stored unit source by numbered,
    empty placeholders."""
    pieces: list[str] = []

    def hold(match: re.Match[str]) -> str:
        pieces.append(match.group(0))
        return f'<span data-wb="{len(pieces) - 1}"></span>'

    return Protected(_PROTECTED.sub(hold, source), tuple(pieces))


def restore(translated: str, protected: Protected) -> str:
    """Put the protected pieces back where the engine left their placeholders. A piece
    whose placeholder the engine lost is appended at the end (the markup check then points
    at it rather than the footnote silently disappearing)."""
    seen: set[int] = set()

    def put_back(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index >= len(protected.pieces) or index in seen:
            return ""
        seen.add(index)
        return protected.pieces[index]

    text = _PLACEHOLDER.sub(put_back, translated)
    text = _LEFTOVER.sub("", text)
    missing = [piece for i, piece in enumerate(protected.pieces) if i not in seen]
    # Engines leave doubled spaces where they dropped or moved a word ("teoría  de").
    return _SPACES.sub(" ", text + "".join(missing))
