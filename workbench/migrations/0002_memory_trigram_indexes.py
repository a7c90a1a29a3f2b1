"""PostgreSQL only: pg_trgm indexes for the concordance search over the memory.

The SQL is written out here (not imported from the app) so the migration stays what it was
when it ran. Other databases get no index; the search still works there, scanning."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS memory_source_trgm ON workbench_memoryentry "
    "USING gin (source_norm gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS memory_target_trgm ON workbench_memoryentry "
    "USING gin (target_norm gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS memory_source_trgm",
    "DROP INDEX IF EXISTS memory_target_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("workbench", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
