"""Importing translation memory from TMX files: free-standing pairs beside the document
units, deduplicated against what the memory already holds."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.formats.tmx import TmxPair
from workbench.models import (
    Language,
    MemoryEntry,
)
from workbench.models.translations import ORIGIN_TMX
from workbench.services.errors import ServiceError
from workbench.services.job_progress import NO_PROGRESS, Progress
from workbench.services.memory_store import BATCH, create_entries, set_source, set_target
from workbench.text import markup
from workbench.text.languages import closest_tag, tag_key
from workbench.text.records import STATUS_TRANSLATED

log = logging.getLogger(__name__)


class MemoryImportError(ServiceError):
    """Nothing could be imported; the message is for people."""


@dataclass
class ImportSummary:
    created: int = 0
    duplicates: int = 0  # pairs already in the memory (or twice in the file)
    empty: int = 0  # a side without text
    same_language: int = 0  # both sides in one language
    unknown_languages: Counter[str] = field(default_factory=Counter)  # code -> pairs skipped
    refused_languages: Counter[str] = field(default_factory=Counter)  # no permission
    read_as: dict[str, str] = field(default_factory=dict)  # "en-US" read as "en"

    @property
    def skipped(self) -> int:
        return (
            self.empty
            + self.same_language
            + sum(self.unknown_languages.values())
            + sum(self.refused_languages.values())
        )

    def messages(self) -> list[str]:
        """Why units were skipped, one sentence each, for the command line and the UI."""
        lines = []
        for code, count in sorted(self.unknown_languages.items()):
            lines.append(
                _(
                    "Skipped %(count)d units in the unknown language %(code)s: add the language "
                    "first (admin), then import again."
                )
                % {"count": count, "code": code}
            )
        for code, count in sorted(self.refused_languages.items()):
            lines.append(
                _("Skipped %(count)d units into %(code)s: you are not a reviewer of that language.")
                % {"count": count, "code": code}
            )
        if self.empty:
            lines.append(_("Skipped %(count)d units with an empty side.") % {"count": self.empty})
        if self.same_language:
            lines.append(
                _("Skipped %(count)d units whose two sides are in the same language.")
                % {"count": self.same_language}
            )
        for code, known in sorted(self.read_as.items()):
            lines.append(_("Read %(code)s as %(known)s.") % {"code": code, "known": known})
        return lines


def _resolve_language(code: str, known: dict[str, Language]) -> Language | None:
    """The Language for a TMX xml:lang: exact (any case), else its primary subtag ("en-US" is
    English when only "en" exists). Unknown languages are not created: a typo in a file
    must not add a language to the site."""
    key = closest_tag(code, known)
    return known[key] if key is not None else None


def import_pairs(
    actor,
    pairs: Sequence[TmxPair],
    *,
    origin_name: str = "",
    progress: Progress = NO_PROGRESS,
) -> ImportSummary:
    """Store TMX pairs as free-standing memory entries (origin tmx), all or nothing. The
    actor may import into the languages they review (the system actor: all). Pairs already
    in the memory are skipped."""
    known = {tag_key(lang.code): lang for lang in Language.objects.all()}
    summary = ImportSummary()
    candidates: dict[tuple[int, int, int, int], MemoryEntry] = {}
    progress.stage(_("Reading %(count)s pairs") % {"count": len(pairs)}, len(pairs))
    for pair in pairs:
        progress.advance()
        languages = []
        for code in (pair.source_lang, pair.target_lang):
            language = _resolve_language(code, known)
            if language is None:
                summary.unknown_languages[code] += 1
                break
            if language.code.lower() != code.lower():
                summary.read_as[code] = language.code
            languages.append(language)
        if len(languages) < 2:
            continue
        source_language, target_language = languages
        if source_language.pk == target_language.pk:
            summary.same_language += 1
            continue
        if not permissions.can_review(actor, target_language):
            summary.refused_languages[target_language.code] += 1
            continue
        # Markup from a file is outside input: through the one gate before storage.
        source, target = markup.sanitize_inline(pair.source), markup.sanitize_inline(pair.target)
        entry = MemoryEntry(
            source_language=source_language,
            target_language=target_language,
            status=STATUS_TRANSLATED,
            origin=ORIGIN_TMX,
            origin_name=origin_name[:255],
        )
        set_source(entry, source)
        set_target(entry, target)
        if not entry.source_norm or not entry.target_norm:
            summary.empty += 1
            continue
        identity = (source_language.pk, target_language.pk, entry.source_hash, entry.target_hash)
        if identity in candidates:
            summary.duplicates += 1
            continue
        candidates[identity] = entry
    progress.stage(_("Storing %(count)s entries in the memory") % {"count": len(candidates)}, 1)
    with transaction.atomic():
        new = _without_known_pairs(candidates)
        summary.duplicates += len(candidates) - len(new)
        try:
            with transaction.atomic():
                create_entries(new)
        except IntegrityError:
            # Only a concurrent import of the same pairs gets here.
            raise MemoryImportError(
                _("Another import added some of these pairs at the same time; import again.")
            ) from None
        summary.created = len(new)
    log.info("TMX import %r: %d pairs stored, %d already known", origin_name, summary.created,
             summary.duplicates)  # fmt: skip
    return summary


def _without_known_pairs(
    candidates: dict[tuple[int, int, int, int], MemoryEntry],
) -> list[MemoryEntry]:
    """Drop pairs whose (languages, source, translation) the memory holds already, from a
    document or an earlier import."""
    identities = list(candidates)
    known: set[tuple[int, int, int, int]] = set()
    for start in range(0, len(identities), BATCH):
        hashes = {identity[2] for identity in identities[start : start + BATCH]}
        known.update(
            MemoryEntry.objects.filter(source_hash__in=hashes).values_list(
                "source_language_id", "target_language_id", "source_hash", "target_hash"
            )
        )
    return [entry for identity, entry in candidates.items() if identity not in known]
