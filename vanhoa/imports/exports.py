"""The registry's lists as .xlsx (what the list pages show, through visible_to, phones masked as on screen).

The household export uses the import template's headers, so an exported list can be corrected in Excel and
imported again (unmasked phones only: a masked number is rejected by the import).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vanhoa.accounts.personal_data import PhoneDisclosure
from vanhoa.imports.xlsx import Column, write_table
from vanhoa.registry.models import Agency, Household, Street

HOUSEHOLD_COLUMNS = [
    Column("STT", 6, "int"),
    Column("Mã hộ", 13),
    Column("Họ và tên chủ hộ", 26),
    Column("Tổ dân phố", 18),
    Column("Địa chỉ", 32),
    Column("Số nhân khẩu", 12, "int"),
    Column("Số điện thoại", 14),
    Column("Ngày đến", 12, "date"),
    Column("Tình trạng", 16),
    Column("Ghi chú", 28),
]
AGENCY_COLUMNS = [
    Column("STT", 6, "int"),
    Column("Tên cơ quan, đơn vị", 40),
    Column("Loại", 14),
    Column("Tổ dân phố", 18),
    Column("Địa chỉ", 32),
    Column("Thủ trưởng", 24),
    Column("Số cán bộ, người lao động", 14, "int"),
    Column("Công đoàn phụ trách", 24),
    Column("Tình trạng", 16),
]
STREET_COLUMNS = [
    Column("STT", 6, "int"),
    Column("Tuyến phố", 30),
    Column("Đoạn", 40),
    Column("Chiều dài (m)", 14, "int"),
    Column("Các tổ dân phố đi qua", 40),
    Column("Tình trạng", 16),
]


def households_xlsx(households: Iterable[Household], user: Any, title: str) -> bytes:
    """`households` must come from visible_to(); phones are shown in full only where the user holds
    Cap.HOUSEHOLDS_PHONE (as the list page does), masked elsewhere."""
    phones = PhoneDisclosure(user)
    rows = (
        [
            i,
            h.code,
            h.head_name,
            h.group.name,
            h.address,
            h.member_count,
            phones.show(h.phone, h.group_id),
            h.since,
            h.get_status_display(),
            h.note,
        ]
        for i, h in enumerate(households, start=1)
    )
    return write_table(title, HOUSEHOLD_COLUMNS, rows, sheet="Danh sách hộ")


def agencies_xlsx(agencies: Iterable[Agency], title: str) -> bytes:
    rows = (
        [
            i,
            a.name,
            a.get_kind_display(),
            a.group.name if a.group else "",
            a.address,
            a.head_name,
            a.staff_count,
            a.lead_union,
            "Đang hoạt động" if a.active else "Ngừng theo dõi",
        ]
        for i, a in enumerate(agencies, start=1)
    )
    return write_table(title, AGENCY_COLUMNS, rows, sheet="Cơ quan, đơn vị")


def streets_xlsx(streets: Iterable[Street], title: str) -> bytes:
    rows = (
        [
            i,
            s.name,
            s.stretch,
            s.length_m,
            ", ".join(g.name for g in s.groups.all()),
            "Đang theo dõi" if s.active else "Ngừng theo dõi",
        ]
        for i, s in enumerate(streets, start=1)
    )
    return write_table(title, STREET_COLUMNS, rows, sheet="Tuyến phố")
