"""The editor and review views speak tokens: the box shows them, a save converts them, a
conflict answers with them; glossary terms are placeables too; the wrong user is refused."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from workbench.models import Translation, Unit
from workbench.permissions import SYSTEM
from workbench.services.documents import import_document

from .conftest import login, make_concept
from .workflow import translate

ESSAY = b"""# Essay

He wrote[^1] that *this* is big, see [here](https://example.org/).

[^1]: The note.
"""


@pytest.fixture
def para(languages):
    doc = import_document(SYSTEM, ESSAY, filename="e.md", language_code="en", slug="essay")
    return Unit.objects.get(document=doc.document, position=2)


def _save(client, unit, text, version=0, **extra):
    url = reverse("save_unit", args=["essay", "de", unit.key])
    return client.post(url, {"text": text, "version": version, "tokens": "1", **extra})


@pytest.mark.django_db
def test_the_box_shows_tokens_and_a_save_converts_them(client, translator, para, languages):
    make_concept({"en": "big", "de": "groß"})
    login(client, translator)
    response = _save(client, para, "Er schrieb[1], dass *dies* groß ist, {1}hier{/1}. a < b")
    assert response.status_code == 200, response.content
    stored = Translation.objects.get(unit=para, language=languages["de"]).text
    assert stored == (
        'Er schrieb<sup class="fnref">1</sup>, dass <em>dies</em> groß ist, '
        '<a href="https://example.org/">hier</a>. a &lt; b'
    )
    row = json.loads(response.content)["html"]
    assert "Er schrieb[1], dass *dies* groß ist, {1}hier{/1}. a &lt; b</textarea>" in row
    page = client.get(reverse("editor", args=["essay", "de"])).content.decode()
    assert "&lt;sup" not in page.split(f'id="t-{para.key}"')[1].split("</textarea>")[0]
    # The glossary term is a placeable inserting its agreed translation.
    assert 'class="ph ph-term" data-before="groß"' in page
    assert 'data-source-tokens="He wrote[1] that *this* is big, see {1}here{/1}."' in page


@pytest.mark.django_db
def test_a_conflict_answers_with_tokens(client, translator, reviewer, para, languages):
    translate(reviewer, para, languages["de"], 'Ihre<sup class="fnref">1</sup> <em>Fassung</em>')
    login(client, translator)
    response = _save(client, para, "Meine[1]", version=0)
    assert response.status_code == 409
    assert json.loads(response.content)["theirs"] == "Ihre[1] *Fassung*"


@pytest.mark.django_db
def test_tokens_too_long_are_refused_before_conversion(client, translator, para, settings):
    settings.MAX_TRANSLATION_CHARS = 100
    login(client, translator)
    response = _save(client, para, "*a" * 150)
    assert response.status_code == 400
    assert not Translation.objects.filter(unit=para).exists()


@pytest.mark.django_db
def test_a_reader_cannot_save_tokens(client, outsider, para):
    login(client, outsider)
    assert _save(client, para, "Er schrieb[1]").status_code == 403
    assert not Translation.objects.filter(unit=para).exists()


@pytest.mark.django_db
def test_review_edit_box_in_tokens_and_approve_edit_converts(
    client, translator, reviewer, para, languages
):
    de = languages["de"]
    saved = translate(translator, para, de, 'Er schrieb<sup class="fnref">1</sup> das.')
    login(client, reviewer)
    page = client.get(reverse("review", args=["essay", "de"])).content.decode()
    assert "Er schrieb[1] das.</textarea>" in page
    response = client.post(
        reverse("review_approve", args=["essay", "de", para.key]),
        {
            "text": "Er schrieb[1], dass *dies* groß ist, {1}hier{/1}.",
            "tokens": "1",
            "version": saved.version,
        },
    )
    assert response.status_code == 200, response.content
    t = Translation.objects.get(unit=para, language=de)
    assert t.text == (
        'Er schrieb<sup class="fnref">1</sup>, dass <em>dies</em> groß ist, '
        '<a href="https://example.org/">hier</a>.'
    )
