"""Glossary terms become rows: `GlossaryTerm` (concept, language code, text, status preferred
or forbidden) replaces the modeltranslation columns `term_<lang>` of GlossaryConcept and the
`GlossaryForbidden` model. Written by hand.

Forward: every non-empty `term_<lang>` column becomes a preferred row (the language code is the
column's suffix, "term_zh_hans" -> "zh-hans"; the unsuffixed `term` column is modeltranslation's
mirror of the active language and is not copied), every GlossaryForbidden row a forbidden row
(a variant spelt exactly like the preferred term of its language is dropped: it could not be
both, and the services never stored such a pair). Then the columns and the old table go.

Backward: the columns and GlossaryForbidden come back; each preferred row goes to the column of
its language and each forbidden row to GlossaryForbidden. Terms in a language that has no column
(added to settings.GLOSSARY_LANGUAGES after this migration) have nowhere to go and are dropped.
"""

import django.db.models.deletion
from django.db import migrations, models

PREFERRED = "preferred"
FORBIDDEN = "forbidden"
BATCH = 1000


def _term_columns(GlossaryConcept) -> dict[str, str]:
    """Column name -> content-language code, from the historical model."""
    return {
        field.name: field.name[len("term_") :].replace("_", "-")
        for field in GlossaryConcept._meta.get_fields()
        if field.name.startswith("term_")
    }


def _flush_constraints(schema_editor) -> None:
    # PostgreSQL checks the new rows' foreign keys at commit; checking them now leaves no
    # pending trigger events on the tables the next operations alter.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def terms_to_rows(apps, schema_editor):
    GlossaryConcept = apps.get_model("workbench", "GlossaryConcept")
    GlossaryForbidden = apps.get_model("workbench", "GlossaryForbidden")
    GlossaryTerm = apps.get_model("workbench", "GlossaryTerm")
    db = schema_editor.connection.alias
    columns = _term_columns(GlossaryConcept)
    preferred: set[tuple[int, str, str]] = set()
    rows = []
    for values in (
        GlossaryConcept.objects.using(db)
        .order_by("pk")
        .values("pk", *columns)
        .iterator(chunk_size=BATCH)
    ):
        for column, code in columns.items():
            text = values[column]
            if text:
                preferred.add((values["pk"], code, text))
                rows.append(
                    GlossaryTerm(
                        concept_id=values["pk"], language_code=code, text=text, status=PREFERRED
                    )
                )
    for concept_id, code, text in (
        GlossaryForbidden.objects.using(db)
        .order_by("pk")
        .values_list("concept_id", "language_code", "term")
        .iterator(chunk_size=BATCH)
    ):
        if (concept_id, code, text) not in preferred:
            rows.append(
                GlossaryTerm(
                    concept_id=concept_id, language_code=code, text=text, status=FORBIDDEN
                )
            )
    GlossaryTerm.objects.using(db).bulk_create(rows, batch_size=BATCH)
    _flush_constraints(schema_editor)


def rows_to_terms(apps, schema_editor):
    GlossaryConcept = apps.get_model("workbench", "GlossaryConcept")
    GlossaryForbidden = apps.get_model("workbench", "GlossaryForbidden")
    GlossaryTerm = apps.get_model("workbench", "GlossaryTerm")
    db = schema_editor.connection.alias
    column_of = {code: column for column, code in _term_columns(GlossaryConcept).items()}
    by_concept: dict[int, dict[str, str]] = {}
    forbidden = []
    for concept_id, code, text, status in (
        GlossaryTerm.objects.using(db)
        .order_by("pk")
        .values_list("concept_id", "language_code", "text", "status")
        .iterator(chunk_size=BATCH)
    ):
        if status == FORBIDDEN:
            forbidden.append(GlossaryForbidden(concept_id=concept_id, language_code=code, term=text))
        elif code in column_of:
            by_concept.setdefault(concept_id, {})[column_of[code]] = text
    concepts = []
    for pk, values in by_concept.items():
        concept = GlossaryConcept(pk=pk)
        for column, text in values.items():
            setattr(concept, column, text)
        concepts.append(concept)
    # One bulk update per set of columns, so a concept's other columns keep their NULL.
    by_columns: dict[tuple[str, ...], list] = {}
    for concept in concepts:
        by_columns.setdefault(tuple(sorted(by_concept[concept.pk])), []).append(concept)
    for fields, group in by_columns.items():
        GlossaryConcept.objects.using(db).bulk_update(group, list(fields), batch_size=BATCH)
    GlossaryForbidden.objects.using(db).bulk_create(forbidden, batch_size=BATCH)
    _flush_constraints(schema_editor)


TERM_COLUMNS = [
    "term",
    "term_en",
    "term_de",
    "term_fr",
    "term_es",
    "term_it",
    "term_pt",
    "term_pt_br",
    "term_ru",
    "term_uk",
    "term_tr",
    "term_ar",
    "term_fa",
    "term_he",
    "term_ur",
    "term_ja",
    "term_zh_hans",
    "term_ko",
    "term_hi",
    "term_ta",
]


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0004_rename_segment_to_unit"),
    ]

    operations = [
        migrations.CreateModel(
            name="GlossaryTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language_code", models.CharField(max_length=35, verbose_name="language")),
                ("text", models.CharField(max_length=300, verbose_name="term")),
                (
                    "status",
                    models.CharField(
                        choices=[("preferred", "preferred"), ("forbidden", "forbidden")],
                        default="preferred",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "concept",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="terms",
                        to="workbench.glossaryconcept",
                    ),
                ),
            ],
            options={
                "verbose_name": "glossary term",
                "verbose_name_plural": "glossary terms",
                "ordering": ["concept", "language_code", "status", "text"],
                "indexes": [
                    models.Index(fields=["language_code", "concept"], name="glossary_term_lang")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "preferred")),
                        fields=("concept", "language_code"),
                        name="glossary_term_one_preferred",
                    ),
                    models.UniqueConstraint(
                        fields=("concept", "language_code", "text"), name="glossary_term_unique"
                    ),
                ],
            },
        ),
        migrations.RunPython(terms_to_rows, rows_to_terms),
        *[migrations.RemoveField(model_name="glossaryconcept", name=name) for name in TERM_COLUMNS],
        migrations.DeleteModel(name="GlossaryForbidden"),
    ]
