"""PO export/import: structure, GNU msgfmt checks, and the round trip through gettext tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.formats.conftest import AR, DE, DOC, ZH
from workbench.formats.po import (
    HEADER_DOCUMENT,
    PoError,
    bcp47_language_code,
    export_po,
    parse_unit_comments,
    po_language_code,
    read_po,
)
from workbench.text.records import (
    STATUS_DRAFT,
    STATUS_OUTDATED,
    DocumentInfo,
    ExportRow,
    LanguageInfo,
    TranslationRecord,
    UnitRecord,
)

GETTEXT = shutil.which("msgfmt") and shutil.which("msgcat") and shutil.which("msgattrib")
needs_gettext = pytest.mark.skipif(
    not GETTEXT, reason="GNU gettext tools (msgfmt, msgcat, msgattrib) not installed"
)
WHEN = datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, errors="replace", check=False, timeout=60
    )


def selection(path: Path, rows: list[ExportRow], keys: set[str]) -> Path:
    """A PO file naming some units, for msgattrib --only-file."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for row in rows:
        if row.unit.key in keys:
            po.append(polib.POEntry(msgctxt=row.unit.key, msgid=row.unit.source, msgstr=""))
    po.save(str(path))
    return path


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- export structure ---------------------------------------------------------------------


def test_export_entries_follow_the_units(rows: list[ExportRow]) -> None:
    po = polib.pofile(export_po(DOC, DE, rows, generated_at=WHEN).decode("utf-8"))
    entries = [e for e in po if not e.obsolete]
    assert [e.msgctxt for e in entries] == [r.unit.key for r in rows]
    assert [e.msgid for e in entries] == [r.unit.source for r in rows]
    by_key = {e.msgctxt: e for e in entries}

    assert by_key["title"].msgstr == "Die <em>permanente</em> Revolution"
    assert by_key["title"].flags == []
    assert by_key["item-1"].msgstr == ""  # untranslated
    assert by_key["item-1"].flags == []
    assert by_key["p-theory"].flags == ["fuzzy"]  # draft
    assert by_key["p-theory"].previous_msgid is None
    quote = by_key["quote-1"]  # outdated: fuzzy with the source it was made from
    assert quote.flags == ["fuzzy"]
    assert quote.previous_msgid == "“The complete victory,” he wrote, “is impossible.”"

    assert by_key["intro"].comment == "kind: heading 2\nposition: 3"
    assert by_key["quote-1"].comment == "kind: blockquote\nposition: 5"
    assert by_key["fn-1"].comment == "kind: footnote\nposition: 7\nfootnote: 1"


def test_export_header(rows: list[ExportRow]) -> None:
    data = export_po(DOC, DE, rows, generated_at=WHEN)
    meta = polib.pofile(data.decode("utf-8")).metadata
    assert meta["Language"] == "de"
    assert meta["Plural-Forms"] == DE.plural_forms
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["Content-Transfer-Encoding"] == "8bit"
    assert meta["MIME-Version"] == "1.0"
    assert meta["Project-Id-Version"] == "workbench permanent-revolution"
    assert meta["PO-Revision-Date"] == "2024-05-01 12:30+0000"
    assert meta["POT-Creation-Date"] == "2024-05-01 12:30+0000"
    assert meta["X-Generator"] == "workbench"
    assert meta["Language-Team"] == "Deutsch"
    assert meta[HEADER_DOCUMENT] == "permanent-revolution"
    assert data.startswith(b"# The Permanent Revolution: Deutsch translation\n")
    assert data.endswith(b'"\n') and not data.endswith(b"\n\n")


