"""TBX-Basic v2 (martif) export: read by translate-toolkit (its tbx store, tbx2po, pocount)
and by our own reader, with the same concepts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
from translate.storage import tbx as tt_tbx

from workbench.formats.glossary_csv import ConceptRecord
from workbench.formats.tbx import read_tbx, write_tbx_v2

BIN = Path(sys.executable).parent
RECORDS = [
    ConceptRecord(
        terms={
            "en": "permanent revolution",
            "de": "permanente Revolution",
            "fr": "révolution permanente",
        },
        forbidden={"de": ["ständige Revolution"]},
        notes="Trotsky's theory, 1905 & 1930 <ed.>",
        id="12",
    ),
    ConceptRecord(terms={"en": "Left Opposition", "de": "Linke Opposition"}, id="13"),
    ConceptRecord(terms={"de": "Sowjet"}, id="14"),  # no English term
]


def _data() -> bytes:
    return write_tbx_v2(RECORDS, ["de", "en", "fr"], source_language="en", title="Glossary")


def test_our_reader_reads_it_back() -> None:
    back = read_tbx(_data())
    assert [r.terms for r in back] == [r.terms for r in RECORDS]
    assert back[0].forbidden == {"de": ["ständige Revolution"]}
    assert back[0].notes == RECORDS[0].notes
    assert (
        _data().startswith(b"<?xml")
        and b'<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">' in _data()
    )


def test_translate_toolkit_reads_the_terms() -> None:
    store = tt_tbx.tbxfile.parsestring(_data())
    sources = [unit.source for unit in store.units]
    assert sources[:2] == ["permanent revolution", "Left Opposition"]
    assert store.units[0].target == "permanente Revolution"


def test_tbx2po_and_pocount(tmp_path) -> None:
    source = tmp_path / "glossary.tbx"
    source.write_bytes(_data())
    target = tmp_path / "glossary.po"
    subprocess.run([str(BIN / "tbx2po"), str(source), str(target)], check=True,
                   capture_output=True)  # fmt: skip
    entries = [e for e in polib.pofile(str(target)) if e.msgid]
    assert ("permanent revolution", "permanente Revolution") in [
        (e.msgid, e.msgstr) for e in entries
    ]
    count = subprocess.run([str(BIN / "pocount"), str(source)], check=True, capture_output=True,
                           text=True)  # fmt: skip
    assert "Traceback" not in count.stderr
    assert "Total:" in count.stdout or "total" in count.stdout.lower()
