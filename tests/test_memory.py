"""Translation memory with a database: kept in step by the save path, exact / fuzzy /
quotation suggestions, pre-fill, concordance search, the aids panel and its permissions."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from workbench.models import (
    Language,
    MemoryEntry,
    MemoryKey,
    Revision,
    Translation,
    Unit,
    UnitSource,
)
from workbench.permissions import SYSTEM
from workbench.selectors import memory as selectors
from workbench.services import memory_store, prefill
from workbench.services.documents import import_document
from workbench.services.translations import save_translation
from workbench.text import memory as tm
from workbench.text.fingerprint import source_checksum

from .conftest import login

QUOTE = (
    "The theory of permanent revolution demands the extension of the revolution beyond the "
    "national borders. Without it the workers' state cannot survive."
)
QUOTE_DE = (
    "Die Theorie der permanenten Revolution verlangt die Ausdehnung der Revolution über die "
    "nationalen Grenzen hinaus. Ohne sie kann der Arbeiterstaat nicht überleben."
)


@pytest.fixture(autouse=True)
def trigram_indexes(db):
    """The migration's PostgreSQL indexes (tests build tables from the models)."""
    memory_store.ensure_trigram_indexes(connection)


def make_doc(slug: str, *blocks: str):
    data = "\n\n".join(blocks).encode()
    # The title goes to the active language's column (modeltranslation): the default one.
    with translation.override(settings.LANGUAGE_CODE):
        return import_document(
            SYSTEM, data, filename=f"{slug}.md", language_code="en", slug=slug
        ).document


def unit(document, position: int) -> Unit:
    return Unit.objects.select_related("document").get(document=document, position=position)


def save(user, unit, language, text, status="translated", origin="typed"):
    return save_translation(
        user, unit, language, text, status=status, base_version=None, origin=origin
    ).translation


# --- kept in step by the save path --------------------------------------------------------------


def test_saving_keeps_one_entry_per_unit_and_language(admin_user, languages):
    de = languages["de"]
    doc = make_doc("a", "The Left Opposition fought for a correct economic policy.")
    seg = unit(doc, 1)
    t = save(admin_user, seg, de, "Erster Entwurf", status="draft")
    assert not MemoryEntry.objects.exists()  # drafts are not memory
    save(admin_user, seg, de, "Die Linke Opposition kämpfte für eine richtige Wirtschaftspolitik.")
    entry = MemoryEntry.objects.get()
    assert (entry.translation_id, entry.source, entry.status) == (t.pk, seg.source, "translated")
    assert (entry.source_language.code, entry.target_language.code) == ("en", "de")
    assert entry.source_norm == tm.normalize(seg.source) and entry.length == len(entry.source_norm)
    keys = set(MemoryKey.objects.filter(entry=entry).values_list("key", flat=True))
    assert keys == set(tm.index_keys(entry.source_norm, tm.pair_code(entry.source_language_id,
                                                                        de.pk)))  # fmt: skip
    save(admin_user, seg, de, "Die Linke Opposition focht.", status="approved")
    entry = MemoryEntry.objects.get()  # updated in place, not a second entry
    assert (entry.target, entry.status) == ("Die Linke Opposition focht.", "approved")
    assert MemoryKey.objects.filter(entry=entry).count() == len(keys)
    save(admin_user, seg, de, "Wieder ein Entwurf", status="draft")
    assert not MemoryEntry.objects.exists() and not MemoryKey.objects.exists()
    save(admin_user, seg, de, "Die Linke Opposition.")
    save(admin_user, seg, de, "")  # emptied: out of the memory
    assert not MemoryEntry.objects.exists()


