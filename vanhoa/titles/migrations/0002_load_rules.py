"""Ship the title types, rule sets (NĐ 122/2018, NĐ 86/2023, TT 08/2014, a provincial street set), deciders
and fixed public holidays. The same loader runs in `load_demo` and `manage.py load_title_rules`."""

from django.db import migrations


def forwards(apps, schema_editor):
    from vanhoa.titles.rules_data import load_rules

    load_rules(lambda name: apps.get_model("titles", name))


class Migration(migrations.Migration):
    dependencies = [("titles", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