def test_generated_at_in_another_zone_is_written_in_utc(rows: list[ExportRow]) -> None:
    berlin = datetime(2024, 5, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    catalog = read_po(export_po(DOC, DE, rows, generated_at=berlin))
    assert catalog.metadata["PO-Revision-Date"] == "2024-05-01 12:30+0000"
    assert catalog.exported_at == datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


def test_export_orders_by_position(rows: list[ExportRow]) -> None:
    catalog = read_po(export_po(DOC, DE, list(reversed(rows)), generated_at=WHEN))
    assert [r.msgctxt for r in catalog.records] == [r.unit.key for r in rows]


def test_empty_source_is_refused_not_written_as_a_second_header() -> None:
    rows = [ExportRow(UnitRecord("blank", 1, "paragraph", "  "), {"de": None})]
    with pytest.raises(PoError, match="blank"):
        export_po(DOC, DE, rows)


def test_duplicate_keys_are_refused_on_export() -> None:
    rows = [
        ExportRow(UnitRecord("same", 1, "paragraph", "One"), {}),
        ExportRow(UnitRecord("same", 2, "paragraph", "Two"), {}),
    ]
    with pytest.raises(PoError, match="twice"):
        export_po(DOC, DE, rows)


def test_nul_characters_are_refused_on_export() -> None:
    rows = [
        ExportRow(
            UnitRecord("k", 1, "paragraph", "One"), {"de": TranslationRecord("a\x00", "draft")}
        )
    ]
    with pytest.raises(PoError, match="NUL"):
        export_po(DOC, DE, rows)


def test_draft_with_empty_text_is_exported_as_untranslated() -> None:
    rows = [
        ExportRow(
            UnitRecord("k", 1, "paragraph", "One"), {"de": TranslationRecord("", STATUS_DRAFT)}
        )
    ]
    record = read_po(export_po(DOC, DE, rows)).records[0]
    assert record.msgstr == "" and not record.fuzzy


# --- msgfmt -------------------------------------------------------------------------------


@needs_gettext
@pytest.mark.parametrize("language", [DE, AR, ZH, LanguageInfo("pt-BR", "Português (Brasil)")])
def test_export_passes_msgfmt_checks(
    tmp_path: Path, rows: list[ExportRow], language: LanguageInfo
) -> None:
    path = write(tmp_path, "doc.po", export_po(DOC, language, rows, generated_at=WHEN))
    strict = run(
        "msgfmt", "--check-format", "--check-header", "--check-domain", "-o", os.devnull, str(path)
    )
    assert strict.returncode == 0, strict.stderr
    assert strict.stderr == ""
    check = run("msgfmt", "--check", "--statistics", "-o", os.devnull, str(path))
    assert check.returncode == 0, check.stderr
    assert "warning" not in check.stderr


@needs_gettext
def test_newline_mismatch_is_exported_fuzzy_so_msgfmt_check_passes(tmp_path: Path) -> None:
    rows = [
        ExportRow(
            UnitRecord("a", 1, "paragraph", "One\n"), {"de": TranslationRecord("Eins", "approved")}
        ),
        ExportRow(
            UnitRecord("b", 2, "paragraph", "Two"), {"de": TranslationRecord("\nZwei", "approved")}
        ),
        ExportRow(
            UnitRecord("c", 3, "paragraph", "Three\nlines\n"),
            {"de": TranslationRecord("Drei\nZeilen\n", "approved")},
        ),
    ]
    path = write(tmp_path, "nl.po", export_po(DOC, DE, rows))
    check = run("msgfmt", "--check", "-o", os.devnull, str(path))
    assert check.returncode == 0, check.stderr
    assert [r.fuzzy for r in read_po(path.read_bytes()).records] == [True, True, False]


def test_names_with_newlines_cannot_break_the_header() -> None:
    language = LanguageInfo(
        "de", "Deutsch\nX-Evil: 1", plural_forms="nplurals=2;\nplural=(n != 1);"
    )
    doc = DocumentInfo("slug", "A\ntitle", DE)
    catalog = read_po(
        export_po(doc, language, [ExportRow(UnitRecord("k", 1, "paragraph", "x"), {})])
    )
    assert catalog.metadata["Language-Team"] == "Deutsch X-Evil: 1"
    assert "X-Evil" not in catalog.metadata
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@needs_gettext
def test_msgfmt_compiles_the_translations(tmp_path: Path, rows: list[ExportRow]) -> None:
    po_path = write(tmp_path, "doc.po", export_po(DOC, DE, rows, generated_at=WHEN))
    mo_path = tmp_path / "doc.mo"
    assert run("msgfmt", "-o", str(mo_path), str(po_path)).returncode == 0
    mo = polib.mofile(str(mo_path))
    # Fuzzy entries are left out of the compiled catalog, as gettext does.
    assert {e.msgctxt: e.msgstr for e in mo} == {
        "byline": "Pioneer Publishers, New York",
        "title": "Die <em>permanente</em> Revolution",
        "intro": "Einleitung",
        "fn-1": "<em>Die permanente Revolution</em>, 1930.",
    }


# --- import -------------------------------------------------------------------------------


def test_round_trip_through_read_po(rows: list[ExportRow]) -> None:
    catalog = read_po(export_po(DOC, DE, rows, generated_at=WHEN))
    assert catalog.language == "de"
    assert catalog.document == "permanent-revolution"
    assert catalog.exported_at == WHEN
    assert catalog.obsolete == 0
    records = catalog.by_context()
    assert list(records) == [r.unit.key for r in rows]
    for row in rows:
        record = records[row.unit.key]
        translation = row.translations["de"]
        assert record.msgid == row.unit.source
        assert record.msgstr == (translation.text if translation else "")
        assert record.fuzzy == (
            translation is not None and translation.status in (STATUS_DRAFT, STATUS_OUTDATED)
        )
        info = record.unit_info
        assert (info.kind, info.level, info.position, info.label) == (
            row.unit.kind,
            row.unit.level,
            row.unit.position,
            row.unit.label,
        )
    assert records["quote-1"].previous_msgid == rows[4].translations["de"].previous_source


@needs_gettext
def test_round_trip_through_gettext_tools(tmp_path: Path, rows: list[ExportRow]) -> None:
    """Export, then what translators' tools do: re-wrap, reorder, comment, set fuzzy."""
    exported = write(tmp_path, "export.po", export_po(DOC, DE, rows, generated_at=WHEN))

    wrapped = tmp_path / "wrapped.po"
    assert run("msgcat", "-w", "40", "-o", str(wrapped), str(exported)).returncode == 0
    strings = [s for s in wrapped.read_text("utf-8").splitlines() if not s.startswith("#")]
    assert max(len(line) for line in strings) <= 45

    # A translator comment by hand, as Poedit would add it (before the entry's other comments).
    text = wrapped.read_text("utf-8")
    text = text.replace("#. kind: title\n", "# Check the title with Anna.\n#. kind: title\n", 1)
    wrapped.write_text(text, "utf-8")

    # Mark two entries fuzzy and clear the fuzzy flag of another, as a reviewer might.
    only = selection(tmp_path / "only.po", rows, {"title", "fn-1"})
    fuzzied = tmp_path / "fuzzied.po"
    result = run(
        "msgattrib", "--set-fuzzy", f"--only-file={only}", "-o", str(fuzzied), str(wrapped)
    )
    assert result.returncode == 0, result.stderr
    only_theory = selection(tmp_path / "only2.po", rows, {"p-theory"})
    cleared = tmp_path / "cleared.po"
    result = run(
        "msgattrib", "--clear-fuzzy", f"--only-file={only_theory}", "-o", str(cleared), str(fuzzied)
    )
    assert result.returncode == 0, result.stderr

    # Reorder (by msgid) and re-wrap again.
    final = tmp_path / "final.po"
    assert (
        run("msgcat", "--sort-output", "-w", "40", "-o", str(final), str(cleared)).returncode == 0
    )
    assert run("msgfmt", "--check", "-o", os.devnull, str(final)).returncode == 0

    catalog = read_po(final.read_bytes())
    assert catalog.document == "permanent-revolution"
    assert catalog.language == "de"
    assert catalog.exported_at == WHEN
    records = catalog.by_context()
    assert [r.msgctxt for r in catalog.records] != [r.unit.key for r in rows]  # reordered
    assert set(records) == {r.unit.key for r in rows}
    expected_fuzzy = {"title", "fn-1", "quote-1"}  # p-theory was cleared, title and fn-1 set
    assert {k for k, r in records.items() if r.fuzzy} == expected_fuzzy
    for row in rows:
        record = records[row.unit.key]
        translation = row.translations["de"]
        assert record.msgid == row.unit.source  # un-wrapped exactly
        assert record.msgstr == (translation.text if translation else "")
        assert record.unit_info.position == row.unit.position
        assert record.unit_info.kind == row.unit.kind
    assert records["title"].tcomment == "Check the title with Anna."
    assert records["quote-1"].previous_msgid == rows[4].translations["de"].previous_source
    assert records["fn-1"].unit_info.label == "1"


@needs_gettext
def test_fuzzy_header_and_obsolete_entries_are_tolerated(
    tmp_path: Path, rows: list[ExportRow]
) -> None:
    exported = write(tmp_path, "export.po", export_po(DOC, DE, rows, generated_at=WHEN))
    fuzzied = tmp_path / "all-fuzzy.po"
    # Without --only-file every entry, the header included, becomes fuzzy.
    assert run("msgattrib", "--set-fuzzy", "-o", str(fuzzied), str(exported)).returncode == 0
    text = (
        fuzzied.read_text("utf-8")
        + '\n#~ msgctxt "gone"\n#~ msgid "Removed"\n#~ msgstr "Entfernt"\n'
    )
    catalog = read_po(text.encode("utf-8"))
    assert catalog.document == "permanent-revolution"
    assert catalog.obsolete == 1
    assert "gone" not in catalog.by_context()
    translated = [r for r in catalog.records if r.msgstr]
    assert translated and all(r.fuzzy for r in translated)


def test_language_codes_between_bcp47_and_gettext() -> None:
    assert po_language_code("pt-BR") == "pt_BR"
    assert po_language_code("zh-Hans") == "zh_Hans"
    assert po_language_code("sr-Latn") == "sr@latin"
    assert po_language_code("de") == "de"
    assert bcp47_language_code("pt_BR") == "pt-BR"
    assert bcp47_language_code("sr@latin") == "sr-Latn"
    assert bcp47_language_code("de_DE.UTF-8") == "de-DE"
    rows = [ExportRow(UnitRecord("k", 1, "paragraph", "One"), {})]
    assert read_po(export_po(DOC, LanguageInfo("pt-BR", "Português"), rows)).language == "pt-BR"


def test_unit_comments_tolerate_other_lines() -> None:
    info = parse_unit_comments(
        "kind: heading 3\nposition: 12\nTranslators: keep it short\nnonsense"
    )
    assert (info.kind, info.level, info.position, info.label) == ("heading", 3, 12, "")
    assert info.other == {"translators": "keep it short"}
    assert parse_unit_comments("") == parse_unit_comments("free text only")
    assert parse_unit_comments("").kind is None


# --- import errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"/etc/passwd", "not a PO file"),
        (b"%PDF-1.4\nbinary stuff\n", "Line 1"),
        (b'msgid ""\nmsgstr ""\n\nmsgctxt "a"\nmsgid "unterminated\nmsgstr ""\n', "Line 5"),
        (b'msgid ""\nmsgstr ""\n\nmsgctxt "a"\nmsgid "x" trailing\nmsgstr ""\n', "Line 5"),
        (b'msgid ""\nmsgstr ""\n\nmsgctxt "a"\nmsgstr "no msgid"\n', "malformed"),
        (b'msgid "a"\nmsgstr "\xff\xfe"\n', "not valid UTF-8"),
        (b'msgid "a"\nmsgstr "\x00"\n', "NUL"),
    ],
)
def test_malformed_files_raise_po_error(data: bytes, message: str) -> None:
    with pytest.raises(PoError, match=message) as info:
        read_po(data)
    assert isinstance(info.value, ValueError)


