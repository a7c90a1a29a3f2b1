"""TMX 1.4b: structure (validated against the TMX 1.4b DTD's structure), inline codes, round
trip, files written by other tools, and refusals."""

from __future__ import annotations

import dataclasses
import io
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from lxml import etree

from tests.formats.conftest import canonical_markup, make_rows
from workbench.formats.tmx import XML_LANG, TmxError, TmxPair, export_tmx, read_tmx

# The element and attribute structure of TMX 1.4b (https://www.gala-global.org/tmx-14b),
# written out for the test; `ude`/`map` are included so that the header model is complete.
TMX14_DTD = """
<!ENTITY % segtypes "block|paragraph|sentence|phrase">
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note|prop|ude)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (%segtypes;) #REQUIRED o-tmf CDATA #REQUIRED adminlang CDATA #REQUIRED
  srclang CDATA #REQUIRED datatype CDATA #REQUIRED o-encoding CDATA #IMPLIED
  creationdate CDATA #IMPLIED creationid CDATA #IMPLIED changedate CDATA #IMPLIED
  changeid CDATA #IMPLIED>
<!ELEMENT body (tu*)>
<!ELEMENT note (#PCDATA)>
<!ATTLIST note o-encoding CDATA #IMPLIED xml:lang CDATA #IMPLIED>
<!ELEMENT ude (map+)>
<!ATTLIST ude name CDATA #REQUIRED base CDATA #IMPLIED>
<!ELEMENT map EMPTY>
<!ATTLIST map unicode CDATA #REQUIRED code CDATA #IMPLIED ent CDATA #IMPLIED
  subst CDATA #IMPLIED>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED
  usagecount CDATA #IMPLIED lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED
  creationtoolversion CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED segtype (%segtypes;) #IMPLIED changeid CDATA #IMPLIED
  o-tmf CDATA #IMPLIED srclang CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED
  usagecount CDATA #IMPLIED lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED
  creationtoolversion CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED o-tmf CDATA #IMPLIED changeid CDATA #IMPLIED>
<!ELEMENT seg (#PCDATA|bpt|ept|ph|it|hi)*>
<!ELEMENT bpt (#PCDATA|sub)*>
<!ATTLIST bpt i CDATA #REQUIRED x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ept (#PCDATA|sub)*>
<!ATTLIST ept i CDATA #REQUIRED>
<!ELEMENT sub (#PCDATA|bpt|ept|it|ph|hi)*>
<!ATTLIST sub datatype CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT it (#PCDATA|sub)*>
<!ATTLIST it pos (begin|end) #REQUIRED x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ph (#PCDATA|sub)*>
<!ATTLIST ph x CDATA #IMPLIED assoc CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT hi (#PCDATA|bpt|ept|it|ph|hi)*>
<!ATTLIST hi x CDATA #IMPLIED type CDATA #IMPLIED>
"""
DTD = etree.DTD(io.StringIO(TMX14_DTD))
WHEN = datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)


def pairs_of(language: str) -> list[TmxPair]:
    pairs = []
    for row in make_rows():
        translation = row.translations.get(language)
        if translation is None:
            continue
        pairs.append(
            TmxPair(
                source=row.unit.source,
                target=translation.text,
                source_lang="en",
                target_lang=language,
                key=row.unit.key,
                document="permanent-revolution",
                created=WHEN,
                changed=WHEN + timedelta(days=1),
                creator="anna",
                changer="boris",
                props=(("x-status", translation.status),),
            )
        )
    return pairs


def assert_valid_tmx(data: bytes) -> etree._Element:
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    root = etree.fromstring(data)
    assert DTD.validate(root), DTD.error_log.filter_from_errors()
    # What a DTD cannot say: each <bpt> has exactly one <ept> with its i, in the same segment.
    for seg in root.iter("seg"):
        begins = Counter(b.get("i") for b in seg.iter("bpt"))
        ends = Counter(e.get("i") for e in seg.iter("ept"))
        assert begins == ends and all(n == 1 for n in begins.values())
    tuids = [tu.get("tuid") for tu in root.iter("tu") if tu.get("tuid")]
    assert len(tuids) == len(set(tuids))
    return root


