"""Checklists versioned by date (#14): a template has dates of validity; an inspection's checklist is the title
criteria set in force on its date (vanhoa.titles.checklists). Existing inspections that copied one of the two
shipped templates are re-pointed to the national rule set in force on their date, with its legal basis; where the
copied criteria were those of another text (a 2020 inspection had copied NĐ 86/2023's five standards) the five
standards of the text of the time take their place, results kept (both texts have the same five standards of a
residential area, in the same order: NĐ 122/2018 Điều 12 khoản 1–5 and NĐ 86/2023 Phụ lục II I–V)."""

from django.db import migrations, models
from django.db.models import Q

SHIPPED = {"tdp-nd86-2023": ("2024-01-30", "group"), "co-quan-tt08-2014": ("2014-10-01", "agency")}


def _source(rs, c):
    source = c.source or ""
    if "/" in source or rs.legal_short in source:
        return source
    return f"{rs.legal_short}, {source}" if source else rs.legal_short


def _standards(rs, Criterion):  # noqa: N803
    return list(Criterion.objects.filter(rule_set=rs, standard="").order_by("order", "code"))


def _in_force(RuleSet, kind, day):  # noqa: N803
    return (
        RuleSet.objects.filter(title_type__subject_kind=kind, title_type__active=True, province_code="",
                               valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("title_type")
        .order_by("title_type__order", "-valid_from")
        .first()
    )


def forwards(apps, schema_editor):
    from datetime import date

    Template = apps.get_model("activities", "ChecklistTemplate")  # noqa: N806
    Inspection = apps.get_model("activities", "Inspection")  # noqa: N806
    Finding = apps.get_model("activities", "Finding")  # noqa: N806
    RuleSet = apps.get_model("titles", "RuleSet")  # noqa: N806
    Criterion = apps.get_model("titles", "Criterion")  # noqa: N806
    for code, (start, _kind) in SHIPPED.items():
        Template.objects.filter(code=code).update(valid_from=date.fromisoformat(start), active=False)
    for inspection in Inspection.objects.filter(checklist_source="mau", checklist_ref__in=list(SHIPPED)):
        rs = _in_force(RuleSet, inspection.subject_kind, inspection.planned_on)
        if rs is None:
            continue
        standards = _standards(rs, Criterion)
        findings = list(Finding.objects.filter(inspection=inspection).order_by("order", "pk"))
        copied_in_force = date.fromisoformat(SHIPPED[inspection.checklist_ref][0]) <= inspection.planned_on
        if not any(f.result for f in findings):
            Finding.objects.filter(inspection=inspection).delete()
            Finding.objects.bulk_create(
                Finding(inspection=inspection, order=n, code=c.code, text=c.title, source=_source(rs, c))
                for n, c in enumerate(standards, start=1)
            )
        elif not copied_in_force:
            if len(findings) != len(standards):
                continue  # cannot be matched one to one: left as recorded
            for finding, c in zip(findings, standards, strict=True):
                finding.code, finding.text, finding.source = c.code, c.title, _source(rs, c)
                finding.save(update_fields=["code", "text", "source"])
        inspection.checklist_source = "danh-hieu"
        inspection.checklist_ref = rs.code
        inspection.checklist_title = f"Tiêu chuẩn danh hiệu “{rs.title_type.name}”"
        inspection.checklist_basis = rs.legal_basis
        inspection.save(update_fields=["checklist_source", "checklist_ref", "checklist_title", "checklist_basis"])


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_checklist_templates"),
        ("titles", "0007_agencies_tt08"),  # re-points inspections to the rule sets as TT 08/2014 has them
    ]

    operations = [
        migrations.AddField(
            model_name="checklisttemplate",
            name="valid_from",
            field=models.DateField(
                blank=True, help_text="Ngày căn cứ có hiệu lực", null=True, verbose_name="áp dụng từ ngày"
            ),
        ),
        migrations.AddField(
            model_name="checklisttemplate",
            name="valid_to",
            field=models.DateField(blank=True, null=True, verbose_name="áp dụng đến ngày"),
        ),
        migrations.AlterField(
            model_name="inspection",
            name="checklist_basis",
            field=models.CharField(blank=True, max_length=400, verbose_name="căn cứ của danh mục"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
