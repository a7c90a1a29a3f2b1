"""MemoryKey.entry without a database constraint (models/memory.py says why). SQLite remakes
the key table for it; the concordance's FTS5 triggers are on the entry table and stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workbench", "0019_concordance_second_word")]

    operations = [
        migrations.AlterField(
            model_name="memorykey",
            name="entry",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="keys",
                to="workbench.memoryentry",
            ),
        ),
    ]
