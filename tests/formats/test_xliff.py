"""XLIFF 1.2 and 2.0: exports valid against the OASIS schemas, read by translate-toolkit, inline
markup as XLIFF inline elements and back exactly, states, notes, refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from tests.formats.conftest import DE, DOC, ZH, canonical_markup, make_rows
from workbench.formats.limits import FileLimits
from workbench.formats.xliff import (
    NS_12,
    NS_20,
    XliffError,
    export_xliff,
    read_xliff,
)
from workbench.text.markup import sanitize_inline
from workbench.text.records import (
    KIND_PARAGRAPH,
    STATUS_TRANSLATED,
    ExportRow,
    TranslationRecord,
    UnitRecord,
)

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "xliff"
NOW = datetime(2026, 12, 4, 10, 0, 0, 123456, tzinfo=UTC)


def _schema(name: str, with_extension: bool) -> etree.XMLSchema:
    """The OASIS schema `name`, its xml.xsd import pointed at the local copy (no network),
    with the workbench's extension attributes when asked (XLIFF 1.2 checks them strictly)."""
    text = (SCHEMAS / name).read_text("utf-8")
    text = text.replace(
        'schemaLocation="http://www.w3.org/2001/xml.xsd"', 'schemaLocation="xml.xsd"'
    )
    text = text.replace(
        'schemaLocation="informativeCopiesOf3rdPartySchemas/w3c/xml.xsd"',
        'schemaLocation="xml.xsd"',
    )
    if with_extension:
        text = text.replace(
            '<xsd:import namespace="http://www.w3.org/XML/1998/namespace"',
            '<xsd:import namespace="urn:x-workbench:xliff" schemaLocation="workbench-xliff.xsd"/>\n'
            '  <xsd:import namespace="http://www.w3.org/XML/1998/namespace"',
            1,
        )
    doc = etree.fromstring(text.encode("utf-8"), base_url=str(SCHEMAS / name))
    return etree.XMLSchema(doc)


@pytest.fixture(scope="module")
def schema_12() -> etree.XMLSchema:
    return _schema("xliff-core-1.2-strict.xsd", with_extension=True)


@pytest.fixture(scope="module")
def schema_20() -> etree.XMLSchema:
    return _schema("xliff-core-2.0.xsd", with_extension=False)


def _validate(schema: etree.XMLSchema, data: bytes) -> None:
    doc = etree.fromstring(data)
    assert schema.validate(doc), schema.error_log


def test_the_schemas_are_the_real_ones(schema_12, schema_20) -> None:
    # Not a permissive stand-in: an unknown element and a bad state are refused.
    bad = export_xliff(DOC, DE, make_rows(), version="1.2").replace(b"<body>", b"<body><oops/>")
    assert not schema_12.validate(etree.fromstring(bad))
    bad = export_xliff(DOC, DE, make_rows(), version="2.0").replace(
        b'state="final"', b'state="almost"'
    )
    assert not schema_20.validate(etree.fromstring(bad))


@pytest.mark.parametrize("language", [DE, ZH])
def test_exports_are_schema_valid(schema_12, schema_20, language) -> None:
    _validate(schema_12, export_xliff(DOC, language, make_rows(), version="1.2", signature="s"))
    _validate(schema_20, export_xliff(DOC, language, make_rows(), version="2.0", signature="s"))


def test_inline_elements_12() -> None:
    data = export_xliff(DOC, DE, make_rows(), version="1.2")
    root = etree.fromstring(data)
    ns = {"x": NS_12}
    title = root.find(".//x:trans-unit[@id='title']", ns)
    assert title.find("x:source/x:g", ns).get("ctype") == "italic"
    assert title.find("x:target/x:g", ns).get("id") == title.find("x:source/x:g", ns).get("id")
    quote = root.find(".//x:trans-unit[@id='quote-1']", ns)
    assert quote.find("x:source/x:x", ns).get("ctype") == "lb"
    assert quote.find("x:target", ns).get("state") == "needs-review-translation"
    assert "outdated" in " ".join(n.text for n in quote.findall("x:note", ns))
    item = root.find(".//x:trans-unit[@id='item-1']", ns)
    bpt = item.find("x:source/x:bpt", ns)
    assert bpt.text == '<a href="https://example.org/a?b=1&amp;c=2">'
    assert item.find("x:source/x:ept", ns).get("id") == bpt.get("id")
    assert item.find("x:target", ns) is None  # untranslated
    theory = root.find(".//x:trans-unit[@id='p-theory']", ns)
    assert theory.find("x:source/x:ph", ns).get("ctype") == "x-fnref"
    byline = root.find(".//x:trans-unit[@id='byline']", ns)
    assert byline.get("approved") == "yes"
    assert byline.find("x:target", ns).get("state") == "signed-off"


def test_inline_elements_20() -> None:
    data = export_xliff(DOC, DE, make_rows(), version="2.0")
    root = etree.fromstring(data)
    ns = {"x": NS_20}
    item = root.find(".//x:unit[@id='item-1']", ns)
    pc = item.find("x:segment/x:source/x:pc", ns)
    assert pc.get("type") == "link"
    datas = {d.get("id"): d.text for d in item.findall("x:originalData/x:data", ns)}
    assert datas[pc.get("dataRefStart")] == '<a href="https://example.org/a?b=1&amp;c=2">'
    assert pc.find("x:pc", ns).get("subType") == "wb:code"
    theory = root.find(".//x:unit[@id='p-theory']", ns)
    assert theory.find("x:segment", ns).get("state") == "initial"
    assert theory.find("x:segment/x:source/x:ph", ns).get("disp") == "1"


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_round_trip_is_exact(version) -> None:
    rows = make_rows()
    back = read_xliff(
        export_xliff(DOC, DE, rows, version=version, generated_at=NOW, signature="sig")
    )
    assert back.version == version
    assert back.document == DOC.slug
    assert (back.source_language, back.target_language) == ("en", "de")
    assert back.exported_at == NOW and back.signature == "sig"
    assert [u.key for u in back.units] == [r.unit.key for r in rows]
    for unit, row in zip(back.units, rows, strict=True):
        assert unit.source == row.unit.source
        translation = row.translations["de"]
        if translation is None:
            assert unit.target is None
        else:
            assert unit.target == translation.text
            assert unit.draft == (translation.status in ("draft", "outdated"))


