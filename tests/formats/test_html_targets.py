"""Link targets inside a translated block of an HTML page (`<a name>` and ids a contents page
or another page links to) outlive the translation (formats/html_out.py)."""

from __future__ import annotations

import lxml.html

from workbench.formats.html_out import translated_html
from workbench.formats.importers import parse_document
from workbench.text.records import LanguageInfo

DE = LanguageInfo("de", "Deutsch")

PAGE = b"""<!doctype html><html lang="en"><body>
<p><a href="#ch2">Chapter 2</a> | <a href="#p12">page 12</a></p>
<h2><a name="ch2"></a>Chapter 2</h2>
<p>The text <span id="p12" class="pagebreak">12</span> goes on <em id="key">here</em>.</p>
<p>Untouched <a name="last" id="last">target</a>.</p>
</body></html>"""

GERMAN = {
    "Chapter 2": "Kapitel 2",
    "The text 12 goes on <em>here</em>.": "Der Text geht <em>hier</em> weiter.",
}


def _export() -> lxml.html.HtmlElement:
    sources = [b.text for b in parse_document(PAGE, filename="p.html").blocks]
    translated = [GERMAN.get(s) for s in sources]
    assert sum(t is not None for t in translated) == 2  # the heading and the text
    out = translated_html(PAGE, sources, translated, DE)
    assert out is not None
    return lxml.html.fromstring(out)


def test_targets_the_translation_left_out_stay_at_the_start_of_their_block() -> None:
    root = _export()
    heading = root.find(".//h2")
    assert heading.text_content() == "Kapitel 2"
    assert heading[0].tag == "a" and heading[0].get("name") == "ch2" and not heading[0].text
    paragraph = root.xpath("//p[contains(., 'Der Text')]")[0]
    assert paragraph.text_content() == "Der Text geht hier weiter."
    # The page break span and the emphasis's id: empty, first in the block, in their order.
    assert [(c.tag, c.get("id"), c.text) for c in paragraph[:2]] == [
        ("span", "p12", None),
        ("em", "key", None),
    ]
    assert paragraph[0].get("class") == "pagebreak"
    assert paragraph[2].tag == "em" and paragraph[2].text == "hier"


def test_every_link_of_the_page_still_has_its_target() -> None:
    root = _export()
    targets = {el.get("id") for el in root.iter() if el.get("id")}
    targets |= {el.get("name") for el in root.iter("a") if el.get("name")}
    links = [a.get("href")[1:] for a in root.iter("a") if (a.get("href") or "").startswith("#")]
    assert links == ["ch2", "p12"]
    assert set(links) <= targets
    assert "last" in targets  # an untranslated block is as it was
