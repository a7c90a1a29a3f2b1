"""The glossary: terms as rows, import/export (CSV, TBX, commands), the glossary
page and its permissions, and highlighting in the editor."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workbench.admin import GlossaryConceptAdmin, GlossaryTermInline
from workbench.models import Document, GlossaryConcept, Language, Unit
from workbench.selectors.glossary import (
    content_language,
    content_languages,
    glossary_for_unit,
    pair_glossary,
)
from workbench.selectors.glossary_export import export_glossary
from workbench.services.glossary_concepts import save_concept
from workbench.services.glossary_import import GlossaryImportError, import_glossary
from workbench.text.languages import canonical_tag as bcp47

from .conftest import forbidden_of, login, make_concept, terms_of


def concept(en: str | None, **terms: str) -> GlossaryConcept:
    by_code = {"en": en or ""}
    by_code.update({code.replace("_", "-"): term for code, term in terms.items()})
    return make_concept(by_code)


def by_term(code: str, text: str) -> GlossaryConcept:
    return GlossaryConcept.objects.get(
        terms__language_code=code, terms__text=text, terms__status="preferred"
    )


@pytest.fixture
def left(db) -> GlossaryConcept:
    return make_concept(
        {"en": "Left Opposition", "de": "Linke Opposition", "fr": "Opposition de gauche"},
        {"de": ["Linksopposition"]},
    )


def snapshot() -> list[tuple]:
    """Everything stored in the glossary, comparable across imports."""
    rows = []
    for c in GlossaryConcept.objects.prefetch_related("terms"):
        terms = c.preferred_terms()
        rows.append(
            (
                terms.get("en"),
                terms.get("de"),
                terms.get("fr"),
                terms.get("ar"),
                terms.get("zh-hans"),
                c.notes,
                c.case_sensitive,
                sorted((t.language_code, t.text) for t in c.terms.all() if not t.is_preferred),
            )
        )
    return sorted(rows, key=lambda row: (row[0] or "", row))


# --- languages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_content_languages_cover_the_team_and_map_bcp47_tags():
    for code in ("en", "de", "fr", "es", "ar", "ru", "ja", "it", "pt", "zh-hans", "pt-br"):
        assert code in content_languages()
    assert content_language("zh-Hans") == "zh-hans"
    assert content_language("pt-BR") == "pt-br"
    assert content_language("pt_PT") == "pt"  # not a glossary language: the primary one
    assert content_language("zh-Hant") is None  # never mapped to simplified Chinese
    assert content_language("xx") is None
    assert [bcp47(c) for c in ("zh-hans", "pt-br", "es-419")] == ["zh-Hans", "pt-BR", "es-419"]
    # Document titles are modeltranslation columns per content language; terms are not.
    assert Document._meta.get_field("title_zh_hans")
    assert not [f for f in GlossaryConcept._meta.concrete_fields if f.name.startswith("term")]


@pytest.mark.django_db
def test_a_language_added_to_the_site_has_a_glossary_at_once():
    """Not only settings.GLOSSARY_LANGUAGES: a language the languages page adds (Polish,
    Serbian in Latin script) takes terms; a regional form keeps sharing its language's."""
    assert content_language("pl") is None
    Language.objects.create(code="pl", name="Polish")
    Language.objects.create(code="sr-Latn", name="Serbian (Latin)")
    Language.objects.create(code="pt-PT", name="European Portuguese")
    assert content_language("pl") == "pl"
    assert content_language("sr-Latn") == "sr-latn"
    assert content_language("pt-PT") == "pt"
    assert content_languages()[-2:] == ["pl", "sr-latn"]


def test_no_fallback_to_english_for_a_missing_term(left):
    from django.utils import translation

    assert pair_glossary("en", "es").entries[0].target_term == ""
    with translation.override("es"):
        assert str(left) == "Left Opposition"  # __str__ still names the concept
    with translation.override("de"):
        assert str(GlossaryConcept.objects.get(pk=left.pk)) == "Linke Opposition"


