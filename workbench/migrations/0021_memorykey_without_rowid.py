"""SQLite: the key table WITHOUT ROWID, clustered on its primary key (entry, key). A rowid
table kept three B-trees for it (the rows, the primary key, the lookup index); now there are
two, the table is 40% smaller, and a TMX import's 1.3 million key rows are written faster
(models/memory.py, README "TMX import"). Nothing changes on PostgreSQL or in Django's model
state. A later migration that makes Django remake this table on SQLite would lose the clause
(tests/test_memory_bulk.py checks that it is there)."""

from django.db import migrations

TABLE = "workbench_memorykey"
COLUMNS = (
    '"key" bigint NOT NULL, "length" integer unsigned NOT NULL CHECK ("length" >= 0), '
    '"entry_id" bigint NOT NULL, PRIMARY KEY ("entry_id", "key")'
)
LOOKUP = f'CREATE INDEX "memory_key_lookup" ON "{TABLE}" ("key", "length", "entry_id")'


def _remake(schema_editor, clause: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in (
        f'CREATE TABLE "new_{TABLE}" ({COLUMNS}){clause}',
        f'INSERT INTO "new_{TABLE}" ("key", "length", "entry_id") '
        f'SELECT "key", "length", "entry_id" FROM "{TABLE}" ORDER BY "entry_id", "key"',
        f'DROP TABLE "{TABLE}"',
        f'ALTER TABLE "new_{TABLE}" RENAME TO "{TABLE}"',
        LOOKUP,
    ):
        schema_editor.execute(statement)


def without_rowid(apps, schema_editor) -> None:
    _remake(schema_editor, " WITHOUT ROWID")


def with_rowid(apps, schema_editor) -> None:
    _remake(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("workbench", "0020_memorykey_without_constraint")]

    operations = [migrations.RunPython(without_rowid, with_rowid)]
