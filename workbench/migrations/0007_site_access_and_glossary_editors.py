"""The "Glossary editors" group: its members curate the glossary (permissions.
can_curate_glossary); site admins add people to it in the admin (Users, or Groups)."""

from django.db import migrations

GLOSSARY_EDITORS = "Glossary editors"  # permissions.GLOSSARY_EDITORS


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=GLOSSARY_EDITORS)


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=GLOSSARY_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("workbench", "0006_status_wording"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
