"""`setup_ward "Cốc Pàng Cao Bằng"` sets up today's commune (and its predecessors) instead of stopping on a name
found in both catalogues; `--scheme pre2025` chooses the old list."""

import pytest
from django.core.management import CommandError, call_command

from vanhoa.units.models import Unit, UnitLineage

pytestmark = pytest.mark.django_db


def test_a_name_in_both_catalogues_sets_up_todays_commune_with_its_predecessors(capsys):
    call_command("setup_ward", "Cốc Pàng Cao Bằng")
    out = capsys.readouterr().out
    assert "Đã thiết lập Xã Cốc Pàng, Tỉnh Cao Bằng" in out and "Xã Đức Hạnh" in out
    today = Unit.objects.get(code_scheme="2025", code="01324")
    assert today.valid_to is None and today.parent.name == "Tỉnh Cao Bằng"
    olds = {link.from_unit.name for link in UnitLineage.objects.filter(to_unit=today)}
    assert olds == {"Xã Cốc Pàng", "Xã Đức Hạnh"}


def test_the_old_list_is_chosen_with_scheme_pre2025(capsys):
    call_command("setup_ward", "Cốc Pàng Cao Bằng", "--scheme", "pre2025")
    assert "Huyện Bảo Lạc" in capsys.readouterr().out
    assert Unit.objects.get(code_scheme="pre2025", code="01324").valid_to is not None


def test_a_commune_only_in_the_old_list_says_which_scheme_to_use():
    with pytest.raises(CommandError, match="--scheme pre2025"):
        call_command("setup_ward", "quyet tien lai chau")
