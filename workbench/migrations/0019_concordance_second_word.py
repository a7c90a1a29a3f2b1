"""The concordance's word index gains a third lexeme per word pair (text/fulltext.py: `~` +
the second word + the first reversed), which phrase queries of three words or more now ask
for: every stored entry's index is recomputed (PostgreSQL; SQLite's FTS5 index is unchanged).
About a minute per 100,000 entries on the two cores this was measured on."""

from django.db import migrations


def forward(apps, schema_editor):
    from workbench.services.memory_store import rewrite_phrase_index

    rewrite_phrase_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("workbench", "0018_document_original_file")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