def test_an_entry_keeps_the_source_it_was_translated_from(admin_user, languages):
    de = languages["de"]
    doc = make_doc("b", "The old wording of the sentence.")
    seg = unit(doc, 1)
    save(admin_user, seg, de, "Die alte Fassung.")
    # The source changes (a new version of the document); the memory keeps the true pair.
    Unit.objects.filter(pk=seg.pk).update(
        source="The new wording of the sentence.", checksum=source_checksum("new")
    )
    memory_store.rebuild_memory()
    assert MemoryEntry.objects.get().source == "The old wording of the sentence."
    # The translator translates the new source: the entry now pairs the new source.
    seg.refresh_from_db()
    save(admin_user, seg, de, "Die neue Fassung.")
    entry = MemoryEntry.objects.get()
    assert (entry.source, entry.target) == ("The new wording of the sentence.", "Die neue Fassung.")


def test_remember_many_pairs_an_outdated_translation_with_its_old_source(admin_user, languages):
    de = languages["de"]
    doc = make_doc("c", "First version of the text.")
    seg = unit(doc, 1)
    old_checksum = seg.checksum
    t = Translation.objects.create(
        unit=seg,
        language=de,
        text="Erste Fassung.",
        status="translated",
        source_checksum=old_checksum,
    )  # a bulk writer that bypassed save_translation
    new_source = "Second version of the text."
    UnitSource.objects.create(unit=seg, checksum=source_checksum(new_source), text=new_source)
    Unit.objects.filter(pk=seg.pk).update(source=new_source, checksum=source_checksum(new_source))
    memory_store.remember_many([t])
    assert MemoryEntry.objects.get().source == "First version of the text."


def test_deleting_a_document_removes_its_entries(admin_user, languages):
    doc = make_doc("d", "A sentence about the Comintern and its congresses.")
    save(admin_user, unit(doc, 1), languages["de"], "Ein Satz über die Komintern.")
    assert MemoryKey.objects.exists()
    doc.delete()
    assert not MemoryEntry.objects.exists() and not MemoryKey.objects.exists()


# --- suggestions ---------------------------------------------------------------------------------


def _orphan_keys() -> int:
    """Key rows whose entry is gone (MemoryKey.entry has no database constraint: the code
    that deletes entries must delete their keys)."""
    return MemoryKey.objects.exclude(entry_id__in=MemoryEntry.objects.values("pk")).count()


def test_no_path_that_deletes_entries_leaves_their_keys(admin_user, languages):
    de = languages["de"]
    doc = make_doc("e", "A sentence about the Comintern.", "Another about the congresses.")
    save(admin_user, unit(doc, 1), de, "Ein Satz über die Komintern.")
    save(admin_user, unit(doc, 2), de, "Noch einer über die Kongresse.")
    free = []
    for n in range(3):
        entry = MemoryEntry(source_language=languages["en"], target_language=de,
                            status="translated", origin="tmx")  # fmt: skip
        memory_store.set_source(entry, f"A free pair number {n} of the imported memory.")
        memory_store.set_target(entry, f"Ein freies Paar Nummer {n}.")
        free.append(entry)
    memory_store.create_entries(free)
    assert MemoryKey.objects.count() > 20 and _orphan_keys() == 0
    MemoryEntry.objects.get(pk=free[0].pk).delete()  # one entry through the ORM
    assert _orphan_keys() == 0 and MemoryKey.objects.filter(entry_id=free[0].pk).count() == 0
    MemoryEntry.objects.filter(pk__in=[e.pk for e in free[1:]]).delete()  # a queryset
    assert _orphan_keys() == 0
    save(admin_user, unit(doc, 1), de, "Wieder ein Entwurf", status="draft")  # the service
    assert _orphan_keys() == 0 and MemoryEntry.objects.count() == 1
    memory_store.rebuild_memory()
    assert _orphan_keys() == 0
    Translation.objects.filter(unit__document=doc).delete()  # a cascade from translations
    assert _orphan_keys() == 0 and not MemoryKey.objects.exists()


