"""LibreTranslate and DeepL backends against local servers with the shape of their
documented APIs (not the real services; README), and what a slow or broken engine does."""

from __future__ import annotations

import time

import pytest

from workbench.machine import registry
from workbench.machine import suggestions as machine
from workbench.machine.engines import Apertium, DeepL, EngineUnavailable, LibreTranslate

from ..mt_fixtures import configure
from .conftest import first_unit


def test_libretranslate_pairs_and_html_translation(libretranslate):
    engine = LibreTranslate("libretranslate", "LibreTranslate", libretranslate.url, "lt-key")
    assert engine.pairs() == {("en", "es"), ("en", "fr"), ("es", "en")}
    out = engine.translate(["a <em>b</em>", "c"], "en", "es-MX")
    assert out == ["A <em>B</em>", "C"]
    method, path, form, _headers = libretranslate.requests[-1]
    assert (method, path) == ("POST", "/translate")
    assert form["q"] == ["a <em>b</em>", "c"] and form["format"] == ["html"]
    assert (form["source"], form["target"], form["api_key"]) == (["en"], ["es"], ["lt-key"])


def test_libretranslate_wrong_key_is_unavailable(libretranslate):
    engine = LibreTranslate("libretranslate", "LibreTranslate", libretranslate.url, "wrong")
    with pytest.raises(EngineUnavailable):
        engine.translate(["a"], "en", "es")


def test_deepl_pairs_and_html_translation(deepl):
    engine = DeepL("deepl", "DeepL", deepl.url, "dl-key")
    assert ("en", "es") in engine.pairs() and ("de", "en") in engine.pairs()
    assert ("en", "en") not in engine.pairs()
    assert engine.translate(["x <em>y</em>"], "en", "de") == ["X <em>Y</em>"]
    _method, path, form, headers = deepl.requests[-1]
    assert path == "/v2/translate" and headers["Authorization"] == "DeepL-Auth-Key dl-key"
    assert form["tag_handling"] == ["html"] and form["target_lang"] == ["DE"]
    with pytest.raises(EngineUnavailable):
        DeepL("deepl", "DeepL", deepl.url, "bad").pairs()


def test_deepl_through_the_cache_keeps_the_footnote(settings, deepl, paragraph_doc, languages):
    configure(settings, deepl=deepl.url, deepl_key="dl-key")
    unit = first_unit(paragraph_doc)
    suggestion = machine.suggest(unit, languages["de"])
    assert suggestion.engine.name == "deepl" and not suggestion.unavailable
    # The footnote label went out as a placeholder (not translated) and came back in place.
    sent = deepl.requests[-1][2]["text"][0]
    assert "fnref" not in sent and 'data-wb="0"' in sent
    assert '<sup class="fnref">1</sup>' in suggestion.text
    assert "<em>PERMANENT REVOLUTION</em>" in suggestion.text
    count = len(deepl.requests)
    assert machine.suggest(unit, languages["de"]).cached
    assert len(deepl.requests) == count  # cached: no request


def test_the_first_engine_serving_the_pair_is_used(settings, libretranslate, deepl):
    configure(
        settings,
        libretranslate=libretranslate.url,
        libretranslate_key="lt-key",
        deepl=deepl.url,
        deepl_key="dl-key",
    )
    assert registry.engine_for("en", "es")[0].name == "libretranslate"
    assert registry.engine_for("de", "en")[0].name == "deepl"
    assert registry.engine_for("ar", "en") == (None, False)


def test_pairs_are_cached(settings, libretranslate):
    configure(settings, libretranslate=libretranslate.url, libretranslate_key="lt-key")
    registry.engine_for("en", "es")
    registry.engine_for("en", "fr")
    assert [r[1] for r in libretranslate.requests].count("/languages") == 1


def test_a_slow_engine_times_out(settings, libretranslate, paragraph_doc, languages):
    settings.MT_TIMEOUT_SECONDS = 0.5
    configure(settings, libretranslate=libretranslate.url, libretranslate_key="lt-key")
    registry.engine_for("en", "es")  # pairs known
    libretranslate.delay = 2
    started = time.monotonic()
    suggestion = machine.suggest(first_unit(paragraph_doc), languages["es"])
    assert suggestion.unavailable and time.monotonic() - started < 1.5
    from workbench.models import MachineSuggestion

    assert not MachineSuggestion.objects.exists()  # nothing cached from a failure


def test_a_broken_engine_is_unavailable_not_an_error(
    settings, libretranslate, paragraph_doc, languages
):
    configure(settings, libretranslate=libretranslate.url, libretranslate_key="lt-key")
    libretranslate.fail = True
    suggestion = machine.suggest(first_unit(paragraph_doc), languages["es"])
    assert suggestion is not None and suggestion.unavailable


def test_apertium_refuses_garbage(libretranslate):
    # A server that is not APY (it answers /listPairs with 404 HTML... or anything else).
    with pytest.raises(EngineUnavailable):
        Apertium("apertium", "Apertium", libretranslate.url).pairs()
