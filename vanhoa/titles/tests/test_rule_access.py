"""Rules are shared reference data: the national sets (NĐ 122/2018, NĐ 86/2023, TT 08/2014) are changed by the
administrators of the whole installation only, a province's own set by that province's administrators too; the
audit entry of a provincial set is filed under the province (#21 F1)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Role
from vanhoa.core.models import AuditEntry
from vanhoa.titles import services
from vanhoa.titles.models import RuleSet

STREET_SET = "laichau/street"


def _person(username, role, unit):
    user = get_user_model().objects.create_user(username=username, password="mat-khau-thu-nghiem")
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def _lai_chau_street_set():
    rs = RuleSet.objects.filter(province_code="12", title_type__code="tpvm").first()
    assert rs is not None, "the shipped Lai Châu street rule set"
    return rs


def _form(rs, **changes):
    data = {
        "valid_from": rs.valid_from.strftime("%d/%m/%Y"),
        "valid_to": "",
        "quorum_pct": "",
        "approval_pct": "",
        "public_notice_days": "1",
        "file_days": "",
        "file_day_count": "working",
        "decide_days": "",
        "decide_day_count": "calendar",
        "cutoff_month": "",
        "cutoff_day": "",
        "publish_days": "",
        "note": "",
        "unconfirmed_text": "",
        "pass_marks_text": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["head_elsewhere", "ward_head"])
def test_a_ward_head_cannot_change_a_provinces_street_rules(world, client_for, who):
    rs = _lai_chau_street_set()
    days = rs.public_notice_days
    user = (
        _person("truongban_himlam", Role.WARD_HEAD, world.other_ward)
        if who == "head_elsewhere"
        else world.users["ward_head"]
    )
    client = client_for(user)
    url = reverse("titles-rule-edit", kwargs={"pk": rs.pk})
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, _form(rs)).status_code in (403, 404)
    rs.refresh_from_db()
    assert rs.public_notice_days == days
    with pytest.raises(PermissionDenied):
        services.update_rule_set(rs, actor=user, public_notice_days=1)


@pytest.mark.parametrize("code", ["nd122-2018/household", "nd86-2023/household"])
def test_national_rules_are_for_the_administrators_of_the_whole_installation(world, client_for, code):
    rs = RuleSet.objects.get(code=code)
    url = reverse("titles-rule-edit", kwargs={"pk": rs.pk})
    province_admin = _person("quantri_laichau", Role.SYSTEM_ADMIN, world.province)
    for user in (world.users["ward_head"], province_admin):
        assert client_for(user).get(url).status_code == 403
        with pytest.raises(PermissionDenied):
            services.update_rule_set(rs, actor=user, public_notice_days=3)
    assert client_for(world.users["system_admin"]).get(url).status_code == 200


def test_a_provinces_administrator_changes_its_own_rules_and_the_entry_is_filed_under_the_province(world, client_for):
    rs = _lai_chau_street_set()
    url = reverse("titles-rule-edit", kwargs={"pk": rs.pk})
    mine = _person("quantri_laichau", Role.SYSTEM_ADMIN, world.province)
    theirs = _person("quantri_dienbien", Role.SYSTEM_ADMIN, world.other_ward.parent)
    assert client_for(theirs).get(url).status_code == 403
    client = client_for(mine)
    assert client.get(url).status_code == 200
    response = client.post(url, _form(rs, public_notice_days="7"))
    assert response.status_code == 302, response.content.decode()[:2000]
    rs.refresh_from_db()
    assert rs.public_notice_days == 7
    entry = AuditEntry.objects.get(action="titles.rule_set.updated", object_id=str(rs.pk))
    assert entry.unit.code == "12" and entry.unit.kind == "province"
    assert AuditEntry.objects.visible_to(mine, "audit.view").filter(pk=entry.pk).exists()
    assert not AuditEntry.objects.visible_to(theirs, "audit.view").filter(pk=entry.pk).exists()


def test_the_rules_page_offers_edit_only_where_the_reader_may_edit(world, client_for):
    rs = _lai_chau_street_set()
    national = RuleSet.objects.get(code="nd86-2023/household")
    edit = reverse("titles-rule-edit", kwargs={"pk": rs.pk})
    edit_national = reverse("titles-rule-edit", kwargs={"pk": national.pk})
    page = client_for(world.users["ward_head"]).get(reverse("titles-rules")).content.decode()
    assert edit not in page and edit_national not in page
    page = client_for(_person("quantri_laichau", Role.SYSTEM_ADMIN, world.province)).get(reverse("titles-rules"))
    assert edit in page.content.decode() and edit_national not in page.content.decode()
