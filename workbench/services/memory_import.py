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
from workbench.models import Language
from workbench.models.translations import ORIGIN_TMX
from workbench.services.errors import ServiceError
from workbench.services.job_progress import NO_PROGRESS, Progress
from workbench.services.memory_store import FreePair, free_pair, store_free_pairs
from workbench.text import markup
from workbench.text.languages import closest_tag, tag_key
from workbench.text.records import STATUS_TRANSLATED

log = logging.getLogger(__name__)

READ_BATCH = 5000  # pairs read between two progress reports


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
                    "first (on the languages page), then import again."
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
    in the memory are skipped.

    Two passes: the pairs are read (languages, permission, sanitised markup, normalised
    texts, checksums, repeats within the file) without the database, then stored batch by
    batch (memory_store.store_free_pairs: one dedupe query and one bulk write per batch)."""
    known = {tag_key(lang.code): lang for lang in Language.objects.all()}
    resolved: dict[str, Language | None] = {}
    may_review: dict[int, bool] = {}
    summary = ImportSummary()
    candidates: dict[tuple[int, int, int, int], FreePair] = {}
    progress.stage(_("Reading %(count)s pairs") % {"count": len(pairs)}, len(pairs))
    for start in range(0, len(pairs), READ_BATCH):
        for pair in pairs[start : start + READ_BATCH]:
            languages = []
            for code in (pair.source_lang, pair.target_lang):
                if code not in resolved:
                    resolved[code] = _resolve_language(code, known)
                language = resolved[code]
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
            if target_language.pk not in may_review:
                may_review[target_language.pk] = permissions.can_review(actor, target_language)
            if not may_review[target_language.pk]:
                summary.refused_languages[target_language.code] += 1
                continue
            # Markup from a file is outside input: through the one gate before storage.
            entry = free_pair(
                source_language.pk,
                target_language.pk,
                markup.sanitize_inline(pair.source),
                markup.sanitize_inline(pair.target),
            )
            if not entry.source_norm or not entry.target_norm:
                summary.empty += 1
                continue
            if entry.identity in candidates:
                summary.duplicates += 1
                continue
            candidates[entry.identity] = entry
        progress.advance(len(pairs[start : start + READ_BATCH]))
    progress.stage(
        _("Storing %(count)s entries in the memory") % {"count": len(candidates)}, len(candidates)
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                created = store_free_pairs(
                    list(candidates.values()),
                    status=STATUS_TRANSLATED,
                    origin=ORIGIN_TMX,
                    origin_name=origin_name[:255],
                    progress=progress,
                )
        except IntegrityError:
            # Only a concurrent import of the same pairs gets here.
            raise MemoryImportError(
                _("Another import added some of these pairs at the same time; import again.")
            ) from None
    summary.created = created
    summary.duplicates += len(candidates) - created
    log.info("TMX import %r: %d pairs stored, %d already known", origin_name, summary.created,
             summary.duplicates)  # fmt: skip
    return summary
