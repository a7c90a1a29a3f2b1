"""The translated document as the HTML file it was imported from.

    translated_html(original, sources, texts, language) -> bytes | None
    translate_tree(reading, sources, texts) -> TranslatedTree | None   (the page's tree)

`translate_tree` does the matching and replacing below on a page already read, and gives
back the tree and the elements it changed: formats/epub_into.py runs it on the joined page
of a book and writes those elements back into the book's own files.

The original is read again the way the importer reads it (formats/importers/html.py, within
the same limits) and its blocks matched in order with the units; each translated block's
element (a p, li, h2, td, a footnote ...) gets the translation as its content, sanitised,
everything around it kept: the page's head, classes, ids, sections, navigation, images
outside the text. Inside the element the original footnote references (their links and ids)
are put where the translation has them, a reference the translation left out at the end
(the note keeps its anchor); a note keeps its number label and its back link. `<html>` gets
the translation's `lang` and `dir`, the page is UTF-8 (its meta charset says so), and
scripts and event handler attributes are left out (the page is for reading).

An image inside a translated element is the unit's `<img>`: the original <img> element (its
src, width, classes ...) is put where the translation has it, the first original at the first
`<img>` and so on (one the translation left out goes at the element's end: no image is lost),
and its alt text, a unit of its own, becomes the translation of that unit. A document
imported before images and sup/sub/del/ins were kept is matched as it was read then
(its images then still go with the text they were in, as before).

A block that is a run of text between blocks rather than one element's content (an <li>'s
words before its inner list, text loose in a <div>, an image's alt text in a <figure>) is
wrapped in an element for the time of the translation: the run's translation goes where the
run was (an image alone keeps its place and takes the translation as its alt text).

None when the blocks no longer match the units: the caller then gives the workbench's own
HTML of the translation, so that no translation is left out silently. An untranslated
unit's element keeps the source text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import lxml.etree
import lxml.html

from workbench.formats.importers._common import drafts_of_blocks
from workbench.formats.importers.html import (
    BLOCK_TAGS,
    IGNORED_TAGS,
    LABEL_CLASSES,
    HtmlReading,
    _classes,
    _clean_label,
    _Extractor,
    _is_element,
    read_html,
)
from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.formats.tag_attrs import unsafe_attribute
from workbench.text.markup import FNREF_CLASS, sanitize_inline, to_plain
from workbench.text.records import KIND_TITLE, LanguageInfo

__all__ = ["INLINE_TAGS", "TranslatedTree", "empty_target", "translate_tree", "translated_html"]

_NOTE_PARAGRAPHS = ("p", "div")


def _outermost(root: lxml.html.HtmlElement, match) -> list[lxml.html.HtmlElement]:
    found: list[lxml.html.HtmlElement] = []
    for el in root.iterdescendants():
        if not _is_element(el) or not match(el):
            continue
        if any(anc in found for anc in el.iterancestors()):
            continue
        found.append(el)
    return found


class _Replacer:
    def __init__(self, extractor: _Extractor) -> None:
        self.x = extractor
        self.images = not extractor.legacy  # whether units hold their images' places

    def refs(self, el: lxml.html.HtmlElement) -> dict[str, list[lxml.html.HtmlElement]]:
        """The footnote reference elements inside `el`, by the label they show."""
        found: dict[str, list[lxml.html.HtmlElement]] = {}
        for ref in _outermost(el, self.x.is_ref):
            target = self.x._ref_target(ref)
            label = _clean_label(ref.text_content()) or self.x.ref_labels.get(target or "", "")
            if label:
                found.setdefault(label, []).append(ref)
        return found

    def keepers(self, el: lxml.html.HtmlElement) -> tuple[list, list]:
        """A note's number label(s) and back link(s) inside `el`: (labels, back links)."""
        labels = _outermost(el, lambda c: bool(_classes(c) & LABEL_CLASSES))
        backs = _outermost(el, lambda c: self.x.is_backlink(c) and c not in labels)
        return labels, backs

    def replace(self, el: lxml.html.HtmlElement, markup: str, in_note: bool = False) -> None:
        # The targets inside the block (`<a name>`, ids: a contents page links to them); those
        # the translation does not bring back stay as empty elements at its start.
        targets = [
            d for d in el.iterdescendants()
            if _is_element(d) and (d.get("id") or (d.tag == "a" and d.get("name")))
        ]  # fmt: skip
        refs = {} if in_note else self.refs(el)
        labels, backs = self.keepers(el) if in_note else ([], [])
        for kept in (*labels, *backs, *(r for rs in refs.values() for r in rs)):
            kept.getparent().remove(kept) if kept.getparent() is not None else None
        images = self.images_of(el) if self.images else []
        for image in images:
            _detach(image)
        frag = lxml.html.fragment_fromstring(sanitize_inline(markup), create_parent="div")
        for place in list(frag.iter("img")):
            # The unit's <img> is the place of an original image, in order; a place with no
            # image left (one the translator added) is nothing.
            if images:
                image = images.pop(0)
                image.tail = place.tail
                place.getparent().replace(place, image)
            else:
                place.drop_tree()
        for sup in list(frag.iter("sup")):
            if FNREF_CLASS not in (sup.get("class") or "").split():
                continue
            originals = refs.get(sup.text_content().strip())
            if not originals:
                continue
            ref = originals.pop(0)
            ref.tail = sup.tail
            sup.getparent().replace(sup, ref)
        el.text = None
        for child in list(el):
            el.remove(child)
        # A note's label first, with a space; then the text; then its back link.
        start = frag.text or ""
        for label in labels:
            label.tail = " "
            el.append(label)
        if labels:
            labels[-1].tail = start
        else:
            el.text = start
        for child in list(frag):
            el.append(child)
        for leftover in (*images, *(r for rs in refs.values() for r in rs)):
            leftover.tail = None
            el.append(leftover)
        for back in backs:
            back.tail = None
            if len(el):
                el[-1].tail = (el[-1].tail or "") + " "
            else:
                el.text = (el.text or "") + " "
            el.append(back)
        still = set(el.iterdescendants())
        for lost in reversed([t for t in targets if t not in still]):
            anchor = empty_target(lost)
            anchor.tail, el.text = el.text, None
            el.insert(0, anchor)

    def images_of(self, el: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
        """The images inside `el` the importer made `<img>` places of, in order: not those
        in ignored elements or in a footnote reference."""
        found = []
        for image in el.iter("img"):
            ancestors = list(image.iterancestors())
            inside = ancestors[: ancestors.index(el)] if el in ancestors else ancestors
            if any(a.tag in IGNORED_TAGS or self.x.is_ref(a) for a in inside):
                continue
            found.append(image)
        return found

    def replace_note(self, el: lxml.html.HtmlElement, markup: str) -> None:
        """A note of several paragraphs: one translated line each when the counts agree,
        else the whole translation in the first paragraph (the others removed)."""
        paragraphs = [c for c in el if _is_element(c) and c.tag in _NOTE_PARAGRAPHS]
        if not paragraphs or (el.text or "").strip():
            self.replace(el, markup, in_note=True)
            return
        lines = markup.split("<br>")
        if len(lines) == len(paragraphs):
            for p, line in zip(paragraphs, lines, strict=True):
                self.replace(p, line, in_note=True)
            return
        # The back link may sit in a later paragraph: keep it.
        backs = [b for p in paragraphs[1:] for b in self.keepers(p)[1]]
        self.replace(paragraphs[0], markup, in_note=True)
        for p in paragraphs[1:]:
            el.remove(p)
        for back in backs:
            back.tail = None
            paragraphs[0].append(back)


# Elements a link target the translation left out stays as (emptied), inside any block; other
# elements give their id to a <span>.
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
})  # fmt: skip


