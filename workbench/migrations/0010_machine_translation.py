"""Machine translation (issue 15): the cache of engine output, the origin "machine", and
what the guard keeps per translation."""

from django.db import migrations, models

ORIGINS = [
    ("typed", "typed"),
    ("aligned", "aligned"),
    ("po", "imported PO"),
    ("memory", "translation memory"),
    ("tmx", "imported TMX"),
    ("machine", "machine translation"),
]


class Migration(migrations.Migration):
    dependencies = [("workbench", "0009_api_tokens_and_webhooks")]

    operations = [
        migrations.CreateModel(
            name="MachineSuggestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("engine", models.CharField(max_length=20)),
                ("source_lang", models.CharField(max_length=20)),
                ("target_lang", models.CharField(max_length=20)),
                ("source_checksum", models.CharField(max_length=40)),
                ("text", models.TextField(verbose_name="machine translation")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "machine suggestion",
                "verbose_name_plural": "machine suggestions",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("engine", "source_lang", "target_lang", "source_checksum"),
                        name="machine_suggestion_unique",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="translation",
            name="machine_text",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="translation",
            name="machine_engine",
            field=models.CharField(blank=True, default="", max_length=20),
        ),
        migrations.AddField(
            model_name="translation",
            name="machine_share",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="translation",
            name="origin",
            field=models.CharField(choices=ORIGINS, default="typed", max_length=10, verbose_name="origin"),
        ),
        migrations.AlterField(
            model_name="revision",
            name="origin",
            field=models.CharField(choices=ORIGINS, default="typed", max_length=10),
        ),
        migrations.AlterField(
            model_name="memoryentry",
            name="origin",
            field=models.CharField(choices=ORIGINS, max_length=10, verbose_name="origin"),
        ),
    ]
