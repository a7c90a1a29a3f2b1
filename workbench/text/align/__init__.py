"""Paragraph alignment of a document and its translation (pure Python, no Django).

    from workbench.text.align import align
    alignment = align(source_paragraphs, target_paragraphs, source_lang="en", target_lang="fr")
    alignment.to_json()  # [[[0], [0]], [[1, 2], [1]], [[3], []], ...]

Modules, in the order the evidence flows:
  evidence.py     what one paragraph carries that survives translation
  loanwords.py    katakana loanwords and the English words they sound like (consonant skeletons)
  vocabulary.py   the features both texts share (plus near-identical words, loanwords, glossary,
                  memory)
  weights.py      what each shared or missing feature is worth, learned from the texts
  associations.py word pairs learned from the first pass's links (second pass evidence)
  length.py       the length model (ratio and variance learned from the texts)
  scoring.py      one link's score: length + anchors + structure + shape prior
  anchors.py      anchor pairs and the band they guide
  coverage.py     how much of the source the target translates (excerpts)
  banded_dp.py    dynamic programming in a band, widened where the path presses its edge
  aligner.py      align(): two passes, confidences and the quality verdict
  links.py        Link, Alignment, the JSON form and validation
  corrections.py  the pure correction operations of the alignment screen
  calibration.py  how well confidences mean what they say (for the benchmark and tests)
  sentence_pairs.py  sentences aligned inside one paragraph link, for the memory
  cli.py          reading paragraph files and the align_files command's work
"""

from .aligner import align
from .links import (
    Alignment,
    JsonLinks,
    Link,
    Quality,
    from_json_links,
    from_scored_json,
    to_json_links,
    to_scored_json,
    validate_links,
)

__all__ = [
    "Alignment",
    "JsonLinks",
    "Link",
    "Quality",
    "align",
    "from_json_links",
    "from_scored_json",
    "to_json_links",
    "to_scored_json",
    "validate_links",
]
