"""Machine translation through the pages (issue 15): the editor's suggestion endpoint, a
save that starts from it, review's confirmation, pre-translating from the document page,
the progress page's share and the export as final. Against a real Apertium APY."""

from __future__ import annotations

import pytest
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
    assert "Pre-translate (drafts)" in page and "Up to 25 empty units are done at once" in page
    response = client.post(url, follow=True)
    assert "2 of 2 empty units into Spanish were pre-translated as drafts" in (
        response.content.decode()
    )
    assert set(Translation.objects.values_list("status", "origin")) == {("draft", "machine")}


def test_pretranslate_the_units_of_one_editor_page(
    apertium_engine, client, sample_document, es_translator, settings
):
    """A selection: the editor's button sends the keys of the units its page shows, and
    comes back to that page; units of other pages stay empty."""
    import re

    settings.EDITOR_PAGE_SIZE = 4
    client.force_login(es_translator)
    editor = reverse("editor", args=[sample_document.slug, "es"]) + "?filter=all&page=2"
    page = client.get(editor).content.decode()
    form = page.split('class="inline-form pretranslate-page"')[1].split("</form>")[0]
    keys = re.findall(r'name="unit" value="([^"]+)"', form)
    shown = list(
        sample_document.units.filter(is_active=True).order_by("position")
        .values_list("key", flat=True)[4:8]
    )  # fmt: skip
    assert keys == shown
    assert "Pre-translate the empty units of this page" in form
    response = client.post(
        reverse("pretranslate", args=[sample_document.slug, "es"]), {"unit": keys, "next": editor}
    )
    assert response.status_code == 302 and response["Location"] == editor
    filled = Translation.objects.filter(language__code="es")
    assert sorted(filled.values_list("unit__key", flat=True)) == sorted(keys)
    assert set(filled.values_list("status", flat=True)) == {"draft"}
    # Somewhere else is not a place to be sent back to.
    away = client.post(
        reverse("pretranslate", args=[sample_document.slug, "es"]),
        {"unit": keys, "next": "https://elsewhere.example/"},
    )
    assert away["Location"] == reverse("document", args=[sample_document.slug])


@pytest.mark.django_db(transaction=True)
def test_pretranslate_from_the_page_above_the_limit_is_a_job_with_progress(
    apertium_engine, client, sample_document, es_translator, settings, tmp_path
):
    from django_tasks_db.management.commands.db_worker import Worker

    from workbench.models import Job

    settings.MT_PRETRANSLATE_PAGE_UNITS = 3
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    client.force_login(es_translator)
    response = client.post(reverse("pretranslate", args=[sample_document.slug, "es"]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job", args=[job.pk])
    assert (job.kind, job.state, job.owner) == ("pretranslate", Job.STATE_QUEUED, es_translator)
    assert not Translation.objects.exists()  # nothing done within the request
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip
    job.refresh_from_db()
    assert job.state == Job.STATE_SUCCEEDED, job.error
    empty = sample_document.units.filter(is_active=True).count()
    assert job.result["empty"] == empty
    drafts = Translation.objects.filter(language__code="es")
    assert drafts.count() == job.result["from_memory"] + job.result["from_machine"] > 3
    assert set(drafts.values_list("status", flat=True)) == {"draft"}
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "were pre-translated as drafts" in page


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


def test_machine_translation_is_offered_only_for_pairs_an_engine_may_serve(
    apertium_engine, client, sample_document, admin_user
):
    """Pages ask no engine while rendering: until the pairs are known every language may be
    served; once they are (cached), a pair no engine has shows no machine part at all."""
    from django.core.cache import cache

    from workbench.machine import registry

    cache.clear()  # the pairs another test may have asked
    client.force_login(admin_user)
    editor = reverse("editor", args=[sample_document.slug, "de"])
    assert 'id="machine-aids"' in client.get(editor).content.decode()  # not asked yet
    registry.pairs_of(registry.configured()[0])  # what the first suggestion does
    german = client.get(editor).content.decode()
    assert 'id="machine-aids"' not in german and "pretranslate-page" not in german
    spanish = client.get(reverse("editor", args=[sample_document.slug, "es"])).content.decode()
    assert 'id="machine-aids"' in spanish and "pretranslate-page" in spanish
    page = client.get(reverse("document", args=[sample_document.slug])).content.decode()
    assert reverse("pretranslate", args=[sample_document.slug, "es"]) in page
    assert reverse("pretranslate", args=[sample_document.slug, "de"]) not in page
