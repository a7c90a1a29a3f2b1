"""Notifications (the bell and e-mail) and each person's choice of how they are e-mailed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workbench", "0014_profiles"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="email_notifications",
            field=models.CharField(choices=[("immediately", "at once"), ("daily", "in a daily digest"), ("never", "never")], default="immediately", max_length=12, verbose_name="e-mail notifications"),
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("sent_back", "translation sent back"), ("comment", "comment on a unit you translated"), ("reply", "reply to your comment"), ("mention", "mention"), ("join_request", "request to join your team"), ("accepted", "request accepted"), ("outdated", "source update outdated your translations")], max_length=16)),
                ("unit_key", models.CharField(blank=True, max_length=64)),
                ("count", models.PositiveIntegerField(default=1)),
                ("detail", models.TextField(blank=True)),
                ("path", models.CharField(max_length=500)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("read_at", models.DateTimeField(blank=True, null=True)),
                ("emailed_at", models.DateTimeField(blank=True, null=True)),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("document", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="workbench.document")),
                ("language", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="workbench.language")),
                ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["recipient", "read_at"], name="notification_unread"), models.Index(fields=["emailed_at", "recipient"], name="notification_unmailed")],
            },
        ),
    ]
