"""Importing translation memory from TMX files: free-standing pairs beside the document
units, deduplicated against what the memory already holds.

    import_tmx(actor, data, origin_name=..., progress=...)   a TMX file, read and stored
    import_pairs(actor, pairs, origin_name=..., progress=...) pairs already read

The work is in two parts: reading (the XML, languages, permission, sanitised markup,
normalised texts, checksums, repeats within the file, index keys: `_PairReader`, no
database) and storing (memory_store.store_free_pair_batches: one dedupe query and one bulk
write per batch, all in one transaction). For a large file the reading runs in a second
process, forked, batch by batch, while this one stores the batch before: on two cores the
import takes about as long as the longer part instead of both (100,000 pairs: see the README).
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter

from django.db import IntegrityError, connection, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.formats.limits import DEFAULT_LIMITS, FileLimits
from workbench.formats.tmx import TmxError, TmxPair, iter_tmx
from workbench.models import Language
from workbench.models.translations import ORIGIN_TMX
from workbench.services.errors import ServiceError
from workbench.services.job_progress import NO_PROGRESS, Progress
from workbench.services.memory_store import (
    FreePair,
    PairIndexer,
    free_pair,
    store_free_pair_batches,
)
from workbench.text import markup
from workbench.text.languages import closest_tag, tag_key
from workbench.text.records import STATUS_TRANSLATED

log = logging.getLogger(__name__)

READ_BATCH = 5000  # pairs read, then stored, at a time
# A file at least this large is read in a second process while this one stores (smaller
# ones: the fork and the transfer cost more than they save).
PARALLEL_BYTES = 2_000_000


class MemoryImportError(ServiceError):
    """Nothing could be imported; the message is for people."""


class NoPairs(MemoryImportError):
    """The file is a TMX file without a single pair."""


@dataclass
class ImportSummary:
    created: int = 0
    duplicates: int = 0  # pairs already in the memory (or twice in the file)
    empty: int = 0  # a side without text
    same_language: int = 0  # both sides in one language
    unknown_languages: Counter[str] = field(default_factory=Counter)  # code -> pairs skipped
    refused_languages: Counter[str] = field(default_factory=Counter)  # no permission
    read_as: dict[str, str] = field(default_factory=dict)  # "en-US" read as "en"
    read: int = 0  # pairs in the file

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


class _PairReader:
    """Pairs read from a file, batch by batch, into FreePairs to store (indexed), with the
    summary of what was skipped; no database: what it needs (the languages, which of them
    the actor reviews) is asked before. Repeats within the file are dropped here, the
    first one kept."""

    def __init__(self, actor) -> None:
        self.known = {tag_key(lang.code): lang for lang in Language.objects.all()}
        self.may_review = {
            lang.pk: permissions.can_review(actor, lang) for lang in self.known.values()
        }
        self.resolved: dict[str, Language | None] = {}
        self.summary = ImportSummary()
        self.identities: set[tuple[int, int, int, int]] = set()
        self.indexer = PairIndexer()
        self.new = 0  # pairs to store (new within the file)

    def read(self, pairs: Iterable[TmxPair]) -> list[FreePair]:
        summary, resolved, known = self.summary, self.resolved, self.known
        out = []
        for pair in pairs:
            summary.read += 1
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
            if not self.may_review[target_language.pk]:
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
            if entry.identity in self.identities:
                summary.duplicates += 1
                continue
            self.identities.add(entry.identity)
            self.indexer.index_pair(entry)
            out.append(entry)
        self.new += len(out)
        return out


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
    reader = _PairReader(actor)
    chunks = (pairs[start : start + READ_BATCH] for start in range(0, len(pairs), READ_BATCH))
    batches = ((reader.read(chunk), len(chunk)) for chunk in chunks)
    progress.stage(_("Importing %(count)s pairs") % {"count": len(pairs)}, len(pairs))
    created = _store(batches, origin_name, progress)
    return _finish(reader.summary, reader.new, created, origin_name)


def import_tmx(
    actor,
    data: bytes,
    *,
    origin_name: str = "",
    limits: FileLimits = DEFAULT_LIMITS,
    progress: Progress = NO_PROGRESS,
    parallel: bool | None = None,
) -> ImportSummary:
    """Read a TMX file (formats/tmx.py: TmxError when it cannot be) and store its pairs as
    `import_pairs` does, all or nothing; a file without pairs is NoPairs. A file of
    PARALLEL_BYTES or more is read in a second process while this one stores (`parallel`
    decides instead when given)."""
    reader = _PairReader(actor)
    estimate = _count_units(data)
    progress.stage(_("Importing %(count)s pairs") % {"count": estimate}, estimate)
    if parallel is None:
        parallel = len(data) >= PARALLEL_BYTES
    if parallel:
        child = _ChildReader(reader, data, limits)
        created = _store(child.batches(), origin_name, progress)
        summary, new = child.summary, child.new
    else:
        batches = ((reader.read(pairs), len(pairs)) for pairs in iter_tmx(data, limits, READ_BATCH))
        created = _store(batches, origin_name, progress)
        summary, new = reader.summary, reader.new
    if summary.read == 0:
        raise NoPairs(_("The file holds no translation pairs."))
    return _finish(summary, new, created, origin_name)


def _count_units(data: bytes) -> int:
    """About how many pairs a TMX file has (its <tu> tags): the progress bar's length."""
    return sum(data.count(b"<tu" + end) for end in (b" ", b">", b"\n", b"\t", b"\r")) or 1