@pytest.mark.django_db
def test_admin_edits_the_terms_inline(client, admin_user, left):
    assert GlossaryTermInline in GlossaryConceptAdmin.inlines
    login(client, admin_user)
    response = client.get(reverse("admin:workbench_glossaryconcept_change", args=[left.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Linke Opposition" in html and "Linksopposition" in html  # the terms inline
    assert '<option value="zh-hans">' in html
    response = client.get(reverse("admin:workbench_glossaryconcept_changelist"))
    assert response.status_code == 200 and "Left Opposition" in response.content.decode()


# --- import and export -------------------------------------------------------------------------

CSV = (
    b"id,en,de,fr,notes,case_sensitive,forbidden:de\n"
    b",Left Opposition,Linke Opposition,Opposition de gauche,Trotsky's faction,no,Linksopposition\n"
    b",Bloc of Four Classes,Block der vier Klassen,,,no,\n"
    b",Party,Partei,Parti,,yes,\n"
)


@pytest.mark.django_db
def test_csv_import_then_upsert(admin_user):
    result = import_glossary(admin_user, CSV, filename="g.csv")
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    left = by_term("en", "Left Opposition")
    assert left.created_by == admin_user and terms_of(left)["fr"] == "Opposition de gauche"
    assert forbidden_of(left) == [("de", "Linksopposition")]
    assert by_term("en", "Party").case_sensitive is True

    # Same file again: nothing changes. A partial file updates by id or by English term,
    # and empty cells or missing languages never clear anything.
    assert import_glossary(admin_user, CSV, filename="g.csv").unchanged == 3
    update = (
        "id,EN,de,ar,forbidden:de\n"
        f"{left.pk},Left Opposition,Linke Opposition (KPdSU),المعارضة اليسارية,\n"
        ",bloc of four classes,,,Viererblock\n"  # found by its English term, any case
        ",Permanent Revolution,Permanente Revolution,,\n"
    ).encode()
    result = import_glossary(admin_user, update, filename="update.csv")
    assert (result.created, result.updated, result.unchanged) == (1, 2, 0)
    left.refresh_from_db()
    assert terms_of(left)["de"] == "Linke Opposition (KPdSU)"
    assert terms_of(left)["ar"] == "المعارضة اليسارية"
    assert terms_of(left)["fr"] == "Opposition de gauche" and left.notes == "Trotsky's faction"
    assert forbidden_of(left) == [("de", "Linksopposition")]
    bloc = by_term("en", "bloc of four classes")  # the file's spelling
    assert terms_of(bloc)["de"] == "Block der vier Klassen"
    assert forbidden_of(bloc) == [("de", "Viererblock")]
    assert GlossaryConcept.objects.count() == 4


@pytest.mark.django_db
def test_a_foreign_id_never_overwrites_an_unrelated_concept(admin_user, left):
    other = f"id,en,de\n{left.pk},Bloc of Four Classes,Block der vier Klassen\n".encode()
    result = import_glossary(admin_user, other, filename="foreign.csv")
    assert result.created == 1
    assert terms_of(left) == {
        "en": "Left Opposition",
        "de": "Linke Opposition",
        "fr": "Opposition de gauche",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"en,forbidden:de\nParty,\n,Linksopposition\n", "Line 3: the concept has no term"),
        (b"xx,yy\nParty,Partei\n", "no language “xx”"),
        (b"en,pt-PT,pt\nParty,Partido,Partido\n", "are all the glossary's pt"),
        (b"en,de,forbidden:de\nParty,Partei,partei\n", "both the term and a forbidden variant"),
        (b"id,en\n5,Party\n5,Class\n", "same concept id"),
        (("en\n" + "x" * 301 + "\n").encode(), "longer than 300"),
        (b"\xff\xfe", "empty"),  # a UTF-16 byte-order mark and nothing after it
        (b"\xff\xfeen,de", "not valid UTF-16"),  # UTF-8 behind a UTF-16 mark
        (b"en,de\n\xff,x\n", "not valid UTF-8"),
        (b"<tbx><text>", "not well-formed"),
    ],
)
def test_a_bad_file_stores_nothing_and_says_why(admin_user, left, data, fragment):
    before = snapshot()
    with pytest.raises(GlossaryImportError) as exc:
        filename = "bad.tbx" if data.startswith(b"<") else "bad.csv"
        import_glossary(admin_user, data, filename=filename)
    assert any(fragment in message for message in exc.value.messages), exc.value.messages
    assert snapshot() == before


@pytest.mark.django_db
def test_export_import_round_trips_in_both_formats(admin_user, left):
    concept("Theory of Permanent Revolution", zh_hans="不断革命论", ar="نظرية الثورة الدائمة")
    party = concept("Party", de="Partei")
    save_concept(
        admin_user,
        party,
        terms={"en": "Party", "de": "Partei"},
        forbidden={"de": ["Parteiung"]},
        notes="Capital P: the SEP.\nNot a party.",
        case_sensitive=True,
    )
    original = snapshot()
    for fmt in ("csv", "tbx"):
        data = export_glossary(fmt)
        GlossaryConcept.objects.all().delete()
        result = import_glossary(admin_user, data, filename=f"glossary.{fmt}")
        assert result.created == 3
        restored = snapshot()
        if fmt == "tbx":
            # TBX has no "match case" data category: the flag travels in CSV only.
            original_without_flag = [row[:6] + (False,) + row[7:] for row in original]
            assert restored == original_without_flag
        else:
            assert restored == original
    tbx = export_glossary("tbx").decode()
    assert 'xml:lang="zh-Hans"' in tbx and "deprecatedTerm-admn-sts" in tbx


@pytest.mark.django_db
def test_commands(tmp_path, left):
    path = tmp_path / "g.csv"
    path.write_bytes(CSV)
    out = io.StringIO()
    call_command("import_glossary", str(path), stdout=out)
    assert out.getvalue().strip() == "created 2, updated 1, unchanged 0"

    target = tmp_path / "out.tbx"
    call_command("export_glossary", "--format", "tbx", "-o", str(target))
    assert b"<conceptEntry" in target.read_bytes()
    out = io.StringIO()
    call_command("export_glossary", "--format", "csv", stdout=out)
    assert "Block der vier Klassen" in out.getvalue()

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"en,de\nParty,Partei\n,\xc3\n")
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        call_command("import_glossary", str(bad))
    assert "UTF-8" in str(exc.value)
    with pytest.raises(CommandError):
        call_command("import_glossary", str(tmp_path / "missing.csv"))
    assert snapshot() == before