def test_duplicate_msgctxt_is_refused(rows: list[ExportRow]) -> None:
    data = export_po(DOC, DE, rows, generated_at=WHEN).decode("utf-8")
    data += '\nmsgctxt "intro"\nmsgid "Another source"\nmsgstr "Noch einmal"\n'
    with pytest.raises(PoError, match="'intro' occurs twice"):
        read_po(data.encode("utf-8"))


def test_plural_entries_are_refused() -> None:
    data = b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    with pytest.raises(PoError, match="plural"):
        read_po(data)


@needs_gettext
def test_other_charsets_are_refused_with_advice(tmp_path: Path) -> None:
    rows = [
        ExportRow(
            UnitRecord("k", 1, "paragraph", "Straße"),
            {"de": TranslationRecord("Größe", "approved")},
        )
    ]
    exported = write(tmp_path, "utf8.po", export_po(DOC, DE, rows))
    latin1 = tmp_path / "latin1.po"
    assert run("msgconv", "--to-code=ISO-8859-1", "-o", str(latin1), str(exported)).returncode == 0
    assert b"charset=ISO-8859-1" in latin1.read_bytes()
    with pytest.raises(PoError, match="ISO-8859-1.*only UTF-8.*msgconv"):
        read_po(latin1.read_bytes())
    wrapped = tmp_path / "wrapped.po"  # the charset now on a continuation line
    assert run("msgcat", "-w", "20", "-o", str(wrapped), str(latin1)).returncode == 0
    with pytest.raises(PoError, match="ISO-8859-1.*only UTF-8"):
        read_po(wrapped.read_bytes())


