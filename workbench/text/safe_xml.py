"""The one way uploaded XML is parsed (TMX, TBX, the parts of a .docx).

`parse_xml` refuses, with a short message for the person who sent the file (in the UI
language, see text/i18n.py), what is not well-formed, too many elements or nested too deep;
the parser's own message (which names library internals) goes to the log only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from io import BytesIO

from lxml import etree

from workbench.text.i18n import LocalizedError, gettext_noop

log = logging.getLogger(__name__)

# libxml2 refuses deeper nesting without XML_PARSE_HUGE (huge_tree), which we never set.
MAX_DEPTH = 256


class XmlRefused(LocalizedError):
    """The XML cannot be read; each format re-raises it as its own error type."""


# The parser options for files from strangers, shared by the tree parser and the streaming one.
_SAFE_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def safe_parser() -> etree.XMLParser:
    """An lxml parser for files from strangers: no entity expansion ("billion laughs",
    external entities), no network, no DTD, no huge trees; comments and processing
    instructions dropped (they carry no text to translate)."""
    return etree.XMLParser(**_SAFE_OPTIONS)


def too_many_elements(limit: int) -> XmlRefused:
    return XmlRefused(
        gettext_noop("The file has more than %(limit)s elements; split it into smaller files."),
        limit=f"{limit:,}",
    )


def syntax_error(exc: etree.XMLSyntaxError, what: str = "file") -> XmlRefused:
    """The short, translated message for a parser error; the detail is logged."""
    log.info("refused XML (%s): %s", what, exc)
    message = str(exc.msg or exc)
    if "Excessive depth" in message:
        return XmlRefused(
            gettext_noop("The file nests elements more than %(depth)s levels deep."),
            depth=MAX_DEPTH,
        )
    return XmlRefused(
        gettext_noop("The file is not well-formed XML (line %(line)s)."), line=exc.lineno or 1
    )


def parse_xml(data: bytes, max_elements: int) -> etree._Element:
    """The root element of untrusted XML bytes, or XmlRefused."""
    if data.count(b"<") > max_elements:
        raise too_many_elements(max_elements)
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc) from None


class XmlEvents:
    """(event, element) of untrusted XML bytes as they are parsed, with the options and the
    element limit of `parse_xml`, for readers that clear what they have read (the tree of a
    large file costs ten times its size). Only elements named in `tag` give events; the tree
    up to the current element is there. Iterating raises XmlRefused where the XML goes wrong;
    `root` is the root element once parsing has begun."""

    def __init__(
        self, data: bytes, max_elements: int, *, events: tuple[str, ...], tag: tuple[str, ...]
    ) -> None:
        if data.count(b"<") > max_elements:
            raise too_many_elements(max_elements)
        self._parser = etree.iterparse(BytesIO(data), events=events, tag=tag, **_SAFE_OPTIONS)

    def __iter__(self) -> Iterator[tuple[str, etree._Element]]:
        try:
            yield from self._parser
        except etree.XMLSyntaxError as exc:
            raise syntax_error(exc) from None

    @property
    def root(self) -> etree._Element | None:
        return self._parser.root
