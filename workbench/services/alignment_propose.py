"""Proposing an alignment: read the uploaded translation, align its paragraphs to the
document's active units and store one AlignmentRun in state "proposed" with the file's
warnings. No Translation is touched (see services/alignment.py for the whole flow)."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import AlignmentRun, Document, Language, Translation, Unit
from workbench.selectors.glossary import pair_glossary
from workbench.services.alignment import AlignmentError
from workbench.services.job_progress import NO_PROGRESS, Progress
from workbench.services.uploads import parse_upload
from workbench.text.align import Alignment, align, to_scored_json
from workbench.text.align.file_checks import file_warnings
from workbench.text.fingerprint import checksums_fingerprint
from workbench.text.records import STATUS_APPROVED, STATUS_TRANSLATED

log = logging.getLogger(__name__)


def _glossary_pairs(document: Document, language: Language) -> list[tuple[str, str]]:
    # The glossary's terms for this pair are anchors the aligner can count as shared.
    glossary = pair_glossary(document.source_language.code, language.code, with_forbidden=False)
    return [(e.source_term, e.target_term) for e in glossary.entries if e.target_term]


def _memory_pairs(document: Document, language: Language) -> list[tuple[str, str]]:
    """Existing translations (any document) of exactly the document's source texts: a
    paragraph of the file equal to one of them pins its link. One query (a subquery, not a
    list of checksums: a book has more units than SQLite takes parameters)."""
    checksums = Unit.objects.filter(document=document, is_active=True).values("checksum")
    rows = (
        Translation.objects.filter(
            language=language,
            unit__checksum__in=checksums,
            status__in=(STATUS_TRANSLATED, STATUS_APPROVED),
        )
        .exclude(text="")
        .values_list("unit__source", "text")
    )
    return list(dict.fromkeys(rows))


def propose_alignment(
    actor,
    document: Document,
    language: Language,
    data: bytes,
    filename: str,
    fmt: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> AlignmentRun:
    """Align an uploaded translation to `document` and store the proposal (nothing else).

    Raises PermissionDenied (not a translator of `language`), DocumentError (the file cannot
    be read: empty, unknown format, ...) or AlignmentError (a PO file, the source language,
    a document without units)."""
    permissions.require_translate(actor, language)
    if language.pk == document.source_language_id:
        raise AlignmentError(
            _("%(language)s is the document's source language, not a translation.")
            % {"language": language.display_name}
        )
    progress.stage(_("Reading %(file)s") % {"file": filename}, 3)
    parsed = parse_upload(data, filename, fmt)
    progress.advance()
    if parsed.format == "po":
        raise AlignmentError(
            _("A PO file pairs its entries with the units already: import it instead.")
        )
    units = list(
        Unit.objects.filter(document=document, is_active=True)
        .order_by("position")
        .values_list("pk", "source", "kind", "checksum")
    )
    if not units:
        raise AlignmentError(_("The document has no units to align to."))
    progress.advance()
    source = [u[1] for u in units]
    target = [block.text for block in parsed.blocks]
    target_kinds = [block.kind for block in parsed.blocks]
    progress.advance()
    progress.stage(
        _("Aligning %(paragraphs)s paragraphs to %(units)s units")
        % {"paragraphs": len(target), "units": len(units)},
        2,
    )
    alignment = align(
        source,
        target,
        source_lang=document.source_language.code,
        target_lang=language.code,
        source_kinds=[u[2] for u in units],
        target_kinds=target_kinds,
        glossary=_glossary_pairs(document, language),
        memory=_memory_pairs(document, language),
    )
    progress.advance()
    warnings = file_warnings(alignment, source, target, language.code)
    log.info("aligning %r (%d paragraphs) to %s into %s", filename, len(target), document.slug,
             language.code)  # fmt: skip
    progress.stage(_("Storing the proposed alignment"), 1)
    return AlignmentRun.objects.create(
        document=document,
        language=language,
        filename=filename[:255],
        format=parsed.format,
        source_units=[u[0] for u in units],
        source_fingerprint=checksums_fingerprint([u[3] for u in units]),
        target_paragraphs=target,
        target_kinds=target_kinds,
        links=to_scored_json(alignment.links),
        quality=_quality_json(alignment),
        warnings=warnings,
        created_by=permissions.author_of(actor),
    )


def _quality_json(alignment: Alignment) -> dict:
    q = alignment.quality
    return {
        "anchor_rate": q.anchor_rate,
        "length_agreement": q.length_agreement,
        "mean_evidence": q.mean_evidence,
        "null_rate": q.null_rate,
        "length_ratio": q.length_ratio,
        "looks_unrelated": q.looks_unrelated,
        "coverage": q.coverage,
    }
