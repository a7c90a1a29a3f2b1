"""Glossary terms as rows (GlossaryTerm): the migration from the term_<lang> columns and
GlossaryForbidden (both ways), a content language added without a migration, the row
constraints, CSV and TBX round trips, and who may curate."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workbench import permissions
from workbench.models import GlossaryConcept, GlossaryTerm, Language
from workbench.permissions import SYSTEM
from workbench.selectors.glossary import content_language, glossary_page, pair_glossary
from workbench.selectors.glossary_export import concept_records, export_glossary
from workbench.services.errors import ServiceError
from workbench.services.glossary_concepts import ConceptError, delete_concept, save_concept
from workbench.services.glossary_import import GlossaryImportError, import_glossary

from .conftest import forbidden_of, login, make_concept, terms_of

BEFORE = ("workbench", "0004_rename_segment_to_unit")
ROWS = ("workbench", "0005_glossary_terms_as_rows")


def _stored_rows() -> set[tuple[int, str, str, str]]:
    return set(GlossaryTerm.objects.values_list("concept_id", "language_code", "text", "status"))


# --- the migration -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_the_columns_to_rows_and_back():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps
        Concept = old.get_model("workbench", "GlossaryConcept")
        Forbidden = old.get_model("workbench", "GlossaryForbidden")
        left = Concept.objects.create(
            term_en="Left Opposition",
            term_de="Linke Opposition",
            term_zh_hans="左翼反对派",
            term_fr="",  # empty and NULL (term_es...) alike are no term
            notes="Trotsky's faction",
            case_sensitive=True,
        )
        only_german = Concept.objects.create(term_de="Nur Deutsch")
        Concept.objects.create()  # a concept without any term keeps no row
        Forbidden.objects.create(concept=left, language_code="de", term="Linksopposition")
        Forbidden.objects.create(concept=left, language_code="de", term="Linke")
        # Spelt exactly as the preferred term: it cannot be both, the term wins.
        Forbidden.objects.create(concept=left, language_code="de", term="Linke Opposition")

        executor = MigrationExecutor(connection)
        executor.migrate([ROWS])
        P, F = "preferred", "forbidden"
        expected = {
            (left.pk, "en", "Left Opposition", P),
            (left.pk, "de", "Linke Opposition", P),
            (left.pk, "zh-hans", "左翼反对派", P),
            (left.pk, "de", "Linksopposition", F),
            (left.pk, "de", "Linke", F),
            (only_german.pk, "de", "Nur Deutsch", P),
        }
        assert _stored_rows() == expected
        concept = GlossaryConcept.objects.get(pk=left.pk)
        assert (concept.notes, concept.case_sensitive) == ("Trotsky's faction", True)

        # A term in a language that had no column cannot go back: it is dropped.
        GlossaryTerm.objects.create(concept_id=left.pk, language_code="si", text="වාමාංශික")

        executor = MigrationExecutor(connection)
        executor.migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps
        Concept = old.get_model("workbench", "GlossaryConcept")
        Forbidden = old.get_model("workbench", "GlossaryForbidden")
        back = Concept.objects.get(pk=left.pk)
        assert (back.term_en, back.term_de, back.term_zh_hans) == (
            "Left Opposition",
            "Linke Opposition",
            "左翼反对派",
        )
        assert back.term_fr is None and back.term_es is None
        assert Concept.objects.get(pk=only_german.pk).term_de == "Nur Deutsch"
        assert Concept.objects.get(pk=only_german.pk).term_en is None
        assert sorted(Forbidden.objects.values_list("concept_id", "language_code", "term")) == [
            (left.pk, "de", "Linke"),
            (left.pk, "de", "Linksopposition"),
        ]

        # And forward again: the same rows.
        executor = MigrationExecutor(connection)
        executor.migrate([ROWS])
        assert _stored_rows() == expected
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


# --- a new content language needs no migration ------------------------------------------------


@pytest.mark.django_db
def test_a_language_without_a_column_gets_terms_without_a_migration(client, admin_user, languages):
    assert content_language("si") is None  # not a glossary language yet
    # A column in a language the glossary does not have is left out and said so (the rest
    # comes in); a file with no known language at all is refused.
    skipped = import_glossary(admin_user, "en,si\nparty,පක්ෂය\n".encode(), filename="g.csv")
    assert skipped.skipped_languages == {"si": 1}
    assert not GlossaryTerm.objects.filter(language_code="si").exists()
    GlossaryConcept.objects.all().delete()  # the English-only concept it made
    with pytest.raises(GlossaryImportError):
        import_glossary(admin_user, "si\nපක්ෂය\n".encode(), filename="g.csv")

    # Sinhala: not in Django's LANG_INFO, so modeltranslation could never have had it.
    Language.objects.create(code="si", name="Sinhala", direction="ltr")
    with override_settings(GLOSSARY_LANGUAGES=(*settings.GLOSSARY_LANGUAGES, "si")):
        assert content_language("si-LK") == "si"
        concept = save_concept(
            admin_user, None, terms={"en": "party", "si": "පක්ෂය"}, forbidden={"si": ["පාටිය"]}
        )
        assert terms_of(concept) == {"en": "party", "si": "පක්ෂය"}
        result = import_glossary(admin_user, "en,si\nclass,පන්තිය\n".encode(), filename="g.csv")
        assert result.created == 1
        entries = pair_glossary("en", "si").entries
        assert [(e.source_term, e.target_term, e.forbidden) for e in entries] == [
            ("party", "පක්ෂය", ("පාටිය",)),
            ("class", "පන්තිය", ()),
        ]
        _page, rows = glossary_page(languages=["en", "si"])
        assert [row.cells[1][1] for row in rows] == ["පන්තිය", "පක්ෂය"]  # sorted by English
        assert "si" in export_glossary("csv").decode().splitlines()[0].split(",")

        login(client, admin_user)
        html = client.get(reverse("glossary"), {"lang": ["en", "si"]}).content.decode()
        assert "Sinhala" in html and "පක්ෂය" in html  # named as its Language row names it
        edit = client.get(reverse("glossary_edit", args=[concept.pk])).content.decode()
        assert 'name="term_si"' in edit and "පක්ෂය" in edit


# --- constraints ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_at_most_one_preferred_term_per_concept_and_language():
    concept = make_concept({"en": "party", "de": "Partei"}, {"de": ["Parteiung", "Partie"]})
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryTerm.objects.create(concept=concept, language_code="de", text="Die Partei")
    # The same text twice in a language, even with another status, is refused too.
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryTerm.objects.create(
            concept=concept,
            language_code="de",
            text="Partei",
            status=GlossaryTerm.Status.FORBIDDEN,
        )
    # Another language, another concept, more forbidden variants: all fine.
    GlossaryTerm.objects.create(concept=concept, language_code="fr", text="parti")
    make_concept({"en": "Party", "de": "Partei"}, {"de": ["Parteiung"]})
    GlossaryTerm.objects.create(
        concept=concept, language_code="de", text="Parthei", status=GlossaryTerm.Status.FORBIDDEN
    )
    assert terms_of(concept) == {"en": "party", "de": "Partei", "fr": "parti"}
    assert [text for _code, text in forbidden_of(concept, "de")] == [
        "Parteiung",
        "Parthei",
        "Partie",
    ]


@pytest.mark.django_db
def test_a_term_cannot_be_both_preferred_and_forbidden(admin_user):
    with pytest.raises(ConceptError):
        save_concept(admin_user, None, terms={"de": "Partei"}, forbidden={"de": ["partei"]})
    concept = make_concept({"en": "party", "de": "Partei"}, {"de": ["Parteiung"]})
    # A file that names the old forbidden variant as the term: it is a term now, no variant.
    import_glossary(admin_user, b"en,de\nparty,Parteiung\n", filename="g.csv")
    assert terms_of(concept)["de"] == "Parteiung" and forbidden_of(concept) == []
    # A file that forbids the concept's term (without giving another one) is refused.
    with pytest.raises(GlossaryImportError) as exc:
        import_glossary(admin_user, b"en,forbidden:de\nparty,Parteiung\n", filename="g.csv")
    assert "both the term and a forbidden variant" in exc.value.messages[0]
    assert isinstance(exc.value, ServiceError)


# --- round trips --------------------------------------------------------------------------------


def _plain(record) -> tuple:
    forbidden = {code: tuple(texts) for code, texts in record.forbidden.items()}
    return (tuple(sorted(record.terms.items())), tuple(sorted(forbidden.items())), record.notes)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_export_import_round_trip_changes_nothing(admin_user, fmt):
    make_concept(
        {"en": "Left Opposition", "de": "Linke Opposition", "zh-hans": "左翼反对派"},
        {"de": ["Linksopposition", "Linke"], "fr": ["Opposition gauche"]},
        notes="Trotsky's faction",
    )
    make_concept({"en": "Party", "de": "Partei"}, case_sensitive=True)
    make_concept({"ar": "الحزب"})  # no English term
    exported = export_glossary(fmt)
    records = concept_records()
    result = import_glossary(admin_user, exported, filename=f"glossary.{fmt}")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert export_glossary(fmt) == exported and concept_records() == records

    # Into an empty glossary: the same concepts again (new ids; TBX has no "match case").
    before = {_plain(record) for record in records[0]}
    GlossaryConcept.objects.all().delete()
    result = import_glossary(admin_user, exported, filename=f"glossary.{fmt}")
    assert result.created == 3
    after_records, languages = concept_records()
    after = {_plain(record) for record in after_records}
    assert after == before and languages == records[1]


@pytest.mark.django_db
def test_export_reads_the_terms_in_two_queries(django_assert_num_queries):
    for n in range(30):
        make_concept({"en": f"term {n}", "de": f"Begriff {n}"}, {"de": [f"falsch {n}"]})
    # The site's languages (content languages), the concepts, their terms.
    with django_assert_num_queries(3):
        records, _languages = concept_records()
    assert len(records) == 30 and records[0].forbidden == {"de": ["falsch 0"]}


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_for_a_curator_whatever_its_size(
    client, glossary_editor, django_assert_max_num_queries
):
    login(client, glossary_editor)
    make_concept({"en": "party", "de": "Partei"}, {"de": ["Parteiung"]})
    with CaptureQueriesContext(connection) as small:
        html = client.get(reverse("glossary")).content.decode()
    assert reverse("glossary_edit", args=[GlossaryConcept.objects.get().pk]) in html
    for n in range(60):
        make_concept({"de": f"Begriff {n}", "fr": f"terme {n}"}, {"de": [f"falsch {n}"]})
    with django_assert_max_num_queries(len(small)):
        html = client.get(reverse("glossary")).content.decode()
    assert "Begriff 7" in html


# --- who may curate -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_wrong_user_is_refused_and_the_system_actor_allowed(
    tmp_path, translator, outsider, reviewer, glossary_editor, admin_user
):
    data = b"en,de\nparty,Partei\n"
    # Reviewing a language is not curating the site's glossary.
    for actor in (translator, outsider, reviewer, None):
        assert not permissions.can_curate_glossary(actor)
        with pytest.raises(PermissionDenied):
            import_glossary(actor, data, filename="g.csv")
        with pytest.raises(PermissionDenied):
            save_concept(actor, None, terms={"en": "party"}, forbidden={})
    assert GlossaryConcept.objects.count() == 0
    concept = make_concept({"en": "class"})
    with pytest.raises(PermissionDenied):
        delete_concept(translator, concept)

    for actor in (glossary_editor, admin_user, SYSTEM):
        assert permissions.can_curate_glossary(actor)
    result = import_glossary(SYSTEM, data, filename="g.csv")
    assert result.created == 1
    assert GlossaryConcept.objects.get(terms__text="party").created_by is None  # nobody

    # The command imports as the system actor.
    path = tmp_path / "g.csv"
    path.write_bytes(b"en,fr\nparty,parti\n")
    out = io.StringIO()
    call_command("import_glossary", str(path), stdout=out)
    assert out.getvalue().strip() == "created 0, updated 1, unchanged 0"


HOMONYMS_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="a"><langSet xml:lang="en"><tig><term>user</term></tig></langSet>
  <langSet xml:lang="fr"><tig><term>utilisateur</term></tig></langSet></termEntry>
<termEntry id="b"><langSet xml:lang="en"><tig><term>User</term></tig></langSet>
  <langSet xml:lang="fr"><tig><term>Utilisateur</term></tig></langSet></termEntry>
<termEntry id="c"><langSet xml:lang="en"><tig><term>Delete</term></tig></langSet>
  <langSet xml:lang="fr"><tig><term>Supprimer</term></tig></langSet></termEntry>
<termEntry id="d"><langSet xml:lang="en"><tig><term>Delete</term></tig></langSet>
  <langSet xml:lang="fr"><tig><term>Effacer</term></tig></langSet></termEntry>
</body></text></martif>
"""


