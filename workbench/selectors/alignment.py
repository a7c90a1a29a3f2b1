"""Reads for the alignment screen and its exports.

A run is one row (its links and target paragraphs are JSON), loaded once per request; a page
of the screen then reads only the source units of its own links: one query, whatever the
document's size. Ordering weakest-first sorts the link list in memory (no query)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext_lazy as _

from workbench.formats.tmx import TmxPair
from workbench.models import AlignmentRun, Document, Language, Translation, Unit
from workbench.selectors.alignment_plan import run_links
from workbench.selectors.exports import document_info
from workbench.text.align import Link
from workbench.text.align.file_checks import (
    NOTICES,
    WARN_LANGUAGE,
    WARN_PARTIAL,
    WARN_SAME_AS_SOURCE,
    WARN_SCRIPT,
    WARN_UNRELATED,
)
from workbench.text.records import (
    STATUS_APPROVED,
    DocumentInfo,
    ExportRow,
    TranslationRecord,
    UnitRecord,
)

PAGE_SIZE = 100
ORDERS = ("document", "weakest")
# Confidence bands shown next to the number (never colour alone).
WEAK_BELOW = 0.5
STRONG_FROM = 0.8
DEFAULT_THRESHOLD = STRONG_FROM  # "accept the confident ones" starts at the strong band
CONFIDENCE_LABELS = {"weak": _("weak"), "ok": _("ok"), "strong": _("strong")}


def confidence_band(score: float) -> str:
    if score < WEAK_BELOW:
        return "weak"
    if score < STRONG_FROM:
        return "ok"
    return "strong"


@dataclass
class SourceCell:
    unit: Unit
    approved: bool  # the unit has an approved translation in the run's language


@dataclass
class TargetCell:
    number: int  # 1-based paragraph number in the uploaded file
    text: str  # sanitised inline markup, as the importer produced it
    kind: str


_NO_TRANSLATION_LABEL = gettext_lazy("no translation in the file")
_NO_SOURCE_LABEL = gettext_lazy("only in the file, no source")


@dataclass
class AlignmentRow:
    index: int  # the link's position in document order (0-based)
    link: Link
    sources: list[SourceCell] = field(default_factory=list)
    targets: list[TargetCell] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def kind(self) -> str:
        return self.link.kind

    @property
    def score(self) -> float:
        return self.link.score

    @property
    def band(self) -> str:
        return confidence_band(self.link.score)

    @property
    def band_label(self) -> str:
        # A paragraph without a counterpart (a translator's note, a split-off piece) is not
        # a "strong" match whatever its score (a correction scores 1): say what it is.
        if self.link.is_null:
            return str(_NO_TRANSLATION_LABEL if not self.link.target else _NO_SOURCE_LABEL)
        return str(CONFIDENCE_LABELS[self.band])

    @property
    def can_split(self) -> bool:
        return len(self.link.source) > 1 or len(self.link.target) > 1

    @property
    def can_unmatch(self) -> bool:
        return not self.link.is_null or len(self.link.source) + len(self.link.target) > 1

    @property
    def is_null(self) -> bool:
        return self.link.is_null


def link_order(links: list[Link], order: str) -> list[int]:
    if order == "weakest":
        return sorted(range(len(links)), key=lambda k: (links[k].score, k))
    return list(range(len(links)))


def alignment_page(
    run: AlignmentRun, *, order: str = "document", page: int | str = 1, per_page: int = PAGE_SIZE
) -> tuple[Page, list[AlignmentRow]]:
    """One page of links, source units and target paragraphs side by side. Two queries:
    the page's units and their approved translations."""
    links = run_links(run)
    paginator = Paginator(link_order(links, order if order in ORDERS else "document"), per_page)
    page_obj = paginator.get_page(page)
    indexes = list(page_obj.object_list)
    unit_ids = [run.source_units[i] for k in indexes for i in links[k].source]
    units = {
        s.pk: s
        for s in Unit.objects.filter(pk__in=unit_ids).only(
            "pk", "key", "kind", "level", "label", "source", "position"
        )
    }
    approved = set(
        Translation.objects.filter(
            unit_id__in=unit_ids, language_id=run.language_id, status=STATUS_APPROVED
        )
        .exclude(text="")
        .values_list("unit_id", flat=True)
    )
    paragraphs, kinds = run.target_paragraphs, run.target_kinds
    rows = []
    for k in indexes:
        link = links[k]
        sources = []
        for i in link.source:
            unit = units.get(run.source_units[i])
            if unit is not None:  # a unit deleted since: accepting will refuse anyway
                sources.append(SourceCell(unit, unit.pk in approved))
        targets = [TargetCell(j + 1, paragraphs[j], kinds[j]) for j in link.target]
        rows.append(AlignmentRow(k, link, sources, targets))
    return page_obj, rows


