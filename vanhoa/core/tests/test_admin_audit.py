"""Changes in the Django admin write audit entries through the same trail; users are locked, never deleted
(#21 F11). The admin forms are submitted as a browser would: every field of the page as it is, plus one change."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.urls import reverse

from vanhoa.accounts.models import Membership
from vanhoa.core.models import AuditEntry
from vanhoa.titles.models import DeciderRule, RuleSet, TitleType


class _Form(HTMLParser):
    """The fields of the admin's change form with their current values."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value") or "on"
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            if "multiple" not in a:  # a multiple select with nothing chosen sends nothing
                self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def _form(client: Any, url: str) -> dict[str, Any]:
    page = client.get(url)
    assert page.status_code == 200
    parser = _Form()
    parser.feed(page.content.decode())
    parser.data.pop("_saveasnew", None)
    return {k: v.lstrip("\n") if isinstance(v, str) else v for k, v in parser.data.items()}


def _entries(action: str, obj: Any) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(action=action, object_id=str(obj.pk), object_type__endswith=obj._meta.model_name)
    )


def test_adding_a_decider_and_renaming_a_title_in_the_admin_are_audited(world, client_for):
    admin = world.users["system_admin"]
    client = client_for(admin)
    tt = TitleType.objects.get(code="gdvh")
    response = client.post(
        reverse("admin:titles_deciderrule_add"),
        {
            "title_type": tt.pk,
            "scope": "all",
            "valid_from": "01/01/2030",
            "level": "commune",
            "position": "Chủ tịch UBND cấp xã (thử)",
            "source": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    decider = DeciderRule.objects.get(position="Chủ tịch UBND cấp xã (thử)")
    [entry] = _entries("admin.object.created", decider)
    assert entry.actor == admin and entry.unit is None
    assert entry.changes["position"] == [None, "Chủ tịch UBND cấp xã (thử)"]

    tt = TitleType.objects.get(code="gdvh")
    url = reverse("admin:titles_titletype_change", args=[tt.pk])
    data = _form(client, url)
    data["name"] = "Gia đình văn hóa tiêu biểu"
    assert client.post(url, data).status_code == 302
    [entry] = _entries("admin.object.updated", tt)
    assert entry.changes == {"name": ["Gia đình văn hóa", "Gia đình văn hóa tiêu biểu"]}
    assert entry.action_label == "Sửa trong trang quản trị"


def test_a_criterion_changed_in_the_rule_sets_inline_is_audited_under_the_province(world, client_for):
    client = client_for(world.users["system_admin"])
    rs = RuleSet.objects.get(province_code="12", title_type__code="tpvm")
    criterion = rs.criteria.order_by("order", "pk").first()
    url = reverse("admin:titles_ruleset_change", args=[rs.pk])
    data = _form(client, url)
    key = next(k for k, v in data.items() if k.endswith("-id") and v == str(criterion.pk))
    data[key.replace("-id", "-title")] = "Vỉa hè thông thoáng, không lấn chiếm"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    criterion.refresh_from_db()
    assert criterion.title == "Vỉa hè thông thoáng, không lấn chiếm"
    [entry] = _entries("admin.object.updated", criterion)
    assert entry.object_type == "titles.criterion" and list(entry.changes) == ["title"]
    assert entry.unit is not None and entry.unit.code == "12"
    assert not _entries("admin.object.updated", rs)  # the rule set's own fields did not change


def test_a_user_changed_in_the_admin_is_audited_and_cannot_be_deleted_there(world, client_for):
    client = client_for(world.users["system_admin"])
    leader = world.users["leader_group1"]
    url = reverse("admin:auth_user_change", args=[leader.pk])
    data = _form(client, url)
    data["first_name"] = "Lò Văn Tổ Trưởng"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [entry] = _entries("admin.object.updated", leader)
    assert entry.changes["first_name"] == ["leader_group1", "Lò Văn Tổ Trưởng"]
    assert entry.unit == world.groups[0]  # the ward's people see what happened to their group leader
    assert client.get(reverse("admin:auth_user_delete", args=[leader.pk])).status_code == 403
    assert client.post(reverse("admin:auth_user_delete", args=[leader.pk]), {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(user=leader).exists()


def test_a_password_set_in_the_admin_goes_through_the_service_audited_and_temporary(world, client_for):
    from vanhoa.accounts.services import must_change_password

    client = client_for(world.users["system_admin"])
    leader = world.users["leader_group1"]
    url = reverse("admin:auth_user_password_change", args=[leader.pk])
    data = _form(client, url)
    data.update(password1="Mật khẩu tạm 2026!", password2="Mật khẩu tạm 2026!")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    leader.refresh_from_db()
    assert leader.check_password("Mật khẩu tạm 2026!")
    [entry] = _entries("accounts.user.password_reset", leader)
    assert entry.actor == world.users["system_admin"]
    assert must_change_password(leader)  # someone else chose it: replaced at the next sign-in
