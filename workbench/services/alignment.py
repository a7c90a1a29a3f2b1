"""Aligning a published translation to a stored document: propose, correct, accept, discard.

The flow (the alignment screen and `manage.py align` share it):

1. `propose_alignment` reads the uploaded file with the document importers, aligns its
   paragraphs to the document's active units (workbench.text.align) and stores ONE
   AlignmentRun row in state "proposed", with warnings when the file looks wrong (not a
   translation of this document, the wrong language). No Translation is touched.
2. `correct_alignment` applies one correction operation of workbench.text.align.corrections to
   the run's links, validates the result and bumps the run's version (optimistic
   concurrency: a correction names the version it was made on, so two tabs never clobber
   each other).
3. `accept_alignment` turns the links into translations through the write pipeline, the
   bulk form of `save_translation` (so the Revision history, the version checks, and then
   the quality checks and the memory apply as to any save),
   origin "aligned", action Revision.ACTION_ALIGN, all in one transaction:

   - 1-1: the target paragraph, status "translated" (needs review);
   - 1-n: the target paragraphs joined with a space, "translated";
   - n-1 and n-m: the target text (joined) is split at sentence boundaries in proportion to
     the source units' lengths, and each piece is stored as a "draft": a person must check
     where the cut fell. When the paragraph has too few sentence boundaries to cut, the first
     unit gets the whole text as a draft and the others stay untranslated (counted as
     "unsplit");
   - 1-0: the unit stays as it is; 0-1 (e.g. a translator's note): not stored anywhere;
   - an approved translation is never replaced unless `overwrite_approved` (the screen asks
     first, listing them); an approved one with the same text is left alone either way;
   - `only_confident`: links scoring below the threshold are skipped (corrected links score
     1.0: a person made them).
4. `discard_alignment` marks the run discarded (kept for the record; the admin can delete it).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import AlignmentRun, Document, Language, Translation, Unit
from workbench.services import writes
from workbench.services.errors import ConflictError, ServiceError, TranslationError
from workbench.services.uploads import parse_upload
from workbench.services.writes import Change
from workbench.text import markup
from workbench.text.align import Alignment, Link, align, validate_links
from workbench.text.importers import DocumentError
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

log = logging.getLogger(__name__)

__all__ = [
    "AcceptPlan",
    "AlignmentError",
    "ApprovedConflict",
    "DocumentError",
    "OPERATIONS",
    "StaleAlignmentError",
    "accept_alignment",
    "approved_conflicts",
    "correct_alignment",
    "discard_alignment",
    "plan_acceptance",
    "propose_alignment",
    "run_links",
    "split_markup",
    "warning_messages",
]


class AlignmentError(ServiceError):
    """The alignment cannot be made, changed or accepted; the message is for people."""


class StaleAlignmentError(AlignmentError):
    """The run changed (another tab, another person) since the page showed it."""

    def __init__(self, run: AlignmentRun):
        super().__init__(
            _("This alignment was changed in the meantime; the page now shows its current state.")
        )
        self.run = run


# --- proposing ----------------------------------------------------------------------------

# Warning codes stored on the run, rendered in the reader's language by `warning_messages`.
WARN_UNRELATED = "unrelated"
WARN_SAME_AS_SOURCE = "same_as_source"
WARN_SCRIPT = "script"
WARN_LANGUAGE = "language"

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
    WARN_LANGUAGE: gettext_lazy(
        "The file looks like %(found)s rather than %(language)s: check that you chose the "
        "right language."
    ),
}


def warning_messages(run: AlignmentRun) -> list[str]:
    """The run's warnings in the active UI language."""
    out = []
    for warning in run.warnings:
        template = _WARNING_TEXTS.get(warning.get("code"))
        if template is None:
            continue
        params = dict(warning.get("params", {}))
        for key in ("language", "found"):
            if key in params and params.get(f"{key}_is_code"):
                params[key] = _language_name(params[key])
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


