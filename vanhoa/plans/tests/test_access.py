"""Who takes part in an activity (for "Việc cần làm tháng này") and who may report on it."""

from vanhoa.plans import access, services
from vanhoa.plans.choices import OrganisationKind
from vanhoa.plans.models import Organisation, Plan
from vanhoa.testing.actors import TEST


def test_officers_belong_to_their_bodies_also_on_the_predecessor_wards_plans(plan_2020, world):
    inspection = plan_2020.ordered_activities()[4]  # lead: MTTQ; coordinating: BCĐ members, the groups
    assert access.involvement(world.users["front_officer"], inspection) == {"lead", "coordinate"}
    assert access.involvement(world.users["union_officer"], inspection) == {"coordinate"}
    assert access.involvement(world.users["leader_group2"], inspection) == {"coordinate"}
    assert access.involvement(world.users["city_viewer"], inspection) == set()
    assert access.can_set_status(world.users["front_officer"], inspection)
    assert not access.can_set_status(world.users["union_officer"], inspection)
    assert access.can_report(world.users["union_officer"], inspection)
    assert not access.can_report(world.users["city_viewer"], inspection)
    # plan editors may do everything, involved or not
    assert access.can_set_status(world.users["culture_officer"], plan_2020.ordered_activities()[5])


def test_a_named_group_involves_only_that_groups_leader(world):
    plan = services.create_plan(actor=TEST, ward=world.ward, year=2026)
    a = services.create_activity(plan, actor=TEST, content="Ngày hội tại tổ 1", lead=[world.groups[0]],
                                 periods=[11])
    assert access.involvement(world.users["leader_group1"], a) == {"lead"}
    assert access.involvement(world.users["leader_group2"], a) == set()
    assert access.involvement(world.users["ward_head"], a) == set()  # the ward oversees, it does not take part
    assert access.can_set_status(world.users["leader_group1"], a)


def test_member_roles_are_data_the_ward_can_change(world):
    plan = services.create_plan(actor=TEST, ward=world.ward, year=2026)
    union = Organisation.objects.get(ward=world.ward, kind=OrganisationKind.TRADE_UNION)
    a = services.create_activity(plan, actor=TEST, content="Kiểm tra cơ quan", lead=[union], periods=[9])
    officer = world.users["front_officer"]
    assert access.involvement(officer, a) == set()
    services.update_organisation(union, actor=TEST, member_roles=["union_officer", "front_officer"])
    a = type(a).objects.prefetch_related("parties__organisation").get(pk=a.pk)
    assert access.involvement(officer, a) == {"lead"}


def test_plans_visible_to_group_leaders_of_the_ward_only(plan_2020, world):
    services.create_plan(actor=TEST, ward=world.other_ward, year=2026)
    mine = Plan.objects.visible_to(world.users["leader_group1"], "plans.view")
    assert list(mine) == [plan_2020]
    assert Plan.objects.visible_to(world.users["union_officer"], "plans.change").count() == 0
    assert Plan.objects.visible_to(world.users["system_admin"], "plans.view").count() == 2
    assert Plan.objects.visible_to(None, "plans.view").count() == 0
