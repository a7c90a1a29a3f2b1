"""A standing guard: hostile files cannot stall, exhaust or mislead the server.

Every reader of uploaded files (the document importers, the TMX and TBX readers, the glossary
CSV reader) is fed zip bombs with forged sizes, element bombs, deep nesting, broken
encodings, huge lines, entity tricks and random bytes. Each must answer within a time and
memory budget (generous, but real) with its documented error or a result, never anything
else; the alignment upload shows the refusal to the translator and stores nothing.
"""

from __future__ import annotations

import io
import resource
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.formats.conftest import DE, DOC, make_rows
from tests.formats.test_epub_import import make_odt
from workbench.formats.epub import export_epub
from workbench.formats.glossary_csv import GlossaryFormatError, read_glossary_csv
from workbench.formats.importers import FORMATS, DocumentError, parse_document
from workbench.formats.limits import FileLimits
from workbench.formats.tbx import read_tbx
from workbench.formats.tmx import TmxError, read_tmx
from workbench.models import AlignmentRun, Document
from workbench.text.languages import is_language_tag

from .conftest import FIXTURES, login

REPO = Path(__file__).resolve().parents[1]
SECONDS = 10.0
MEGABYTES = 400
W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- budgets ------------------------------------------------------------------------------


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


@contextmanager
def budget(seconds: float = SECONDS, megabytes: float = MEGABYTES) -> Iterator[None]:
    """CPU time of this thread and growth of the process's peak memory (C allocations of lxml
    and zlib included, which tracemalloc does not see). CPU time, not wall time: the work is
    what is bounded; a shared CI runner's load is not."""
    start, peak = time.thread_time(), _max_rss_mb()
    yield
    elapsed, grown = time.thread_time() - start, _max_rss_mb() - peak
    assert elapsed < seconds, f"took {elapsed:.1f} s (budget {seconds} s)"
    assert grown < megabytes, f"peak memory grew {grown:.0f} MB (budget {megabytes} MB)"


def outcome(read: Callable[[], object], error: type[Exception]) -> str:
    """The documented error's message, or "" when the file was read; any other exception
    fails the test (pytest shows it)."""
    try:
        read()
    except error as exc:
        message = str(exc)
        assert message and "lxml" not in message and "<string>" not in message, message
        return message
    return ""


def refused(data: bytes, fmt: str, **kwargs: object) -> str:
    with budget():
        message = outcome(lambda: parse_document(data, fmt=fmt, **kwargs), DocumentError)  # type: ignore[arg-type]
    assert message, f"{fmt}: the hostile file was accepted"
    return message


# --- hostile files ------------------------------------------------------------------------


def docx_with(body: bytes, prolog: bytes = b"") -> bytes:
    """A real .docx (python-docx's template) whose document.xml has `body` in w:body."""
    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = (
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + prolog
                    + b'<w:document xmlns:w="' + W_NS + b'"><w:body>' + body
                    + b"</w:body></w:document>"
                )  # fmt: skip
            archive.writestr(info.filename, data)
    return out.getvalue()


