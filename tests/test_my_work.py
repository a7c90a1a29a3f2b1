"""My work and the header's count: what was sent back to whom, what waits for whose review;
constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workbench.selectors.my_work import counts, my_work
from workbench.services.review import reject

from .conftest import login
from .workflow import make_document, translate, units


@pytest.fixture
def day(languages, translator, reviewer):
    doc = make_document(["One.", "Two.", "Three."], slug="doc")
    one, two, three = units(doc)
    de = languages["de"]
    translate(translator, one, de, "Eins.")
    sent = translate(translator, two, de, "Zwo.")
    translate(translator, three, de, "Drei.", status="draft")  # a draft, not sent back
    reject(reviewer, two, de, base_version=sent.version, reason="Bitte »Zwei«")
    return doc


@pytest.mark.django_db
def test_counts_and_lists(day, translator, reviewer, outsider):
    assert counts(translator) == (1, 0)
    assert counts(reviewer) == (0, 1)  # "Eins." waits; "Zwo." went back to draft
    assert counts(outsider) == (0, 0)
    work = my_work(translator)
    assert [t.unit.key for t in work.sent_back] == ["u0002"]
    assert work.sent_back[0].reason == "Bitte »Zwei«"
    assert not work.reviews and work.documents[0].total == 3
    assert [r.action for r in work.recent][:1] == ["save"]
    assert my_work(reviewer).to_review[0]["n"] == 1


@pytest.mark.django_db
def test_the_page_and_its_queries(client, day, translator, django_assert_max_num_queries):
    login(client, translator)
    client.get(reverse("my_work"))
    with django_assert_max_num_queries(14):
        html = client.get(reverse("my_work")).content.decode()
    assert "Bitte »Zwei«" in html and "?unit=u0002#u-u0002" in html
    assert 'class="count-badge">1<' in html


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, day):
    response = client.get(reverse("my_work"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