def _fingerprint(checksums: Sequence[str]) -> str:
    return hashlib.sha1("\n".join(checksums).encode("ascii")).hexdigest()


def _glossary_pairs(document: Document, language: Language) -> list[tuple[str, str]]:
    # The glossary's terms for this pair are anchors the aligner can count as shared.
    from workbench.selectors.glossary import pair_glossary

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
) -> AlignmentRun:
    """Align an uploaded translation to `document` and store the proposal (nothing else).

    Raises PermissionDenied (not a translator of `language`), DocumentError (the file cannot
    be read: empty, unknown format, ...) or AlignmentError (a PO file, the source language,
    a document without units)."""
    permissions.require_translate(actor, language)
    if language.pk == document.source_language_id:
        raise AlignmentError(
            _("%(language)s is the document's source language, not a translation.")
            % {"language": language.name}
        )
    parsed = parse_upload(data, filename, fmt)
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
    source = [u[1] for u in units]
    target = [block.text for block in parsed.blocks]
    target_kinds = [block.kind for block in parsed.blocks]
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
    warnings = _warnings(alignment, source, target, document.source_language.code, language.code)
    log.info("aligning %r (%d paragraphs) to %s into %s", filename, len(target), document.slug,
             language.code)  # fmt: skip
    return AlignmentRun.objects.create(
        document=document,
        language=language,
        filename=filename[:255],
        format=parsed.format,
        source_units=[u[0] for u in units],
        source_fingerprint=_fingerprint([u[3] for u in units]),
        target_paragraphs=target,
        target_kinds=target_kinds,
        links=_links_json(alignment.links),
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
    }


def _links_json(links: Sequence[Link]) -> list:
    return [[list(link.source), list(link.target), link.score] for link in links]


def run_links(run: AlignmentRun) -> list[Link]:
    return [Link(tuple(s), tuple(t), float(score)) for s, t, score in run.links]


# --- is this the right file? ----------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# The most frequent function words: enough to tell these languages apart on a page of text.
# (Scripts tell the others apart; a language missing here is simply not checked this way.)
_FUNCTION_WORDS = {
    "en": "the and of to in that is was it for with as on by this which be are were not from had "
    "have an at",
    "de": "der die das und den dem des ist nicht mit sich auf für von ein eine einer zu im war "
    "auch als dass wurde sie",
    "fr": "le la les des et du un une est que qui dans pour pas sur au aux par ne il elle ce se "
    "été était",
    "es": "el los las del y que en un una es por con para no se su al lo como fue más",
    "it": "il lo gli le di del della che e un una è per con non si da sono nel alla come",
    "pt": "o os as do da dos das e que em um uma é para com não se no na por foi",
    "nl": "de het een en van dat is in op te niet met zijn voor die er aan ook als werd",
}
_FUNCTION_SETS = {code: frozenset(words.split()) for code, words in _FUNCTION_WORDS.items()}
# Scripts by the first word of the Unicode character name; languages by primary subtag.
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
_LATIN = ("LATIN",)
_EXPECTED_SCRIPTS = {
    **{
        code: _LATIN
        for code in (
            "en de fr es it pt nl ca ro sv da no nb nn fi et pl cs sk sl hr bs hu tr id ms vi "
            "eu gl ga cy is lt lv sq af sw tl eo la"
        ).split()
    },
    **{code: ("CYRILLIC",) for code in "ru uk bg be mk kk ky tg mn".split()},
    "sr": ("CYRILLIC", "LATIN"),
    "el": ("GREEK",),
    **{code: ("ARABIC",) for code in "ar fa ur ps sd ug ckb".split()},
    "he": ("HEBREW",),
    "yi": ("HEBREW",),
    "zh": ("CJK",),
    "ja": ("CJK", "HIRAGANA", "KATAKANA"),
    "ko": ("HANGUL", "CJK"),
    "hi": ("DEVANAGARI",),
    "mr": ("DEVANAGARI",),
    "ne": ("DEVANAGARI",),
    "ta": ("TAMIL",),
    "si": ("SINHALA",),
    "th": ("THAI",),
    "ka": ("GEORGIAN",),
    "hy": ("ARMENIAN",),
}
_SAMPLE_CHARS = 20_000  # enough letters to judge a script or a language