def test_utf16_is_refused_with_advice(rows: list[ExportRow]) -> None:
    data = export_po(DOC, DE, rows).decode("utf-8").encode("utf-16")
    with pytest.raises(PoError, match="UTF-16.*msgconv"):
        read_po(data)


def test_charset_mentioned_in_a_translation_is_not_the_header() -> None:
    data = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "k"\nmsgid "Content-Type: text/plain; charset=latin1"\nmsgstr "ok"\n'
    )
    assert read_po(data.encode("utf-8")).records[0].msgstr == "ok"


def test_undeclared_non_utf8_bytes_are_refused() -> None:
    with pytest.raises(PoError, match="not valid UTF-8 \\(line 4\\)"):
        read_po(b'msgid ""\nmsgstr ""\n\nmsgid "Stra\xdfe"\nmsgstr ""\n')


def test_utf8_bom_and_crlf_are_accepted(rows: list[ExportRow]) -> None:
    data = export_po(DOC, DE, rows, generated_at=WHEN)
    catalog = read_po(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert catalog.document == "permanent-revolution"
    assert len(catalog.records) == len(rows)


def test_file_without_workbench_header_reads_with_no_document() -> None:
    catalog = read_po(b'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgctxt "k"\nmsgid "a"\nmsgstr "b"\n')
    assert catalog.document is None
    assert catalog.language == "fr"
    assert catalog.exported_at is None
    assert catalog.records[0].msgstr == "b"


# --- property: whatever the text, it comes back -------------------------------------------

# Any text at all, control characters and line/paragraph separators included (U+2028, U+0085:
# Python's splitlines() breaks lines there, PO does not).
_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip() != "")


