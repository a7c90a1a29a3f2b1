"""What reading one uploaded file may cost: the limits every reader of files takes.

Pure: the defaults here are those of workbench/settings.py, which `workbench.limits.file_limits`
reads and passes in (formats/ cannot import Django). Each limit is checked before the work
it bounds, on what the file really holds, never on what it declares (a zip member's size).
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class FileLimits:
    # Blocks (units) of one document: a 10,000-paragraph book imports, 300,000 one-letter
    # paragraphs do not (they would make pages and alignments of that size).
    max_units: int = 20_000
    # Markup tags of one XML or HTML file (every XML part of a .docx together), counted before
    # a tree is built: a tree costs about 120 bytes an element, and 2,000,000 leave a
    # 20,000-paragraph book 100 tags a paragraph.
    max_elements: int = 2_000_000
    # Pairs of a TMX file, concepts of a TBX or CSV glossary.
    max_records: int = 200_000
    # A .docx inflated (bytes really inflated, counted as they come) and its number of members.
    max_unpacked_bytes: int = 100 * MB
    max_archive_members: int = 1_000


DEFAULT_LIMITS = FileLimits()


def count_tags(data: bytes) -> int:
    """An upper bound of the elements of XML or HTML bytes (UTF-8 or UTF-16): every element
    starts with a "<" (comments, end tags and a stray "<" in HTML text count too)."""
    return data.count(b"<")