# --- structure ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar", "zh-Hans"])
def test_export_is_valid_tmx_14(language: str) -> None:
    root = assert_valid_tmx(export_tmx(pairs_of(language), source_language="en", created=WHEN))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert dict(header.attrib) == {
        "creationtool": "workbench",
        "creationtoolversion": "1",
        "segtype": "paragraph",
        "o-tmf": "workbench",
        "adminlang": "en",
        "srclang": "en",
        "datatype": "html",
        "creationdate": "20240501T123015Z",
    }
    tus = root.findall("body/tu")
    assert len(tus) == len(pairs_of(language))
    for tu in tus:
        assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["en", language]
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-document"] == "permanent-revolution"
        assert tu.get("tuid") == f"permanent-revolution:{props['x-key']}"
        target = tu.findall("tuv")[1]
        assert target.get("creationdate") == "20240501T123015Z"
        assert target.get("changedate") == "20240502T123015Z"
        assert (target.get("creationid"), target.get("changeid")) == ("anna", "boris")


def test_inline_markup_becomes_native_codes() -> None:
    pair = TmxPair(
        source='a <em>b</em><br>c<sup class="fnref">1</sup> <a href="https://x.org/?a=1&amp;b=2">l</a>',
        target="x",
        source_lang="en",
        target_lang="de",
    )
    root = assert_valid_tmx(export_tmx([pair], source_language="en"))
    seg = root.find("body/tu/tuv/seg")
    assert [(child.tag, dict(child.attrib), child.text) for child in seg] == [
        ("bpt", {"i": "1", "type": "italic"}, "<em>"),
        ("ept", {"i": "1"}, "</em>"),
        ("ph", {"type": "lb"}, "<br>"),
        ("ph", {"type": "fnote"}, '<sup class="fnref">1</sup>'),
        ("bpt", {"i": "2", "type": "link"}, '<a href="https://x.org/?a=1&amp;b=2">'),
        ("ept", {"i": "2"}, "</a>"),
    ]
    assert "".join(seg.itertext(with_tail=False)) != ""  # plain text stays text
    assert seg.text == "a " and seg[0].tail == "b" and seg[2].tail == "c"
    # The native code is escaped in the file, not markup inside <seg>.
    assert b"&lt;em&gt;" in export_tmx([pair], source_language="en")


def test_unbalanced_tags_become_isolated_codes() -> None:
    pair = TmxPair("x <strong>y</em> z <code>w", "t", "en", "de")
    data = export_tmx([pair], source_language="en")
    seg = assert_valid_tmx(data).find("body/tu/tuv/seg")
    assert [(child.tag, child.get("pos"), child.text) for child in seg] == [
        ("it", "begin", "<strong>"),
        ("it", "end", "</em>"),
        ("it", "begin", "<code>"),
    ]
    assert read_tmx(data)[0].source == pair.source


def test_tuids_stay_unique() -> None:
    pairs = [
        TmxPair("a", "b", "en", "de", key="k"),
        TmxPair("a", "c", "en", "de", key="k"),
        TmxPair("a", "d", "en", "de", key="k", document="doc"),
        TmxPair("a", "e", "en", "de"),
    ]
    root = assert_valid_tmx(export_tmx(pairs, source_language="en"))
    assert [tu.get("tuid") for tu in root.iter("tu")] == ["k", "k~2", "doc:k", None]


def test_pair_in_another_source_language_names_it() -> None:
    root = assert_valid_tmx(
        export_tmx([TmxPair("Hallo", "Bonjour", "de", "fr")], source_language="en")
    )
    assert root.find("body/tu").get("srclang") == "de"
    [pair] = read_tmx(etree.tostring(root))
    assert (pair.source_lang, pair.target_lang, pair.source) == ("de", "fr", "Hallo")


def test_characters_xml_cannot_carry_are_refused() -> None:
    with pytest.raises(TmxError, match="U\\+000B"):
        export_tmx([TmxPair("a\x0bb", "c", "en", "de", key="k")], source_language="en")