@settings(max_examples=300, deadline=None)
@given(
    source=_text,
    translation=st.one_of(st.none(), _text),
    key=st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True),
)
def test_any_text_survives_export_and_import(
    source: str, translation: str | None, key: str
) -> None:
    record = TranslationRecord(translation, "approved") if translation else None
    rows = [ExportRow(UnitRecord(key, 1, "paragraph", source), {"de": record})]
    doc = DocumentInfo("d", "Title", DE)
    [back] = read_po(export_po(doc, DE, rows)).records
    assert (back.msgctxt, back.msgid, back.msgstr) == (key, source, translation or "")


class _PolibEntry(polib.POEntry):
    """polib's own writer of an entry, with the workbench's line wrapper: the reference the
    export's direct writer must match byte for byte."""

    def _str_field(self, fieldname, delflag, plural_index, field, wrapwidth=78):
        from workbench.formats.po import field_lines

        if fieldname.startswith("previous_"):
            fieldname = fieldname[len("previous_") :]
        return field_lines(f"{fieldname}{plural_index}", delflag, field, wrapwidth)


PO_TEXT = st.lists(
    st.sampled_from(["a", "b", " ", "  ", "\n", '"', "\\", "\t", "é", "字", "x" * 90]),
    max_size=30,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(
    msgid=PO_TEXT.filter(lambda t: t.strip()),
    msgstr=PO_TEXT,
    comment=st.sampled_from(["", "kind: paragraph\nposition: 3", "kind: footnote\nlabel: 12"]),
    fuzzy=st.booleans(),
    previous=st.none() | PO_TEXT.filter(bool),
)
def test_the_direct_entry_writer_writes_what_polib_writes(msgid, msgstr, comment, fuzzy, previous):
    from workbench.formats.po import _entry_text

    entry = _PolibEntry(msgctxt="u0001", msgid=msgid, msgstr=msgstr, comment=comment)
    if fuzzy:
        entry.flags.append("fuzzy")
    if previous:
        entry.previous_msgid = previous
    assert _entry_text("u0001", msgid, msgstr, comment, fuzzy, previous) == entry.__unicode__(78)
