"""Machine translation against a real Apertium APY on loopback (issue 15): suggestions with
inline markup in place, the cache, pre-translation of the sample chapter, the guard."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import CommandError, call_command

from workbench.machine import suggestions as machine
from workbench.models import MachineSuggestion, Translation
from workbench.permissions import SYSTEM
from workbench.selectors.machine_share import final_export_refusal, machine_share
from workbench.selectors.quality import check_translation
from workbench.services.documents import import_document
from workbench.services.errors import MachineUneditedError, TranslationError
from workbench.services.pretranslate import pretranslate
from workbench.services.translations import save_translation
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

from ..mt_fixtures import configure, free_port
from .conftest import first_unit


def test_suggestion_keeps_footnote_emphasis_and_link_in_place(
    apertium_engine, paragraph_doc, languages
):
    unit = first_unit(paragraph_doc)
    assert '<sup class="fnref">1</sup>' in unit.source
    suggestion = machine.suggest(unit, languages["es"])
    assert suggestion is not None and not suggestion.unavailable
    text = suggestion.text
    assert suggestion.engine.name == "apertium"
    # Spanish, with the emphasis around the translated phrase, the footnote reference after
    # "clase trabajadora/obrera" and before the comma, and the link around its words.
    assert "<em>revolución permanente</em>" in text
    assert text.index("clase") < text.index('<sup class="fnref">1</sup>') < text.index(",")
    assert '<a href="https://example.org/">' in text and "programa" in text
    # The same quality checks as a human translation: no error (markup, footnotes, links).
    problems = check_translation(unit, languages["es"], text)
    assert [p for p in problems if p.severity == "error"] == []
    assert "double-space" not in {p.check_id for p in problems}


def test_suggestions_are_cached_per_engine_pair_and_source(
    apertium_engine, paragraph_doc, languages
):
    unit = first_unit(paragraph_doc)
    first = machine.suggest(unit, languages["es"])
    again = machine.suggest(unit, languages["es"])
    assert not first.cached and again.cached and again.text == first.text
    row = MachineSuggestion.objects.get()
    assert (row.engine, row.source_lang, row.target_lang, row.source_checksum) == (
        "apertium",
        "en",
        "es",
        unit.checksum,
    )


def test_no_engine_for_the_pair_means_no_suggestion(apertium_engine, paragraph_doc, languages):
    # Debian's Apertium has no English-German pair: the panel shows nothing.
    assert machine.suggest(first_unit(paragraph_doc), languages["de"]) is None


def test_no_engine_configured_means_no_feature(settings, paragraph_doc, languages):
    configure(settings)
    assert not machine.enabled()
    assert machine.suggest(first_unit(paragraph_doc), languages["es"]) is None


def test_an_engine_that_does_not_answer_is_unavailable_quickly(settings, paragraph_doc, languages):
    configure(settings, apertium=f"http://127.0.0.1:{free_port()}")
    started = time.monotonic()
    suggestion = machine.suggest(first_unit(paragraph_doc), languages["es"])
    assert suggestion is not None and suggestion.unavailable and not suggestion.text
    assert time.monotonic() - started < 2


def test_pretranslating_the_sample_chapter_fills_drafts(
    apertium_engine, sample_document, languages
):
    seen = []
    total_units = sample_document.units.filter(is_active=True).count()
    result = pretranslate(
        SYSTEM,
        sample_document,
        languages["es"],
        progress=lambda done, total, stage: seen.append((done, total, stage)),
    )
    assert result.from_machine == total_units and result.unavailable == 0
    rows = Translation.objects.filter(unit__document=sample_document, language=languages["es"])
    assert rows.count() == total_units
    assert set(rows.values_list("status", flat=True)) == {STATUS_DRAFT}
    assert set(rows.values_list("origin", flat=True)) == {"machine"}
    assert all(t.machine_text == t.text and t.machine_share == 1.0 for t in rows)
    # Progress: from the start to the end, the last call says done.
    assert seen[0] == (0, total_units, "start") and seen[-1] == (total_units, total_units, "done")
    # Footnote references of the chapter are in place in the drafts.
    for t in rows.select_related("unit"):
        assert t.text.count('class="fnref"') == t.unit.source.count('class="fnref"')
    # A second run finds nothing empty.
    assert pretranslate(SYSTEM, sample_document, languages["es"]).empty == 0


def test_pretranslation_fills_only_empty_units_and_memory_wins(
    apertium_engine, paragraph_doc, languages, es_translator
):
    first, second = paragraph_doc.units.order_by("position")
    # The second unit's text is in the memory (a translated unit of another document).
    other = import_document(
        SYSTEM,
        b"<p>The workers of the world.</p>",
        filename="o.html",
        language_code="en",
        slug="other",
    ).document
    save_translation(
        es_translator,
        first_unit(other),
        languages["es"],
        "Los trabajadores del mundo.",
        base_version=0,
    )
    save_translation(es_translator, first, languages["es"], "Mi traducción.", base_version=0)
    result = pretranslate(es_translator, paragraph_doc, languages["es"])
    assert (result.empty, result.from_memory, result.from_machine) == (1, 1, 0)
    assert Translation.objects.get(unit=first, language=languages["es"]).text == "Mi traducción."
    memory = Translation.objects.get(unit=second, language=languages["es"])
    assert (memory.text, memory.status, memory.origin) == (
        "Los trabajadores del mundo.",
        STATUS_DRAFT,
        "memory",
    )


def test_pretranslation_needs_the_permission(apertium_engine, paragraph_doc, languages, translator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        pretranslate(translator, paragraph_doc, languages["es"])  # a German translator
    assert not Translation.objects.exists()


def test_pretranslate_command(apertium_engine, paragraph_doc, languages):
    out, err = io.StringIO(), io.StringIO()
    call_command("pretranslate", "para", "--lang", "es", "--unit", "u0001", stdout=out, stderr=err)
    assert "1 by apertium" in out.getvalue()
    assert Translation.objects.filter(unit__document=paragraph_doc).count() == 1
    with pytest.raises(CommandError, match="no unit nope"):
        call_command(
            "pretranslate",
            "para",
            "--lang",
            "es",
            "--unit",
            "nope",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    with pytest.raises(CommandError, match="does not translate"):
        call_command(
            "pretranslate",
            "para",
            "--lang",
            "de",
            "--engine",
            "apertium",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_the_guard_end_to_end(
    apertium_engine, paragraph_doc, languages, es_translator, es_reviewer, settings
):
    es = languages["es"]
    unit = first_unit(paragraph_doc)
    # Starting from a machine suggestion needs one: the engine's text is the stored one.
    with pytest.raises(TranslationError):
        save_translation(
            es_translator,
            unit,
            es,
            "x",
            base_version=0,
            origin="machine",
            machine_engine="apertium",
        )
    suggestion = machine.suggest(unit, es)
    saved = save_translation(
        es_translator,
        unit,
        es,
        suggestion.text,
        base_version=0,
        origin="machine",
        machine_engine="apertium",
    ).translation
    assert (saved.origin, saved.machine_engine, saved.machine_share) == ("machine", "apertium", 1.0)
    assert saved.machine_text == suggestion.text
    # Saved unmodified: the warning is stored.
    assert saved.problems.filter(check_id="machine-unedited", severity="warning").exists()
    # The document is 100% machine output... (the second unit is empty)
    figures = machine_share(paragraph_doc, es)
    assert figures.percent == 100 and figures.machine_units == 1 and figures.blocked
    assert "unmodified machine translation" in final_export_refusal(paragraph_doc, es)
    with pytest.raises(CommandError, match="at most 40%"):
        call_command(
            "export_html", "para", "--lang", "es", "--monolingual", "--final", stdout=io.StringIO()
        )
    # A reviewer approving it unchanged is refused unless they confirm.
    with pytest.raises(MachineUneditedError):
        save_translation(
            es_reviewer, unit, es, saved.text, base_version=saved.version, status=STATUS_APPROVED
        )
    assert Translation.objects.get(pk=saved.pk).status == STATUS_TRANSLATED
    # Edited: the share drops, the warning goes, the origin stays "machine", and the
    # document may be exported as final.
    edited = (
        "Según Trotsky, la teoría de la <em>revolución permanente</em> pone a los obreros"
        '<sup class="fnref">1</sup> al frente de todos los oprimidos; lo explica '
        '<a href="https://example.org/">nuestro Programa de Transición</a>.'
    )
    again = save_translation(es_translator, unit, es, edited, base_version=saved.version)
    t = again.translation
    assert t.origin == "machine" and t.machine_text == suggestion.text
    assert t.machine_share < 0.4
    assert not t.problems.filter(check_id="machine-unedited").exists()
    assert final_export_refusal(paragraph_doc, es) is None
    approved = save_translation(
        es_reviewer, unit, es, edited, base_version=t.version, status=STATUS_APPROVED
    )
    assert approved.translation.status == STATUS_APPROVED
    # The limit is a site setting.
    settings.MT_UNMODIFIED_LIMIT_PERCENT = 5
    assert final_export_refusal(paragraph_doc, es) is not None


def test_confirmed_approval_of_unedited_machine_translation(
    apertium_engine, paragraph_doc, languages, es_translator, es_reviewer
):
    es = languages["es"]
    unit = first_unit(paragraph_doc)
    pretranslate(es_translator, paragraph_doc, es)
    t = Translation.objects.get(unit=unit, language=es)
    assert t.status == STATUS_DRAFT and t.origin == "machine"
    done = save_translation(
        es_reviewer,
        unit,
        es,
        t.text,
        base_version=t.version,
        status=STATUS_APPROVED,
        confirm_machine=True,
    )
    assert done.translation.status == STATUS_APPROVED