def _store(
    batches: Iterable[tuple[list[FreePair], int]], origin_name: str, progress: Progress
) -> int:
    """Store the batches ((pairs to store, pairs read for them)), advancing `progress` by
    the pairs read as each batch is stored."""

    def stored() -> Iterator[list[FreePair]]:
        for pairs, read in batches:
            yield pairs
            progress.advance(read)  # back here once the batch is written

    with transaction.atomic():
        try:
            with transaction.atomic():
                return store_free_pair_batches(
                    stored(),
                    status=STATUS_TRANSLATED,
                    origin=ORIGIN_TMX,
                    origin_name=origin_name[:255],
                )
        except IntegrityError:
            # Only a concurrent import of the same pairs gets here.
            raise MemoryImportError(
                _("Another import added some of these pairs at the same time; import again.")
            ) from None


def _finish(summary: ImportSummary, new: int, created: int, origin_name: str) -> ImportSummary:
    if created and connection.vendor == "postgresql":
        # The concordance's word indexes of the new entries (memory_store.store_free_pair_
        # batches leaves them out), in the background once the import is committed.
        transaction.on_commit(lambda: entries_to_index.send(sender=ImportSummary))
    summary.created = created
    summary.duplicates += new - created
    log.info("TMX import %r: %d pairs stored, %d already known", origin_name, summary.created,
             summary.duplicates)  # fmt: skip
    return summary


# Sent once an import that stored entries without word indexes (PostgreSQL) is committed;
# apps.py connects the job that adds them (services/jobs.py imports this module, so this
# module does not start jobs itself).
entries_to_index = Signal()

# A FreePair as a plain tuple, in its fields' order, to send through the pipe: pickling
# 5,000 dataclass instances and reading them back cost 120 ms a batch, tuples 23 ms (about
# 2 s of a 100,000-pair import, most of it in the storing process).
_pair_fields = attrgetter(*(each.name for each in fields(FreePair)))


class _ChildReader:
    """`_PairReader` in a forked process: it reads the file and sends each batch of indexed
    pairs through a pipe, then the summary; this process stores a batch while the next is
    read. The pipe holds one message: the child is never more than a batch ahead, so memory
    stays bounded. The child touches no database connection (it inherits this process's, and
    leaves them alone) and ends with os._exit, as multiprocessing's fork start does."""

    def __init__(self, reader: _PairReader, data: bytes, limits: FileLimits) -> None:
        self.reader = reader
        self.data = data
        self.limits = limits
        self.summary = ImportSummary()
        self.new = 0

    def batches(self) -> Iterator[tuple[list[FreePair], int]]:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=self._read, args=(send,), daemon=True)
        process.start()
        send.close()
        try:
            while True:
                try:
                    kind, value = receive.recv()
                except EOFError:
                    raise MemoryImportError(
                        _("Reading the file stopped unexpectedly; nothing was imported.")
                    ) from None
                if kind == "batch":
                    rows, read = value
                    yield [FreePair(*row) for row in rows], read
                elif kind == "done":
                    self.summary, self.new = value
                    return
                elif kind == "tmx":
                    template, details = value
                    raise TmxError(template, **details)
                else:
                    raise RuntimeError(f"reading the TMX file failed: {value}")
        finally:
            receive.close()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()

    def _read(self, send) -> None:
        """In the child: read, index and send."""
        try:
            for pairs in iter_tmx(self.data, self.limits, READ_BATCH):
                rows = [_pair_fields(pair) for pair in self.reader.read(pairs)]
                send.send(("batch", (rows, len(pairs))))
            send.send(("done", (self.reader.summary, self.reader.new)))
        except TmxError as error:
            send.send(("tmx", (error.template, error.details)))
        except Exception as error:  # noqa: BLE001 - any failure must reach the parent
            send.send(("error", repr(error)))
        finally:
            send.close()
