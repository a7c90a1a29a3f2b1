"""Gettext catalogs as documents: their entries' gettext data, and plural forms of
translations."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workbench", "0011_document_front_matter")]

    operations = [
        migrations.AddField(
            model_name="translation",
            name="plural_texts",
            field=models.JSONField(blank=True, default=list, verbose_name="plural forms"),
        ),
        migrations.AddField(
            model_name="revision",
            name="plural_texts",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.CreateModel(
            name="DocumentCatalog",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("data", models.JSONField(default=dict)),
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="catalog",
                        to="workbench.document",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="UnitCatalogEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("data", models.JSONField(default=dict)),
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="catalog_entry",
                        to="workbench.unit",
                    ),
                ),
            ],
        ),
    ]
