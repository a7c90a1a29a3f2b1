"""The REST API (issue 16): personal API tokens (digests only), webhooks and their delivery
log, and the database cache table the API's rate limits count in (every app server sees the
same counts; settings.CACHES["api-throttle"])."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

THROTTLE_TABLE = "workbench_api_throttle"  # settings.CACHES["api-throttle"]["LOCATION"]


def create_throttle_table(apps, schema_editor):
    from django.core.management import call_command

    # createcachetable skips a table that exists already.
    call_command(
        "createcachetable", THROTTLE_TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_throttle_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(THROTTLE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workbench", "0008_concordance_fulltext"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("prefix", models.CharField(max_length=16)),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="last used")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Webhook",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("url", models.URLField(max_length=500, verbose_name="URL")),
                (
                    "secret",
                    models.CharField(
                        help_text="Signs each delivery: X-Workbench-Signature is sha256=HMAC(secret, body).",
                        max_length=100,
                        verbose_name="secret",
                    ),
                ),
                ("events", models.CharField(blank=True, max_length=200, verbose_name="events")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "webhook", "verbose_name_plural": "webhooks", "ordering": ["pk"]},
        ),
        migrations.CreateModel(
            name="WebhookDelivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "event",
                    models.CharField(
                        choices=[
                            ("translation.approved", "a translation was approved"),
                            ("document.approved", "a document is fully approved in a language"),
                        ],
                        max_length=40,
                        verbose_name="event",
                    ),
                ),
                ("payload", models.JSONField(verbose_name="payload")),
                (
                    "state",
                    models.CharField(
                        choices=[("pending", "pending"), ("delivered", "delivered"), ("failed", "failed")],
                        default="pending",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="next attempt")),
                ("last_status_code", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="last HTTP status")),
                ("last_error", models.CharField(blank=True, max_length=500, verbose_name="last error")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("delivered_at", models.DateTimeField(blank=True, null=True, verbose_name="delivered")),
                (
                    "webhook",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="workbench.webhook",
                    ),
                ),
            ],
            options={
                "verbose_name": "webhook delivery",
                "verbose_name_plural": "webhook deliveries",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["state", "next_attempt_at"], name="webhook_due")],
            },
        ),
        migrations.RunPython(create_throttle_table, drop_throttle_table),
    ]