# --- the glossary page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_everyone_reads_searches_and_downloads(
    client, languages, left, django_assert_max_num_queries
):
    concept("Bloc of Four Classes", de="Block der vier Klassen")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("glossary"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Linke Opposition" in html and "Block der vier Klassen" in html
    assert "Linksopposition" in html  # forbidden variants are shown too
    assert reverse("glossary_new") not in html  # no curating for anonymous readers

    html = client.get(reverse("glossary"), {"q": "vier"}).content.decode()
    assert "Block der vier Klassen" in html and "Linke Opposition" not in html
    html = client.get(reverse("glossary"), {"q": "linksopp"}).content.decode()
    assert "Linke Opposition" in html  # found by its forbidden variant
    html = client.get(reverse("glossary"), {"lang": ["fr"]}).content.decode()
    assert "Opposition de gauche" in html and "Linke Opposition" not in html

    response = client.get(reverse("glossary_export"), {"format": "tbx"})
    assert response["Content-Disposition"] == 'attachment; filename="glossary.tbx"'
    assert b"Linke Opposition" in response.content


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_the_glossary(
    client, languages, django_assert_max_num_queries
):
    for n in range(120):
        make_concept({"en": f"term {n}", "de": f"Begriff {n}"}, {"de": [f"falsch {n}"]})
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("glossary"))
    with django_assert_max_num_queries(len(queries)):
        client.get(reverse("glossary"), {"page": 3})


