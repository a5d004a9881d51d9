"""A xã whose groups are thôn and bản is never told about "tổ dân phố" in an error message."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.activities.services import ActivityError, _subject
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.imports.parsing.groups import _GroupResolver
from vanhoa.plans import services as plans
from vanhoa.plans.services import PlanError
from vanhoa.testing.actors import TEST
from vanhoa.testing.world import unit
from vanhoa.titles.documents import find_group
from vanhoa.units.choices import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def xa(world):
    xa = unit(UnitKind.COMMUNE, "Xã Cốc Pàng", world.province, type_label="Xã", valid_from=date(2025, 7, 1))
    for n, (label, name) in enumerate([("Thôn", "Thôn Nà Nọi"), ("Bản", "Bản Gia Khâu"), ("Bản", "Bản 3")], 1):
        unit(UnitKind.GROUP, name, xa, type_label=label, short_name=name, order=n, valid_from=date(2025, 7, 1))
    return xa


def test_a_group_is_found_by_its_number_or_name_and_the_refusal_says_thon_ban(xa):
    assert find_group(xa, "3").name == "Bản 3"
    assert find_group(xa, "ban gia khau").name == "Bản Gia Khâu"
    with pytest.raises(DocumentNotAvailable) as refused:
        find_group(xa, "9")
    assert str(refused.value) == "Không tìm thấy thôn, bản «9» thuộc Xã Cốc Pàng."


def test_the_import_names_the_groups_as_the_commune_does():
    thon_ban = _GroupResolver({"1": "Thôn Nà Nọi", "2": "Bản Gia Khâu"})
    assert thon_ban.resolve("Thôn Pa Pe") == (None, "Không tìm thấy thôn, bản «Thôn Pa Pe»")
    assert _GroupResolver({"1": "Tổ dân phố số 1"}).resolve("Tổ 9") == (None, "Không tìm thấy tổ dân phố «Tổ 9»")


def test_an_inspection_without_its_group_is_refused_in_the_communes_words(xa):
    with pytest.raises(ActivityError) as refused:
        _subject("group", None, None, xa, date(2026, 3, 2))
    assert str(refused.value) == "Thôn, bản: hãy chọn thôn, bản được kiểm tra."


def test_a_plans_party_that_is_not_a_group_is_refused_in_the_communes_words(xa):
    plan = plans.create_plan(actor=TEST, ward=xa, year=2026)
    with pytest.raises(PlanError) as refused:
        plans.create_activity(plan, actor=TEST, content="Ngày hội", lead=[xa], periods=[11])
    assert "«Xã Cốc Pàng» không phải thôn, bản." in str(refused.value)
    assert "tổ dân phố" not in str(refused.value).lower()
