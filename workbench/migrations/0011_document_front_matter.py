from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workbench", "0010_machine_translation")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="front_matter",
            field=models.TextField(blank=True, verbose_name="front matter"),
        ),
    ]
