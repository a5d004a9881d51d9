"""One draft of minutes per unit, title and year (issue 21, F6): the constraint, once 0003 merged the duplicates."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("titles", "0003_merge_duplicate_draft_meetings")]

    operations = [
        migrations.AddConstraint(
            model_name="reviewmeeting",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")),
                fields=("title_type", "year", "unit"),
                name="one_draft_meeting_per_unit_year",
            ),
        ),
    ]