def _new_concept_post():
    return {
        "term_en": "Permanent Revolution",
        "term_de": "Permanente Revolution",
        "forbidden_de": "Dauerrevolution | permanente Revolte",
        "notes": "Trotsky, 1929",
    }


@pytest.mark.django_db
def test_glossary_editors_and_admins_curate(client, glossary_editor, admin_user, languages):
    login(client, glossary_editor)
    response = client.post(reverse("glossary_new"), _new_concept_post())
    assert response.status_code == 302
    c = GlossaryConcept.objects.get()
    assert (terms_of(c), c.created_by) == (
        {"en": "Permanent Revolution", "de": "Permanente Revolution"},
        glossary_editor,
    )
    assert forbidden_of(c) == [("de", "Dauerrevolution"), ("de", "permanente Revolte")]

    edit = reverse("glossary_edit", args=[c.pk])
    assert "Dauerrevolution | permanente Revolte" in client.get(edit).content.decode()
    response = client.post(
        edit, {"term_en": "Permanent Revolution", "term_fr": "Révolution permanente"}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert terms_of(c) == {"en": "Permanent Revolution", "fr": "Révolution permanente"}
    assert forbidden_of(c) == [] and c.updated_by == glossary_editor  # the form is complete

    login(client, admin_user)
    response = client.post(edit, {"notes": "no term"})
    assert response.status_code == 200  # redisplayed with the error
    assert "at least one language" in response.content.decode()
    response = client.post(reverse("glossary_delete", args=[c.pk]))
    assert response.status_code == 302 and GlossaryConcept.objects.count() == 0


@pytest.mark.django_db
def test_translators_outsiders_and_anonymous_are_refused(client, translator, outsider, left):
    before = snapshot()
    file = io.BytesIO(CSV)
    file.name = "g.csv"
    for user in (translator, outsider, None):
        client.logout()
        if user is not None:
            login(client, user)
        expected = 403 if user is not None else 302  # anonymous: to the login page
        assert client.get(reverse("glossary_new")).status_code == expected
        assert client.post(reverse("glossary_new"), _new_concept_post()).status_code == expected
        edit = reverse("glossary_edit", args=[left.pk])
        assert client.post(edit, {"term_en": "Right Opposition"}).status_code == expected
        assert client.post(reverse("glossary_delete", args=[left.pk])).status_code == expected
        file.seek(0)
        response = client.post(reverse("glossary_import"), {"file": file})
        assert response.status_code == expected
    assert snapshot() == before


@pytest.mark.django_db
def test_curating_needs_the_csrf_token(reviewer, languages):
    client = Client(enforce_csrf_checks=True)
    login(client, reviewer)
    assert client.post(reverse("glossary_new"), _new_concept_post()).status_code == 403
    assert GlossaryConcept.objects.count() == 0


@pytest.mark.django_db
def test_import_from_the_page(client, glossary_editor, languages):
    login(client, glossary_editor)
    file = io.BytesIO(CSV)
    file.name = "g.csv"
    response = client.post(reverse("glossary_import"), {"file": file}, follow=True)
    assert "3 new" in response.content.decode()
    bad = io.BytesIO(b"en,klingon\nParty,x\n")
    bad.name = "bad.csv"
    response = client.post(reverse("glossary_import"), {"file": bad}, follow=True)
    html = response.content.decode()
    assert "Nothing was imported" in html and "klingon" in html
    assert GlossaryConcept.objects.count() == 3


# --- the editor -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_marks_glossary_terms_in_the_source(client, sample_document, left):
    html = client.get(reverse("editor", args=["sample", "de"])).content.decode()
    assert '<mark class="term" title="Linke Opposition">Left Opposition</mark>' in html
    # Into French, the French term is the title.
    html = client.get(reverse("editor", args=["sample", "fr"])).content.decode()
    assert '<mark class="term" title="Opposition de gauche">Left Opposition</mark>' in html


@pytest.mark.django_db
def test_editor_highlighting_costs_one_query_per_page(client, sample_document, left):
    url = reverse("editor", args=["sample", "de"])
    GlossaryConcept.objects.all().delete()
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    # Now a glossary whose terms occur in many rows.
    for term in (
        "Left Opposition",
        "Trotsky",
        "Stalin",
        "China",
        "imperialism",
        "bureaucracy",
        "working class",
        "Kuomintang",
        "Communist Party",
        "revolution",
    ):
        concept(term, de=f"{term} (de)")
    for n in range(200):
        concept(f"unused term {n}", de=f"ungenutzt {n}")
    with CaptureQueriesContext(connection) as with_glossary:
        html = client.get(url).content.decode()
    assert html.count('<mark class="term"') > 20
    # The same queries as with an empty glossary, and one of them reads the glossary.
    assert len(with_glossary) == len(without)
    glossary_queries = [q for q in with_glossary.captured_queries if "glossary" in q["sql"]]
    assert len(glossary_queries) == 1


@pytest.mark.django_db
def test_glossary_for_unit_and_its_partial(sample_document, languages, left):
    concept("Stalinist bureaucracy", de="stalinistische Bürokratie")
    concept("Bukharin")  # no German term yet
    unit = Unit.objects.get(document=sample_document, key="u0004")
    hits = glossary_for_unit(unit, languages["de"])
    assert [(h.source_term, h.target_term, h.forbidden) for h in hits] == [
        ("Left Opposition", "Linke Opposition", ("Linksopposition",)),
        ("Stalinist bureaucracy", "stalinistische Bürokratie", ()),
        ("Bukharin", "", ()),
    ]
    html = render_to_string(
        "workbench/_aids_glossary.html",
        {
            "glossary_hits": hits,
            "unit": unit,
            "document": sample_document,
            "language": languages["de"],
        },
    )
    assert "Linke Opposition" in html and "Linksopposition" in html
    assert "no approved translation yet" in html
    # The pair's glossary only holds concepts with a term in the source language.
    concept_without_en = make_concept({"de": "Nur Deutsch"})
    assert concept_without_en.pk not in [e.concept_id for e in pair_glossary("en", "de").entries]


@pytest.mark.django_db
def test_unit_lookup_follows_the_checks_rules_in_a_large_glossary(sample_document, languages):
    for n in range(500):
        concept(f"unrelated term {n}", de=f"Begriff {n}")
    concept("Stalinist party", de="stalinistische Partei")  # the source has "Stalinist parties"
    concept("USSR", de="UdSSR")
    # A case-sensitive concept whose exact spelling is not in the source.
    make_concept({"en": "ussr", "de": "falsch"}, case_sensitive=True)
    unit = Unit.objects.get(document=sample_document, key="u0005")
    assert [hit.source_term for hit in glossary_for_unit(unit, languages["de"])] == [
        "USSR",
        "Stalinist party",
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-8"])
def test_a_glossary_csv_in_utf16_reads_like_utf8(encoding):
    """Excel's "Unicode text" is UTF-16 with a byte-order mark and tabs; the message said
    "NUL bytes" and refused it."""
    from workbench.formats.glossary_csv import read_glossary_csv

    text = "en\tde\tnotes\nLeft Opposition\tLinke Opposition\tGrüße, „Zitat“\n"
    (record,) = read_glossary_csv(text.encode(encoding))
    assert record.terms == {"en": "Left Opposition", "de": "Linke Opposition"}
    assert record.notes == "Grüße, „Zitat“"
