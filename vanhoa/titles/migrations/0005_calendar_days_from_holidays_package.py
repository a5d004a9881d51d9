"""Working days from the `holidays` package: the table of fixed holidays becomes the table of the year's official
changes an administrator enters (a day off or a weekend day worked). The four fixed days the loader shipped
(1/1, 30/4, 1/5, 2/9) now come from the package and are removed; any other row an administrator entered is kept
as a day off."""

from django.db import migrations, models

SHIPPED = {(1, 1): "Tết Dương lịch", (4, 30): "Ngày Chiến thắng", (5, 1): "Ngày Quốc tế Lao động", (9, 2): "Quốc khánh"}


def drop_shipped(apps, schema_editor):
    CalendarDay = apps.get_model("titles", "CalendarDay")
    for row in CalendarDay.objects.all():
        if SHIPPED.get((row.day.month, row.day.day)) == row.name:
            row.delete()


class Migration(migrations.Migration):
    dependencies = [("titles", "0004_one_draft_meeting_per_unit_year")]

    operations = [
        migrations.RenameModel("Holiday", "CalendarDay"),
        migrations.AlterModelOptions(
            name="calendarday",
            options={
                "ordering": ["day"],
                "verbose_name": "ngày nghỉ, ngày làm bù",
                "verbose_name_plural": "ngày nghỉ, ngày làm bù",
            },
        ),
        migrations.AddField(
            model_name="calendarday",
            name="kind",
            field=models.CharField(
                choices=[("off", "ngày nghỉ"), ("working", "ngày làm việc (làm bù)")],
                default="off",
                max_length=8,
                verbose_name="loại",
            ),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="source",
            field=models.CharField(blank=True, max_length=200, verbose_name="căn cứ (văn bản thông báo)"),
        ),
        migrations.AlterField(
            model_name="calendarday",
            name="name",
            field=models.CharField(max_length=120, verbose_name="nội dung"),
        ),
        migrations.RunPython(drop_shipped, migrations.RunPython.noop),
    ]
