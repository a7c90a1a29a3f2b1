"""A small EPUB 3 book as publishers make them, for the tests of the translated book
(formats/epub_into.py): a cover, two chapters, a stylesheet, an image with alt text inside a
paragraph, footnotes in a file of their own, links between the files, a page break marker
the navigation's page list points at."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

OPS = 'xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
CSS = b"body { font-family: serif; }\np.note { font-size: 0.8em; }\n"


def png(red: int, green: int, blue: int) -> bytes:
    """A 2x2 PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes((red, green, blue)) * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


COVER = png(200, 30, 30)
FIGURE = png(30, 30, 200)


def page(title: str, body: str, lang: str = "en") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html {OPS} lang="{lang}" xml:lang="{lang}">\n<head><title>{title}</title>'
        '<link rel="stylesheet" type="text/css" href="../css/book.css"/></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


CHAPTER_1 = page(
    "Chapter One",
    '<section epub:type="chapter" class="chapter">\n<h1 id="c1">Chapter One</h1>\n'
    '<p class="first">The first paragraph has a note<a epub:type="noteref" id="r1" '
    'href="notes.xhtml#n1">1</a>.</p>\n'
    '<p>A picture <img src="../images/figure.png" alt="A blue square"/> in the text.</p>\n'
    '<p>See <a href="chapter2.xhtml#c2">the second chapter</a> for more.</p>\n</section>',
)
CHAPTER_2 = page(
    "Chapter Two",
    '<section epub:type="chapter">\n<h2 id="c2">Chapter Two</h2>\n'
    '<p>Text before<span epub:type="pagebreak" id="page2" title="2"/> the page break.</p>\n'
    "<p>An untranslated paragraph.</p>\n</section>",
)
NOTES = page(
    "Notes",
    '<section epub:type="footnotes">\n'
    '<aside epub:type="footnote" id="n1"><p><a href="chapter1.xhtml#r1">1.</a> '
    "The note text.</p></aside>\n</section>",
)
COVER_PAGE = page("Cover", '<div class="cover"><img src="../images/cover.png" alt=""/></div>')
NAV = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
    f'<html {OPS} lang="en" xml:lang="en"><head><title>Contents</title></head><body>'
    '<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>'
    '<li><a href="text/chapter1.xhtml#c1">Chapter One</a></li>'
    '<li><a href="text/chapter2.xhtml#c2">Chapter Two</a></li>'
    '<li><a href="text/notes.xhtml">Notes</a></li></ol></nav>'
    '<nav epub:type="page-list" hidden=""><ol><li><a href="text/chapter2.xhtml#page2">2</a>'
    "</li></ol></nav></body></html>\n"
)
OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:0b7c3f5e-2d0a-4d8e-9a3b-5f1c2e4d6a7b</dc:identifier>
<dc:title>The Small Book</dc:title>
<dc:creator>A. Writer</dc:creator>
<dc:language>en</dc:language>
<dc:publisher>Small Press</dc:publisher>
<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="cover" href="text/cover.xhtml" media-type="application/xhtml+xml"/>
<item id="c1" href="text/chapter1.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/chapter2.xhtml" media-type="application/xhtml+xml"/>
<item id="notes" href="text/notes.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="css/book.css" media-type="text/css"/>
<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>
<item id="figure" href="images/figure.png" media-type="image/png"/>
</manifest>
<spine>
<itemref idref="cover" linear="no"/>
<itemref idref="c1"/>
<itemref idref="c2"/>
<itemref idref="notes"/>
</spine>
</package>
"""
CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" '
    'media-type="application/oebps-package+xml"/></rootfiles></container>\n'
)


def _zipped(members: list[tuple[str, str | bytes]]) -> bytes:
    """An EPUB archive of the members: `mimetype` first, stored."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED
        )
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def book(chapter_2: str = CHAPTER_2) -> bytes:
    members: list[tuple[str, str | bytes]] = [
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", OPF),
        ("OEBPS/nav.xhtml", NAV),
        ("OEBPS/text/cover.xhtml", COVER_PAGE),
        ("OEBPS/text/chapter1.xhtml", CHAPTER_1),
        ("OEBPS/text/chapter2.xhtml", chapter_2),
        ("OEBPS/text/notes.xhtml", NOTES),
        ("OEBPS/css/book.css", CSS),
        ("OEBPS/images/cover.png", COVER),
        ("OEBPS/images/figure.png", FIGURE),
    ]
    return _zipped(members)


# An EPUB 2 book: XHTML 1.1 pages (no `lang` attribute there), an NCX table of contents.
XHTML_11 = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
    '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">'
)
CHAPTER_EPUB2 = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n{XHTML_11}\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>One</title>'
    '<link rel="stylesheet" type="text/css" href="book.css"/></head><body>'
    '<h1 id="c1">Chapter One</h1><p class="first">A paragraph with a '
    '<a href="notes.xhtml#n1" id="r1"><sup>1</sup></a> note.</p>'
    '<p><img src="figure.png" alt="A blue square"/></p></body></html>\n'
)
NOTES_EPUB2 = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n{XHTML_11}\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>Notes</title>'
    '</head><body><div class="footnotes"><p class="footnote" id="n1">'
    '<a href="chapter.xhtml#r1">1</a> The note.</p></div></body></html>\n'
)
OPF_EPUB2 = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
<dc:identifier id="uid">urn:uuid:1c7d3f5e-2d0a-4d8e-9a3b-5f1c2e4d6a7b</dc:identifier>
<dc:title>The Old Book</dc:title>
<dc:language>en</dc:language>
<meta name="cover" content="cover-image"/>
</metadata>
<manifest>
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="chapter" href="chapter.xhtml" media-type="application/xhtml+xml"/>
<item id="notes" href="notes.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="book.css" media-type="text/css"/>
<item id="cover-image" href="cover.png" media-type="image/png"/>
<item id="figure" href="figure.png" media-type="image/png"/>
</manifest>
<spine toc="ncx"><itemref idref="chapter"/><itemref idref="notes"/></spine>
</package>
"""
NCX = """<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head><meta name="dtb:uid" content="urn:uuid:1c7d3f5e-2d0a-4d8e-9a3b-5f1c2e4d6a7b"/>
<meta name="dtb:depth" content="1"/><meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/></head>
<docTitle><text>The Old Book</text></docTitle>
<navMap><navPoint id="p1" playOrder="1"><navLabel><text>Chapter One</text></navLabel>
<content src="chapter.xhtml#c1"/></navPoint></navMap>
</ncx>
"""


def book_epub2() -> bytes:
    container = CONTAINER.replace("OEBPS/content.opf", "content.opf")
    members: list[tuple[str, str | bytes]] = [
        ("META-INF/container.xml", container),
        ("content.opf", OPF_EPUB2),
        ("toc.ncx", NCX),
        ("chapter.xhtml", CHAPTER_EPUB2),
        ("notes.xhtml", NOTES_EPUB2),
        ("book.css", CSS),
        ("cover.png", COVER),
        ("figure.png", FIGURE),
    ]
    return _zipped(members)
