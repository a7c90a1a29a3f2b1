"""Pre-translating a document (or a selection of its units) into a language: the empty
units get drafts, from the translation memory where a match scores at least the threshold
(limits.pretranslate_memory_threshold), else from a machine-translation engine. Never
translated or approved: a person reads every draft.

Works in bounded chunks, each its own transaction through the write pipeline, and reports
`progress(done, total, stage)` after each; a background job (issue 14) runs it as it is,
the command and the page run it synchronously (the page bounded to
limits.pretranslate_page_units)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from workbench import limits, permissions
from workbench.machine import registry
from workbench.machine import suggestions as machine
from workbench.machine.engines import Engine
from workbench.models import Document, Language, MemoryEntry, Translation, Unit
from workbench.selectors.memory import fuzzy_ids
from workbench.selectors.memory_exact import best_exact_matches
from workbench.services import writes
from workbench.services.errors import ConflictError, ServiceError
from workbench.services.writes import Change
from workbench.text import memory as tm
from workbench.text.records import STATUS_DRAFT

log = logging.getLogger(__name__)

CHUNK = 25  # units per engine batch and per transaction
Progress = Callable[[int, int, str], None]


class PretranslateError(ServiceError):
    """Pre-translation cannot run (no engine for the pair, too many units for the page)."""


@dataclass
class PretranslateResult:
    empty: int = 0  # empty units found
    from_memory: int = 0
    from_machine: int = 0
    unavailable: int = 0  # units left empty because the engine failed
    engine: str = ""


def _no_progress(done: int, total: int, stage: str) -> None:
    return None


def empty_units(document: Document, language: Language, keys: Sequence[str] | None = None):
    """The active units without a text in `language`, in document order (a queryset)."""
    has_text = Exists(
        Translation.objects.filter(unit=OuterRef("pk"), language=language).exclude(text="")
    )
    units = Unit.objects.filter(document=document, is_active=True).filter(~has_text)
    if keys is not None:
        units = units.filter(key__in=list(keys))
    return units.select_related("document__source_language").order_by("position")


def choose_engine(document: Document, language: Language, name: str | None) -> Engine:
    """The engine to use: the named one (which must serve the pair) or the first serving
    it. PretranslateError with a message otherwise."""
    source = document.source_language.code
    if name:
        engine = registry.by_name(name)
        if engine is None:
            raise PretranslateError(
                _("No machine-translation engine named %(name)s is configured.") % {"name": name}
            )
        pairs = registry.pairs_of(engine)
        if pairs is None:
            raise PretranslateError(_("%(engine)s is unavailable.") % {"engine": engine.label})
        if (source.split("-")[0], language.code.split("-")[0]) not in pairs:
            raise PretranslateError(
                _("%(engine)s does not translate from %(source)s into %(target)s.")
                % {"engine": engine.label, "source": source, "target": language.code}
            )
        return engine
    found, unavailable = registry.engine_for(source, language.code)
    if found is None:
        raise PretranslateError(
            _("The machine-translation engine is unavailable.")
            if unavailable
            else _("No machine-translation engine translates from %(source)s into %(target)s.")
            % {"source": source, "target": language.code}
        )
    return found


def pretranslate(
    actor,
    document: Document,
    language: Language,
    *,
    engine_name: str | None = None,
    keys: Sequence[str] | None = None,
    max_units: int | None = None,
    progress: Progress = _no_progress,
) -> PretranslateResult:
    """Fill the empty units of `document` (or those of `keys`) into `language` with drafts;
    see the module. `max_units` refuses a larger run before anything is written."""
    permissions.require_translate(actor, language)
    engine = choose_engine(document, language, engine_name)
    if keys is not None:
        known = set(Unit.objects.filter(document=document, key__in=list(keys))
                    .values_list("key", flat=True))  # fmt: skip
        unknown = sorted(set(keys) - known)
        if unknown:
            raise PretranslateError(
                _("This document has no unit %(keys)s.") % {"keys": ", ".join(unknown[:10])}
            )
    queryset = empty_units(document, language, keys)
    total = queryset.count()
    if max_units is not None and total > max_units:
        raise PretranslateError(
            _(
                "This would pre-translate %(count)d units; at most %(limit)d can be done here "
                "at once. Select fewer units, or run the pretranslate command."
            )
            % {"count": total, "limit": max_units}
        )
    result = PretranslateResult(empty=total, engine=engine.name)
    threshold = limits.pretranslate_memory_threshold()
    progress(0, total, "start")
    last_position = -1
    done = 0
    while True:
        # Keyset pagination: rows filled by a chunk leave the queryset, so offsets would skip.
        chunk = list(queryset.filter(position__gt=last_position)[:CHUNK])
        if not chunk:
            break
        last_position = chunk[-1].position
        _pretranslate_chunk(actor, engine, chunk, language, threshold, result)
        done += len(chunk)
        progress(done, total, "units")
    progress(total, total, "done")
    log.info(
        "pre-translated %s into %s with %s: %d from memory, %d by machine, %d unavailable",
        document.slug, language.code, engine.name,
        result.from_memory, result.from_machine, result.unavailable,
    )  # fmt: skip
    return result


def _memory_matches(units: list[Unit], language: Language, threshold: int) -> dict[int, str]:
    """The memory's text for each unit whose best match scores at least `threshold`."""
    source_language_id = units[0].document.source_language_id
    candidates = []
    for unit in units:
        normalised = tm.normalize(unit.source)
        if normalised:
            candidates.append((unit.pk, unit.source, normalised, tm.text_hash(normalised)))
    found = {
        pk: entry.target
        for pk, entry in best_exact_matches(candidates, source_language_id, language.pk).items()
    }
    if threshold < 100:
        for unit_pk, _source, normalised, _digest in candidates:
            if unit_pk in found:
                continue
            scored = fuzzy_ids(
                normalised, source_language_id, language.pk, min_score=threshold, limit=1
            )
            if scored:
                target = (
                    MemoryEntry.objects.filter(pk=scored[0][0])
                    .values_list("target", flat=True)
                    .first()
                )
                if target:
                    found[unit_pk] = target
    return found