def page_of_link(run: AlignmentRun, index: int, order: str, per_page: int = PAGE_SIZE) -> int:
    positions = link_order(run_links(run), order)
    try:
        return positions.index(index) // per_page + 1
    except ValueError:
        return 1


def link_summary(run: AlignmentRun) -> dict:
    """Counts by link kind and confidence band (for the screen's header and the command)."""
    by_kind: dict[str, int] = {}
    by_band = {"weak": 0, "ok": 0, "strong": 0}
    for link in run_links(run):
        by_kind[link.kind] = by_kind.get(link.kind, 0) + 1
        if not link.is_null:
            by_band[confidence_band(link.score)] += 1
    return {
        "kinds": sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])),
        "bands": by_band,
        "links": len(run.links),
    }


def runs_for(document: Document, language: Language, limit: int = 20) -> list[AlignmentRun]:
    """The latest runs of a document in a language, without their (large) JSON columns."""
    return list(
        AlignmentRun.objects.filter(document=document, language=language)
        .select_related("created_by")
        .defer("target_paragraphs", "target_kinds", "links", "source_units")
        .order_by("-created_at", "-id")[:limit]
    )


_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def demo_translation(document: Document, language: Language) -> Path | None:
    """A translation shipped in fixtures/ for this document: `<origin stem>.<lang>.md` next to
    the file the document was imported from (the sample chapter has a German one). Only
    names made of safe characters are looked up, and only inside fixtures/."""
    stem = Path(document.origin_filename or "").stem
    if not stem or not _SAFE_NAME.match(stem) or not _SAFE_NAME.match(language.code):
        return None
    folder = Path(settings.BASE_DIR) / "fixtures"
    for extension in ("md", "txt", "html"):
        candidate = folder / f"{stem}.{language.code}.{extension}"
        if candidate.is_file():
            return candidate
    return None


# --- exports of a proposed alignment -----------------------------------------------------------


def _export_links(run: AlignmentRun) -> list[tuple[Link, list[Unit], list[str]]]:
    links = run_links(run)
    units = {
        s.pk: s
        for s in Unit.objects.filter(document_id=run.document_id).only(
            "pk", "key", "kind", "level", "label", "source", "position"
        )
    }
    out = []
    for link in links:
        ids = [run.source_units[i] for i in link.source]
        link_units = [units[pk] for pk in ids if pk in units]
        out.append((link, link_units, [run.target_paragraphs[j] for j in link.target]))
    return out


def alignment_export_rows(run: AlignmentRun) -> tuple[DocumentInfo, list[ExportRow]]:
    """One ExportRow per link: source markup joined, target markup joined (for the
    bilingual HTML of a proposed alignment). A 0-1 link gets an empty source cell; a 1-0 link
    shows as untranslated. Drafts mark the links below the "strong" band, so a proofreader
    sees at a glance where to look."""
    rows = []
    for k, (link, units, targets) in enumerate(_export_links(run)):
        first = units[0] if units else None
        kind = first.kind if first else run.target_kinds[link.target[0]]
        unit = UnitRecord(
            key="+".join(u.key for u in units) or f"t{link.target[0] + 1}",
            position=k + 1,
            kind=kind,
            source=" ".join(u.source for u in units),
            level=first.level if first else 0,
            label=first.label if first else "",
        )
        translation = None
        if targets:
            translation = TranslationRecord(
                text=" ".join(targets),
                status="translated" if link.score >= STRONG_FROM else "draft",
            )
        rows.append(ExportRow(unit=unit, translations={run.language.code: translation}))
    return document_info(run.document), rows


