from io import StringIO

import pytest
from django.core.management import call_command

from vanhoa.accounts.models import Membership
from vanhoa.core.models import AuditEntry
from vanhoa.registry.models import Agency, Household, Street
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit, UnitLineage


def _counts():
    return {
        m.__name__: m.objects.count() for m in (Unit, UnitLineage, Household, Agency, Street, Membership, AuditEntry)
    }


@pytest.mark.slow
def test_load_demo_builds_the_seed_ward_and_running_it_twice_changes_nothing(db):
    call_command("load_demo", households=300, stdout=StringIO())
    first = _counts()
    quyet_tien = Unit.objects.get(code_scheme="pre2025", code="03388")
    doan_ket = Unit.objects.get(code_scheme="2025", code="03388")
    groups = Unit.objects.filter(kind=UnitKind.GROUP, parent=doan_ket)
    assert quyet_tien.name == "Phường Quyết Tiến" and quyet_tien.parent.name == "Thành phố Lai Châu"
    assert doan_ket.name == "Phường Đoàn Kết"
    assert groups.count() == 8
    assert UnitLineage.objects.filter(from_unit=quyet_tien, to_unit=doan_ket, kind="merge").exists()
    assert Street.objects.count() == 9
    assert Household.objects.filter(status="active").count() >= 280
    call_command("load_demo", households=300, stdout=StringIO())
    assert _counts() == first
