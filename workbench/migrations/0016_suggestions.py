"""Suggestions from people outside a language's team, their votes, and the document setting
that opens them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workbench", "0015_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="suggestions_open",
            field=models.BooleanField(default=False, help_text="Anyone signed in may suggest translations into languages they are not a member of; the team adopts or dismisses them.", verbose_name="suggestions open"),
        ),
        migrations.CreateModel(
            name="Suggestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField()),
                ("state", models.CharField(choices=[("open", "open"), ("adopted", "adopted"), ("dismissed", "dismissed")], default="open", max_length=10)),
                ("score", models.IntegerField(default=0)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("author", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("decided_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("language", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="workbench.language")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="workbench.unit")),
            ],
            options={
                "ordering": ["-score", "created_at", "id"],
                "indexes": [models.Index(fields=["language", "state", "unit"], name="suggestion_open")],
            },
        ),
        migrations.CreateModel(
            name="SuggestionVote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.SmallIntegerField()),
                ("suggestion", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="votes", to="workbench.suggestion")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("suggestion", "user"), name="one_vote_per_member")],
            },
        ),
    ]
