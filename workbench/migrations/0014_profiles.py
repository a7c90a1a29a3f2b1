"""Profiles (display name, interface language, languages I translate), and the "deleted user"
account that keeps the revisions, comments and reviews of people who deleted theirs."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def trust_existing_addresses(apps, schema_editor):
    """Addresses that site admins or invitations entered before sign-up existed count as
    verified: their owners are not asked to verify them at their next sign-in."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True)
            for user in User.objects.exclude(email="").only("pk", "email")
            if user.pk not in known
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workbench", "0013_jobs"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.CreateModel(
            name="Profile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("display_name", models.CharField(blank=True, max_length=150, verbose_name="display name")),
                ("ui_language", models.CharField(blank=True, choices=[("en", "English"), ("de", "German"), ("fr", "French"), ("es", "Spanish")], max_length=10, verbose_name="interface language")),
                ("languages", models.ManyToManyField(blank=True, related_name="+", to="workbench.language", verbose_name="languages I translate")),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="profile", to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "profile", "verbose_name_plural": "profiles"},
        ),
        migrations.RunPython(trust_existing_addresses, migrations.RunPython.noop),
    ]
