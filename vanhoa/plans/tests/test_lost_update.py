"""No silent lost update on the plan activity page (issue 21, F4): the same mechanism as the household page."""

from __future__ import annotations

import re

from vanhoa.plans import services
from vanhoa.plans.models import Activity
from vanhoa.testing.actors import TEST
from vanhoa.testing.forms import page_data


def test_a_stale_save_of_an_activity_is_not_applied_and_both_versions_are_shown(plan_now, world, client_for):
    activity = plan_now.ordered_activities()[0]
    client = client_for(world.users["culture_officer"])
    url = f"/ke-hoach/hoat-dong/{activity.pk}/sua/"
    opened = client.get(url).content.decode()
    services.update_activity(activity, actor=TEST, content="Nội dung do người khác sửa")
    response = client.post(url, page_data(opened, category="training"))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="version-conflict"' in html
    assert re.findall(r'<tr data-field="(\w+)">', html) == ["content", "category"]
    assert Activity.objects.get(pk=activity.pk).category != "training"
    version = re.search(r'name="_version" value="(\w+)"', html).group(1)
    answer = {**page_data(opened, category="training"), "_version": [version], "keep:content": ["current"],
              "keep:category": ["mine"]}  # fmt: skip
    assert client.post(url, answer).status_code == 302
    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.content, saved.category) == ("Nội dung do người khác sửa", "training")


def test_an_activity_saved_from_a_fresh_page_is_applied(plan_now, world, client_for):
    activity = plan_now.ordered_activities()[0]
    client = client_for(world.users["culture_officer"])
    url = f"/ke-hoach/hoat-dong/{activity.pk}/sua/"
    assert client.post(url, page_data(client.get(url).content.decode(), content="Mới")).status_code == 302
    assert Activity.objects.get(pk=activity.pk).content == "Mới"


def test_a_stale_save_of_the_plan_itself_is_not_applied(plan_now, world, client_for):
    from vanhoa.plans.models import Plan

    client = client_for(world.users["culture_officer"])
    url = f"/ke-hoach/{plan_now.pk}/sua/"
    opened = client.get(url).content.decode()
    services.update_plan(plan_now, actor=TEST, place="Lai Châu")
    html = client.post(url, page_data(opened, signer_name="Lò Văn Ký")).content.decode()
    assert 'id="version-conflict"' in html and set(re.findall(r'<tr data-field="(\w+)">', html)) >= {"place"}
    assert Plan.objects.get(pk=plan_now.pk).place == "Lai Châu"
