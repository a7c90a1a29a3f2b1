from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0016_suggestions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("sent_back", "translation sent back"),
                    ("comment", "comment on a unit you translated"),
                    ("reply", "reply to your comment"),
                    ("mention", "mention"),
                    ("join_request", "request to join your team"),
                    ("accepted", "request accepted"),
                    ("outdated", "source update outdated your translations"),
                    ("doc_translated", "document fully translated in your language"),
                    ("doc_approved", "document fully approved in your language"),
                    ("signup_waiting", "new account waiting for approval"),
                ],
                max_length=16,
            ),
        ),
    ]