def test_exact_match_with_other_markup_and_whitespace(admin_user, languages):
    de = languages["de"]
    old = make_doc("old", "The theory of *socialism in one country* was a break with Marxism.[^1]",
                   "[^1]: Note.")  # fmt: skip
    new = make_doc("new", "The theory of socialism  in one country was a break with **Marxism**.")
    save(admin_user, unit(old, 1), de, "Die Theorie des <em>Sozialismus in einem Land</em>.")
    found = selectors.suggestions_for_unit(unit(new, 1), de)
    assert [(m.kind, m.score, m.identical) for m in found.exact] == [("exact", 100, False)]
    match = found.exact[0]
    assert match.entry.target == "Die Theorie des <em>Sozialismus in einem Land</em>."
    assert match.document == old and match.number == 1
    assert not found.fuzzy  # the exact match is not repeated as a fuzzy one
    # The identical text is an identical exact match, and is preferred.
    same = make_doc("same", "The theory of socialism in one country was a break with **Marxism**.")
    identical = "Identisch mit dem <strong>Marxismus</strong>."
    save(admin_user, unit(same, 1), de, identical, status="approved")
    found = selectors.suggestions_for_unit(unit(new, 1), de)
    assert [(m.entry.target, m.identical) for m in found.exact] == [
        (identical, True),
        ("Die Theorie des <em>Sozialismus in einem Land</em>.", False),
    ]
    assert found.exact[0].diff is None and found.exact[1].diff is not None


def test_other_language_pairs_and_the_unit_itself_are_not_suggested(admin_user, languages):
    doc = make_doc("self", "The bureaucracy usurped political power in the Soviet Union.")
    seg = unit(doc, 1)
    save(admin_user, seg, languages["fr"], "La bureaucratie a usurpé le pouvoir politique.")
    save(admin_user, seg, languages["de"], "Die Bürokratie usurpierte die politische Macht.")
    assert not selectors.suggestions_for_unit(seg, languages["de"])  # only its own text
    other = make_doc("other", "The bureaucracy usurped political power in the Soviet Union.")
    found = selectors.suggestions_for_unit(unit(other, 1), languages["es"])
    assert not found  # nothing into Spanish yet


def test_fuzzy_matches_are_scored_and_ordered(admin_user, languages):
    de = languages["de"]
    texts = [
        ("The Stalinist bureaucracy abandoned the program of world socialist revolution.", "A"),
        ("The Stalinist bureaucracy abandoned the program of the socialist revolution.", "B"),
        ("The Soviet bureaucracy betrayed the program of the international revolution.", "C"),
        ("Rain fell all day over the harbour and the fishing boats stayed in port.", "D"),
    ]
    doc = make_doc("fz", *[t for t, _ in texts])
    for position, (_, target) in enumerate(texts, start=1):
        save(admin_user, unit(doc, position), de, f"Übersetzung {target}")
    query = make_doc("q", "The Stalinist bureaucracy abandoned the program of world revolution.")
    found = selectors.suggestions_for_unit(unit(query, 1), de)
    assert not found.exact
    targets = [m.entry.target for m in found.fuzzy]
    scores = [m.score for m in found.fuzzy]
    assert targets[:2] == ["Übersetzung A", "Übersetzung B"]
    assert "Übersetzung D" not in targets
    assert scores == sorted(scores, reverse=True) and all(60 <= s < 100 for s in scores)
    expected = tm.score(tm.normalize(texts[0][0]), tm.normalize(unit(query, 1).source))
    assert scores[0] == expected
    # The diff shows what the memory's source lacks against this unit.
    assert "<del>" in found.fuzzy[0].diff and "<ins>" not in found.fuzzy[0].diff
    assert [m.number for m in found] == list(range(1, len(targets) + 1))


