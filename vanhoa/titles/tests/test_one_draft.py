"""One draft of minutes per unit, title and year (issue 21, F6): a database constraint, a race-safe service,
and a migration that merges the duplicates made before."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import MeetingStatus
from vanhoa.titles.models import ReviewEntry, ReviewMeeting


@pytest.fixture
def waiting(world, make_households):
    make_households(world.groups[0], 3)
    created, _ = services.register_group_households(
        actor=TEST, group=world.groups[0], year=2020, on=date(2020, 2, 10)
    )
    return created


def _start(world):
    return services.start_review_meeting(
        actor=TEST, title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 11, 5)
    )


@pytest.mark.django_db
def test_the_database_refuses_a_second_draft_for_the_same_unit_title_and_year(world, waiting):
    meeting = _start(world)
    twin = ReviewMeeting(
        title_type=meeting.title_type, rule_set=meeting.rule_set, year=2020, unit=meeting.unit, ward=meeting.ward
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    # a submitted meeting does not count: the next draft of the same year (candidates returned) is allowed
    ReviewMeeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.SUBMITTED)
    twin.save()
    assert ReviewMeeting.objects.filter(unit=meeting.unit, year=2020).count() == 2


@pytest.mark.django_db
def test_starting_again_returns_the_open_draft(world, waiting):
    assert _start(world).pk == _start(world).pk
    assert ReviewMeeting.objects.count() == 1 and ReviewEntry.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_quick_clicks_on_lap_bien_ban_hop_make_one_draft(world, waiting, monkeypatch):
    """Given two requests that both find no draft (held at the same point), when both create one, then one
    draft exists, both get it, and it lists each household once."""
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once: PostgreSQL (SQLite serialises the transactions)")
    from vanhoa.titles.services import review

    both_checked = threading.Barrier(2, timeout=10)
    real = review.reviewable

    waited = threading.local()

    def reviewable_after_both_checked(*args, **kwargs):
        if not getattr(waited, "done", False):  # the first look of each request, right after its draft check
            waited.done = True
            both_checked.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(review, "reviewable", reviewable_after_both_checked)
    got, errors = [], []

    def click():
        try:
            got.append(_start(world).pk)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert ReviewMeeting.objects.count() == 1
    assert got == [ReviewMeeting.objects.get().pk] * 2
    assert ReviewEntry.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_the_drafts_made_twice_into_the_one_saved_last(world, waiting):
    """Given two drafts of one group's minutes (made before the constraint), the older with the place and one
    line assessed, the newer with the chair, when the migration runs, then one draft remains with both."""
    from django.db.migrations.executor import MigrationExecutor

    from vanhoa.core.models import AuditEntry

    older = _start(world)  # through today's services, before going back to the schema without the constraint
    executor = MigrationExecutor(connection)
    executor.migrate([("titles", "0002_load_rules")])
    try:
        ReviewMeeting.objects.filter(pk=older.pk).update(place="Nhà văn hóa tổ 1")
        first = older.entries.order_by("pk").first()
        ReviewEntry.objects.filter(pk=first.pk).update(criteria_met=False, reason_text="Vi phạm trật tự")
        newer = ReviewMeeting.objects.get(pk=older.pk)
        newer.pk = None
        newer.place, newer.chair = "", "Lò Văn Tổ"
        newer.save()
        ReviewEntry.objects.bulk_create(
            [ReviewEntry(meeting=newer, candidacy_id=e.candidacy_id) for e in older.entries.all()[:2]]
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    kept = ReviewMeeting.objects.get()
    assert kept.pk == newer.pk
    assert (kept.place, kept.chair) == ("Nhà văn hóa tổ 1", "Lò Văn Tổ")
    assert kept.entries.count() == 3
    line = kept.entries.get(candidacy_id=first.candidacy_id)
    assert (line.criteria_met, line.reason_text) == (False, "Vi phạm trật tự")
    note = AuditEntry.objects.get(action="titles.meeting.merged")
    assert note.object_id == str(kept.pk) and note.changes["_"] == {"merged_draft": older.pk}
