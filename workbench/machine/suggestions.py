"""Machine suggestions for units, cached in the database per (engine, pair, source
checksum) (models.MachineSuggestion): the editor's aids panel asks for one unit,
pre-translation for a chunk. An engine failure or time-out is "unavailable", never an
exception for the caller."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.machine import registry
from workbench.machine.engines import Engine, EngineUnavailable
from workbench.models import Language, MachineSuggestion, Unit
from workbench.text import markup
from workbench.text.machine_markup import protect, restore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Suggestion:
    """The answer for one unit: the engine's text, or `unavailable` (no text)."""

    engine: Engine
    text: str = ""
    unavailable: bool = False
    cached: bool = False


def _pair(unit: Unit, language: Language) -> tuple[str, str]:
    return unit.document.source_language.code, language.code


def enabled() -> bool:
    """Whether any engine is configured (else the UI shows nothing of machine translation)."""
    return bool(registry.configured())


def cached_text(engine_name: str, unit: Unit, language: Language) -> str | None:
    """The stored engine output for the unit's current source, if asked before."""
    source, target = _pair(unit, language)
    return (
        MachineSuggestion.objects.filter(
            engine=engine_name,
            source_lang=source,
            target_lang=target,
            source_checksum=unit.checksum,
        )
        .values_list("text", flat=True)
        .first()
    )


def suggest(unit: Unit, language: Language) -> Suggestion | None:
    """The machine suggestion for one unit; None when no configured engine serves the pair
    (and none is unavailable). At most one engine request, bounded by the time-out."""
    source, target = _pair(unit, language)
    engine, unavailable = registry.engine_for(source, target)
    if engine is None:
        if unavailable:
            first = registry.configured()[0]
            return Suggestion(first, unavailable=True)
        return None
    texts = translate_units(engine, [unit], language)
    if texts is None:
        return Suggestion(engine, unavailable=True)
    text, was_cached = texts[unit.pk]
    return Suggestion(engine, text=text, cached=was_cached)


def translate_units(
    engine: Engine, units: Sequence[Unit], language: Language
) -> dict[int, tuple[str, bool]] | None:
    """The engine's translation of each unit (sanitised stored markup), from the cache or
    asked in one batch, keyed by unit id with whether it was cached; None when the engine
    failed (nothing of the batch is kept). The units share one document's source language."""
    if not units:
        return {}
    source, target = _pair(units[0], language)
    stored = dict(
        MachineSuggestion.objects.filter(
            engine=engine.name,
            source_lang=source,
            target_lang=target,
            source_checksum__in={unit.checksum for unit in units},
        ).values_list("source_checksum", "text")
    )
    result = {unit.pk: (stored[unit.checksum], True) for unit in units if unit.checksum in stored}
    missing = list({unit.checksum: unit for unit in units if unit.checksum not in stored}.values())
    if missing:
        protected = [protect(unit.source) for unit in missing]
        try:
            answers = engine.translate([p.html for p in protected], source, target)
        except EngineUnavailable as error:
            log.warning("machine translation failed: %s", error)
            return None
        fresh = {
            unit.checksum: markup.sanitize_inline(restore(answer, held)).strip()
            for unit, answer, held in zip(missing, answers, protected, strict=True)
        }
        MachineSuggestion.objects.bulk_create(
            [
                MachineSuggestion(
                    engine=engine.name,
                    source_lang=source,
                    target_lang=target,
                    source_checksum=checksum,
                    text=text,
                )
                for checksum, text in fresh.items()
            ],
            ignore_conflicts=True,  # another request asked for the same source meanwhile
        )
        result.update((unit.pk, (fresh[unit.checksum], False)) for unit in units
                      if unit.checksum in fresh)  # fmt: skip
    return result
