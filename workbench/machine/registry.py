"""Which engines are configured (settings, from the environment) and which language pairs
each serves, asked from the service and cached (Django's cache: a few minutes, shorter
after a failure so that an engine coming back is noticed)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache

from workbench import limits
from workbench.machine.engines import KINDS, LABELS, Engine, EngineUnavailable, primary

log = logging.getLogger(__name__)

PAIRS_SECONDS = 3600
FAILED_SECONDS = 60


def configured() -> list[Engine]:
    """The engines configured, in order of preference (none: the feature is absent)."""
    found: list[Engine] = []
    timeout = limits.machine_timeout()
    if settings.MT_APERTIUM_URL:
        found.append(_make("apertium", settings.MT_APERTIUM_URL, "", timeout))
    if settings.MT_LIBRETRANSLATE_URL:
        found.append(
            _make(
                "libretranslate",
                settings.MT_LIBRETRANSLATE_URL,
                settings.MT_LIBRETRANSLATE_KEY,
                timeout,
            )  # fmt: skip
        )
    if settings.MT_DEEPL_KEY:
        found.append(_make("deepl", settings.MT_DEEPL_URL, settings.MT_DEEPL_KEY, timeout))
    return found


def _make(name: str, url: str, key: str, timeout: float) -> Engine:
    return KINDS[name](name=name, label=LABELS[name], url=url, key=key, timeout=timeout)


def by_name(name: str) -> Engine | None:
    return next((engine for engine in configured() if engine.name == name), None)


def pairs_of(engine: Engine) -> set[tuple[str, str]] | None:
    """The pairs `engine` serves (cached), or None while it is unavailable."""
    key = f"mt-pairs:{engine.name}:{engine.url}"
    cached = cache.get(key)
    if cached is not None:
        return None if cached == "unavailable" else set(cached)
    try:
        pairs = engine.pairs()
    except EngineUnavailable as error:
        log.warning("machine translation engine unavailable: %s", error)
        cache.set(key, "unavailable", FAILED_SECONDS)
        return None
    cache.set(key, sorted(pairs), PAIRS_SECONDS)
    return pairs


def may_serve(source: str, target: str) -> bool:
    """Whether a configured engine may serve source → target, from what the cache knows
    (never a request: pages call this while rendering). False only when every engine's pairs
    are known and none has the pair; an engine not yet asked, or unavailable, may."""
    pair = (primary(source), primary(target))
    for engine in configured():
        cached = cache.get(f"mt-pairs:{engine.name}:{engine.url}")
        if cached is None or cached == "unavailable" or pair in {tuple(p) for p in cached}:
            return True
    return False


def engine_for(source: str, target: str) -> tuple[Engine | None, bool]:
    """The first configured engine serving source → target, and whether any configured
    engine could not be asked (so "unavailable" rather than "no engine for this pair")."""
    pair = (primary(source), primary(target))
    unavailable = False
    for engine in configured():
        pairs = pairs_of(engine)
        if pairs is None:
            unavailable = True
        elif pair in pairs:
            return engine, False
    return None, unavailable
