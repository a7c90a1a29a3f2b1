"""The concordance's full-text index: word positions of each memory entry's texts (a tsvector
on PostgreSQL, filled for the existing entries, with GIN indexes), an FTS5 trigram table kept
by triggers on SQLite. The index definitions live in one place, models/memory.py, and
services.memory_store.ensure_fulltext creates them (idempotent)."""

from django.db import migrations

import workbench.models.memory


def forward(apps, schema_editor):
    from workbench.services.memory_store import ensure_fulltext

    ensure_fulltext(schema_editor.connection)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        from workbench.models.memory import SQLITE_FULLTEXT_TABLE, SQLITE_FULLTEXT_TRIGGERS

        for name in SQLITE_FULLTEXT_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {SQLITE_FULLTEXT_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("workbench", "0007_site_access_and_glossary_editors")]

    operations = [
        migrations.AddField(
            model_name="memoryentry",
            name="source_words",
            field=workbench.models.memory.PhraseIndexField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="memoryentry",
            name="target_words",
            field=workbench.models.memory.PhraseIndexField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