def test_a_quotation_already_translated_as_a_block_quote(admin_user, languages):
    de = languages["de"]
    earlier = make_doc("earlier", "Trotsky wrote:", f"> {QUOTE}")
    save(admin_user, unit(earlier, 2), de, QUOTE_DE)
    assert unit(earlier, 2).kind == "blockquote"
    later = make_doc(
        "later",
        f"In his criticism of the draft program he insisted: “{QUOTE}” This was decisive.",
    )
    found = selectors.suggestions_for_unit(unit(later, 1), de)
    assert [(m.kind, m.score, m.entry.target) for m in found.quotations] == [
        ("quotation", 100, QUOTE_DE)
    ]
    assert found.quotations[0].fragment == QUOTE
    # A sentence of it, translated on its own elsewhere, is found too.
    sentence_doc = make_doc("sentence", "Without it the workers' state cannot survive.")
    save(admin_user, unit(sentence_doc, 1), de, "Ohne sie kann der Arbeiterstaat nicht überleben.")
    found = selectors.suggestions_for_unit(unit(later, 1), de)
    assert {m.entry.target for m in found.quotations} == {
        QUOTE_DE,
        "Ohne sie kann der Arbeiterstaat nicht überleben.",
    }


def test_a_slightly_different_quotation_is_a_fuzzy_quotation_match(admin_user, languages):
    de = languages["de"]
    earlier = make_doc("earlier2", f"> {QUOTE}")
    save(admin_user, unit(earlier2 := earlier, 1), de, QUOTE_DE)
    assert earlier2.slug == "earlier2"
    variant = QUOTE.replace("demands", "requires")
    later = make_doc("later2", f"He wrote: “{variant}” And he was right about that point.")
    found = selectors.suggestions_for_unit(unit(later, 1), de)
    matches = [(m.kind, m.entry.target) for m in found.quotations]
    assert matches == [("quotation", QUOTE_DE)]
    assert 75 <= found.quotations[0].score < 100 and found.quotations[0].diff


def test_duplicate_pairs_are_one_suggestion(admin_user, languages):
    de = languages["de"]
    for slug in ("x1", "x2", "x3"):
        doc = make_doc(slug, "The Fourth International was founded in 1938.")
        save(admin_user, unit(doc, 1), de, "Die Vierte Internationale wurde 1938 gegründet.")
    query = make_doc("x4", "The Fourth International was founded in 1938.")
    found = selectors.suggestions_for_unit(unit(query, 1), de)
    assert len(found.exact) == 1


# --- pre-fill ------------------------------------------------------------------------------------


def test_prefill_fills_exact_matches_as_translated_never_approved(
    admin_user, translator, languages
):
    de = languages["de"]
    old = make_doc(
        "source-doc",
        "The Left Opposition fought for a correct economic policy.",
        "It was on this very question that the conflict centered.[^1]",
        "Only in the old document.",
        "[^1]: A note.",
    )
    save(admin_user, unit(old, 1), de, "Die Linke Opposition kämpfte.", status="approved")
    save(admin_user, unit(old, 2), de, 'Genau darum ging der Konflikt.<sup class="fnref">1</sup>',
         status="approved")  # fmt: skip
    new = make_doc(
        "target-doc",
        "The Left  Opposition fought for a correct *economic* policy.",  # other markup
        "It was on this very question that the conflict centered.[^1]",
        "Something nobody translated.",
        "[^1]: A note.",
    )
    result = prefill.prefill_from_memory(translator, new, de)
    assert result == prefill.PrefillResult(filled=1, untranslated=4)
    filled = Translation.objects.get(unit=unit(new, 2), language=de)
    assert filled.text == 'Genau darum ging der Konflikt.<sup class="fnref">1</sup>'
    assert (filled.status, filled.origin, filled.author, filled.version) == (
        "translated",
        "memory",
        translator,
        1,
    )
    revision = Revision.objects.get(translation=filled)
    assert (revision.origin, revision.status, revision.action) == ("memory", "translated", "import")
    # Unit 1's memory source has other inline markup: its translation's markup would not fit.
    assert not Translation.objects.filter(unit=unit(new, 1)).exists()
    assert not Translation.objects.filter(status="approved", unit__document=new).exists()
    # The pre-filled unit is in the memory now, and a second run changes nothing.
    assert MemoryEntry.objects.filter(translation=filled, status="translated").exists()
    assert prefill.prefill_from_memory(translator, new, de).filled == 0
    assert Translation.objects.filter(unit__document=new).count() == 1


