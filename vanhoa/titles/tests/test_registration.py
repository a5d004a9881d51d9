"""Registration (services/registration.py): who may register what, and each refusal with its message."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from vanhoa.core.models import AuditEntry
from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy, StreetCommitment
from vanhoa.titles.services import TitleError

pytestmark = pytest.mark.django_db


def test_a_household_title_is_not_given_to_a_group_and_nothing_is_written(world, make_households):
    (h,) = make_households(world.groups[0], 1)
    with pytest.raises(
        TitleError, match="Danh hiệu «Gia đình văn hóa» không xét cho .* «Tổ dân phố số 1»"
    ):
        services.register(actor=TEST, title="gdvh", year=2020, subjects=[h, world.groups[0]], on=date(2020, 2, 1))
    assert not Candidacy.objects.exists()  # the household before it is not left half-registered


def test_an_unknown_title_code_is_named():
    with pytest.raises(TitleError, match="Không có danh hiệu mã «xyz»"):
        services.register(actor=TEST, title="xyz", year=2020, subjects=[], on=date(2020, 2, 1))


def test_a_household_that_moved_out_before_registering_is_refused(world, make_households):
    (h,) = make_households(world.groups[0], 1)
    registry.change_household_status(h, actor=TEST, status="moved_out", on=date(2020, 1, 15), reason="Chuyển đi")
    h.refresh_from_db()
    with pytest.raises(TitleError, match=f"Hộ {h.head_name} không còn cư trú"):
        services.register(actor=TEST, title="gdvh", year=2020, subjects=[h], on=date(2020, 2, 1))
    # Registered before the move: allowed (the move is later than the registration date).
    (c,) = services.register(actor=TEST, title="gdvh", year=2019, subjects=[h], on=date(2019, 2, 1))
    assert c.state == State.REGISTERED


def test_a_candidacy_records_where_the_subject_lives_and_is_reviewed(world, make_households):
    (h,) = make_households(world.groups[1], 1)
    (c,) = services.register(actor=TEST, title="gdvh", year=2020, subjects=[h], on=date(2020, 2, 1), note="Mới")
    assert (c.unit, c.review_unit, c.ward) == (world.groups[1], world.groups[1], world.ward_2020)
    assert (c.subject_key, c.subject_name, c.note) == (f"household:{h.pk}", h.head_name, "Mới")
    assert c.rule_set.code == "nd122-2018/household" and c.registered_on == date(2020, 2, 1)
    entry = AuditEntry.objects.get(action="titles.candidacy.registered")
    assert entry.unit_id == world.groups[1].pk


def test_a_leader_cannot_register_another_groups_household(world, make_households):
    (h,) = make_households(world.groups[1], 1)
    with pytest.raises(PermissionDenied, match="Bạn không có quyền đăng ký danh hiệu ở Tổ dân phố số 2"):
        services.register(
            actor=world.users["leader_group1"], title="gdvh", year=2024, subjects=[h], on=date(2024, 3, 1)
        )
    with pytest.raises(PermissionDenied):
        services.register(actor=None, title="gdvh", year=2024, subjects=[h], on=date(2024, 3, 1))


def test_a_whole_group_with_nobody_living_there_is_refused(world):
    with pytest.raises(TitleError, match="Tổ dân phố số 3 không có hộ nào đang cư trú vào ngày 01/03/2024"):
        services.register_group_households(actor=TEST, group=world.groups[2], year=2024, on=date(2024, 3, 1))


def test_a_whole_group_counts_those_already_registered_but_not_the_excluded(world, make_households):
    a, b, c = make_households(world.groups[0], 3)
    services.register(actor=TEST, title="gdvh", year=2024, subjects=[a], on=date(2024, 2, 1))
    created, skipped = services.register_group_households(
        actor=TEST, group=world.groups[0], year=2024, on=date(2024, 3, 1), exclude=[c.pk]
    )
    assert [x.household for x in created] == [b] and skipped == 1
    created, skipped = services.register_group_households(
        actor=TEST, group=world.groups[0], year=2024, on=date(2024, 3, 2), exclude=[c.pk]
    )
    assert created == [] and skipped == 2


def test_a_whole_group_needs_the_right_on_that_group(world, make_households):
    make_households(world.groups[1], 1)
    with pytest.raises(PermissionDenied):
        services.register_group_households(
            actor=world.users["leader_group1"], group=world.groups[1], year=2024, on=date(2024, 3, 1)
        )


def test_street_commitments_need_signer_frontage_and_date_on_every_line(world):
    street = registry.create_street(actor=TEST, ward=world.ward, name="Đường Lê Duẩn", groups=[world.groups[1]])
    good = {"signer_name": "Lò Văn Páo", "frontage": "Số 12", "signed_on": date(2024, 2, 20)}
    with pytest.raises(TitleError, match="Cam kết dòng 2: cần đủ người ký, số nhà"):
        services.record_street_commitments(
            actor=TEST, street=street, year=2024, commitments=[good, {**good, "frontage": "  "}]
        )
    assert not StreetCommitment.objects.exists()
    (item,) = services.record_street_commitments(
        actor=TEST,
        street=street,
        year=2024,
        commitments=[{**good, "signer_name": " Lò  Văn Páo ", "kind": "business"}],
    )
    assert (item.signer_name, item.kind, item.ward) == ("Lò Văn Páo", "business", world.ward_2020)


def test_street_commitments_are_recorded_by_those_who_register_at_the_ward(world):
    street = registry.create_street(actor=TEST, ward=world.ward, name="Đường Lê Duẩn", groups=[world.groups[1]])
    line = {"signer_name": "Lò Văn Páo", "frontage": "Số 12", "signed_on": date(2024, 2, 20)}
    with pytest.raises(PermissionDenied):
        services.record_street_commitments(
            actor=world.users["leader_group2"], street=street, year=2024, commitments=[line]
        )
    services.record_street_commitments(actor=world.users["front_officer"], street=street, year=2024, commitments=[line])
    assert StreetCommitment.objects.count() == 1


def test_self_assessment_only_from_registered_and_keeps_the_note(world, make_households):
    (h,) = make_households(world.groups[0], 1)
    (c,) = services.register(actor=TEST, title="gdvh", year=2020, subjects=[h], on=date(2020, 2, 1), note="Đầu")
    c = services.record_self_assessment(c, actor=TEST, on=date(2020, 3, 1))
    assert c.state == State.SELF_ASSESSED and c.self_points is None and c.note == "Đầu"
    with pytest.raises(TitleError, match="chỉ tự đánh giá được khi đang ở bước «Đã đăng ký»"):
        services.record_self_assessment(c, actor=TEST, on=date(2020, 3, 2), points=90)
    with pytest.raises(PermissionDenied):
        services.record_self_assessment(c, actor=world.users["leader_group2"], on=date(2020, 3, 2))


def test_withdrawal_needs_a_reason_and_a_step_that_allows_it(world, make_households):
    (h,) = make_households(world.groups[0], 1)
    (c,) = services.register(actor=TEST, title="gdvh", year=2020, subjects=[h], on=date(2020, 2, 1))
    with pytest.raises(TitleError, match="Vui lòng ghi lý do rút đăng ký"):
        services.withdraw(c, actor=TEST, on=date(2020, 3, 1), reason="   ")
    c = services.withdraw(c, actor=TEST, on=date(2020, 3, 1), reason="Chuyển đi nơi khác")
    assert (c.state, c.reason, c.state_on) == (State.WITHDRAWN, "Chuyển đi nơi khác", date(2020, 3, 1))
    with pytest.raises(TitleError, match="không rút đăng ký được khi đang «Rút đăng ký»"):
        services.withdraw(c, actor=TEST, on=date(2020, 3, 2), reason="Lần nữa")
    with pytest.raises(PermissionDenied):
        services.withdraw(c, actor=world.users["leader_group2"], on=date(2020, 3, 2), reason="x")


def test_a_withdrawn_household_can_register_again_only_the_next_year(world, make_households):
    (h,) = make_households(world.groups[0], 1)
    (c,) = services.register(actor=TEST, title="gdvh", year=2020, subjects=[h], on=date(2020, 2, 1))
    services.withdraw(c, actor=TEST, on=date(2020, 3, 1), reason="Chuyển đi")
    with pytest.raises(TitleError, match="đã đăng ký danh hiệu «Gia đình văn hóa» năm 2020"):
        services.register(actor=TEST, title="gdvh", year=2020, subjects=[h], on=date(2020, 4, 1))
    (again,) = services.register(actor=TEST, title="gdvh", year=2021, subjects=[h], on=date(2021, 2, 1))
    assert again.state == State.REGISTERED
