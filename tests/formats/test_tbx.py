"""The glossary's TBX format: TBX v3 (TBX-Basic, DCA) structure, round trips, older TBX
files, and safe parsing of untrusted XML."""

import pytest
from lxml import etree

from workbench.formats.glossary_csv import ConceptRecord, GlossaryFormatError
from workbench.formats.tbx import TBX_NAMESPACE, XML_LANG, read_tbx, write_tbx

NS = {"t": TBX_NAMESPACE}
RECORDS = [
    ConceptRecord(
        terms={"en": "Left Opposition", "de": "Linke Opposition", "ar": "المعارضة اليسارية"},
        forbidden={"de": ["Linksopposition"]},
        notes="Trotsky's faction & its platform <1923–1927>.\nSecond paragraph.",
        id="12",
    ),
    ConceptRecord(terms={"en": "Bloc of Four Classes", "zh-Hans": "四个阶级联盟"}, id="7"),
]
LANGS = ["en", "de", "ar", "zh-Hans"]


def test_structure_is_tbx_v3_basic_dca():
    data = write_tbx(RECORDS, LANGS, source_language="en", title="Workbench glossary")
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(data)
    assert root.tag == f"{{{TBX_NAMESPACE}}}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == ("TBX-Basic", "dca", "en")
    pis = [
        pi
        for pi in root.itersiblings(preceding=True)
        if isinstance(pi, etree._ProcessingInstruction)
    ]
    assert {pi.target for pi in pis} == {"xml-model"}
    assert any("TBXcoreStructV03_TBX-Basic_integrated.rng" in pi.text for pi in pis)
    # Header: tbxHeader/fileDesc with a title and a sourceDesc paragraph.
    assert root.xpath("string(t:tbxHeader/t:fileDesc/t:titleStmt/t:title)", namespaces=NS) == (
        "Workbench glossary"
    )
    assert root.xpath("count(t:tbxHeader/t:fileDesc/t:sourceDesc/t:p)", namespaces=NS) == 1
    entries = root.xpath("t:text/t:body/t:conceptEntry", namespaces=NS)
    assert [e.get("id") for e in entries] == ["c12", "c7"]  # XML IDs cannot start with a digit
    first = entries[0]
    # Concept-level note first, then the language sections in the requested order.
    assert [etree.QName(c).localname for c in first] == ["note", "langSec", "langSec", "langSec"]
    langs = [ls.get(XML_LANG) for ls in first.xpath("t:langSec", namespaces=NS)]
    assert langs == ["en", "de", "ar"]
    de_terms = [
        (
            ts.xpath("string(t:term)", namespaces=NS),
            ts.xpath("string(t:termNote[@type='administrativeStatus'])", namespaces=NS),
        )
        for ts in first.xpath("t:langSec[@xml:lang='de']/t:termSec", namespaces=NS)
    ]
    assert de_terms == [
        ("Linke Opposition", "preferredTerm-admn-sts"),
        ("Linksopposition", "deprecatedTerm-admn-sts"),
    ]
    # Every termSec has exactly one term; no empty langSec is written.
    term_secs = list(root.iter(f"{{{TBX_NAMESPACE}}}termSec"))
    assert len(term_secs) == 6
    assert all(len(ts.xpath("t:term", namespaces=NS)) == 1 for ts in term_secs)
    langs = [ls.get(XML_LANG) for ls in entries[1].xpath("t:langSec", namespaces=NS)]
    assert langs == ["en", "zh-Hans"]


def test_round_trip():
    back = read_tbx(write_tbx(RECORDS, LANGS))
    assert [
        (r.id, dict(r.terms), {k: list(v) for k, v in r.forbidden.items()}, r.notes) for r in back
    ] == [
        ("c12", dict(RECORDS[0].terms), {"de": ["Linksopposition"]}, RECORDS[0].notes),
        ("c7", dict(RECORDS[1].terms), {}, ""),
    ]
    assert all(r.case_sensitive is None for r in back)  # TBX has no such data category
    assert all(r.line > 0 for r in back)


TBX_V2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>from another tool</p></sourceDesc></fileDesc>
  </martifHeader>
  <text><body>
    <termEntry id="c1">
      <descrip type="definition">Trotsky's faction in the Soviet Communist Party.</descrip>
      <langSet xml:lang="en-US">
        <tig><term>Left Opposition</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="de">
        <tig><term>Linksopposition</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
        <ntig><termGrp><term>Linke <hi type="italics">Opposition</hi></term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp></ntig>
        <tig><term>Opposition der Linken</term></tig>
      </langSet>
    </termEntry>
    <termEntry id="c2">
      <note>from the 1927 debates</note>
      <langSet xml:lang="fr"><tig><term>Bloc des quatre classes</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>"""


def test_reads_tbx_v2_martif_files():
    first, second = read_tbx(TBX_V2)
    assert first.id == "c1"
    # No preferred term in German: the first admitted one; inline markup is flattened.
    assert dict(first.terms) == {"en-US": "Left Opposition", "de": "Linke Opposition"}
    assert {k: list(v) for k, v in first.forbidden.items()} == {"de": ["Linksopposition"]}
    assert first.notes == "Trotsky's faction in the Soviet Communist Party."
    assert dict(second.terms) == {"fr": "Bloc des quatre classes"}
    assert second.notes == "from the 1927 debates"


def test_preferred_term_wins_over_an_earlier_admitted_one():
    data = b"""<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca"><text><body>
      <conceptEntry id="x"><langSec xml:lang="en">
        <termSec><term>party line</term></termSec>
        <termSec><term>Party line</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      </langSec></conceptEntry></body></text></tbx>"""
    assert dict(read_tbx(data)[0].terms) == {"en": "Party line"}


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"<tbx><text><body>", "not well-formed XML (line 1)"),
        (b"<html><body/></html>", "not a TBX file"),
        (
            b"<tbx><text><body><conceptEntry><langSec><termSec><term>x</term></termSec>"
            b"</langSec></conceptEntry></body></text></tbx>",
            "no xml:lang",
        ),
    ],
)
def test_refusals(data, fragment):
    with pytest.raises(GlossaryFormatError) as exc:
        read_tbx(data)
    assert fragment in str(exc.value)


def test_entity_declarations_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    external = (
        f'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&x;</term>'
        "</termSec></langSec></conceptEntry></body></text></tbx>"
    ).encode()
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&c;</term>'
        b"</termSec></langSec></conceptEntry></body></text></tbx>"
    )
    for data in (external, laughs):
        with pytest.raises(GlossaryFormatError) as exc:
            read_tbx(data)
        assert "entity" in str(exc.value)
        assert "TOP-SECRET" not in str(exc.value)
