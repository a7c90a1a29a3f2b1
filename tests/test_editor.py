"""The side-by-side editor: pages, saving, permissions, CSRF, history, constant queries."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from workbench.models import Revision, Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document
from workbench.text.markup import to_plain

from .conftest import login


def _save_url(doc, lang, key):
    return reverse("save_unit", args=[doc.slug, lang, key])


def _first(doc):
    return Unit.objects.filter(document=doc).order_by("position").first()


def test_anonymous_can_read_but_not_save(client, sample_document):
    response = client.get(reverse("editor", args=["sample", "de"]))
    assert response.status_code == 200
    assert "Trotsky" in response.content.decode()
    seg = _first(sample_document)
    response = client.post(_save_url(sample_document, "de", seg.key), {"text": "x", "version": 0})
    assert response.status_code == 302  # to the login page
    assert Translation.objects.count() == 0


def test_translator_saves_and_gets_the_new_status(client, translator, sample_document):
    seg = _first(sample_document)
    login(client, translator)
    response = client.post(
        _save_url(sample_document, "de", seg.key),
        {"text": "Sozialistische Gleichheitspartei", "version": 0, "status": "translated"},
    )
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    assert data["status"] == "translated"
    assert data["version"] == 1
    assert f'id="u-{seg.key}"' in data["html"]
    t = Translation.objects.get(unit=seg, language__code="de")
    assert t.author == translator
    assert Revision.objects.filter(translation=t).count() == 1


def test_translator_of_another_language_is_refused(client, translator, sample_document):
    seg = _first(sample_document)
    login(client, translator)  # member of de only
    response = client.post(_save_url(sample_document, "fr", seg.key), {"text": "x", "version": 0})
    assert response.status_code == 403
    assert Translation.objects.count() == 0


def test_outsider_is_refused(client, outsider, sample_document):
    seg = _first(sample_document)
    login(client, outsider)
    response = client.post(_save_url(sample_document, "de", seg.key), {"text": "x", "version": 0})
    assert response.status_code == 403
    assert Translation.objects.count() == 0


def test_translator_may_not_approve(client, translator, sample_document):
    seg = _first(sample_document)
    login(client, translator)
    response = client.post(
        _save_url(sample_document, "de", seg.key), {"text": "x", "version": 0, "status": "approved"}
    )
    assert response.status_code == 403
    assert Translation.objects.count() == 0


def test_reviewer_may_approve(client, reviewer, sample_document):
    seg = _first(sample_document)
    login(client, reviewer)
    response = client.post(
        _save_url(sample_document, "de", seg.key), {"text": "x", "version": 0, "status": "approved"}
    )
    assert response.status_code == 200
    assert Translation.objects.get().status == "approved"


def test_csrf_is_enforced(translator, sample_document):
    seg = _first(sample_document)
    client = Client(enforce_csrf_checks=True)
    login(client, translator)
    response = client.post(_save_url(sample_document, "de", seg.key), {"text": "x", "version": 0})
    assert response.status_code == 403
    assert Translation.objects.count() == 0


def test_second_save_from_a_stale_version_is_a_conflict(
    client, translator, reviewer, sample_document
):
    seg = _first(sample_document)
    other = Client()
    login(client, translator)
    login(other, reviewer)
    url = _save_url(sample_document, "de", seg.key)
    assert client.post(url, {"text": "erste", "version": 0}).status_code == 200
    response = other.post(url, {"text": "zweite", "version": 0})
    assert response.status_code == 409
    data = json.loads(response.content)
    assert data["theirs"] == "erste"
    assert Translation.objects.get().text == "erste"


def test_markup_typed_by_a_volunteer_is_sanitised(client, translator, sample_document):
    seg = _first(sample_document)
    login(client, translator)
    client.post(
        _save_url(sample_document, "de", seg.key),
        {"text": 'Hallo <script>alert(1)</script><em onclick="x()">Welt</em>', "version": 0},
    )
    text = Translation.objects.get().text
    assert "<script" not in text and "onclick" not in text
    assert "<em>Welt</em>" in text


def test_history_lists_every_save(client, translator, sample_document):
    seg = _first(sample_document)
    login(client, translator)
    url = _save_url(sample_document, "de", seg.key)
    client.post(url, {"text": "eins", "version": 0})
    client.post(url, {"text": "zwei", "version": 1})
    response = client.get(reverse("unit_history", args=["sample", "de", seg.key]))
    body = response.content.decode()
    assert "eins" in body and "zwei" in body and "translator" in body


def test_filters(client, translator, sample_document):
    seg = _first(sample_document)
    login(client, translator)
    client.post(
        _save_url(sample_document, "de", seg.key), {"text": "eins", "version": 0, "status": "draft"}
    )
    body = client.get(reverse("editor", args=["sample", "de"]) + "?filter=draft").content.decode()
    assert body.count('class="unit ') == 1
    body = client.get(
        reverse("editor", args=["sample", "de"]) + "?filter=untranslated"
    ).content.decode()
    assert body.count('class="unit ') == Unit.objects.count() - 1


def test_rtl_language_editor_is_right_to_left(client, sample_document):
    body = client.get(reverse("editor", args=["sample", "ar"])).content.decode()
    assert 'lang="ar" dir="rtl"' in body


@pytest.mark.parametrize("units", [20, 3000])
def test_editor_page_costs_constant_queries(
    client, translator, languages, django_assert_max_num_queries, units
):
    text = "\n\n".join(f"Paragraph number {i} of a long book." for i in range(units)).encode()
    doc = import_document(
        SYSTEM, text, filename="book.txt", language_code="en", slug="book"
    ).document
    unit_rows = list(Unit.objects.filter(document=doc).order_by("position")[:30])
    Translation.objects.bulk_create(
        Translation(
            unit=s,
            language=languages["de"],
            text="Absatz",
            status="translated",
            source_checksum=s.checksum,
            author=translator,
        )
        for s in unit_rows
    )
    login(client, translator)
    with django_assert_max_num_queries(14):  # 12, the header's My work count and bell
        response = client.get(reverse("editor", args=["book", "de"]) + "?page=1")
    assert response.status_code == 200
    with django_assert_max_num_queries(14):  # 12, the header's My work count and bell
        response = client.get(
            reverse("editor", args=["book", "de"]) + "?page=2&filter=untranslated"
        )
    assert response.status_code == 200


def test_document_list_shows_progress(client, translator, sample_document):
    seg = _first(sample_document)
    login(client, translator)
    client.post(_save_url(sample_document, "de", seg.key), {"text": "eins", "version": 0})
    body = client.get(reverse("home")).content.decode()
    assert "1/14 units" in body


def test_ui_language_switch(client, sample_document):
    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert 'lang="de"' in body


def test_angle_brackets_typed_in_the_editor_are_kept(client, translator, sample_document):
    """ "<Ctrl>" and "a < b" are what the translator typed, not tags to drop."""
    seg = _first(sample_document)
    login(client, translator)
    typed = "Drücke <Ctrl>+<S>, wenn a < b ist."
    response = client.post(_save_url(sample_document, "de", seg.key), {"text": typed, "version": 0})
    assert response.status_code == 200, response.content
    stored = Translation.objects.get(unit=seg, language__code="de").text
    assert to_plain(stored) == typed

    def stored_pk(unit):
        return Translation.objects.get(unit=unit, language__code="de").pk

    # The box shows the stored markup (tokens instead are the placeables work); saving what
    # it shows changes nothing.
    again = client.post(
        _save_url(sample_document, "de", seg.key), {"text": stored, "version": 1}
    ).json()
    assert again["version"] == 1 and Translation.objects.get(pk=stored_pk(seg)).text == stored
