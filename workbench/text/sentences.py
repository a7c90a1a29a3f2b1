"""Sentence boundaries in stored inline markup, and cutting a paragraph into pieces at them.

Used where one translated paragraph must be shared between several source units (accepting an
n-1 alignment link). The boundaries are found in one left-to-right scan of the markup: never
inside an element, not after an initial, an abbreviation or a German ordinal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.text import markup

# `[^<>]` (not `[^>]`): a "<" that starts no tag costs a scan to the next "<" only, so a text
# of 200 KB of "<a" stays linear (sanitised markup escapes "<" in text and attribute values).
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*+)([^<>]*+)>")
# The last word before a final full stop, if any (`ends_sentence` reads at most 16 characters).
_LAST_WORD = re.compile(r"(\w+)\.$")
_ENDERS = frozenset(".!?…")
_CJK_ENDERS = frozenset("。！？")
# “ closes German quotations („...“), as ” closes English ones.
_CLOSERS = frozenset("\"'”“’‘»«›‹)]」』）")
_OPENERS = frozenset('"“„«‹‚‘¿¡([「『（')


def ends_sentence(tail: str) -> bool:
    """`tail` (the visible text just before a space) ends a sentence: a full stop, question
    or exclamation mark, maybe followed by closing quotes; not an initial or abbreviation
    ("J. Smith", "S. 176", "z. B.") and not a German ordinal ("20. Jahrhundert")."""
    text = tail.rstrip("".join(_CLOSERS))
    if not text or text[-1] not in _ENDERS:
        return False
    if text[-1] != ".":
        return True
    word = _LAST_WORD.search(text[-32:])
    if word is None:
        return True
    token = word.group(1)
    if token.isdigit():
        return len(token) > 2
    return len(token) > 1


def sentence_cuts(text: str) -> list[tuple[int, int]]:
    """Where `text` (sanitised inline markup) can be cut between two sentences, outside any
    element: (offset in the markup, visible characters before it), in order. Footnote
    reference labels do not count as visible text."""
    cuts: list[tuple[int, int]] = []
    depth = fnref = visible = 0
    tail = ""
    space_start: int | None = None  # markup offset where the current space run began
    candidate = False  # the space run follows the end of a sentence
    cut_at: int | None = None  # where the next sentence would start
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "<":
            match = _TAG_RE.match(text, i)
            if match is None:  # not a tag after all: a visible "<" (sanitised text escapes it)
                step, char = 1, ch
            else:
                closing, name = match.group(1), match.group(2).lower()
                if name != "br":
                    if closing:
                        depth = max(depth - 1, 0)
                        if name == "sup" and fnref:
                            fnref -= 1
                    else:
                        depth += 1
                        if name == "sup" and "fnref" in match.group(3):
                            fnref += 1
                    if candidate and cut_at is None:
                        cut_at = i  # the opening tag belongs to the next sentence
                i = match.end()
                continue
        elif ch == "&":
            end = text.find(";", i, i + 10)
            step, char = (end + 1 - i, "&") if end != -1 else (1, ch)
        else:
            step, char = 1, ch
        if fnref:
            i += step
            continue
        if char.isspace():
            if space_start is None:
                space_start = i
                candidate = depth == 0 and ends_sentence(tail)
                cut_at = None
                tail = (tail + " ")[-16:]
        else:
            if candidate and (char.isupper() or char.isdigit() or char in _OPENERS):
                cuts.append((cut_at if cut_at is not None else i, visible))
            space_start, candidate, cut_at = None, False, None
            tail = (tail + char)[-16:]
            if char in _CJK_ENDERS and depth == 0 and i + step < n:
                cuts.append((i + step, visible + 1))
        visible += 1
        i += step
    return cuts


def split_markup(text: str, weights: Sequence[float]) -> list[str] | None:
    """Cut `text` into len(weights) pieces at sentence boundaries, the pieces' lengths as
    close as possible to the weights' proportions; None when there are too few boundaries.
    Every piece is balanced markup (cuts are never inside an element)."""
    parts = len(weights)
    if parts <= 1:
        return [text]
    cuts = sentence_cuts(text)
    if len(cuts) < parts - 1:
        return None
    total_visible = len(markup.to_plain(text)) or 1
    if sum(weights) <= 0:
        weights = [1.0] * parts
    total_weight = float(sum(weights))
    goals = []
    running = 0.0
    for w in weights[:-1]:
        running += w
        goals.append(total_visible * running / total_weight)
    # Dynamic programming: choose parts-1 increasing cuts minimising the distance of each cut
    # from its goal (a paragraph has tens of sentences at most; parts is 2 or 3).
    m = len(cuts)
    inf = float("inf")
    cost = [[inf] * m for _ in range(parts - 1)]
    back = [[-1] * m for _ in range(parts - 1)]
    for c in range(m):
        cost[0][c] = abs(cuts[c][1] - goals[0])
    for g in range(1, parts - 1):
        best, best_at = inf, -1
        for c in range(m):
            if c - 1 >= 0 and cost[g - 1][c - 1] < best:
                best, best_at = cost[g - 1][c - 1], c - 1
            if best < inf:
                cost[g][c] = best + abs(cuts[c][1] - goals[g])
                back[g][c] = best_at
    last = min(range(m), key=lambda c: cost[parts - 2][c])
    chosen = [last]
    for g in range(parts - 2, 0, -1):
        chosen.append(back[g][chosen[-1]])
    offsets = [cuts[c][0] for c in reversed(chosen)]
    pieces = []
    start = 0
    for offset in [*offsets, len(text)]:
        pieces.append(markup.sanitize_inline(text[start:offset]))
        start = offset
    if any(not piece for piece in pieces):
        return None
    return pieces
