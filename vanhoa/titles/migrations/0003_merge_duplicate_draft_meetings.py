"""One draft of minutes per unit, title and year (issue 21, F6), step 1 (the constraint is 0004).

Before the constraint is added, the drafts made twice (two quick clicks on "Lập biên bản họp") are merged into
the one saved last: its blank facts are filled from the others, a household missing from it or not yet assessed
in it takes its line from the others, and the others are deleted. One audit entry per merged draft says so.
"""

from django.db import migrations
from django.db.models import Count

FACTS = ["held_on", "start_time", "end_time", "place", "chair", "chair_position", "secretary", "invited",
         "present", "voting_method", "conclusion"]  # fmt: skip
LINE = ["criteria_met", "failed_criteria", "exclusion_code", "reason_text", "points", "area", "votes_for",
        "votes_against"]  # fmt: skip


def _blank(value):
    return value is None or value == "" or value == []


def _merge_into(keep, other, Entry):
    for field in FACTS:
        if _blank(getattr(keep, field)) and not _blank(getattr(other, field)):
            setattr(keep, field, getattr(other, field))
    lines = {e.candidacy_id: e for e in Entry.objects.filter(meeting=keep)}
    for line in Entry.objects.filter(meeting=other):
        mine = lines.get(line.candidacy_id)
        if mine is None:
            line.meeting = keep
            line.save(update_fields=["meeting"])
            lines[line.candidacy_id] = line
        elif mine.criteria_met is None and line.criteria_met is not None:
            for field in LINE:
                setattr(mine, field, getattr(line, field))
            mine.save(update_fields=LINE)


def merge_duplicate_drafts(apps, schema_editor):
    Meeting = apps.get_model("titles", "ReviewMeeting")
    Entry = apps.get_model("titles", "ReviewEntry")
    AuditEntry = apps.get_model("core", "AuditEntry")
    groups = (
        Meeting.objects.filter(status="draft")
        .values("title_type_id", "year", "unit_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    for key in groups:
        drafts = list(
            Meeting.objects.filter(status="draft", title_type_id=key["title_type_id"], year=key["year"],
                                   unit_id=key["unit_id"]).order_by("-updated_at", "-pk")  # fmt: skip
        )
        keep, others = drafts[0], drafts[1:]
        for other in others:
            _merge_into(keep, other, Entry)
        keep.save(update_fields=FACTS)
        for other in others:
            other_pk = other.pk
            other.delete()
            AuditEntry.objects.create(
                actor=None,
                actor_name="Cập nhật phần mềm",
                action="titles.meeting.merged",
                object_type="titles.reviewmeeting",
                object_id=str(keep.pk),
                object_repr=f"Họp bình xét năm {keep.year} (đơn vị {keep.unit_id})"[:255],
                unit_id=keep.unit_id,
                changes={"_": {"merged_draft": other_pk}},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("titles", "0002_load_rules"),
        ("units", "0002_graphversion"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(merge_duplicate_drafts, migrations.RunPython.noop),
    ]