def _pretranslate_chunk(
    actor,
    engine: Engine,
    units: list[Unit],
    language: Language,
    threshold: int,
    result: PretranslateResult,
) -> None:
    memory = _memory_matches(units, language, threshold)
    for_machine = [unit for unit in units if unit.pk not in memory]
    texts = machine.translate_units(engine, for_machine, language) if for_machine else {}
    if texts is None:
        result.unavailable += len(for_machine)
        texts = {}
    # An emptied translation keeps its row: the version it had when found empty makes a
    # save in between a conflict, never an overwrite.
    versions = dict(
        Translation.objects.filter(unit__in=units, language=language, text="").values_list(
            "unit_id", "version"
        )
    )
    comment_memory = _("Pre-translated from the translation memory.")
    comment_machine = _("Pre-translated by %(engine)s.") % {"engine": engine.label}
    memory_changes = [
        Change(unit, memory[unit.pk], status=STATUS_DRAFT,
               base_version=versions.get(unit.pk, 0), comment=comment_memory)
        for unit in units if unit.pk in memory
    ]  # fmt: skip
    machine_changes = [
        Change(unit, texts[unit.pk][0], status=STATUS_DRAFT,
               base_version=versions.get(unit.pk, 0), comment=comment_machine,
               machine_text=texts[unit.pk][0], machine_engine=engine.name)
        for unit in for_machine if unit.pk in texts and texts[unit.pk][0]
    ]  # fmt: skip
    try:
        if memory_changes:
            written = writes.write(actor, language, memory_changes, kind=writes.PREFILL)
            result.from_memory += sum(1 for r in written if r.changed)
        if machine_changes:
            written = writes.write(actor, language, machine_changes, kind=writes.PRETRANSLATE)
            result.from_machine += sum(1 for r in written if r.changed)
    except ConflictError:
        # Somebody saved one of these units meanwhile: their text wins, this chunk waits
        # for the next run.
        log.info("pre-translation met a concurrent save in %s", language.code)
