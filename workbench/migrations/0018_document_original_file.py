from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workbench", "0017_notification_milestones")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="original_file",
            field=models.CharField(blank=True, max_length=255, verbose_name="original file"),
        ),
    ]
