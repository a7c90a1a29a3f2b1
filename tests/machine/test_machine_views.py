"""Machine translation through the pages (issue 15): the editor's suggestion endpoint, a
save that starts from it, review's confirmation, pre-translating from the document page,
the progress page's share and the export as final. Against a real Apertium APY."""

from __future__ import annotations

from django.urls import reverse

from workbench.models import Translation

from ..mt_fixtures import configure, free_port
from .conftest import first_unit


def machine_url(document, unit, lang="es"):
    return reverse("unit_machine", args=[document.slug, lang, unit.key])


def test_the_editor_gets_the_suggestion_labelled_with_the_engine(
    apertium_engine, client, paragraph_doc, es_translator
):
    client.force_login(es_translator)
    unit = first_unit(paragraph_doc)
    page = client.get(reverse("editor", args=["para", "es"])).content.decode()
    assert 'id="machine-aids"' in page and "machine.js" in page and "Alt+0" in page
    response = client.get(machine_url(paragraph_doc, unit))
    assert response.status_code == 200
    html = response.content.decode()
    assert "machine translation by Apertium" in html
    assert "<em>revolución permanente</em>" in html  # the markup, shown as markup
    assert 'aria-keyshortcuts="Alt+0"' in html and 'data-engine="apertium"' in html


def test_the_suggestion_is_refused_to_those_who_may_not_translate(
    apertium_engine, client, paragraph_doc, translator
):
    client.force_login(translator)  # a German translator
    assert client.get(machine_url(paragraph_doc, first_unit(paragraph_doc))).status_code == 403
    client.logout()
    response = client.get(machine_url(paragraph_doc, first_unit(paragraph_doc)))
    assert response.status_code == 302


def test_without_an_engine_the_editor_shows_nothing_of_it(
    settings, client, paragraph_doc, es_translator
):
    configure(settings)
    client.force_login(es_translator)
    page = client.get(reverse("editor", args=["para", "es"])).content.decode()
    assert "machine-aids" not in page and "machine.js" not in page
    document_page = client.get(reverse("document", args=["para"])).content.decode()
    assert "Pre-translate" not in document_page
    progress = client.get(reverse("progress", args=["para", "es"])).content.decode()
    assert "Unmodified machine translation" not in progress
    assert client.get(machine_url(paragraph_doc, first_unit(paragraph_doc))).status_code == 404


def test_a_failing_engine_says_unavailable(settings, client, paragraph_doc, es_translator):
    configure(settings, apertium=f"http://127.0.0.1:{free_port()}")
    client.force_login(es_translator)
    response = client.get(machine_url(paragraph_doc, first_unit(paragraph_doc)))
    assert response.status_code == 200 and "Apertium is unavailable" in response.content.decode()


def test_saving_from_the_suggestion_records_origin_machine(
    apertium_engine, client, paragraph_doc, es_translator
):
    client.force_login(es_translator)
    unit = first_unit(paragraph_doc)
    client.get(machine_url(paragraph_doc, unit))
    from workbench.models import MachineSuggestion

    text = MachineSuggestion.objects.get().text
    save = reverse("save_unit", args=["para", "es", unit.key])
    response = client.post(
        save,
        {
            "text": text + " Editado.",
            "version": "0",
            "origin": "machine",
            "machine_engine": "apertium",
        },
    )
    assert response.status_code == 200
    t = Translation.objects.get(unit=unit)
    assert (t.origin, t.machine_engine, t.machine_text) == ("machine", "apertium", text)
    assert 0.8 < t.machine_share < 1
    # A client cannot claim an engine text that was never asked for.
    second = paragraph_doc.units.order_by("position")[1]
    refused = client.post(
        reverse("save_unit", args=["para", "es", second.key]),
        {"text": "x", "version": "0", "origin": "machine", "machine_engine": "apertium"},
    )
    assert refused.status_code == 400
    assert not Translation.objects.filter(unit=second).exists()


def test_review_asks_to_confirm_unedited_machine_translation(
    apertium_engine, client, paragraph_doc, es_translator, es_reviewer
):
    from workbench.models import Language
    from workbench.services.pretranslate import pretranslate

    pretranslate(es_translator, paragraph_doc, Language.objects.get(code="es"))
    unit = first_unit(paragraph_doc)
    t = Translation.objects.get(unit=unit)
    client.force_login(es_reviewer)
    url = reverse("review_approve", args=["para", "es", unit.key])
    refused = client.post(url, {"version": t.version}, HTTP_X_REQUESTED_WITH="fetch")
    assert refused.status_code == 422
    assert refused.json()["confirm"] == "machine"
    assert Translation.objects.get(pk=t.pk).status == "draft"
    done = client.post(
        url, {"version": t.version, "confirm_machine": "1"}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert done.status_code == 200
    assert Translation.objects.get(pk=t.pk).status == "approved"


def test_pretranslate_from_the_page(
    apertium_engine, client, paragraph_doc, es_translator, translator
):
    url = reverse("pretranslate", args=["para", "es"])
    client.force_login(translator)  # not a Spanish translator
    assert client.post(url).status_code == 403
    assert not Translation.objects.exists()
    client.force_login(es_translator)
    page = client.get(reverse("document", args=["para"])).content.decode()
    assert "Pre-translate (drafts)" in page and "at most 300 empty units" in page
    response = client.post(url, follow=True)
    assert "2 of 2 empty units into Spanish were pre-translated as drafts" in (
        response.content.decode()
    )
    assert set(Translation.objects.values_list("status", "origin")) == {("draft", "machine")}


def test_pretranslate_from_the_page_is_bounded(
    apertium_engine, client, sample_document, es_translator, settings
):
    settings.MT_PRETRANSLATE_PAGE_UNITS = 3
    client.force_login(es_translator)
    response = client.post(reverse("pretranslate", args=[sample_document.slug, "es"]), follow=True)
    assert "at most 3 can be done here" in response.content.decode()
    assert not Translation.objects.exists()


def test_progress_page_shows_the_share_and_export_as_final_is_guarded(
    apertium_engine, client, paragraph_doc, es_translator
):
    from workbench.models import Language
    from workbench.services.pretranslate import pretranslate

    pretranslate(es_translator, paragraph_doc, Language.objects.get(code="es"))
    client.force_login(es_translator)
    page = client.get(reverse("progress", args=["para", "es"])).content.decode()
    assert "Unmodified machine translation: 100% of the translated text (2 units" in page
    assert "cannot be exported as final" in page
    final = client.get(reverse("export_monolingual", args=["para", "es"]) + "?final=1")
    assert final.status_code == 422 and "at most 40%" in final.content.decode()
    # Without "final" the document is still available as a draft to read.
    assert client.get(reverse("export_monolingual", args=["para", "es"])).status_code == 200
