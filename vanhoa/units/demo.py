"""Demo units: Lai Châu before and after 1/7/2025, phường Quyết Tiến and its 8 tổ dân phố."""

from __future__ import annotations

from datetime import date

from vanhoa.demo.context import DemoContext
from vanhoa.units import services
from vanhoa.units.choices import CodeScheme, UnitKind
from vanhoa.units.models import Unit

MERGER_BASIS = "Nghị quyết số 1670/NQ-UBTVQH15 ngày 16/6/2025"

ORDER = 10


def load(ctx: DemoContext) -> None:
    quyet_tien = services.setup_from_catalog("pre2025", "03388", actor=ctx.actor)
    doan_ket = services.setup_from_catalog("2025", "03388", actor=ctx.actor)
    if quyet_tien.valid_from is None:
        quyet_tien.valid_from = date(2012, 11, 2)  # Nghị quyết 71/NQ-CP: split from phường Quyết Thắng
        quyet_tien.save(update_fields=["valid_from", "updated_at"])
    groups = []
    for n in range(1, 9):
        group = Unit.objects.filter(kind=UnitKind.GROUP, code=f"QT-TDP{n:02d}", code_scheme=CodeScheme.LOCAL).first()
        if group is None:
            group = services.create_unit(
                actor=ctx.actor,
                kind=UnitKind.GROUP,
                type_label="Tổ dân phố",
                name=f"Tổ dân phố số {n}",
                short_name=f"Tổ dân phố số {n}",
                code=f"QT-TDP{n:02d}",
                code_scheme=CodeScheme.LOCAL,
                parent=quyet_tien,
                order=n,
            )
        if group.parent_id == quyet_tien.pk:
            # Whether the 8 groups were renumbered inside Đoàn Kết is not published (legal-brief §13.11):
            # they keep their names and move under the new ward.
            services.transfer_unit(
                group, new_parent=doan_ket, effective=services.REFORM_DATE, actor=ctx.actor, legal_basis=MERGER_BASIS
            )
        groups.append(group)
    ctx.ward_2020, ctx.ward, ctx.groups = quyet_tien, doan_ket, groups
    ctx.city = quyet_tien.parent
    ctx.old_province = ctx.city.parent
    ctx.province = doan_ket.parent
    ctx.say(f"Đơn vị: {quyet_tien.name} ({ctx.city.name}) → {doan_ket.name}, {len(groups)} tổ dân phố.")
