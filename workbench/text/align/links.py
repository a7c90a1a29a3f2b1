"""The result of an alignment: links between source and target paragraphs.

A valid alignment covers every source paragraph and every target paragraph exactly once, in
document order: reading the links one after the other, the source ids and the target ids each
run 0, 1, 2, ... without gaps. Links with an empty side are omissions (1-0, untranslated source)
and insertions (0-1, e.g. a translator's note). The correction operations in `corrections.py`
and the aligner both produce only valid alignments; `validate_links` is the one definition.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .coverage import PARTIAL_BELOW

JsonLinks = list[list[list[int]]]


@dataclass(frozen=True, slots=True)
class Link:
    """One link: consecutive source ids paired with consecutive target ids."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float = 1.0  # confidence in [0, 1]; 1.0 for links a person made or confirmed

    @property
    def kind(self) -> str:
        """The link's shape, e.g. "1-1", "2-1", "0-1"."""
        return f"{len(self.source)}-{len(self.target)}"

    @property
    def is_null(self) -> bool:
        return not self.source or not self.target


@dataclass(frozen=True, slots=True)
class Quality:
    """Whole-alignment evidence, for warning that a file is not a translation of the document.

    anchor_rate: share of non-null links whose paragraphs share at least one anchor (number,
      identifier, name, glossary or memory pair, ...), among the links where either side has
      anchors to share at all;
    length_agreement: share of non-null links whose lengths agree with the length ratio
      typical for the language pair (not the ratio learned from the file itself, which would
      fit anything);
    mean_evidence: mean link confidence over the non-null links.
    """

    anchor_rate: float = 0.0
    length_agreement: float = 0.0
    mean_evidence: float = 0.0
    null_rate: float = 0.0  # share of paragraphs (both sides) left unmatched
    length_ratio: float = 1.0  # target characters per source character, learned from the file
    looks_unrelated: bool = False
    # share of the source (in characters) the target translates: 1.0 for a whole translation,
    # about 0.2 for an excerpt of a fifth of the book (see coverage.py)
    coverage: float = 1.0

    @property
    def is_partial(self) -> bool:
        return self.coverage < PARTIAL_BELOW


@dataclass(frozen=True, slots=True)
class Alignment:
    links: list[Link]
    n_source: int
    n_target: int
    quality: Quality = field(default_factory=Quality)

    @property
    def looks_unrelated(self) -> bool:
        return self.quality.looks_unrelated

    @property
    def mean_evidence(self) -> float:
        return self.quality.mean_evidence

    def to_json(self) -> JsonLinks:
        return to_json_links(self.links)

    def weakest_first(self) -> list[int]:
        """Link indexes ordered by confidence, weakest first (for the correction screen)."""
        return sorted(range(len(self.links)), key=lambda k: (self.links[k].score, k))


def to_json_links(links: Iterable[Link]) -> JsonLinks:
    """`[[[source ids], [target ids]], ...]`, the format of align_files and the corpus."""
    return [[list(link.source), list(link.target)] for link in links]


def from_json_links(
    data: Sequence[Sequence[Sequence[int]]],
    n_source: int | None = None,
    n_target: int | None = None,
    score: float = 1.0,
) -> Alignment:
    """Read the JSON form back; the counts default to what the links cover. Validates."""
    links = [Link(tuple(int(i) for i in s), tuple(int(j) for j in t), score) for s, t in data]
    if n_source is None:
        n_source = sum(len(link.source) for link in links)
    if n_target is None:
        n_target = sum(len(link.target) for link in links)
    validate_links(links, n_source, n_target)
    return Alignment(links, n_source, n_target)


def to_scored_json(links: Iterable[Link]) -> list:
    """`[[[source ids], [target ids], score], ...]`: how an alignment run stores its links."""
    return [[list(link.source), list(link.target), link.score] for link in links]


def from_scored_json(data: Iterable[Sequence]) -> list[Link]:
    """The links of `to_scored_json`, not validated (a stored run was validated on the way
    in)."""
    return [Link(tuple(s), tuple(t), float(score)) for s, t, score in data]


def validate_links(links: Sequence[Link], n_source: int, n_target: int) -> None:
    """Raise ValueError unless the links cover both sides exactly once, in document order."""
    next_s = next_t = 0
    for k, link in enumerate(links):
        if not link.source and not link.target:
            raise ValueError(f"link {k} is empty")
        for i in link.source:
            if i != next_s:
                raise ValueError(f"link {k}: source {i} where {next_s} was expected")
            next_s += 1
        for j in link.target:
            if j != next_t:
                raise ValueError(f"link {k}: target {j} where {next_t} was expected")
            next_t += 1
        if not 0.0 <= link.score <= 1.0:
            raise ValueError(f"link {k}: score {link.score} outside [0, 1]")
    if next_s != n_source or next_t != n_target:
        raise ValueError(
            f"links cover {next_s}/{n_source} source and {next_t}/{n_target} target paragraphs"
        )
