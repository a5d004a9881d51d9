from django.db import migrations


def seed(apps, schema_editor):
    from vanhoa.activities.seed import seed_templates

    seed_templates(apps.get_model("activities", "ChecklistTemplate"), apps.get_model("activities", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
