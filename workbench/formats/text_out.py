"""The translated document as plain text: one paragraph a block, blank lines between them,
footnote references as `[label]` and each note as `[label] text` at the end (what the text
importer reads back as typed references, formats/importers/txt.py)."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.formats.inline import BREAK, FNREF, inline_spans
from workbench.text.records import KIND_FOOTNOTE, UnitRecord

__all__ = ["export_text"]


def _plain(markup: str) -> str:
    out: list[str] = []
    for span in inline_spans(markup):
        if span.kind == FNREF:
            out.append(f"[{span.text}]")
        elif span.kind == BREAK:
            out.append("\n")
        else:
            out.append(span.text)
    return "".join(out).strip()


def export_text(units: Sequence[UnitRecord], texts: Sequence[str]) -> bytes:
    body: list[str] = []
    notes: list[str] = []
    for unit, text in zip(units, texts, strict=True):
        if unit.kind == KIND_FOOTNOTE:
            notes.append(f"[{unit.label}] {_plain(text)}" if unit.label else _plain(text))
        else:
            body.append(_plain(text))
    return ("\n\n".join(p for p in body + notes if p) + "\n").encode("utf-8")