def empty_target(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """An empty element keeping `el`'s id (or an `<a name>`'s name) where its text was; an
    emptied link loses its href (no reader could follow it)."""
    attributes = {k: v for k, v in el.attrib.items() if k != "href"}
    return el.makeelement(el.tag if el.tag in INLINE_TAGS else "span", attributes)


# The element a run of text is wrapped in while the page is translated (a <div>, which the
# extractor reads as a block; never written).
_RUN = "data-workbench-run"


def _wrap_runs(root: lxml.html.HtmlElement) -> bool:
    """Wrap each run of inline content that sits beside blocks in its parent (text, inline
    elements and their tails between two blocks) in a <div>-like element of its own: the
    extractor then reads the run as that element's whole content. False when there is none."""
    wrapped = False
    for parent in list(root.iter()):
        if not _is_element(parent) or parent.tag in IGNORED_TAGS or parent.get(_RUN) is not None:
            continue
        children = list(parent)
        if not any(_is_element(c) and c.tag in BLOCK_TAGS for c in children):
            continue
        run: list[lxml.html.HtmlElement] = []
        before: lxml.html.HtmlElement | None = None  # the block the run follows
        for child in [*children, None]:
            if child is None or (_is_element(child) and child.tag in BLOCK_TAGS):
                wrapped |= _wrap(parent, before, run)
                run, before = [], child
            else:
                run.append(child)
    return wrapped


def _wrap(
    parent: lxml.html.HtmlElement,
    before: lxml.html.HtmlElement | None,
    run: list[lxml.html.HtmlElement],
) -> bool:
    """Move the run (the text after `before`, or the parent's first text, and the inline
    nodes `run`) into a new element at its place; False when it holds no text."""
    text = (before.tail if before is not None else parent.text) or ""
    has_text = bool(text.strip()) or any(
        "".join(node.itertext()).strip() or (node.tail or "").strip() or node.tag == "img"
        for node in run
        if _is_element(node)
    )
    if not has_text:
        return False
    wrapper = lxml.html.Element("div", {_RUN: ""})
    wrapper.text = text
    if before is not None:
        before.tail = None
        before.addnext(wrapper)
    else:
        parent.text = None
        parent.insert(0, wrapper)
    for node in run:
        wrapper.append(node)  # moved, tail and all
    return True


def _detach(node: lxml.html.HtmlElement) -> None:
    """Take `node` out of the tree, its tail left where it was."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    node.tail = None
    parent.remove(node)


def _only_image(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The image a wrapped run is made of alone (its alt text is the unit): the translation
    goes into its alt, the image stays."""
    if el.get(_RUN) is None or (el.text or "").strip():
        return None
    nodes = [c for c in el if _is_element(c)]
    if len(nodes) == 1 and nodes[0].tag == "img" and not (nodes[0].tail or "").strip():
        return nodes[0]
    return None


def _unsafe(root: lxml.html.HtmlElement) -> None:
    """Leave out what runs or navigates by itself: scripts, a <base> that redirects the
    page's links, a meta refresh, event handler attributes, javascript: links."""
    for el in list(root.iter("script", "base", "meta")):
        if el.tag == "meta" and (el.get("http-equiv") or "").lower() != "refresh":
            continue
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter():
        if not _is_element(el):
            continue
        for name, value in list(el.attrib.items()):
            if unsafe_attribute(el.tag, name, value):
                del el.attrib[name]


def _charset(root: lxml.html.HtmlElement) -> None:
    """The page says it is UTF-8, in HTML5's <meta charset>. A <meta http-equiv=Content-Type>
    is replaced by one: libxml2's HTML serializer leaves that element out, so a page that
    declared windows-1252 that way came out as UTF-8 declaring nothing (browsers then guess
    windows-1252 and show "GrÃ¼ÃŸe")."""
    head = root.find("head")
    if head is None:
        head = lxml.html.Element("head")
        root.insert(0, head)
    found = False
    for meta in list(root.iter("meta")):
        if meta.get("charset") is not None:
            meta.set("charset", "utf-8")
            found = True
        elif (meta.get("http-equiv") or "").lower() == "content-type":
            meta.drop_tree()
    if not found:
        head.insert(0, lxml.html.Element("meta", charset="utf-8"))


@dataclass
class TranslatedTree:
    """A page's tree with the translations in it (runs unwrapped again) and the elements
    whose content or alt text the translation changed (a run's parent for a run), in
    document order: formats/epub_into.py writes those back into the book's own files."""

    root: lxml.html.HtmlElement
    changed: list[lxml.html.HtmlElement]


def translate_tree(
    reading: HtmlReading,
    sources: Sequence[str],
    texts: Sequence[str | None],
    kinds: Sequence[str] = (),
    limits: FileLimits = DEFAULT_LIMITS,
) -> TranslatedTree | None:
    """`texts[i]` (markup; None: untranslated, left as it is) as the content of block i's
    element in the page `reading` read. None when that cannot be done faithfully."""
    extractor = reading.extractor
    drafts = drafts_of_blocks(reading.drafts, sources, limits.max_units)
    if drafts is None:
        # Imported before images and sup/sub/del/ins were kept: read as then.
        extractor = _Extractor(reading.root, legacy=True)
        drafts = drafts_of_blocks(extractor.run(), sources, limits.max_units)
    if drafts is None:
        return None
    if any(text is not None and d.origin is None for d, text in zip(drafts, texts, strict=True)):
        # Runs of text between blocks (an <li>'s words before its inner list, text loose in a
        # <div> or <body>, an image's alt text in a <figure>): each in an element of its own,
        # read again, so that it has one; the elements go again before the page is written.
        if not _wrap_runs(reading.root):
            return None
        extractor = _Extractor(reading.root, legacy=extractor.legacy)
        drafts = drafts_of_blocks(extractor.run(), sources, limits.max_units)
        if drafts is None or any(
            text is not None and d.origin is None for d, text in zip(drafts, texts, strict=True)
        ):
            return None
    replacer = _Replacer(extractor)
    notes = extractor.notes
    title_el = reading.root.find(".//title")
    changed: list[lxml.html.HtmlElement] = []
    for i, (draft, text) in enumerate(zip(drafts, texts, strict=True)):
        if text is None:
            continue
        el = draft.origin
        assert isinstance(el, lxml.html.HtmlElement)
        image = el if el.tag == "img" else _only_image(el)
        if el in notes:
            replacer.replace_note(el, text)
        elif image is not None:
            image.set("alt", " ".join(to_plain(text).split()))
        else:
            replacer.replace(el, text)
        changed.append(image if image is not None else el)
        is_title = kinds[i] == KIND_TITLE if i < len(kinds) else False
        if is_title and title_el is not None:
            if " ".join(title_el.text_content().split()) == " ".join(to_plain(sources[i]).split()):
                title_el.text = " ".join(to_plain(text).split())
                for child in list(title_el):
                    title_el.remove(child)
    root = reading.root
    for run in [el for el in root.iter("div") if el.get(_RUN) is not None]:
        if run in changed:
            changed[changed.index(run)] = run.getparent()
        run.drop_tag()  # its content where it was
    return TranslatedTree(root, changed)


def translated_html(
    original: bytes,
    sources: Sequence[str],
    texts: Sequence[str | None],
    language: LanguageInfo,
    kinds: Sequence[str] = (),
    limits: FileLimits = DEFAULT_LIMITS,
) -> bytes | None:
    """The original HTML with `texts[i]` (markup; None: untranslated, left as it is) as the
    content of block i's element. None when that cannot be done faithfully (see above)."""
    translated = translate_tree(read_html(original, limits), sources, texts, kinds, limits)
    if translated is None:
        return None
    root = translated.root
    root.set("lang", language.code)
    if root.get("xml:lang") is not None:
        root.set("xml:lang", language.code)
    root.set("dir", language.direction)
    _unsafe(root)
    _charset(root)
    doctype = root.getroottree().docinfo.doctype or "<!DOCTYPE html>"
    return lxml.html.tostring(root, doctype=doctype, encoding="utf-8", method="html")
