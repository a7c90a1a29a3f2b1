"""HTML pages in the encoding they declare, as browsers read them: published translations on
older sites are GB2312, Shift_JIS, windows-1251 or latin-1 pages with a <meta charset>. A page
that declares nothing must still be UTF-8, and a page whose bytes break its own declaration
is refused with both named."""

from __future__ import annotations

import re

import pytest

from workbench.formats.html_out import translated_html
from workbench.formats.importers import DocumentError, parse_document
from workbench.text.languages import language_info


def page(head: str, body: str, encoding: str, *, bom: bytes = b"") -> bytes:
    return bom + f"<html><head>{head}<title>t</title></head><body>{body}</body></html>".encode(
        encoding
    )


def texts(data: bytes) -> list[str]:
    return [block.text for block in parse_document(data, "page.html").blocks]


@pytest.mark.parametrize(
    ("head", "encoding", "body"),
    [
        ('<meta charset="gb2312">', "gb2312", "<h1>第一章</h1><p>这是一个段落。</p>"),
        # A GB2312 page holding a GBK character (as such pages do): read as GB18030.
        ('<meta charset="GB2312">', "gbk", "<p>镕基说。</p>"),
        ("<meta charset='Shift_JIS'>", "cp932", "<p>日本語の段落です。①</p>"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251",
         "<p>Пролетарии всех стран, соединяйтесь!</p>"),
        # latin-1 as browsers read it: windows-1252, whose 0x93/0x94 are curly quotes.
        ('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">', "cp1252",
         "<p>« Ça a été “très” bien »</p>"),
        ("<meta charset=euc-kr>", "cp949", "<p>만국의 노동자여, 단결하라!</p>"),
        ('<meta charset="big5">', "big5hkscs", "<p>全世界無產者，聯合起來！</p>"),
    ],
)  # fmt: skip
def test_a_declared_encoding_is_read(head, encoding, body):
    data = page(head, body, encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert texts(data) == re.findall(r">([^<>]+)</", body)


def test_an_xhtml_page_declares_its_encoding_in_its_xml_declaration():
    data = '<?xml version="1.0" encoding="ISO-8859-15"?>\n<html><body><p>Coût 5 €</p></body></html>'
    assert texts(data.encode("iso-8859-15")) == ["Coût 5 €"]


def test_a_utf16_page_with_its_byte_order_mark_is_read():
    data = page('<meta charset="utf-16">', "<p>Texte en UTF-16</p>", "utf-16-le", bom=b"\xff\xfe")
    assert texts(data) == ["Texte en UTF-16"]


def test_a_page_declaring_nothing_must_be_utf8_and_a_broken_declaration_is_refused():
    with pytest.raises(DocumentError, match="not UTF-8 text"):
        texts(page("", "<p>Ça été</p>", "latin-1"))
    with pytest.raises(DocumentError, match="says it is shift_jis text, but the byte 0x"):
        texts(page('<meta charset="shift_jis">', "<p>x</p>", "utf-8") + "é".encode("latin-1"))
    # An unknown label is no declaration: UTF-8 it is.
    assert texts(page('<meta charset="x-klingon">', "<p>Ça</p>", "utf-8")) == ["Ça"]
    # A declaration further down the page than browsers look is not read either.
    late = page("<style>" + "x" * 5000 + "</style><meta charset=gb2312>", "<p>中文</p>", "gb2312")
    with pytest.raises(DocumentError, match="not UTF-8 text"):
        texts(late)


def test_the_translated_page_is_written_in_utf8_and_says_so():
    original = page('<meta charset="gb2312">', "<p>这是一个段落。</p>", "gb2312")
    out = translated_html(original, texts(original), ["This is a paragraph."], language_info("en"))
    assert out is not None
    html = out.decode("utf-8")
    assert "This is a paragraph." in html and 'charset="utf-8"' in html.lower().replace("'", '"')
    assert "gb2312" not in html.lower()


@pytest.mark.parametrize(
    "head",
    [
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        '<META HTTP-EQUIV="content-type" CONTENT="text/html; charset=iso-8859-1"><title>T</title>',
        "",
    ],
)
def test_a_page_that_declared_its_encoding_by_http_equiv_says_utf8(head):
    """libxml2's HTML serializer leaves <meta http-equiv=Content-Type> out: the page came
    out as UTF-8 declaring nothing, which browsers read as windows-1252."""
    original = page(head, "<p>Grüße – aus Köln</p>", "cp1252")
    if not head:
        original = page('<meta charset="windows-1252">', "<p>Grüße – aus Köln</p>", "cp1252")
    out = translated_html(original, texts(original), ["Grüße – from Cologne"], language_info("en"))
    assert out is not None
    html = out.decode("utf-8")
    assert "Grüße – from Cologne" in html
    assert html.count("<meta") == 1 and '<meta charset="utf-8">' in html
