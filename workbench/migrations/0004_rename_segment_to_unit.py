"""One name per concept: the translatable unit is `Unit` everywhere (it was `Segment`).

Tables and columns are renamed in place, no data is copied; the indexes and constraints that
name the renamed column are dropped first and built again on it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0003_segment_same_source_index"),
    ]

    operations = [
        migrations.RemoveConstraint("checkdismissal", "check_dismissal_unique"),
        migrations.RemoveConstraint("translation", "translation_unique"),
        migrations.RemoveIndex("checkdismissal", "check_dismissal_unit"),
        migrations.RemoveIndex("comment", "comment_unit"),
        migrations.RemoveConstraint("segment", "segment_key_unique"),
        migrations.RemoveConstraint("segmentsource", "segment_source_unique"),
        migrations.RenameModel("Segment", "Unit"),
        migrations.RenameModel("SegmentSource", "UnitSource"),
        migrations.RenameField("unitsource", "segment", "unit"),
        migrations.RenameField("translation", "segment", "unit"),
        migrations.RenameField("comment", "segment", "unit"),
        migrations.RenameField("checkdismissal", "segment", "unit"),
        migrations.RenameField("alignmentrun", "source_segments", "source_units"),
        migrations.RenameIndex("unit", new_name="unit_order", old_name="segment_order"),
        migrations.RenameIndex("unit", new_name="unit_same_source", old_name="segment_same_source"),
        migrations.AlterField(
            model_name="unit",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="units",
                to="workbench.document",
            ),
        ),
        migrations.AddConstraint(
            "unit", models.UniqueConstraint(fields=["document", "key"], name="unit_key_unique")
        ),
        migrations.AddConstraint(
            "unitsource",
            models.UniqueConstraint(fields=["unit", "checksum"], name="unit_source_unique"),
        ),
        migrations.AddConstraint(
            "translation",
            models.UniqueConstraint(fields=("unit", "language"), name="translation_unique"),
        ),
        migrations.AddConstraint(
            "checkdismissal",
            models.UniqueConstraint(
                fields=("unit", "language", "check_id", "text_checksum"),
                name="check_dismissal_unique",
            ),
        ),
        migrations.AddIndex(
            "checkdismissal",
            models.Index(fields=["unit", "language"], name="check_dismissal_unit"),
        ),
        migrations.AddIndex(
            "comment", models.Index(fields=["unit", "language"], name="comment_unit")
        ),
    ]