def test_a_foreign_file_with_homonyms_imports_again_as_zero_new(languages):
    """Terms that differ only in case, and one term naming two concepts (a file made by
    translate-toolkit's csv2tbx from a catalog has both): a second import of the same file
    finds every line's concept instead of refusing the file."""
    first = import_glossary(SYSTEM, HOMONYMS_TBX.encode(), filename="g.tbx")
    assert (first.created, first.updated, first.unchanged) == (4, 0, 0)
    again = import_glossary(SYSTEM, HOMONYMS_TBX.encode(), filename="g.tbx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    german = HOMONYMS_TBX.replace('xml:lang="fr"', 'xml:lang="de"').replace("Supprimer", "Löschen")
    merged = import_glossary(SYSTEM, german.encode(), filename="g.tbx")
    assert (merged.created, merged.updated) == (0, 4)
    assert GlossaryConcept.objects.count() == 4
    fr_de = sorted(
        (terms_of(concept)["fr"], terms_of(concept)["de"])
        for concept in GlossaryConcept.objects.all()
    )
    assert ("Supprimer", "Löschen") in fr_de and ("Utilisateur", "Utilisateur") in fr_de


def test_a_line_with_the_concepts_id_takes_it_before_a_line_with_its_term(languages):
    concept = make_concept({"en": "Left Opposition", "de": "Linke Opposition"})
    data = f"id,en,de\n,Left Opposition,Linke\n{concept.pk},Left Opposition,Linksopposition\n"
    result = import_glossary(SYSTEM, data.encode(), filename="g.csv")
    assert (result.created, result.updated) == (1, 1)
    assert terms_of(concept)["de"] == "Linksopposition"
    other = GlossaryConcept.objects.exclude(pk=concept.pk).get()
    assert terms_of(other) == {"en": "Left Opposition", "de": "Linke"}
