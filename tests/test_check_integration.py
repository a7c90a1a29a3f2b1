"""Quality checks in the product: on save (the row shows them), approval blocked by errors,
dismissed warnings, filters by check, check_translations, bulk refresh, constant queries."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workbench.models import (
    CheckDismissal,
    GlossaryConcept,
    Translation,
    TranslationProblem,
    Unit,
)
from workbench.permissions import SYSTEM
from workbench.selectors.checks import checks_for_unit
from workbench.selectors.editor import editor_page, filtered_units
from workbench.selectors.quality import blocking_problems, blocking_problems_for
from workbench.services.checks import ApprovalBlocked, refresh_problems
from workbench.services.documents import import_document
from workbench.services.translations import save_translation
from workbench.text.fingerprint import source_checksum

from .conftest import login, make_concept

FNREF = '<sup class="fnref">1</sup>'
GOOD = {
    "u0003": "Die Folgen des „Sozialismus in einem Land“",
    "u0004": (
        "Während Trotzki und die Linke Opposition für die Umsetzung einer korrekten "
        "Wirtschaftspolitik in der Sowjetunion kämpften, bestanden sie darauf, dass das Schicksal "
        "des revolutionären Regimes von der Ausweitung der Revolution über die Grenzen der UdSSR "
        "hinaus abhing. Ohne den Sieg der Arbeiterklasse in den fortgeschrittenen kapitalistischen "
        "Ländern Europas und Nordamerikas würde der Sowjetstaat nicht überleben. Genau um diese "
        "Frage drehte sich der Konflikt zwischen der Linken Opposition und der stalinistischen "
        "Bürokratie. 1924 schlug Stalin mit Unterstützung Bucharins vor, dass der Sozialismus auf "
        "nationaler Grundlage in der UdSSR aufgebaut werden könne."
    ),
    "u0011": (
        "Es ist ein grober Fehler zu glauben, dass der Imperialismus alle Klassen Chinas "
        "mechanisch von außen zusammenschweißt... Der revolutionäre Kampf gegen den Imperialismus "
        "schwächt die politische Differenzierung der Klassen nicht, sondern verstärkt sie." + FNREF
    ),
    "u0014": (
        "„Die chinesische Revolution und die Thesen des Genossen Stalin“, in: <em>Leon Trotsky "
        "on China</em> (New York: Pathfinder, 1976), S. 176-77."
    ),
}
# The block quote with its footnote reference dropped: an error.
DROPPED_FNREF = GOOD["u0011"].replace(FNREF, "")
# A double space in the heading: a warning.
DOUBLE_SPACE = "Die Folgen des  „Sozialismus in einem Land“"


def seg(document, key: str) -> Unit:
    return Unit.objects.select_related("document__source_language").get(document=document, key=key)


def post_save(client, key, text, status="translated", lang="de"):
    current = Translation.objects.filter(unit__key=key, language__code=lang).first()
    return client.post(
        reverse("save_unit", args=["sample", lang, key]),
        {"text": text, "status": status, "version": current.version if current else 0},
    )


def store(user, document, language, texts: dict[str, str], status="translated"):
    for key, text in texts.items():
        save_translation(user, seg(document, key), language, text, status=status, base_version=None)


def problems_of(key, lang="de") -> list[tuple[str, str]]:
    return list(
        TranslationProblem.objects.filter(
            translation__unit__key=key, translation__language__code=lang
        ).values_list("check_id", "severity")
    )


def keys(qs) -> list[str]:
    return list(qs.order_by("position").values_list("key", flat=True))


def listed(client, flt: str) -> str:
    """The German editor page under a filter."""
    return client.get(reverse("editor", args=["sample", "de"]), {"filter": flt}).content.decode()


def run_command(*args) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_translations", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), exc.returncode
    return out.getvalue(), err.getvalue(), 0


# --- on save -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_row_shows_problems_at_once_and_they_go_when_fixed(client, translator, sample_document):
    login(client, translator)
    response = post_save(client, "u0011", DROPPED_FNREF)
    assert response.status_code == 200, response.content
    html = json.loads(response.content)["html"]
    assert 'class="problem error"' in html
    assert "Footnote reference [1] is missing in the translation" in html
    assert problems_of("u0011") == [("footnote-refs", "error")]

    response = post_save(client, "u0011", GOOD["u0011"])
    html = json.loads(response.content)["html"]
    assert "row-checks" not in html
    assert problems_of("u0011") == []


@pytest.mark.django_db
def test_an_error_blocks_approval(client, reviewer, sample_document, languages):
    login(client, reviewer)
    response = post_save(client, "u0011", DROPPED_FNREF, status="approved")
    # 422 like the review screen's approve: one status per service error (views/errors.py).
    assert response.status_code == 422
    assert "cannot be approved" in json.loads(response.content)["error"]
    assert "Footnote reference [1]" in json.loads(response.content)["error"]
    assert Translation.objects.count() == 0

    # Saved for review, it stays unapproved; approving the same text is refused.
    assert post_save(client, "u0011", DROPPED_FNREF).status_code == 200
    assert post_save(client, "u0011", DROPPED_FNREF, status="approved").status_code == 422
    current = Translation.objects.get()
    assert (current.status, current.version) == ("translated", 1)
    # Fixed, it is approved.
    assert post_save(client, "u0011", GOOD["u0011"], status="approved").status_code == 200
    current.refresh_from_db()
    assert current.status == "approved"

    with pytest.raises(ApprovalBlocked) as exc:
        save_translation(
            reviewer,
            seg(sample_document, "u0011"),
            languages["de"],
            DROPPED_FNREF,
            status="approved",
            base_version=None,
        )
    assert exc.value.http_status == 422  # what the save endpoint answers (views/errors.py)
    assert [p.check_id for p in exc.value.problems] == ["footnote-refs"]


@pytest.mark.django_db
def test_blocking_problems_for_the_review_screen(reviewer, sample_document, languages):
    texts = {"u0011": DROPPED_FNREF, "u0004": GOOD["u0004"]}
    store(reviewer, sample_document, languages["de"], texts)
    bad = Translation.objects.get(unit__key="u0011")
    good = Translation.objects.get(unit__key="u0004")
    assert [p.check_id for p in blocking_problems(bad)] == ["footnote-refs"]
    assert blocking_problems(good) == []
    assert set(blocking_problems_for([bad, good])) == {bad.pk}


@pytest.mark.django_db
def test_glossary_terms_are_checked(client, reviewer, sample_document):
    make_concept({"en": "Left Opposition", "de": "Linke Opposition"}, {"de": ["Linksopposition"]})
    login(client, reviewer)
    forbidden = (
        GOOD["u0004"]
        .replace("Linke Opposition", "Linksopposition")
        .replace("Linken Opposition", "Linksopposition")
    )
    response = post_save(client, "u0004", forbidden, status="approved")
    assert response.status_code == 422
    assert "Linksopposition" in json.loads(response.content)["error"]
    post_save(client, "u0004", forbidden)
    assert ("forbidden-term", "error") in problems_of("u0004")

    missing = (
        GOOD["u0004"]
        .replace("Linke Opposition", "Opposition")
        .replace("Linken Opposition", "Opposition")
    )
    post_save(client, "u0004", missing)
    assert problems_of("u0004") == [("glossary-term", "warning")]
    post_save(client, "u0004", GOOD["u0004"])  # inflected ("der Linken Opposition") counts
    assert problems_of("u0004") == []


@pytest.mark.django_db
def test_the_same_source_translated_differently_is_flagged_on_both_units(reviewer, languages):
    text = "Workers of the world, unite!\n\nA paragraph between.\n\nWorkers of the world, unite!\n"
    document = import_document(
        SYSTEM,
        text.encode(),
        filename="slogan.txt",
        language_code="en",
        slug="slogan",
    ).document
    first, _middle, last = Unit.objects.filter(document=document).order_by("position")
    de = languages["de"]
    save_translation(
        reviewer, first, de, "Proletarier aller Länder, vereinigt euch!", base_version=None
    )
    assert problems_of(first.key) == []
    save_translation(reviewer, last, de, "Arbeiter der Welt, vereinigt euch!", base_version=None)
    assert problems_of(last.key) == [("inconsistent", "warning")]
    assert problems_of(first.key) == [("inconsistent", "warning")]  # refreshed with its sibling
    save_translation(
        reviewer, last, de, "Proletarier aller Länder, vereinigt euch!", base_version=None
    )
    assert problems_of(first.key) == [] and problems_of(last.key) == []


# --- bulk refresh (importers) --------------------------------------------------------------------


@pytest.mark.django_db
def test_refresh_problems_in_bulk_costs_constant_queries(sample_document, languages):
    de = languages["de"]
    units = list(Unit.objects.filter(document=sample_document).order_by("position"))

    def bulk_write(count):
        Translation.objects.all().delete()
        rows = Translation.objects.bulk_create(
            Translation(
                unit=s,
                language=de,
                text=f"Übersetzung {s.key}  ohne Punkt",
                status="translated",
                source_checksum=s.checksum,
            )
            for s in units[:count]
        )
        with CaptureQueriesContext(connection) as queries:
            stored = refresh_problems(rows)
        return stored, len(queries)

    few_stored, few_queries = bulk_write(3)
    many_stored, many_queries = bulk_write(14)
    assert many_queries == few_queries
    assert many_stored > few_stored > 0
    assert ("double-space", "warning") in problems_of("u0009")


# --- dismissing warnings -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reviewer_dismisses_a_warning_until_the_text_changes(client, reviewer, sample_document):
    login(client, reviewer)
    post_save(client, "u0003", DOUBLE_SPACE)
    assert problems_of("u0003") == [("double-space", "warning")]
    editor = reverse("editor", args=["sample", "de"])
    html = listed(client, "check:double-space")
    assert 'id="u-u0003"' in html and 'action="/d/sample/de/u/u0003/dismiss"' in html

    response = client.post(
        reverse("dismiss_warning", args=["sample", "de", "u0003"]),
        {"check": "double-space", "reason": "Typographic spacing required by the publisher"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{editor}?page=1#u-u0003"
    dismissal = CheckDismissal.objects.get()
    assert (dismissal.dismissed_by, dismissal.check_id) == (reviewer, "double-space")

    html = client.get(editor).content.decode()
    assert "dismissed by reviewer: Typographic spacing required by the publisher" in html
    assert 'id="u-u0003"' not in listed(client, "check:double-space")
    out, _err, code = run_command("sample", "--lang", "de")
    assert "double-space" not in out and code == 0

    # The text changes (still with a double space): the warning is back.
    post_save(client, "u0003", DOUBLE_SPACE + " ")  # trailing space is stripped on save...
    assert 'id="u-u0003"' not in listed(client, "check:double-space")
    post_save(client, "u0003", "Die Konsequenzen des  „Sozialismus in einem Land“")
    assert 'id="u-u0003"' in listed(client, "check:double-space")
    out, _err, _code = run_command("sample", "--lang", "de")
    assert "u0003\tdouble-space\t" in out


@pytest.mark.django_db
def test_dismissing_is_for_reviewers_and_warnings_only(
    client, translator, reviewer, sample_document, languages
):
    texts = {"u0003": DOUBLE_SPACE, "u0011": DROPPED_FNREF}
    store(reviewer, sample_document, languages["de"], texts)
    url = reverse("dismiss_warning", args=["sample", "de", "u0003"])
    data = {"check": "double-space", "reason": "fine"}
    assert client.post(url, data).status_code == 302  # anonymous: to the login page
    assert reverse("login") in client.post(url, data)["Location"]
    login(client, translator)
    assert client.post(url, data).status_code == 403
    csrf_client = Client(enforce_csrf_checks=True)
    login(csrf_client, reviewer)
    assert csrf_client.post(url, data).status_code == 403
    assert CheckDismissal.objects.count() == 0

    login(client, reviewer)
    fetch = {"HTTP_X_REQUESTED_WITH": "fetch"}
    error = reverse("dismiss_warning", args=["sample", "de", "u0011"])
    response = client.post(error, {"check": "footnote-refs", "reason": "x"}, **fetch)
    assert response.status_code == 400 and "cannot be dismissed" in response.json()["error"]
    response = client.post(url, {"check": "double-space", "reason": "  "}, **fetch)
    assert response.status_code == 400
    response = client.post(url, {"check": "numbers", "reason": "x"}, **fetch)
    assert response.status_code == 400 and "found nothing" in response.json()["error"]
    response = client.post(url, {"check": "no-such-check", "reason": "x"}, **fetch)
    assert response.status_code == 400
    assert CheckDismissal.objects.count() == 0
    # Without JavaScript the refusal comes back as a message on the editor page.
    response = client.post(error, {"check": "footnote-refs", "reason": "x"}, follow=True)
    assert "Errors cannot be dismissed" in response.content.decode()

    response = client.post(url, data, **fetch)
    assert response.status_code == 200
    assert "dismissed by reviewer: fine" in response.json()["html"]
    assert CheckDismissal.objects.count() == 1


@pytest.mark.django_db
def test_only_reviewers_see_the_dismiss_form(
    client, translator, reviewer, sample_document, languages
):
    store(reviewer, sample_document, languages["de"], {"u0003": DOUBLE_SPACE})
    editor = reverse("editor", args=["sample", "de"])
    login(client, translator)
    html = client.get(editor).content.decode()
    assert "Double spaces" in html and "/u/u0003/dismiss" not in html
    login(client, reviewer)
    assert "/u/u0003/dismiss" in client.get(editor).content.decode()


# --- filters -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_filters_by_check(client, reviewer, sample_document, languages, settings):
    de = languages["de"]
    store(reviewer, sample_document, de, {**GOOD, "u0011": DROPPED_FNREF, "u0003": DOUBLE_SPACE})
    assert keys(filtered_units(sample_document, de, "check:footnote-refs")) == ["u0011"]
    assert keys(filtered_units(sample_document, de, "problems")) == ["u0003", "u0011"]
    # For the review screen: a check combined with a status filter.
    translated = filtered_units(sample_document, de, "translated", check="double-space")
    assert keys(translated) == ["u0003"]
    assert keys(filtered_units(sample_document, de, "approved", check="double-space")) == []
    assert keys(filtered_units(sample_document, de, "all", check="")) == ["u0003", "u0011"]
    # Into French nothing is translated, so nothing has problems.
    assert keys(filtered_units(sample_document, languages["fr"], "problems")) == []

    settings.EDITOR_PAGE_SIZE = 1
    html = listed(client, "problems")
    assert 'id="u-u0003"' in html and 'id="u-u0011"' not in html
    assert '<option value="problems" selected>' in html
    assert 'href="?filter=problems&amp;page=2"' in html  # the pager keeps the check filter
    html = listed(client, "check:footnote-refs")
    assert 'id="u-u0011"' in html and '<option value="check:footnote-refs" selected>' in html


@pytest.mark.django_db
def test_editor_page_stays_constant_in_queries(client, reviewer, sample_document, languages):
    url = reverse("editor", args=["sample", "de"])
    login(client, reviewer)
    store(reviewer, sample_document, languages["de"], {"u0003": DOUBLE_SPACE})
    client.get(url)  # warm up (session, permissions cache)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    bad = {key: text + "  x" for key, text in GOOD.items()}  # double spaces everywhere
    others = {
        s.key: f"Übersetzung  von {s.key}"
        for s in Unit.objects.filter(document=sample_document).exclude(key__in=GOOD)
    }
    store(reviewer, sample_document, languages["de"], {**bad, **others})
    for key in list(others)[:5]:
        client.post(
            reverse("dismiss_warning", args=["sample", "de", key]),
            {"check": "double-space", "reason": "house style"},
        )
    assert TranslationProblem.objects.count() > 20 and CheckDismissal.objects.count() == 5
    with CaptureQueriesContext(connection) as full:
        html = client.get(url).content.decode()
    assert html.count('class="problem ') > 20
    assert len(full) == len(one)
    _page, rows = editor_page(sample_document, languages["de"])
    with CaptureQueriesContext(connection) as rendering:
        render_to_string(
            "workbench/_row_checks.html",
            {
                "row": rows[5],
                "document": sample_document,
                "language": languages["de"],
                "can_review": True,
            },
        )
    assert len(rendering) == 0  # everything came with the page's prefetch


# --- the command ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_check_translations_prints_problems_and_exits_1_on_errors(
    reviewer, sample_document, languages
):
    store(reviewer, sample_document, languages["de"], {**GOOD, "u0011": DROPPED_FNREF})
    out, err, code = run_command("sample", "--lang", "de")
    assert code == 1
    assert out.splitlines() == [
        "u0011\tfootnote-refs\tFootnote reference [1] is missing in the translation"
    ]
    assert "1 error(s), 0 warning(s) in 1 unit(s)" in err

    texts = {"u0011": GOOD["u0011"], "u0003": DOUBLE_SPACE}
    store(reviewer, sample_document, languages["de"], texts)
    out, err, code = run_command("sample", "--lang", "de")
    assert code == 0  # warnings do not fail the run
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(key, check) for key, check, _message in lines] == [("u0003", "double-space")]

    # Nothing translated into French: nothing to report.
    assert run_command("sample", "--lang", "fr")[::2] == ("", 0)


@pytest.mark.django_db
def test_check_translations_rechecks_what_bulk_writes_left_unchecked(sample_document, languages):
    unit = seg(sample_document, "u0011")
    Translation.objects.create(
        unit=unit,
        language=languages["de"],
        text=DROPPED_FNREF,
        status="translated",
        source_checksum=source_checksum(unit.source),
    )
    assert TranslationProblem.objects.count() == 0
    assert run_command("sample", "--lang", "de")[2] == 1
    assert problems_of("u0011") == [("footnote-refs", "error")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("nope", "--lang", "de"), "No document with the slug 'nope'"),
        (("sample", "--lang", "xx"), "Unknown language 'xx'"),
        (("sample", "--lang", "en"), "source language"),
    ],
)
def test_check_translations_bad_input_exits_2(sample_document, args, fragment):
    out, err, code = run_command(*args)
    assert code == 2 and fragment in err and out == ""


# --- the aids panel ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_checks_for_unit_recomputes_and_its_partial(reviewer, sample_document, languages):
    de = languages["de"]
    other_words = (
        GOOD["u0004"]
        .replace("die Linke Opposition", "die Trotzkisten")
        .replace("der Linken Opposition", "den Trotzkisten")
    )
    store(reviewer, sample_document, de, {"u0004": other_words})
    unit = seg(sample_document, "u0004")
    assert checks_for_unit(unit, de).items == []
    # The glossary changed since the save: the aids panel sees it at once.
    make_concept({"en": "Left Opposition", "de": "Linke Opposition"})
    found = checks_for_unit(unit, de)
    assert [(i.check_id, i.severity) for i in found.items] == [("glossary-term", "warning")]
    assert (found.errors, found.warnings) == (0, 1)
    partial = "workbench/_aids_checks.html"
    html = render_to_string(partial, {"unit_checks": found, "unit": unit})
    assert "Glossary term not used" in html and "Linke Opposition" in html
    empty = checks_for_unit(seg(sample_document, "u0005"), de)
    assert "no translation" in render_to_string(partial, {"unit_checks": empty})


@pytest.mark.django_db
def test_the_aids_panel_shows_glossary_and_checks_of_the_unit(
    client, reviewer, sample_document, languages
):
    make_concept({"en": "Left Opposition", "de": "Linke Opposition"}, {"de": ["Linksopposition"]})
    wrong_year = GOOD["u0004"].replace("1924", "1925")
    store(reviewer, sample_document, languages["de"], {"u0004": wrong_year})
    html = client.get(reverse("unit_aids", args=["sample", "de", "u0004"])).content.decode()
    assert "Linke Opposition" in html and "Linksopposition" in html  # the glossary part
    assert "Number 1924 is missing in the translation" in html  # the checks part
    assert "2 errors (block approval)" in html


# --- glossary changes recheck stored problems ------------------------------------------------


@pytest.mark.django_db
def test_glossary_writes_recheck_the_stored_problems_of_the_units_they_touch(
    reviewer, glossary_editor, sample_document, languages
):
    from workbench.services.glossary_concepts import delete_concept, save_concept
    from workbench.services.glossary_import import import_glossary

    de = languages["de"]
    editor = glossary_editor  # curates; the reviewer translates
    other_words = (
        GOOD["u0004"]
        .replace("die Linke Opposition", "die Trotzkisten")
        .replace("der Linken Opposition", "den Trotzkisten")
    )
    store(reviewer, sample_document, de, {"u0004": other_words, "u0003": GOOD["u0003"]})
    assert problems_of("u0004") == []

    concept = save_concept(
        editor,
        None,
        terms={"en": "Left Opposition", "de": "Linke Opposition"},
        forbidden={},
    )
    assert problems_of("u0004") == [("glossary-term", "warning")]
    assert problems_of("u0003") == []  # its source has no such term: untouched

    # The approved German term now is the one used: the warning goes.
    save_concept(
        editor, concept, terms={"en": "Left Opposition", "de": "Trotzkisten"}, forbidden={}
    )
    assert problems_of("u0004") == []

    # Renamed away from the unit's source: the old term's units are rechecked too.
    save_concept(editor, concept, terms={"en": "Right Opposition", "de": "Linke"}, forbidden={})
    assert problems_of("u0004") == []
    save_concept(
        editor,
        concept,
        terms={"en": "Left Opposition", "de": "Linke Opposition"},
        forbidden={},
    )
    assert problems_of("u0004") == [("glossary-term", "warning")]
    delete_concept(editor, GlossaryConcept.objects.get())
    assert problems_of("u0004") == []

    csv = b"en,de,forbidden:de\nLeft Opposition,Linke Opposition,Trotzkisten\n"
    import_glossary(editor, csv, filename="g.csv")
    assert ("forbidden-term", "error") in problems_of("u0004")


@pytest.mark.django_db(transaction=True)
def test_a_glossary_edit_in_the_django_admin_rechecks_too(admin_user, sample_document, languages):
    de = languages["de"]
    other_words = (
        GOOD["u0004"]
        .replace("die Linke Opposition", "die Trotzkisten")
        .replace("der Linken Opposition", "den Trotzkisten")
    )
    store(admin_user, sample_document, de, {"u0004": other_words})
    client = Client()
    client.force_login(admin_user)
    form = {
        "notes": "",
        "terms-TOTAL_FORMS": "2",
        "terms-INITIAL_FORMS": "0",
        "terms-MIN_NUM_FORMS": "0",
        "terms-MAX_NUM_FORMS": "1000",
        "terms-0-language_code": "en",
        "terms-0-text": "Left Opposition",
        "terms-0-status": "preferred",
        "terms-1-language_code": "de",
        "terms-1-text": "Linke Opposition",
        "terms-1-status": "preferred",
    }
    response = client.post(reverse("admin:workbench_glossaryconcept_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert problems_of("u0004") == [("glossary-term", "warning")]
    concept = GlossaryConcept.objects.get()
    response = client.post(
        reverse("admin:workbench_glossaryconcept_delete", args=[concept.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert problems_of("u0004") == []
