"""PostgreSQL only: the concordance's trigram indexes cover the rows that have their word
index (a TMX import stores its entries without one and a background job adds it,
services/memory_store.fill_word_indexes; the rows without one are found through
memory_*_unindexed). Written out here, as in 0002, so the migration stays what it was."""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS memory_source_trgm",
    "DROP INDEX IF EXISTS memory_target_trgm",
    "CREATE INDEX memory_source_trgm ON workbench_memoryentry "
    "USING gin (source_norm gin_trgm_ops) WHERE source_words IS NOT NULL",
    "CREATE INDEX memory_target_trgm ON workbench_memoryentry "
    "USING gin (target_norm gin_trgm_ops) WHERE target_words IS NOT NULL",
]
BACKWARD = [
    "DROP INDEX IF EXISTS memory_source_trgm",
    "DROP INDEX IF EXISTS memory_target_trgm",
    "CREATE INDEX memory_source_trgm ON workbench_memoryentry "
    "USING gin (source_norm gin_trgm_ops)",
    "CREATE INDEX memory_target_trgm ON workbench_memoryentry "
    "USING gin (target_norm gin_trgm_ops)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("workbench", "0021_memorykey_without_rowid")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
