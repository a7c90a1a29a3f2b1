"""The one way uploaded XML is parsed (TMX, TBX, the parts of a .docx)."""

from __future__ import annotations

from lxml import etree


def safe_parser() -> etree.XMLParser:
    """An lxml parser for files from strangers: no entity expansion ("billion laughs",
    external entities), no network, no DTD, no huge trees; comments and processing
    instructions dropped (they carry no text to translate)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