def test_naive_and_zoned_dates_are_written_in_utc() -> None:
    berlin = datetime(2024, 5, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    pairs = [TmxPair("a", "b", "en", "de", created=berlin, changed=datetime(2024, 5, 1, 12, 0))]
    [pair] = read_tmx(export_tmx(pairs, source_language="en"))
    assert pair.created == datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    assert pair.changed == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


# --- round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar", "zh-Hans"])
def test_round_trip_keeps_everything(language: str) -> None:
    pairs = pairs_of(language)
    assert read_tmx(export_tmx(pairs, source_language="en", created=WHEN)) == pairs


def test_round_trip_of_unicode_and_rtl_text() -> None:
    pairs = [
        TmxPair("“Quoted” — ‘text’ … «guillemets»", "„Zitat“ – ‚Text‘", "en", "de", key="q"),
        TmxPair("The <em>revolution</em>", "الثورة <em>الدائمة</em> ‏(1905)‏", "en", "ar", key="ar"),
        TmxPair("Permanent revolution", "不断革命论「引用」", "en", "zh-Hans", key="zh"),
        TmxPair("a\u00a0b &amp; c &lt;d&gt; \U0001f600", "tab\there\nnewline", "en", "fr", key="x"),
    ]
    assert read_tmx(export_tmx(pairs, source_language="en")) == pairs


@settings(max_examples=200, deadline=None)
@given(source=canonical_markup(), target=canonical_markup())
def test_any_canonical_markup_round_trips(source: str, target: str) -> None:
    data = export_tmx([TmxPair(source, target, "en", "de", key="k")], source_language="en")
    assert_valid_tmx(data)
    [pair] = read_tmx(data)
    assert (pair.source, pair.target) == (source, target)


# --- reading files from other tools -------------------------------------------------------

OTHER_TOOL = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" creationtoolversion="6.0.0" segtype="sentence" o-tmf="OmegaT TMX"
          adminlang="EN-US" srclang="EN-US" datatype="plaintext"/>
  <body>
    <!-- a comment -->
    <tu changedate="20230102T030405Z" changeid="maria">
      <note>from the 1931 edition</note>
      <tuv xml:lang="FR-FR"><seg>La <hi type="term">r\xc3\xa9volution</hi> permanente</seg></tuv>
      <tuv xml:lang="EN-US"><seg>The <hi type="term">permanent</hi> revolution</seg></tuv>
      <tuv xml:lang="DE-DE"><seg>Die <bpt i="1" x="1">&lt;b&gt;</bpt>permanente<ept i="1"
        >&lt;/b&gt;</ept> Revolution</seg></tuv>
    </tu>
    <tu srclang="*all*">
      <tuv lang="en"><seg>Old-style lang attribute &amp; an ampersand</seg></tuv>
      <tuv lang="es"><seg>Atributo antiguo</seg></tuv>
    </tu>
    <tu><tuv xml:lang="en"><seg>monolingual entry</seg></tuv></tu>
  </body>
</tmx>
"""


def test_reads_files_written_by_other_tools() -> None:
    pairs = read_tmx(OTHER_TOOL)
    assert [(u.source_lang, u.target_lang) for u in pairs] == [
        ("EN-US", "FR-FR"),
        ("EN-US", "DE-DE"),
        ("en", "es"),
    ]
    french, german, spanish = pairs
    assert french.source == "The permanent revolution"  # <hi> keeps its text only
    assert french.target == "La révolution permanente"
    assert german.target == "Die <b>permanente</b> Revolution"
    assert french.changed == datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert french.changer == "maria"
    assert french.note == "from the 1931 edition"
    assert french.key is None and french.document is None
    assert spanish.source == "Old-style lang attribute &amp; an ampersand"


def test_native_codes_that_are_not_markup_are_not_text() -> None:
    """Trados and Word write RTF codes in <bpt>/<ept>/<ut>: they were stored as text and
    showed in every match ("{\\b Die} Revolution"). A placeholder in <ph> is text."""
    tu = (
        "<tuv xml:lang='en'><seg><bpt i='1'>{\\b </bpt>The<ept i='1'>}</ept> revolution"
        "<ut>{\\cs6\\f1 }</ut> of <ph x='1'>%s</ph> <ph x='2'>&lt;br/&gt;</ph></seg></tuv>"
        "<tuv xml:lang='de'><seg><it pos='begin'>{\\i </it>Die Revolution von "
        "<ph x='1'>%s</ph> <bpt i='2'>&lt;em&gt;</bpt>jetzt<ept i='2'>&lt;/em&gt;</ept></seg>"
        "</tuv>"
    )
    (pair,) = read_tmx(_tmx(tu))
    assert pair.source == "The revolution of %s <br/>"
    assert pair.target == "Die Revolution von %s <em>jetzt</em>"


# --- refusals -----------------------------------------------------------------------------


def _tmx(tu: str) -> bytes:
    return f"<tmx version='1.4'><header/><body><tu>{tu}</tu></body></tmx>".encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<tmx version='1.4'><header", "not well-formed"),
        (b"\xff\xfe<\x00t\x00", "not well-formed"),
        (b"<xliff version='1.2'/>", "root element is <xliff>"),
        (b"<tmx version='2.0'><header/><body/></tmx>", "version '2.0'"),
        (b"<tmx version='1.4'><header/></tmx>", "no <header> or no <body>"),
        (_tmx("<tuv><seg>a</seg></tuv><tuv xml:lang='de'><seg>b</seg></tuv>"), "no xml:lang"),
        (_tmx("<tuv xml:lang='en'/><tuv xml:lang='de'><seg>b</seg></tuv>"), "no <seg>"),
        (
            _tmx(
                "<tuv xml:lang='en'><seg>a</seg></tuv>"
                "<tuv xml:lang='de' changedate='May 1'><seg/></tuv>"
            ),
            "not a TMX date",
        ),
    ],
)
def test_malformed_files_raise_tmx_error(data: bytes, message: str) -> None:
    with pytest.raises(TmxError, match=message) as info:
        read_tmx(data)
    assert isinstance(info.value, ValueError)


def test_entities_are_never_expanded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    external = f"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{secret}">]>
<tmx version="1.4"><header/><body><tu>
<tuv xml:lang="en"><seg>a &xxe; b</seg></tuv><tuv xml:lang="de"><seg>c</seg></tuv>
</tu></body></tmx>""".encode()
    with pytest.raises(TmxError, match="entity"):
        read_tmx(external)

    laughs = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<tmx version="1.4"><header/><body><tu>
<tuv xml:lang="en"><seg>&lol3;</seg></tuv><tuv xml:lang="de"><seg>c</seg></tuv>
</tu></body></tmx>"""
    with pytest.raises(TmxError, match="entity"):
        read_tmx(laughs)


# --- reading as a stream ------------------------------------------------------------------

_TU = "<tu><tuv xml:lang='en'><seg>{0}</seg></tuv><tuv xml:lang='de'><seg>{0}-de</seg></tuv></tu>"


def test_pairs_are_those_of_a_walk_of_the_whole_tree() -> None:
    # read_tmx reads <tu> by <tu> and drops what it read: the pairs must still be those of
    # the root's first <body> (tu elements inside other elements too, in document order),
    # with the srclang of the first <header> even when it comes after the body.
    tu = _TU.format
    data = (
        "<tmx version='1.4'><body>"
        f"<group>{tu('a')}</group>{tu('b')}<tu>{tu('c')[4:-5]}{tu('d')}</tu><x>{tu('e')}</x>"
        f"</body><body>{tu('not read')}</body><header srclang='de'/><header srclang='en'/>"
        "</tmx>"
    ).encode()
    pairs = read_tmx(data)
    assert [(p.source, p.source_lang) for p in pairs] == [
        ("a-de", "de"), ("b-de", "de"), ("c-de", "de"), ("d-de", "de"), ("e-de", "de"),
    ]  # fmt: skip


def test_a_long_file_read_as_a_stream() -> None:
    # More <tu> than the parser's read-ahead: the parser is ahead of the events, so a <tu>
    # after the one being read is in the tree unfinished and must be left alone.
    body = "".join(_TU.format(f"unit {n} " + "word " * (n % 50)) for n in range(20_000))
    data = f"<tmx version='1.4'><header srclang='en'/><body>{body}</body></tmx>".encode()
    pairs = read_tmx(data)
    assert len(pairs) == 20_000
    assert all(
        p.source == f"unit {n} " + "word " * (n % 50) and p.target == p.source + "-de"
        for n, p in enumerate(pairs)
    )


def test_errors_come_in_the_order_of_reading_the_whole_file_first() -> None:
    bad_tu = "<tu><tuv><seg>a</seg></tuv><tuv xml:lang='de'><seg>b</seg></tuv></tu>"
    start = f"<tmx version='1.4'><header/><body>{bad_tu}{_TU.format('a')}"
    # A bad <tu> in a file that is not well-formed further on: the XML error.
    with pytest.raises(TmxError, match="not well-formed"):
        read_tmx(f"{start}</body>".encode())
    with pytest.raises(TmxError, match="no xml:lang"):
        read_tmx(f"{start}</body></tmx>".encode())
    # No header (or no body) before a bad <tu>.
    with pytest.raises(TmxError, match="no <header>"):
        read_tmx(f"<tmx version='1.4'><body>{bad_tu}</body></tmx>".encode())
    # More pairs than allowed, then a bad <tu>: the limit.
    from workbench.formats.limits import DEFAULT_LIMITS

    limits = dataclasses.replace(DEFAULT_LIMITS, max_records=2)
    many = "".join(_TU.format(n) for n in range(3))
    with pytest.raises(TmxError, match="more than 2 pairs"):
        read_tmx(f"<tmx version='1.4'><header/><body>{many}{bad_tu}</body></tmx>".encode(), limits)