def test_prefill_never_overwrites_a_translation(admin_user, languages):
    de = languages["de"]
    old = make_doc("o1", "A sentence everybody translates the same way.")
    save(admin_user, unit(old, 1), de, "Aus dem Gedächtnis.")
    new = make_doc("n1", "A sentence everybody translates the same way.")
    save(admin_user, unit(new, 1), de, "Eigener Entwurf.", status="draft")
    assert prefill.prefill_from_memory(admin_user, new, de).filled == 0
    assert Translation.objects.get(unit=unit(new, 1)).text == "Eigener Entwurf."


def test_prefill_button_needs_a_team_member(client, translator, outsider, admin_user, languages):
    de = languages["de"]
    old = make_doc("o2", "The same paragraph in two documents.")
    save(admin_user, unit(old, 1), de, "Derselbe Absatz.")
    new = make_doc("n2", "The same paragraph in two documents.")
    url = reverse("prefill_memory", args=[new.slug, "de"])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    login(client, outsider)
    assert client.post(url).status_code == 403
    login(client, translator)
    assert client.post(reverse("prefill_memory", args=[new.slug, "fr"])).status_code == 403
    assert not Translation.objects.filter(unit__document=new).exists()
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "1 of 1 untranslated units" in response.content.decode()
    assert Translation.objects.get(unit=unit(new, 1)).origin == "memory"


def test_prefill_of_a_large_document_is_bulk(admin_user, languages, django_assert_max_num_queries):
    de = languages["de"]
    blocks = [
        f"Paragraph number {i} of the resolution on the tasks of the party." for i in range(300)
    ]
    old = make_doc("big-old", *blocks)
    old_units = list(Unit.objects.filter(document=old))
    for seg in old_units:
        Translation.objects.create(
            unit=seg,
            language=de,
            text=f"Übersetzung {seg.position}",
            status="approved",
            source_checksum=seg.checksum,
        )
    memory_store.rebuild_memory()
    new = make_doc("big-new", *blocks)
    with django_assert_max_num_queries(60):  # per chunk of 1,000 units, not per unit
        result = prefill.prefill_from_memory(admin_user, new, de)
    assert result.filled == 300
    assert Revision.objects.filter(translation__unit__document=new).count() == 300


# --- concordance ---------------------------------------------------------------------------------


def test_concordance_finds_sources_and_translations_highlighted_and_escaped(
    client, admin_user, languages
):
    de = languages["de"]
    doc = make_doc(
        "conc",
        "The tag &lt;script&gt;alert(1)&lt;/script&gt; appears in the “Permanent Revolution” text.",
        "Another sentence on the permanent revolution.",
        "Unrelated text about the weather.",
    )
    for position, target in ((1, "Die <em>Permanente Revolution</em>."), (2, "Noch ein Satz."),
                             (3, "Wetter.")):  # fmt: skip
        save(admin_user, unit(doc, position), de, target)
    url = reverse("memory_search")
    response = client.get(url, {"q": '"permanent revolution"', "source": "en", "target": "de"})
    html = response.content.decode()
    assert response.status_code == 200
    # Quotation marks around the phrase are not part of it, as in a search engine.
    assert "“<mark>Permanent Revolution</mark>”" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Unrelated" not in html
    response = client.get(url, {"q": "permanent revolution", "source": "en", "target": "de"})
    html = response.content.decode()
    assert html.count("<mark>") == 2 and "Another sentence" in html  # in two sources
    assert "<mark>Permanente Revolution</mark>" not in html  # "permanente" is another word
    response = client.get(url, {"q": "Noch ein", "source": "en", "target": "de", "side": "target"})
    assert "<mark>Noch ein</mark>" in response.content.decode()
    response = client.get(url, {"q": "Noch ein", "source": "en", "target": "de", "side": "source"})
    assert "No unit in the memory contains this phrase." in response.content.decode()
    response = client.get(url, {"q": "x", "source": "en", "target": "de"})
    assert "Type at least 2 characters" in response.content.decode()
    assert client.get(url, {"q": "abc", "source": "en", "target": "en"}).status_code == 400


