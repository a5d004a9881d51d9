"""Every service function of the app writes its audit entry (who, which object, which action, filed under which
unit). The list of service functions is read from the modules, so a new one without a case fails here."""

from __future__ import annotations

import inspect
from datetime import date
from typing import Any

from vanhoa.activities import funding, services
from vanhoa.core.audit import action_label
from vanhoa.core.models import AuditEntry

from .conftest import group_inspection, jpeg, pdf

MODULES = [services, funding]


def service_functions() -> set[str]:
    out = set()
    for module in MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = inspect.signature(fn).parameters
            if "actor" in params and params["actor"].kind is inspect.Parameter.KEYWORD_ONLY:
                out.add(name)
    return out


def test_every_service_function_writes_its_audit_entry(world, today, media, plan_2020):
    actor = world.users["front_officer"]
    seen: dict[str, set[str]] = {}
    mark = [AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0]

    def check(name: str, obj: Any, *actions: str) -> None:
        entries = list(AuditEntry.objects.filter(pk__gt=mark[0]).order_by("pk"))
        mark[0] = entries[-1].pk if entries else mark[0]
        found = {e.action for e in entries if e.actor == actor}
        assert set(actions) <= found, (name, found)
        main = [e for e in entries if e.action == actions[0] and e.object_id == str(obj.pk)]
        assert len(main) == 1 and main[0].unit is not None, name
        assert all(action_label(a) != a for a in actions), "every action has a Vietnamese label"
        seen[name] = found

    ward = world.ward_2020
    inspection = group_inspection(world, actor=actor)
    check("create_inspection", inspection, "activities.inspection.created")
    services.update_inspection(inspection, actor=actor, place="Nhà văn hóa tổ 1")
    check("update_inspection", inspection, "activities.inspection.updated")
    rows = [services.FindingInput(f, "pass") for f in inspection.findings.all()]
    rows[0] = services.FindingInput(rows[0].finding, "fail", "Chưa đạt", "Sửa", date(2020, 8, 1), [jpeg()])
    services.record_findings(inspection, actor=actor, held_on=date(2020, 7, 15), results=rows)
    check("record_findings", inspection, "activities.inspection.held", "activities.finding.recorded",
          "activities.file.added")
    failed = inspection.findings.get(code="1")
    services.record_followup(failed, actor=actor, followup="not_done", on=date(2020, 8, 2))
    check("record_followup", failed, "activities.finding.followed_up")
    flag = services.flag_title_consequence(failed, consequence="block", reason="x", actor=actor)
    check("flag_title_consequence", flag, "activities.title_flag.created")
    services.resolve_title_flag(flag, actor=actor, note="Đã xử lý", on=date(2020, 9, 1))
    check("resolve_title_flag", flag, "activities.title_flag.resolved")
    festival = services.record_festival(actor=actor, group=world.groups[0], year=2020, held_on=date(2020, 11, 15))
    check("record_festival", festival, "activities.festival.created")
    event = services.create_event(actor=actor, ward=ward, kind="training", held_on=date(2020, 5, 14), topic="T",
                                  audience="A", files=[pdf("tai-lieu.pdf")])
    check("create_event", event, "activities.event.created", "activities.file.added")
    services.update_event(event, actor=actor, attendance=40)
    check("update_event", event, "activities.event.updated")
    allocation = funding.record_allocation(actor=actor, ward=ward, source="NS", decision_date=date(2020, 1, 5),
                                           amount=5_000_000)
    check("record_allocation", allocation, "activities.allocation.created")
    funding.update_allocation(allocation, actor=actor, amount=6_000_000)
    check("update_allocation", allocation, "activities.allocation.updated")
    gift = funding.record_contribution(actor=actor, ward=ward, donor_name="Ông A", value=100_000,
                                       received_on=date(2020, 11, 2))
    check("record_contribution", gift, "activities.contribution.created")
    funding.update_contribution(gift, actor=actor, anonymous=True)
    check("update_contribution", gift, "activities.contribution.updated")
    expense = funding.record_expense(actor=actor, ward=ward, spent_on=date(2020, 5, 1), description="Chi",
                                     amount=1_000_000, source="budget", files=[pdf()])
    check("record_expense", expense, "activities.expense.created", "activities.voucher.added")
    funding.update_expense(expense, actor=actor, amount=900_000)
    check("update_expense", expense, "activities.expense.updated")
    # store_files is the helper behind every "file added" entry (checked above through the services using it)
    assert set(seen) == service_functions() - {"store_files"}