def paragraphs(count: int, text: bytes = b"a") -> bytes:
    return (b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>") * count


def _forge_size(data: bytes, name: str, size: int) -> bytes:
    """Declare `size` as the uncompressed size of member `name` (local header and central
    directory), leaving its real, much larger, content."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        at = out.find(signature)
        while at >= 0:
            (length,) = struct.unpack_from("<H", out, at + name_length_at)
            if bytes(out[at + name_at : at + name_at + length]) == encoded:
                struct.pack_into("<I", out, at + size_at, size)
            at = out.find(signature, at + 4)
    return bytes(out)


def zip_bomb(inflated: int, forged: int | None = 1000) -> bytes:
    """A .docx whose word/document.xml inflates to `inflated` bytes (whitespace inside the
    body), its directory declaring `forged` bytes."""
    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    head = b'<?xml version="1.0"?><w:document xmlns:w="' + W_NS + b'"><w:body>'
    tail = b"</w:body></w:document>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, source.read(info.filename))
                continue
            with archive.open("word/document.xml", "w") as member:
                member.write(head)
                chunk = b" " * (1 << 20)
                for _ in range(inflated >> 20):
                    member.write(chunk)
                member.write(tail)
    data = out.getvalue()
    return data if forged is None else _forge_size(data, "word/document.xml", forged)


@pytest.fixture(scope="module")
def gigabyte_bomb() -> bytes:
    return zip_bomb(1 << 30)


# --- zip bombs ----------------------------------------------------------------------------


def test_a_zip_bomb_with_forged_sizes_is_refused_quickly(gigabyte_bomb: bytes) -> None:
    assert len(gigabyte_bomb) < 2 * 1024 * 1024  # 1 GiB inflated, declared 1,000 bytes
    message = refused(gigabyte_bomb, "docx")
    assert "zip archive is damaged" in message


def test_a_zip_bomb_with_true_sizes_is_refused_at_the_bytes_really_inflated() -> None:
    bomb = zip_bomb(300 << 20, forged=None)
    assert "unpacks to more than 100 MB" in refused(bomb, "docx")
    limits = FileLimits(max_unpacked_bytes=10 << 20)
    assert "unpacks to more than 10 MB" in refused(
        zip_bomb(20 << 20, forged=None), "docx", limits=limits
    )


def test_a_docx_of_too_many_members_is_refused() -> None:
    data = io.BytesIO(docx_with(b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"))
    with zipfile.ZipFile(data, "a") as archive:
        for n in range(1_001):
            archive.writestr(f"extra/item{n}.xml", b"<a/>")
    assert "holds more than 1,000 files" in refused(data.getvalue(), "docx")


def test_a_damaged_member_is_a_document_error() -> None:
    data = bytearray(docx_with(b"<w:p><w:r><w:t>hello</w:t></w:r></w:p>" * 200))
    middle = data.find(b"word/document.xml") + 200
    data[middle : middle + 50] = b"\x00" * 50
    outcome(lambda: parse_document(bytes(data), fmt="docx"), DocumentError)


# --- element bombs and the unit cap -------------------------------------------------------


def test_a_docx_element_bomb_is_refused_before_a_tree_is_built() -> None:
    bomb = docx_with(b"<w:p/>" * (40 * 1024 * 1024 // 6))  # 40 MB of empty paragraphs
    assert len(bomb) < 200_000
    assert "more than 2,000,000 elements" in refused(bomb, "docx")


def test_a_docx_of_300000_one_letter_paragraphs_is_refused() -> None:
    message = refused(docx_with(paragraphs(308_000)), "docx")
    assert "paragraphs" in message


def test_the_unit_cap_counts_paragraphs_with_text() -> None:
    message = refused(docx_with(paragraphs(25_000)), "docx")
    assert message == "The file has more than 20,000 paragraphs; split it into smaller files."
    limits = FileLimits(max_units=100)
    assert "more than 100 paragraphs" in refused(docx_with(paragraphs(101)), "docx", limits=limits)


def test_a_10000_paragraph_book_still_imports() -> None:
    body = b"".join(
        b'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:i/></w:rPr><w:t>Chapter '
        + str(n).encode()
        + b' tells</w:t></w:r><w:r><w:t xml:space="preserve"> of a long march.</w:t></w:r></w:p>'
        for n in range(10_000)
    )
    with budget(seconds=30):
        parsed = parse_document(docx_with(body), fmt="docx")
    assert len(parsed.blocks) == 10_000
    text = "\n\n".join(f"Paragraph {n} of the book." for n in range(10_000)).encode()
    for fmt in ("txt", "md"):
        with budget(seconds=30):
            assert len(parse_document(text, fmt=fmt).blocks) == 10_000


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_text_formats_stop_at_the_unit_cap(fmt: str) -> None:
    if fmt == "html":
        data = b"<html><body>" + b"<p>a</p>" * 308_000 + b"</body></html>"
    else:
        data = b"a\n\n" * 308_000
    assert "more than 20,000 paragraphs" in refused(data, fmt)


def test_html_blocks_are_counted_before_the_tree_is_walked() -> None:
    # 308,000 paragraphs are within the element limit; walking their tree took 5.7 s before
    # the unit cap could refuse them. Counted in the bytes first, they are refused at once.
    data = b"<html><body>" + b"<p>a</p>" * 308_000 + b"</body></html>"
    with budget(seconds=1.5):
        message = outcome(lambda: parse_document(data, fmt="html"), DocumentError)
    assert "more than 20,000 paragraphs" in message


def test_html_element_bomb_is_refused() -> None:
    assert "more than 2,000,000 elements" in refused(b"<p>" + b"<br>" * 3_000_000, "html")
    assert "more than 2,000,000 elements" in refused(b"a <br> " * 2_100_000, "md")


def test_a_po_file_of_100000_entries_is_refused_before_parsing() -> None:
    entries = b"".join(
        b'msgctxt "p%d"\nmsgid "Entry %d"\nmsgstr ""\n\n' % (n, n) for n in range(100_000)
    )
    data = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries
    assert "more than 20,000 entries" in refused(data, "po")


# --- nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", [b"div", b"blockquote", b"em", b"span"])
def test_deep_html_nesting_is_refused_not_truncated(tag: bytes) -> None:
    n = 100_000
    data = b"<html><body>" + b"<%s>" % tag * n + b"deep" + b"</%s>" % tag * n + b"<p>after</p>"
    assert "more than 256 levels deep" in refused(data, "html")


def test_nesting_within_the_parser_depth_keeps_every_word() -> None:
    data = b"<html><body>" + b"<div><em>" * 120 + b"deep" + b"</em></div>" * 120 + b"<p>after</p>"
    with budget():
        texts = [b.text for b in parse_document(data, fmt="html").blocks]
    assert any("deep" in t for t in texts) and "after" in texts


@pytest.mark.parametrize(
    "data",
    [
        b"> " * 100_000 + b"quoted\n",
        b"- " * 100_000 + b"item\n",
        b"".join(b"  " * i + b"- item\n" for i in range(3_000)),
        b"[" * 100_000 + b"x" + b"]" * 100_000,
        b"*a " * 100_000,
        b"<div>" * 50_000 + b"\n\nmarkdown\n",
    ],
    ids=["quotes", "lists", "indented-lists", "brackets", "emphasis", "raw-html"],
)
def test_deep_markdown_nesting_is_bounded(data: bytes) -> None:
    with budget():
        outcome(lambda: parse_document(data, fmt="md"), DocumentError)


# --- encodings and lines ------------------------------------------------------------------

ENCODINGS = {
    "utf16-no-bom": "Hello world, a paragraph.\n\nAnother one.".encode("utf-16-le"),
    "lone-surrogate": b"Hello \xed\xa0\x80 world",
    "nul-bytes": b"Hello\x00world\n\n\x00\x00\x00",
    "mixed": "Grüße ".encode() + "Grüße".encode("latin-1") + "\n\n".encode("utf-16"),
    "utf16-bom": "\ufeff<p>Hello</p>".encode("utf-16"),
    "cp1252-quotes": b"\x93quoted\x94 text",
}


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "po", "docx"])
@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_broken_encodings_are_refused_with_the_documented_error(fmt: str, name: str) -> None:
    with budget():
        outcome(lambda: parse_document(ENCODINGS[name], fmt=fmt), DocumentError)


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "po"])
def test_a_huge_single_line_is_bounded(fmt: str) -> None:
    line = b"word " * (2 * 1024 * 1024)  # 10 MB without a line break
    data = (b'msgid ""\nmsgstr ""\n\nmsgid "' + line + b'"\nmsgstr ""\n') if fmt == "po" else line
    with budget(seconds=30):
        outcome(lambda: parse_document(data, fmt=fmt), DocumentError)


# --- entities and DTDs --------------------------------------------------------------------

LAUGHS = (
    b'<!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
)
EXTERNAL = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
REMOTE_DTD = b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">'


def _tmx(prolog: bytes, text: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?>' + prolog + b'<tmx version="1.4"><header srclang="en"/><body>'
        b'<tu><tuv xml:lang="en"><seg>' + text + b'</seg></tuv><tuv xml:lang="de"><seg>'
        + text + b"</seg></tuv></tu></body></tmx>"
    )  # fmt: skip


def _tbx(prolog: bytes, text: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?>' + prolog + b'<tbx type="TBX-Basic"><text><body><conceptEntry '
        b'id="c1"><langSec xml:lang="en"><termSec><term>' + text + b"</term></termSec>"
        b"</langSec></conceptEntry></body></text></tbx>"
    )  # fmt: skip


@pytest.mark.parametrize(
    "prolog, text",
    [(LAUGHS, b"&h;"), (EXTERNAL, b"&x;"), (REMOTE_DTD, b"&x;"), (b"", b"&undefined;")],
    ids=["billion-laughs", "external-entity", "remote-dtd", "undefined"],
)
def test_xml_readers_expand_no_entity(prolog: bytes, text: bytes) -> None:
    for read, error, data in (
        (read_tmx, TmxError, _tmx(prolog, text)),
        (read_tbx, GlossaryFormatError, _tbx(prolog, text)),
    ):
        with budget():
            result: list[object] = []
            message = outcome(lambda: result.extend(read(data)), error)  # noqa: B023
        assert "root:" not in repr(result) and "lollol" not in repr(result)
        assert "root:" not in message
    docx_data = docx_with(b"<w:p><w:r><w:t>a " + text + b" after</w:t></w:r></w:p>", prolog)
    with budget():
        parsed: list[object] = []
        outcome(lambda: parsed.append(parse_document(docx_data, fmt="docx")), DocumentError)
    assert "root:" not in repr(parsed) and "lollol" not in repr(parsed)
    if parsed:  # a declared entity stays as written, and the words after it are kept
        assert "after" in repr(parsed)


def test_xml_errors_are_short_and_name_the_line() -> None:
    broken = b'<tmx version="1.4"><header/>\n<body><tu></body></tmx>'
    assert str(outcome(lambda: read_tmx(broken), TmxError)) == (
        "The file is not well-formed XML (line 2)."
    )
    message = outcome(lambda: read_tbx(b"<tbx>\n<text></tbx>"), GlossaryFormatError)
    assert message == "The file is not well-formed XML (line 2)."
    data = docx_with(b"<w:p><w:r><w:t>a &undefined; b</w:t></w:r></w:p>")
    assert refused(data, "docx") == "The file is not well-formed XML (line 1)."
    html = b"<html><body><p>" + b"x" * 10 + b"</p></bod"
    assert outcome(lambda: parse_document(html, fmt="html"), DocumentError) == ""


def test_an_html_internal_subset_is_not_text() -> None:
    data = b'<!DOCTYPE html [ <!ENTITY x "y"> ]><html><body><p>Hello &x; world</p></body></html>'
    texts = [b.text for b in parse_document(data, fmt="html").blocks]
    assert texts == ["Hello &amp;x; world"]


def test_xml_element_bombs_are_refused() -> None:
    tmx = _tmx(b"", b"<ph/>" * 2_100_000)
    with budget():
        assert "more than 2,000,000 elements" in outcome(lambda: read_tmx(tmx), TmxError)
    tbx = _tbx(b"", b"x" + b"<a/>" * 2_100_000)
    with budget():
        message = outcome(lambda: read_tbx(tbx), GlossaryFormatError)
    assert "more than 2,000,000 elements" in message
    deep = _tmx(b"", b"<hi>" * 100_000 + b"x" + b"</hi>" * 100_000)
    assert "levels deep" in outcome(lambda: read_tmx(deep), TmxError)


def test_record_caps_of_tmx_tbx_and_csv() -> None:
    limits = FileLimits(max_records=1_000)
    tu = b'<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="de"><seg>b</seg></tuv></tu>'
    tmx = b'<tmx version="1.4"><header srclang="en"/><body>' + tu * 1_001 + b"</body></tmx>"
    assert "more than 1,000 pairs" in outcome(lambda: read_tmx(tmx, limits), TmxError)
    entry = b'<conceptEntry><langSec xml:lang="en"><termSec><term>t</term></termSec></langSec>'
    tbx = b"<tbx><text><body>" + (entry + b"</conceptEntry>") * 1_001 + b"</body></text></tbx>"
    message = outcome(lambda: read_tbx(tbx, limits), GlossaryFormatError)
    assert "more than 1,000 concepts" in message
    csv = b"en,de\n" + b"a,b\n" * 1_001
    message = outcome(lambda: read_glossary_csv(csv, limits), GlossaryFormatError)
    assert "more than 1,000 concepts" in message
    with budget():
        big = b"en,de\n" + b"a,b\n" * 300_000
        assert "more than 200,000" in outcome(lambda: read_glossary_csv(big), GlossaryFormatError)


@pytest.mark.parametrize(
    "data",
    [
        b"en,de\n" + b'"' + b"x" * (5 * 1024 * 1024),
        b"en,de\n" + b"a" * (10 * 1024 * 1024) + b",b\n",
        b"en\x00,de\n",
        "en,de\nGrüße,x\n".encode("utf-32"),
        "en,de\nGrüße,x\n".encode("utf-16")[:-1],
        b"en,de\n\xed\xa0\x80,b\n",
        b"," * 1_000_000 + b"\n",
    ],
    ids=["open-quote", "huge-cell", "nul", "utf32", "utf16-cut", "surrogate", "wide-header"],
)
def test_glossary_csv_with_hostile_content(data: bytes) -> None:
    with budget():
        outcome(lambda: read_glossary_csv(data), GlossaryFormatError)


# --- fuzzing ------------------------------------------------------------------------------

FUZZ = settings(max_examples=200, deadline=5_000, suppress_health_check=[HealthCheck.too_slow])


def _stored_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            copy.writestr(info.filename, source.read(info), zipfile.ZIP_STORED)
    return out.getvalue()


SAMPLES = {
    "txt": (FIXTURES / "foundations-socialism-in-one-country.txt").read_bytes()[:3000],
    "md": (FIXTURES / "foundations-socialism-in-one-country.md").read_bytes()[:3000],
    "html": (FIXTURES / "foundations-socialism-in-one-country.html").read_bytes()[:3000],
    "po": b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    b'#. kind: paragraph\nmsgctxt "p1"\nmsgid "A <em>b</em>"\nmsgstr ""\n',
    "docx": docx_with(b"<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>Hello</w:t></w:r></w:p>"),
    # Stored, not deflated: the mutations reach the XML of the package and the pages.
    "epub": _stored_zip(export_epub(DOC, DE, make_rows())),
    "odt": _stored_zip(make_odt()),
}


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, cut, insert in edits:
        at = position % (len(out) + 1)
        out[at : at + cut] = insert
    return bytes(out)


EDITS = st.lists(
    st.tuples(
        st.integers(0, 1 << 20),
        st.integers(0, 8),
        st.sampled_from(
            [
                b"",
                b"<",
                b">",
                b"&",
                b"&x;",
                b"<div>",
                b"</p>",
                b'"',
                b"\n\n",
                b"\x00",
                b"\xff",
                b"<!DOCTYPE x [",
                b"]>",
                b"msgid ",
                b"PK\x03\x04",
                b"\xed\xa0\x80",
                b"[^1]",
            ]
        ),
    ),  # fmt: skip
    min_size=1,
    max_size=6,
)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.binary(max_size=2_000))
def test_fuzz_random_bytes(fmt: str, data: bytes) -> None:
    outcome(lambda: parse_document(data, fmt=fmt), DocumentError)


@pytest.mark.parametrize("fmt", ["odt", "epub", "docx"])
def test_an_archive_asking_for_a_zip_version_python_lacks_is_refused(fmt: str) -> None:
    """Found by the fuzz test below: a central directory entry that needs "zip version 12.8"
    made zipfile raise NotImplementedError while opening the archive (an .odt then gave a
    500). Every zip-based format says the file is damaged instead."""
    data = bytearray(SAMPLES[fmt])
    entry = data.find(b"PK\x01\x02")
    assert entry >= 0
    struct.pack_into("<H", data, entry + 6, 128)  # version needed to extract: 12.8
    assert outcome(lambda: parse_document(bytes(data), fmt=fmt), DocumentError)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(edits=EDITS)
def test_fuzz_near_valid_documents(fmt: str, edits: list[tuple[int, int, bytes]]) -> None:
    outcome(lambda: parse_document(_mutate(SAMPLES[fmt], edits), fmt=fmt), DocumentError)


@FUZZ
@given(edits=EDITS, which=st.sampled_from(["tmx", "tbx", "csv"]))
def test_fuzz_memory_and_glossary_readers(edits: list[tuple[int, int, bytes]], which: str) -> None:
    if which == "tmx":
        outcome(
            lambda: read_tmx(_mutate(_tmx(b"", b"a <bpt i='1'>&lt;em&gt;</bpt>b"), edits)), TmxError
        )
    elif which == "tbx":
        outcome(lambda: read_tbx(_mutate(_tbx(b"", b"term"), edits)), GlossaryFormatError)
    else:
        data = _mutate(b'id,en,de,notes,forbidden:de\n1,a,b,"n",x|y\n', edits)
        outcome(lambda: read_glossary_csv(data), GlossaryFormatError)


# --- through the server and the commands ---------------------------------------------------


def test_a_translator_uploading_the_zip_bomb_gets_a_4xx_and_nothing_is_stored(
    client, sample_document, translator, gigabyte_bomb: bytes
) -> None:
    login(client, translator)
    url = reverse("alignment_upload", args=["sample", "de"])
    with budget():
        response = client.post(url, {"file": SimpleUploadedFile("book.docx", gigabyte_bomb)})
    assert 400 <= response.status_code < 500
    assert b"zip archive is damaged" in response.content
    assert AlignmentRun.objects.count() == 0


def test_a_too_long_slug_is_refused_and_nothing_is_stored(languages, tmp_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.write_text("A paragraph.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="The slug is too long: 101 characters, at most 100"):
        call_command("import_document", str(path), "--lang", "en", "--slug", "s" * 101)
    with pytest.raises(CommandError, match="is not a valid slug"):
        call_command("import_document", str(path), "--lang", "en", "--slug", "a b/c")
    assert Document.objects.count() == 0


@pytest.mark.parametrize("bad", ["english", "e1", "fr FR", "x" * 50, "en-", "--"])
def test_align_files_refuses_what_is_not_a_language_code(bad: str, tmp_path: Path) -> None:
    assert not is_language_tag(bad)
    source, target = tmp_path / "en.txt", tmp_path / "fr.txt"
    source.write_text("One.\n\nTwo.\n", encoding="utf-8")
    target.write_text("Un.\n\nDeux.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "align_files", str(source), str(target),
         "--source-lang", "en", f"--target-lang={bad}"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0 and result.stdout == ""
    assert "is not a language code" in result.stderr


def test_language_tags_of_every_shape_pass() -> None:
    for tag in ("en", "pt-BR", "pt_BR", "zh-Hans", "es-419", "de-CH-1901", "zh-yue-HK", "sr-Latn"):
        assert is_language_tag(tag), tag


def test_a_page_with_a_text_over_libxml2s_limit_is_read_to_its_end() -> None:
    """A page saved whole carries its images as data: URIs; one over 10 MB made libxml2 stop
    there, and the import kept the paragraphs before it, saying nothing of the rest."""
    image = b'<img src="data:image/png;base64,' + b"A" * 11_000_000 + b'" alt="chart">'
    page = b"<html><body><p>Before</p><p>" + image + b" image</p><p>After it</p></body></html>"
    with budget():
        texts = [b.text for b in parse_document(page, "saved.html").blocks]
    # The image's place stays in its paragraph; its alt text is a unit of its own after it.
    assert texts == ["Before", "<img> image", "chart", "After it"]
    deep = b"<html><body>" + b"<div>" * 300 + b"<p>x</p>" + image + b"</body></html>"
    assert "more than 256 levels deep" in refused(deep, "html")


@pytest.mark.parametrize(
    "data",
    [
        b"[a" * 290_000,  # labels that never close: each "[" searched to the paragraph's end
        b"[[[[[[[[" * 36_000 + b"](x)",  # one link at the end of a 288,000-bracket label
        b"".join(b"[a" * 900 + b"\n\n" for _ in range(320)),  # many paragraphs under any cap
        b"![" * 70_000 + b"](x)" * 70_000,  # images nested 70,000 deep
        b"[^a]: x\n\n" + b"[^" * 140_000,  # footnote references searched to the end
        b"^[" * 140_000,  # inline notes, through the plugin's own label search
    ],
    ids=[
        "open-labels",
        "long-label",
        "paragraphs",
        "nested-images",
        "footnote-refs",
        "inline-notes",
    ],
)
def test_markdown_link_label_bait_is_linear(data: bytes) -> None:
    """markdown-it searches a link label's end from every "[" (quadratic: 0.4 MB took 12 s,
    5 MB many minutes). The search has a budget per document; what is left is text."""
    with budget():
        parsed = parse_document(data, "bait.md")
    assert parsed.blocks


def test_markdown_of_markup_characters_only_is_refused() -> None:
    message = refused(b"*a _b " * 160_000, "md")
    assert "more than 300,000 Markdown markup characters" in message


def test_markdown_links_still_work_beside_the_budget() -> None:
    text = b"See [the text](https://x.org), [^1] and ^[an inline note].\n\n[^1]: A note.\n"
    blocks = [b.text for b in parse_document(text, "x.md").blocks]
    assert blocks[0] == (
        'See <a href="https://x.org">the text</a>, <sup class="fnref">1</sup> and '
        '<sup class="fnref">2</sup>.'
    )