def _primary(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def _normal(text: str) -> str:
    return " ".join(markup.to_plain(text).casefold().split())


def dominant_script(text: str) -> tuple[str | None, float]:
    """The script most letters of `text` are written in, and its share of the letters."""
    counts: Counter[str] = Counter()
    for ch in text[:_SAMPLE_CHARS]:
        if ch.isalpha():
            counts[unicodedata.name(ch, "UNKNOWN").split(" ")[0]] += 1
    if not counts:
        return None, 0.0
    script, n = counts.most_common(1)[0]
    return script, n / sum(counts.values())


def guess_language(text: str) -> tuple[str | None, dict[str, float]]:
    """The language among _FUNCTION_WORDS whose function words cover most of the words of
    `text`, and every language's share (0..1)."""
    words = [w.casefold() for w in _WORD_RE.findall(text[:_SAMPLE_CHARS])]
    if len(words) < 30:  # too little text to judge
        return None, {}
    shares = {
        code: sum(1 for w in words if w in vocabulary) / len(words)
        for code, vocabulary in _FUNCTION_SETS.items()
    }
    best = max(shares, key=shares.__getitem__)
    return best, shares


def _warnings(
    alignment: Alignment,
    source: Sequence[str],
    target: Sequence[str],
    source_code: str,
    target_code: str,
) -> list[dict]:
    """What looks wrong with the file, as codes and parameters (see _WARNING_TEXTS)."""
    warnings: list[dict] = []
    sources = {_normal(s) for s in source}
    targets = [_normal(t) for t in target]
    identical = sum(1 for t in targets if t and t in sources)
    same_as_source = bool(targets) and identical / len(targets) > 0.5
    if same_as_source:
        warnings.append(
            {
                "code": WARN_SAME_AS_SOURCE,
                "params": {
                    "share": round(100 * identical / len(targets)),
                    "language": target_code,
                    "language_is_code": True,
                },
            }
        )
    q = alignment.quality
    if q.looks_unrelated and not same_as_source:
        warnings.append(
            {
                "code": WARN_UNRELATED,
                "params": {
                    "anchors": round(100 * q.anchor_rate),
                    "lengths": round(100 * q.length_agreement),
                },
            }
        )
    plain = " ".join(markup.to_plain(t) for t in target)
    expected = _EXPECTED_SCRIPTS.get(_primary(target_code))
    script, share = dominant_script(plain)
    wrong_script = bool(expected and script and share > 0.6 and script not in expected)
    if wrong_script:
        warnings.append(
            {
                "code": WARN_SCRIPT,
                "params": {
                    "found": str(_SCRIPT_NAMES.get(script, script.title())),
                    "language": target_code,
                    "language_is_code": True,
                },
            }
        )
    wanted = _primary(target_code)
    if not wrong_script and not same_as_source and wanted in _FUNCTION_SETS:
        found, shares = guess_language(plain)
        # Clearly another language: its function words are common in the text, and at least
        # twice as common as the chosen language's (German and Dutch share some words).
        clearly = found and shares[found] >= 0.12 and shares[found] > 2 * shares[wanted]
        if clearly and found != wanted:
            warnings.append(
                {
                    "code": WARN_LANGUAGE,
                    "params": {
                        "found": found,
                        "found_is_code": True,
                        "language": target_code,
                        "language_is_code": True,
                    },
                }
            )
    return warnings


# --- correcting ---------------------------------------------------------------------------

# The screen's corrections, by the name the forms post (see workbench.text.align.corrections).
OPERATIONS = ("merge", "split", "up", "down", "unmatch")
_NOT_POSSIBLE = {
    "merge": gettext_lazy("The last link has no next link to merge with."),
    "split": gettext_lazy("Only a link with two or more paragraphs on one side can be split."),
    "up": gettext_lazy("This link has no paragraph of the file to move up, or no link before it."),
    "down": gettext_lazy(
        "This link has no paragraph of the file to move down, or no link after it."
    ),
    "unmatch": gettext_lazy("This link is unmatched already."),
}


def _apply(
    links: list[Link], operation: str, index: int, n_source: int, n_target: int
) -> list[Link]:
    from workbench.text.align import corrections

    function = {
        "merge": corrections.merge_with_next,
        "split": corrections.split_link,
        "up": corrections.shift_target_up,
        "down": corrections.shift_target_down,
        "unmatch": corrections.mark_unmatched,
    }[operation]
    try:
        return function(Alignment(links, n_source, n_target), index).links
    except corrections.CorrectionError as exc:
        raise AlignmentError(str(_NOT_POSSIBLE[operation])) from exc


def _lock_proposed(run: AlignmentRun, version: int | None) -> AlignmentRun:
    """The run's current row, locked; refuses runs that are no longer proposed and (when a
    version is given) runs changed since that version."""
    current = AlignmentRun.objects.select_for_update().get(pk=run.pk)
    if current.state != AlignmentRun.STATE_PROPOSED:
        raise AlignmentError(
            _("This alignment was %(state)s already; nothing was changed.")
            % {"state": current.get_state_display()}
        )
    if version is not None and version != current.version:
        raise StaleAlignmentError(current)
    return current


def correct_alignment(
    user, run: AlignmentRun, operation: str, index: int, *, version: int | None
) -> AlignmentRun:
    """Apply one correction to link `index` and return the updated run. `version` is the
    run version the page showed (None skips the check). The links stay valid or nothing
    is stored (AlignmentError)."""
    permissions.require_translate(user, run.language)
    if operation not in OPERATIONS:
        raise AlignmentError(_("Unknown correction %(operation)s.") % {"operation": operation})
    with transaction.atomic():
        current = _lock_proposed(run, version)
        links = run_links(current)
        if not 0 <= index < len(links):
            raise AlignmentError(_("There is no link number %(n)s.") % {"n": index + 1})
        n_source, n_target = len(current.source_units), len(current.target_paragraphs)
        new_links = _apply(links, operation, index, n_source, n_target)
        # The corrections validate their result; checked again here because what is stored
        # must be valid whatever a future operation does.
        validate_links(new_links, n_source, n_target)
        current.links = _links_json(new_links)
        current.version += 1
        current.save(update_fields=["links", "version"])
    return current


# --- accepting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedTranslation:
    unit_id: int
    text: str
    status: str
    link_index: int
    kind: str  # the link's shape, "1-1", "2-1", ...
    score: float


@dataclass
class AcceptPlan:
    """What accepting would write, worked out from the run (one query: the lengths of the
    units that share a paragraph of the file)."""

    entries: list[PlannedTranslation] = field(default_factory=list)
    skipped_weak: int = 0  # units of links below the confidence threshold
    unsplit: int = 0  # units left untranslated because a paragraph could not be cut
    untranslated: int = 0  # units of 1-0 links
    notes: int = 0  # target paragraphs of 0-1 links (translator's notes, ...)


def plan_acceptance(run: AlignmentRun, only_confident: float | None = None) -> AcceptPlan:
    plan = AcceptPlan()
    paragraphs = run.target_paragraphs
    unit_ids = run.source_units
    weights = _source_lengths(run)
    for k, link in enumerate(run_links(run)):
        if not link.target:
            plan.untranslated += len(link.source)
            continue
        if not link.source:
            plan.notes += len(link.target)
            continue
        if only_confident is not None and link.score < only_confident:
            plan.skipped_weak += len(link.source)
            continue
        text = " ".join(paragraphs[j] for j in link.target)
        if len(link.source) == 1:
            plan.entries.append(
                PlannedTranslation(
                    unit_ids[link.source[0]], text, STATUS_TRANSLATED, k, link.kind, link.score
                )
            )
            continue
        pieces = split_markup(text, [weights[i] for i in link.source])
        if pieces is None:
            pieces = [text]
            plan.unsplit += len(link.source) - 1
        for i, piece in zip(link.source, pieces, strict=False):
            plan.entries.append(
                PlannedTranslation(unit_ids[i], piece, STATUS_DRAFT, k, link.kind, link.score)
            )
    return plan


def _source_lengths(run: AlignmentRun) -> list[int]:
    """Plain-text length of each source unit of the run (for splitting n-1 links). Only the
    units of n-1 links are read: one query."""
    wanted = {i for s, t, _score in run.links if len(s) > 1 and t for i in s}
    lengths = [0] * len(run.source_units)
    if wanted:
        ids = {run.source_units[i]: i for i in wanted}
        for pk, source in Unit.objects.filter(pk__in=ids).values_list("pk", "source"):
            lengths[ids[pk]] = len(markup.to_plain(source))
    return lengths


@dataclass(frozen=True)
class ApprovedConflict:
    unit: Unit
    current: str  # the approved text
    new: str  # what accepting would write


def approved_conflicts(run: AlignmentRun, plan: AcceptPlan) -> list[ApprovedConflict]:
    """The approved translations accepting `plan` would replace (same text does not count):
    what the confirmation step lists. One query."""
    planned = {entry.unit_id: entry.text for entry in plan.entries}
    rows = (
        Translation.objects.filter(
            language=run.language, unit__document_id=run.document_id, status=STATUS_APPROVED
        )
        .exclude(text="")
        .select_related("unit")
        .order_by("unit__position")
    )
    return [
        ApprovedConflict(t.unit, t.text, planned[t.unit_id])
        for t in rows
        if t.unit_id in planned and markup.sanitize_inline(planned[t.unit_id]).strip() != t.text
    ]


def accept_alignment(
    actor,
    run: AlignmentRun,
    *,
    only_confident: float | None = None,
    overwrite_approved: bool = False,
    version: int | None = None,
) -> dict[str, int]:
    """Write the run's links as translations (see the module docstring for the rules) and
    mark it accepted; returns the counts (also stored as `run.result`). One transaction:
    either every translation is written or none."""
    permissions.require_translate(actor, run.language)
    if only_confident is not None and not 0.0 <= only_confident <= 1.0:
        raise AlignmentError(_("The confidence threshold must be between 0 and 1."))
    language = run.language
    with transaction.atomic():
        current = _lock_proposed(run, version)
        # By document, not by a list of ids: a book has more units than SQLite takes
        # parameters. Units made inactive since are there too, and refused below.
        units = {
            s.pk: s
            for s in Unit.objects.filter(document_id=current.document_id).select_related(
                "document__source_language"
            )
        }
        ordered = [units.get(pk) for pk in current.source_units]
        present = [s for s in ordered if s is not None and s.is_active]
        if (
            len(present) != len(ordered)
            or _fingerprint([s.checksum for s in present]) != current.source_fingerprint
        ):
            raise AlignmentError(
                _("The document changed since this alignment was proposed: align the file again.")
            )
        plan = plan_acceptance(current, only_confident)
        planned = {e.unit_id for e in plan.entries}
        existing = {
            t.unit_id: t
            for t in Translation.objects.select_for_update().filter(
                language=language, unit__document_id=current.document_id
            )
            if t.unit_id in planned
        }
        counts = Counter(written=0, drafts=0, unchanged=0, skipped_approved=0, replaced_approved=0)
        changes: list[Change] = []
        for entry in plan.entries:
            unit = units[entry.unit_id]
            old = existing.get(entry.unit_id)
            clean = markup.sanitize_inline(entry.text).strip()
            if old is not None and old.status == STATUS_APPROVED and old.text:
                if old.text == clean and old.source_checksum == unit.checksum:
                    counts["unchanged"] += 1
                    continue
                if not overwrite_approved:
                    counts["skipped_approved"] += 1
                    continue
                counts["replaced_approved"] += 1
            comment = _("Aligned from %(file)s (link %(kind)s, confidence %(score).2f)") % {
                "file": current.filename,
                "kind": entry.kind,
                "score": entry.score,
            }
            changes.append(
                Change(
                    unit,
                    entry.text,
                    status=entry.status,
                    base_version=old.version if old is not None else 0,
                    comment=comment,
                )
            )
        try:
            # Checks and memory once for the whole file, not per unit (the pipeline's
            # after-change step).
            results = writes.write(actor, language, changes, kind=writes.ALIGN)
        except ConflictError as exc:
            key = exc.current.unit.key if exc.current is not None else ""
            raise AlignmentError(
                _(
                    "Unit %(key)s was changed while the alignment was being saved; nothing "
                    "was saved. Try again."
                )
                % {"key": key}
                if key
                else _(
                    "Some units were changed while the alignment was being saved; "
                    "nothing was saved. Try again."
                )
            ) from exc
        except TranslationError as exc:
            raise AlignmentError(str(exc)) from exc
        for change, result in zip(changes, results, strict=True):
            if not result.changed:
                counts["unchanged"] += 1
            elif change.status == STATUS_DRAFT:
                counts["drafts"] += 1
            else:
                counts["written"] += 1
        summary = {
            **counts,
            "skipped_weak": plan.skipped_weak,
            "unsplit": plan.unsplit,
            "untranslated": plan.untranslated,
            "notes": plan.notes,
        }
        current.state = AlignmentRun.STATE_ACCEPTED
        current.accepted_by = permissions.author_of(actor)
        current.accepted_at = timezone.now()
        current.result = summary
        current.version += 1
        current.save(update_fields=["state", "accepted_by", "accepted_at", "result", "version"])
    run.refresh_from_db()
    log.info("accepted alignment run %s of %s into %s: %s", run.pk, run.document_id,
             language.code, dict(counts))  # fmt: skip
    return summary


def discard_alignment(user, run: AlignmentRun, *, version: int | None = None) -> AlignmentRun:
    permissions.require_translate(user, run.language)
    with transaction.atomic():
        current = _lock_proposed(run, version)
        current.state = AlignmentRun.STATE_DISCARDED
        current.version += 1
        current.save(update_fields=["state", "version"])
    return current


# --- splitting a paragraph between several units ----------------------------------------------

_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_ENDERS = frozenset(".!?…")
_CJK_ENDERS = frozenset("。！？")
# “ closes German quotations („...“), as ” closes English ones.
_CLOSERS = frozenset("\"'”“’‘»«›‹)]」』）")
_OPENERS = frozenset('"“„«‹‚‘¿¡([「『（')


def _ends_sentence(tail: str) -> bool:
    """`tail` (the visible text just before a space) ends a sentence: a full stop, question
    or exclamation mark, maybe followed by closing quotes; not an initial or abbreviation
    ("J. Smith", "S. 176", "z. B.") and not a German ordinal ("20. Jahrhundert")."""
    text = tail.rstrip("".join(_CLOSERS))
    if not text or text[-1] not in _ENDERS:
        return False
    if text[-1] != ".":
        return True
    word = re.search(r"(\w+)\.$", text)
    if word is None:
        return True
    token = word.group(1)
    if token.isdigit():
        return len(token) > 2
    return len(token) > 1


def sentence_cuts(text: str) -> list[tuple[int, int]]:
    """Where `text` (sanitised inline markup) can be cut between two sentences, outside any
    element: (offset in the markup, visible characters before it), in order. Footnote
    reference labels do not count as visible text."""
    cuts: list[tuple[int, int]] = []
    depth = fnref = visible = 0
    tail = ""
    space_start: int | None = None  # markup offset where the current space run began
    candidate = False  # the space run follows the end of a sentence
    cut_at: int | None = None  # where the next sentence would start
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "<":
            match = _TAG_RE.match(text, i)
            if match is None:  # not a tag after all: a visible "<" (sanitised text escapes it)
                step, char = 1, ch
            else:
                closing, name = match.group(1), match.group(2).lower()
                if name != "br":
                    if closing:
                        depth = max(depth - 1, 0)
                        if name == "sup" and fnref:
                            fnref -= 1
                    else:
                        depth += 1
                        if name == "sup" and "fnref" in match.group(3):
                            fnref += 1
                    if candidate and cut_at is None:
                        cut_at = i  # the opening tag belongs to the next sentence
                i = match.end()
                continue
        elif ch == "&":
            end = text.find(";", i, i + 10)
            step, char = (end + 1 - i, "&") if end != -1 else (1, ch)
        else:
            step, char = 1, ch
        if fnref:
            i += step
            continue
        if char.isspace():
            if space_start is None:
                space_start = i
                candidate = depth == 0 and _ends_sentence(tail)
                cut_at = None
                tail = (tail + " ")[-16:]
        else:
            if candidate and (char.isupper() or char.isdigit() or char in _OPENERS):
                cuts.append((cut_at if cut_at is not None else i, visible))
            space_start, candidate, cut_at = None, False, None
            tail = (tail + char)[-16:]
            if char in _CJK_ENDERS and depth == 0 and i + step < n:
                cuts.append((i + step, visible + 1))
        visible += 1
        i += step
    return cuts


def split_markup(text: str, weights: Sequence[float]) -> list[str] | None:
    """Cut `text` into len(weights) pieces at sentence boundaries, the pieces' lengths as
    close as possible to the weights' proportions; None when there are too few boundaries.
    Every piece is balanced markup (cuts are never inside an element)."""
    parts = len(weights)
    if parts <= 1:
        return [text]
    cuts = sentence_cuts(text)
    if len(cuts) < parts - 1:
        return None
    total_visible = len(markup.to_plain(text)) or 1
    if sum(weights) <= 0:
        weights = [1.0] * parts
    total_weight = float(sum(weights))
    goals = []
    running = 0.0
    for w in weights[:-1]:
        running += w
        goals.append(total_visible * running / total_weight)
    # Dynamic programming: choose parts-1 increasing cuts minimising the distance of each cut
    # from its goal (a paragraph has tens of sentences at most; parts is 2 or 3).
    m = len(cuts)
    inf = float("inf")
    cost = [[inf] * m for _ in range(parts - 1)]
    back = [[-1] * m for _ in range(parts - 1)]
    for c in range(m):
        cost[0][c] = abs(cuts[c][1] - goals[0])
    for g in range(1, parts - 1):
        best, best_at = inf, -1
        for c in range(m):
            if c - 1 >= 0 and cost[g - 1][c - 1] < best:
                best, best_at = cost[g - 1][c - 1], c - 1
            if best < inf:
                cost[g][c] = best + abs(cuts[c][1] - goals[g])
                back[g][c] = best_at
    last = min(range(m), key=lambda c: cost[parts - 2][c])
    chosen = [last]
    for g in range(parts - 2, 0, -1):
        chosen.append(back[g][chosen[-1]])
    offsets = [cuts[c][0] for c in reversed(chosen)]
    pieces = []
    start = 0
    for offset in [*offsets, len(text)]:
        pieces.append(markup.sanitize_inline(text[start:offset]))
        start = offset
    if any(not piece for piece in pieces):
        return None
    return pieces