def _row(source: str, target: str) -> list[ExportRow]:
    unit = UnitRecord("p1", 1, KIND_PARAGRAPH, source)
    return [ExportRow(unit, {"de": TranslationRecord(target, STATUS_TRANSLATED)})]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(canonical_markup(), canonical_markup())
def test_any_markup_round_trips(source, target) -> None:
    if not source or not target:
        return
    for version in ("1.2", "2.0"):
        unit = read_xliff(export_xliff(DOC, DE, _row(source, target), version=version)).units[0]
        assert unit.source == source
        assert sanitize_inline(unit.target or "") == target


def test_angle_brackets_are_text() -> None:
    text = ":term:`mutable &lt;mutable&gt;` press &lt;Ctrl&gt; a &lt; b &amp; c"
    for version in ("1.2", "2.0"):
        data = export_xliff(DOC, DE, _row(text, text), version=version)
        assert b"<Ctrl>" not in data
        assert read_xliff(data).units[0].target == text


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_translate_toolkit_reads_the_export(tmp_path, version) -> None:
    data = export_xliff(DOC, DE, make_rows(), version=version)
    store_class = tt_xliff.xlifffile if version == "1.2" else tt_xliff2.Xliff2File
    store = store_class.parsestring(data)
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == len(make_rows())
    by_id = {u.getid().rsplit("\x04", 1)[-1].split("//")[-1]: u for u in units}
    title = next(u for key, u in by_id.items() if key.endswith("title"))
    assert "Permanent" in title.source and "permanente" in title.target
    draft = next(u for key, u in by_id.items() if key.endswith("p-theory"))
    assert draft.isfuzzy()
    approved = next(u for key, u in by_id.items() if key.endswith("byline"))
    assert not approved.isfuzzy() and approved.istranslated()


def test_files_from_cat_tools_are_read() -> None:
    # As OmegaT/Okapi write 1.2: no resname, state absent, an <mrk> segment, <g> we do not
    # know (kept as text).
    data = f"""<?xml version="1.0"?>
<xliff version="1.2" xmlns="{NS_12}"><file original="permanent-revolution"
 source-language="en" target-language="de" datatype="plaintext"><body>
<trans-unit id="title"><source>The <g id="1" ctype="italic">Permanent</g> Revolution</source>
<seg-source><mrk mtype="seg" mid="0">The Permanent Revolution</mrk></seg-source>
<target><mrk mtype="seg" mid="0">Die <g id="1" ctype="italic">permanente</g> <g id="9"
 ctype="underlined">Revolution</g></mrk></target>
</trans-unit></body></file></xliff>""".encode()
    unit = read_xliff(data).units[0]
    assert unit.key == "title"
    assert unit.target == "Die <em>permanente</em> Revolution"
    assert not unit.draft
    # A 2.0 unit a tool split into two segments comes back as one text; no state = initial.
    data = f"""<?xml version="1.0"?>
<xliff version="2.0" xmlns="{NS_20}" srcLang="en" trgLang="de"><file id="f">
<unit id="u1" name="p-1"><segment><source>One.</source><target>Eins.</target></segment>
<ignorable><source> </source></ignorable>
<segment state="translated"><source>Two.</source><target>Zwei.</target></segment>
</unit></file></xliff>""".encode()
    unit = read_xliff(data).units[0]
    assert (unit.key, unit.source, unit.target, unit.draft) == (
        "p-1",
        "One. Two.",
        "Eins. Zwei.",
        True,
    )


def test_code_points_2_0_are_kept() -> None:
    """<cp hex> carries what XML cannot: a control is kept as its picture (as a PO file's
    is, formats/po_escapes.py), any other character as itself."""
    data = f"""<?xml version="1.0"?>
<xliff version="2.0" xmlns="{NS_20}" srcLang="en" trgLang="de"><file id="f">
<unit id="u1"><segment><source>Bell<cp hex="0007"/> &amp; <cp hex="00E9"/></source>
<target>Glocke<cp hex="7"/><cp hex="D800"/><cp hex="zz"/><cp hex="3C"/></target>
</segment></unit></file></xliff>""".encode()
    unit = read_xliff(data).units[0]
    assert unit.source == "Bell\u2407 &amp; é"
    assert unit.target == "Glocke\u2407&lt;"


def test_refusals() -> None:
    with pytest.raises(XliffError, match="not an XLIFF"):
        read_xliff(b"<html><body>x</body></html>")
    with pytest.raises(XliffError, match="well-formed"):
        read_xliff(b"<xliff")
    with pytest.raises(XliffError, match="version"):
        export_xliff(DOC, DE, make_rows(), version="1.1")
    data = export_xliff(DOC, DE, make_rows(), version="2.0")
    with pytest.raises(XliffError, match="more than 3 units"):
        read_xliff(data, FileLimits(max_units=3))
    entity = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><xliff version="1.2" xmlns="'
        + NS_12.encode()
        + b'"><file original="d" source-language="en" target-language="de" datatype="html">'
        b'<body><trans-unit id="p"><source>&e;</source></trans-unit></body></file></xliff>'
    )
    with pytest.raises(XliffError, match="entity"):
        read_xliff(entity)
