"""The units of a 10,000-unit document, page by page: every page costs the same number of
queries, the first as the last (cursor pages: no OFFSET scan, no COUNT)."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import token_client
from workbench.models import Document, Translation, Unit

pytestmark = pytest.mark.django_db

UNITS = 10_000


@pytest.fixture
def big_document(languages):
    document = Document.objects.create(slug="big", title="Big", source_language=languages["en"])
    units = []
    for i in range(1, UNITS + 1):
        source = f"Paragraph number {i} of the big document."
        units.append(
            Unit(
                document=document, position=i, key=f"u{i:05d}", kind="paragraph", source=source,
                checksum=hashlib.sha1(source.encode()).hexdigest(), word_count=7,
            )
        )  # fmt: skip
    Unit.objects.bulk_create(units, batch_size=1000)
    stored = list(Unit.objects.filter(document=document).order_by("position"))
    Translation.objects.bulk_create(
        [
            Translation(
                unit=unit, language=languages["de"], text=f"Absatz {unit.position}",
                status="draft" if unit.position % 2 else "translated",
                source_checksum=unit.checksum,
            )
            for unit in stored
            if unit.position % 3 == 0
        ],
        batch_size=1000,
    )  # fmt: skip
    return document


def _walk(api, url) -> tuple[list[str], list[int]]:
    keys: list[str] = []
    queries: list[int] = []
    while url:
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(url)
        assert response.status_code == 200
        page = response.json()
        keys += [u["key"] for u in page["results"]]
        queries.append(len(ctx.captured_queries))
        url = page["next"]
    return keys, queries


def test_every_page_of_10000_units_costs_the_same_queries(big_document, translator):
    api = token_client(translator)
    api.get("/api/v1/languages/")  # the token's first use writes its last-used time
    keys, queries = _walk(api, "/api/v1/documents/big/languages/de/units/?page_size=100")
    assert len(keys) == UNITS and keys == sorted(keys) and len(set(keys)) == UNITS
    assert len(queries) == 100
    assert len(set(queries)) == 1, queries  # constant: the last page costs as the first
    assert queries[0] <= 12


def test_filtered_pages_are_constant_too(big_document, translator):
    api = token_client(translator)
    api.get("/api/v1/languages/")
    keys, queries = _walk(
        api, "/api/v1/documents/big/languages/de/units/?status=draft&page_size=250"
    )
    expected = [f"u{i:05d}" for i in range(1, UNITS + 1) if i % 3 == 0 and i % 2]
    assert keys == expected
    assert len(set(queries)) == 1, queries