def alignment_tmx_pairs(run: AlignmentRun) -> list[TmxPair]:
    """One TMX pair per link with both sides (nulls have nothing to pair)."""
    pairs = []
    for link, units, targets in _export_links(run):
        if not units or not targets:
            continue
        pairs.append(
            TmxPair(
                source=" ".join(u.source for u in units),
                target=" ".join(targets),
                source_lang=run.document.source_language.code,
                target_lang=run.language.code,
                key="+".join(u.key for u in units),
                document=run.document.slug,
                props=(("x-link", link.kind), ("x-confidence", f"{link.score:.4f}")),
            )
        )
    return pairs


# --- the file's warnings, in the reader's language ----------------------------------------

# Scripts by the first word of their letters' Unicode names (text.language_guess).
_SCRIPT_NAMES = {
    "LATIN": gettext_lazy("Latin"),
    "CYRILLIC": gettext_lazy("Cyrillic"),
    "GREEK": gettext_lazy("Greek"),
    "ARABIC": gettext_lazy("Arabic"),
    "HEBREW": gettext_lazy("Hebrew"),
    "CJK": gettext_lazy("Chinese (Han)"),
    "HIRAGANA": gettext_lazy("Japanese kana"),
    "KATAKANA": gettext_lazy("Japanese kana"),
    "HANGUL": gettext_lazy("Korean (Hangul)"),
    "DEVANAGARI": gettext_lazy("Devanagari"),
    "TAMIL": gettext_lazy("Tamil"),
    "SINHALA": gettext_lazy("Sinhala"),
    "THAI": gettext_lazy("Thai"),
    "GEORGIAN": gettext_lazy("Georgian"),
    "ARMENIAN": gettext_lazy("Armenian"),
}

_WARNING_TEXTS = {
    WARN_UNRELATED: gettext_lazy(
        "This file does not look like a translation of this document: few numbers, names and "
        "other anchors match (%(anchors)s%% of the paragraphs that have any) and the paragraph "
        "lengths disagree (%(lengths)s%% agree). Check that you uploaded the right file before "
        "accepting anything."
    ),
    WARN_SAME_AS_SOURCE: gettext_lazy(
        "%(share)s%% of the file's paragraphs are identical to the source: it looks like the "
        "original rather than a translation into %(language)s."
    ),
    WARN_SCRIPT: gettext_lazy(
        "The file is written mostly in the %(found)s script, but %(language)s is not: check "
        "that you chose the right language."
    ),
    WARN_PARTIAL: gettext_lazy(
        "This translation covers about %(share)s%% of the source (an excerpt, an abridged "
        "edition or a translation in progress): the source paragraphs it leaves out are shown "
        "as untranslated."
    ),
    WARN_LANGUAGE: gettext_lazy(
        "The file looks like %(found)s rather than %(language)s: check that you chose the "
        "right language."
    ),
}


def warning_messages(run: AlignmentRun) -> list[str]:
    """The run's warnings (the file looks wrong) in the active UI language."""
    return _messages([w for w in run.warnings if w.get("code") not in NOTICES])


def notice_messages(run: AlignmentRun) -> list[str]:
    """What the reviewer should know about a file that looks right (it is an excerpt ...)."""
    return _messages([w for w in run.warnings if w.get("code") in NOTICES])


def _messages(warnings: list[dict]) -> list[str]:
    out = []
    for warning in warnings:
        template = _WARNING_TEXTS.get(warning.get("code"))
        if template is None:
            continue
        params = dict(warning.get("params", {}))
        for key in ("language", "found"):
            if key in params and params.get(f"{key}_is_code"):
                params[key] = _language_name(params[key])
        if params.get("found_is_script"):
            script = params["found"]
            params["found"] = str(_SCRIPT_NAMES.get(script, script.title()))
        try:
            out.append(str(template) % params)
        except (KeyError, TypeError, ValueError):
            out.append(str(template))
    return out


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