def test_concordance_is_paginated(admin_user, languages):
    de = languages["de"]
    doc = make_doc(
        "pages", *[f"Congress number {i} of the Communist International." for i in range(45)]
    )
    for seg in Unit.objects.filter(document=doc):
        save(admin_user, seg, de, f"Kongress {seg.position}")
    first = selectors.concordance("communist international", languages["en"], de)
    assert (len(first.hits), first.has_previous, first.has_next) == (20, False, True)
    last = selectors.concordance("communist international", languages["en"], de, page=3)
    assert (len(last.hits), last.has_previous, last.has_next) == (5, True, False)
    seen = [h.entry.pk for p in (1, 2, 3) for h in selectors.concordance(
        "communist international", languages["en"], de, page=p).hits]  # fmt: skip
    assert len(seen) == len(set(seen)) == 45 and seen == sorted(seen, reverse=True)


# --- the editor ----------------------------------------------------------------------------------


def _editor_queries(client, document) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("editor", args=[document.slug, "de"])).status_code == 200
    return len(ctx.captured_queries)


def test_editor_page_stays_constant_in_queries_with_a_memory(client, translator, admin_user,
                                                             languages):  # fmt: skip
    de = languages["de"]
    doc = make_doc("ed", *[f"Paragraph {i} about the history of the movement." for i in range(30)])
    login(client, translator)
    _editor_queries(client, doc)  # warm up (session, permissions)
    empty = _editor_queries(client, doc)
    other = make_doc(
        "ed-mem", *[f"Paragraph {i} about the history of the movement." for i in range(30)]
    )
    for seg in Unit.objects.filter(document=other):
        save(admin_user, seg, de, f"Absatz {seg.position}")
    assert MemoryEntry.objects.count() == 30
    assert _editor_queries(client, doc) == empty  # suggestions are not loaded with the page
    html = client.get(reverse("editor", args=[doc.slug, "de"])).content.decode()
    first = Unit.objects.filter(document=doc).order_by("position").first()
    aids = reverse("unit_aids", args=[doc.slug, "de", first.key])
    assert f'data-aids-url="{aids}"' in html and "workbench/aids.js" in html


def test_aids_panel_for_readers_and_translators(client, translator, admin_user, languages):
    de = languages["de"]
    old = make_doc("aid-old", "The revolution betrayed: what is the Soviet Union?")
    save(admin_user, unit(old, 1), de, "Verratene Revolution: <em>Was ist die Sowjetunion?</em>")
    new = make_doc("aid-new", "The revolution betrayed: what is the Soviet Union?")
    url = reverse("unit_aids", args=[new.slug, "de", unit(new, 1).key])
    response = client.get(url)  # anonymous readers see the suggestions
    html = response.content.decode()
    assert response.status_code == 200
    assert "Verratene Revolution: <em>Was ist die Sowjetunion?</em>" in html
    assert "insert-suggestion" not in html
    assert "Glossary" in html and "Quality checks" in html  # the other aids, same panel
    login(client, translator)
    html = client.get(url).content.decode()
    assert 'aria-keyshortcuts="Alt+1"' in html
    # Inserted into the box as tokens (text/placeables.py), never as HTML.
    assert 'data-text="Verratene Revolution: *Was ist die Sowjetunion?*"' in html
    assert client.post(url).status_code == 405
    assert client.get(reverse("unit_aids", args=[new.slug, "de", "nope"])).status_code == 404


