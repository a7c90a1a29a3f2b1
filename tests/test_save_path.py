"""The cost of one save through the editor's endpoint: the path every volunteer keystroke
batch takes, measured in queries so that it cannot silently grow with the document, the
number of translations or the glossary (see bench/bench_save_load.py for latency)."""

import json

import pytest
from django.urls import reverse

from workbench import request_memo
from workbench.models import GlossaryConcept, Translation, TranslationProblem, Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document
from workbench.services.glossary_concepts import save_concept
from workbench.services.translations import save_translation

from .conftest import login

# session, user, unit with its document, language, membership; transaction; lock, write
# (a first one inside a savepoint), revision; same-source units, glossary, problems delete
# and insert; memory entry read and write (and its index keys); comment count, dismissals;
# a first save that makes a unit translated asks whether the document is now complete (one
# EXISTS that stops at the first unit still to do).
# Measured on SQLite and PostgreSQL: 22 for a first save, 18 for the next ones.
FIRST_SAVE_QUERIES = 22
NEXT_SAVE_QUERIES = 18


def _book(units: int, duplicates: int = 0):
    paragraphs = [f"Paragraph number {i} of a long book." for i in range(units)]
    paragraphs += ["Workers of the world, unite!"] * duplicates
    return import_document(
        SYSTEM,
        "\n\n".join(paragraphs).encode(),
        filename="book.txt",
        language_code="en",
        slug="book",
    ).document


def _translate_all(document, language, user):
    Translation.objects.bulk_create(
        Translation(
            unit=s,
            language=language,
            text=f"Absatz {s.position}",
            status="translated",
            source_checksum=s.checksum,
            author=user,
            version=1,
        )
        for s in Unit.objects.filter(document=document)
    )


def _save(client, key, text, version):
    return client.post(
        reverse("save_unit", args=["book", "de", key]), {"text": text, "version": version}
    )


@pytest.mark.parametrize("units", [10, 2000])
def test_a_save_costs_the_same_queries_whatever_the_document(
    client, translator, languages, django_assert_max_num_queries, units
):
    document = _book(units)
    _translate_all(document, languages["fr"], translator)  # another language's work
    key = Unit.objects.get(document=document, position=units // 2).key
    login(client, translator)
    with django_assert_max_num_queries(FIRST_SAVE_QUERIES):
        response = _save(client, key, "Ein Absatz", 0)
    assert response.status_code == 200, response.content
    with django_assert_max_num_queries(NEXT_SAVE_QUERIES):
        response = _save(client, key, "Ein anderer Absatz", 1)
    assert json.loads(response.content)["version"] == 2


def test_the_row_shows_the_problems_the_save_stored(client, translator, sample_document):
    unit = Unit.objects.filter(document=sample_document).order_by("position").first()
    login(client, translator)
    response = client.post(
        reverse("save_unit", args=["sample", "de", unit.key]),
        {"text": "Zu kurz 123 456", "version": 0},
    )
    html = json.loads(response.content)["html"]
    stored = TranslationProblem.objects.filter(translation__unit=unit)
    assert stored.exists()
    for check_id in stored.values_list("check_id", flat=True):
        assert f'data-check="{check_id}"' in html


def test_siblings_with_the_same_source_are_still_rechecked(translator, languages):
    document = _book(3, duplicates=2)
    first, second = Unit.objects.filter(
        document=document, source="Workers of the world, unite!"
    ).order_by("position")
    de = languages["de"]
    save_translation(translator, first, de, "Proletarier aller Länder!", base_version=0)
    save_translation(translator, second, de, "Arbeiter der Welt!", base_version=0)
    assert TranslationProblem.objects.filter(
        translation__unit=first, check_id="inconsistent"
    ).exists()


def test_the_request_memo_computes_once_and_forgets_on_a_glossary_write(glossary_editor):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert request_memo.memo("k", compute) == 1  # outside a request: no memo at all
    assert request_memo.memo("k", compute) == 2

    seen = []

    def view(_request):
        seen.append(request_memo.memo("k", compute))
        seen.append(request_memo.memo("k", compute))
        save_concept(glossary_editor, None, terms={"en": "party", "de": "Partei"}, forbidden={})
        seen.append(request_memo.memo("k", compute))
        return "response"

    assert request_memo.RequestMemoMiddleware(view)(object()) == "response"
    assert seen == [3, 3, 4]  # one computation, then a fresh one after the write
    assert GlossaryConcept.objects.count() == 1
    assert request_memo.memo("k", compute) == 5  # the request's memo is gone
