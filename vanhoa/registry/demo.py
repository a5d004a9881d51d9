"""Demo registry: synthetic households (names from our own generator), agencies and the 9 streets."""

from __future__ import annotations

import random
from datetime import date, timedelta

from vanhoa.core import audit
from vanhoa.core.text import format_number
from vanhoa.demo.context import DemoContext
from vanhoa.demo.names import household_head
from vanhoa.registry import services
from vanhoa.registry.choices import AgencyKind, HouseholdStatus
from vanhoa.registry.models import Agency, Household, HouseholdPlacement, Street

# Households per group in 2020 (worked example in title-cycle.md: group 3 has 152; the ward 1 206).
GROUP_SIZES = [148, 160, 152, 145, 150, 155, 147, 149]
STREETS = [  # illustrative street names and stretches (not taken from an official list)
    ("Đường Trần Phú", "Từ ngã ba Bưu điện đến cầu Quyết Tiến", [1, 2]),
    ("Đường Võ Nguyên Giáp", "Đoạn qua trung tâm hành chính", [2, 3]),
    ("Đường Lê Duẩn", "Từ Quảng trường đến ngã tư Bệnh viện", [3, 4]),
    ("Đường Trường Chinh", "Toàn tuyến trong phường", [4, 5]),
    ("Đường Nguyễn Chí Thanh", "Từ chợ Quyết Tiến đến Trường THCS", [5]),
    ("Đường Hoàng Văn Thụ", "Toàn tuyến trong phường", [6]),
    ("Đường 30 tháng 4", "Từ ngã ba Đoàn Kết đến Sân vận động", [6, 7]),
    ("Đường Nguyễn Văn Linh", "Đoạn qua tổ dân phố số 7 và số 8", [7, 8]),
    ("Đường Điện Biên Phủ", "Từ cầu Nậm Lùm đến ngã tư", [8, 1]),
]
AGENCIES = [
    ("Ủy ban nhân dân phường Quyết Tiến", AgencyKind.AGENCY, 1),
    ("Trạm Y tế phường Quyết Tiến", AgencyKind.UNIT, 2),
    ("Trường Tiểu học Quyết Tiến", AgencyKind.UNIT, 3),
    ("Trường Mầm non Hoa Ban", AgencyKind.UNIT, 4),
    ("Trường THCS Quyết Tiến", AgencyKind.UNIT, 5),
    ("Công an phường Quyết Tiến", AgencyKind.AGENCY, 6),
    ("Công ty TNHH Xây dựng Tam Đường (mẫu)", AgencyKind.ENTERPRISE, 7),
]


def _sizes(total: int) -> list[int]:
    base = sum(GROUP_SIZES)
    sizes = [round(s * total / base) for s in GROUP_SIZES]
    sizes[-1] += total - sum(sizes)
    return sizes


ORDER = 20


def load(ctx: DemoContext) -> None:
    ward, groups = ctx.ward, ctx.groups
    existing = set(Household.objects.filter(ward=ward).values_list("code", flat=True))
    rng = random.Random(2020)
    new, placements, n = [], [], 0
    for group, size in zip(groups, _sizes(ctx.households), strict=True):
        for _ in range(size):
            n += 1
            code = f"HGĐ-{n:05d}"
            head = household_head(rng)
            members = rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7])
            since = date(1990, 1, 1) + timedelta(days=rng.randrange(0, 10500))  # before mid-2018
            house = rng.randint(1, 250)
            phone = f"09{rng.randrange(10**8):08d}" if rng.random() < 0.6 else ""
            if code in existing:
                continue
            new.append(
                Household(
                    ward=ward,
                    group=group,
                    code=code,
                    head_name=head,
                    member_count=members,
                    address=f"Số nhà {house}, {group.name}",
                    phone=phone,
                    since=since,
                )
            )
    for h in new:  # save() computes the sort and search keys; bulk_create would skip it
        h.normalise_text()
        h.head_sort_key, h.search_text = _keys(h)
    created = Household.objects.bulk_create(new, batch_size=2000)
    for h in created:
        placements.append(HouseholdPlacement(household=h, group=h.group, valid_from=h.since))
    HouseholdPlacement.objects.bulk_create(placements, batch_size=2000)
    if created:
        audit.record(
            ctx.actor,
            "registry.household.bulk_created",
            ward,
            unit=ward,
            extra={"count": len(created), "source": "load_demo"},
        )
        _life_events(ctx, rng)
    for name, kind, group_no in AGENCIES:
        if not Agency.objects.filter(ward=ward, name=name).exists():
            services.create_agency(
                actor=ctx.actor,
                ward=ward,
                name=name,
                kind=kind,
                group=groups[group_no - 1],
                address=f"{groups[group_no - 1].name}, phường Quyết Tiến cũ",
            )
    for name, stretch, group_nos in STREETS:
        if not Street.objects.filter(ward=ward, name=name).exists():
            services.create_street(
                actor=ctx.actor,
                ward=ward,
                name=name,
                stretch=stretch,
                groups=[groups[i - 1] for i in group_nos],
                length_m=400 + 50 * len(name),
            )
    households = format_number(Household.objects.filter(ward=ward).count())
    ctx.say(f"Sổ hộ: {households} hộ, {len(AGENCIES)} cơ quan, {len(STREETS)} tuyến phố.")


def _keys(h: Household) -> tuple[str, str]:
    from vanhoa.core.text import fold, name_key

    return name_key(h.head_name), fold(f"{h.head_name} {h.code} {h.address}")


def _life_events(ctx: DemoContext, rng: random.Random) -> None:
    """A few households moved away, one dissolved, one split, after 2020 (so the 2020 registry is intact)."""
    households = list(Household.objects.filter(ward=ctx.ward).order_by("code"))
    if len(households) < 50:
        return
    for h in rng.sample(households[:-10], 12):
        services.change_household_status(
            h,
            actor=ctx.actor,
            status=HouseholdStatus.MOVED_OUT,
            on=date(2023, rng.randint(1, 12), rng.randint(1, 28)),
            reason="Chuyển nơi ở (dữ liệu mẫu)",
        )
    services.change_household_status(
        households[-1],
        actor=ctx.actor,
        status=HouseholdStatus.DISSOLVED,
        on=date(2022, 5, 10),
        reason="Chủ hộ mất, không còn người (dữ liệu mẫu)",
    )
    parent = households[-2]
    services.split_household(
        parent,
        actor=ctx.actor,
        new_head_name="Lò Văn Khoa",
        member_count=2,
        moved_members=min(2, parent.member_count - 1) if parent.member_count > 1 else 0,
        on=date(2021, 3, 15),
    )