def test_aids_cost_the_same_queries_whatever_the_memory(client, admin_user, languages):
    de = languages["de"]
    query = make_doc("aq", "The party of the working class must be international.",
                     "Another unit.")  # fmt: skip
    url = reverse("unit_aids", args=[query.slug, "de", unit(query, 1).key])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    client.get(url)
    small = make_doc("m1", "The party of the working class must be national.")
    save(admin_user, unit(small, 1), de, "Klein.")
    before = count()
    blocks = [
        f"The party of the working class number {i} must be international." for i in range(60)
    ]
    big = make_doc("m2", *blocks)
    for seg in Unit.objects.filter(document=big):
        save(admin_user, seg, de, f"Groß {seg.position}")
    assert count() == before


def test_save_accepts_origin_memory_from_translators_only(client, translator, outsider, languages):
    doc = make_doc("orig", "A unit to translate with the memory's help.")
    seg = unit(doc, 1)
    url = reverse("save_unit", args=[doc.slug, "de", seg.key])
    login(client, outsider)
    assert client.post(url, {"text": "x", "version": 0, "origin": "memory"}).status_code == 403
    login(client, translator)
    response = client.post(url, {"text": "x", "version": 0, "origin": "tmx"})
    assert response.status_code == 400 and json.loads(response.content)["error"] == "bad origin"
    assert not Translation.objects.exists()
    response = client.post(url, {"text": "Aus dem Gedächtnis", "version": 0, "origin": "memory"})
    assert response.status_code == 200
    t = Translation.objects.get()
    assert t.origin == "memory" and t.revisions.get().origin == "memory"
    assert MemoryEntry.objects.get(translation=t).origin == "memory"
    client.post(url, {"text": "Getippt", "version": 1})
    t.refresh_from_db()
    assert t.origin == "typed"


def test_memory_page_renders_for_everyone(client, outsider, languages):
    response = client.get(reverse("memory"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="/memory/search"' in html and "Import a TMX file" not in html
    login(client, outsider)
    assert "Import a TMX file" not in client.get(reverse("memory")).content.decode()
    assert Language.objects.count() == 5


def test_trigram_indexes_on_postgresql_only():
    created = memory_store.ensure_trigram_indexes(connection)
    if connection.vendor == "postgresql":
        assert created
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'workbench_memoryentry' "
                "AND indexdef LIKE '%%gin_trgm_ops%%'"
            )
            assert {row[0] for row in cursor.fetchall()} == {
                "memory_source_trgm",
                "memory_target_trgm",
            }
        memory_store.ensure_trigram_indexes(connection)  # idempotent
    else:
        assert created is False


def test_concordance_pages_are_the_same_from_the_newest_entries_or_the_index(
    admin_user, languages, monkeypatch
):
    de = languages["de"]
    blocks = [f"Resolution {i}: 50% of the delegates voted for the_motion." for i in range(12)]
    blocks += ["A 500 delegates meeting.", "The motion failed."]
    doc = make_doc("window", *blocks)
    for seg in Unit.objects.filter(document=doc):
        save(admin_user, seg, de, f"Beschluss {seg.position}")

    def pages(phrase: str) -> list[list[int]]:
        return [
            [
                h.entry.pk
                for h in selectors.concordance(phrase, languages["en"], de, page=p, per_page=5).hits
            ]  # fmt: skip
            for p in (1, 2, 3, 4)
        ]

    everything = pages("50% of")
    assert [len(p) for p in everything] == [5, 5, 2, 0]
    # % and _ are literal characters of the phrase, not LIKE wildcards.
    assert sum(len(p) for p in pages("the_motion")) == 12
    assert sum(len(p) for p in pages("50%")) == 12  # not "500 delegates"
    monkeypatch.setattr(selectors, "RECENT", 7)  # most pages now need the whole memory
    assert pages("50% of") == everything
