"""Property: the figures of a city (and of the province above it) are the sums of the figures of its wards, whatever
the wards, groups, households, moves and results (small random worlds, Hypothesis)."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanhoa.registry import services as registry
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.reports import indicators as ind
from vanhoa.reports.tests.conftest import decision, results
from vanhoa.testing.actors import TEST
from vanhoa.titles.choices import State
from vanhoa.units import services as units
from vanhoa.units.choices import UnitKind

household = st.fixed_dictionaries(
    {
        "result": st.sampled_from(["none", "registered", "recognised"]),
        "move": st.sampled_from([None, None, "group", "away"]),
    }
)
group = st.fixed_dictionaries(
    {
        "households": st.lists(household, max_size=4),
        "titled": st.booleans(),
        "agencies": st.lists(st.booleans(), max_size=2),
        "street": st.sampled_from([None, False, True]),
    }
)
ward = st.lists(group, min_size=1, max_size=3)
SUMMED = [
    ind.CULTURAL_FAMILY_RATE,
    ind.REGISTRATION_RATE,
    ind.CULTURAL_GROUP_COUNT,
    ind.CULTURAL_AGENCY_RATE,
    ind.CIVILISED_STREET_COUNT,
]


def _unit(kind, name, parent, **kw):
    return units.create_unit(
        actor=TEST,
        kind=kind,
        name=name,
        short_name=name.split(" ", 1)[-1],
        type_label=name.split(" ")[0],
        parent=parent,
        **kw,
    )


def _build(spec):
    province = _unit(UnitKind.PROVINCE, "Tỉnh Thử", None, code="12", code_scheme="2025")  # Lai Châu's street rules
    city = _unit(UnitKind.DISTRICT, "Thành phố Thử", province)
    other = _unit(UnitKind.COMMUNE, "Xã Ngoài", province)  # in the province, not in the city
    _unit(UnitKind.GROUP, "Tổ dân phố số 1", other)
    wards = []
    for w, groups in enumerate(spec):
        wd = _unit(UnitKind.COMMUNE, f"Phường Số {w + 1}", city)
        wards.append(wd)
        made = [_unit(UnitKind.GROUP, f"Tổ dân phố số {g + 1}", wd, order=g + 1) for g in range(len(groups))]
        signed = {
            t: decision(wd, 2020, t, date(2020, 12, 10), str(i))
            for i, t in enumerate(("gdvh", "tdpvh", "cqvh", "tpvm"))
        }
        for g, (gu, gspec) in enumerate(zip(made, groups, strict=True)):
            for h, hspec in enumerate(gspec["households"]):
                hh = registry.create_household(
                    actor=TEST, group=gu, head_name=f"Lò Văn Hộ{w}{g}{h}", member_count=3, since=date(2015, 1, 1)
                )
                if hspec["result"] == "recognised":
                    results([hh], 2020, signed=signed["gdvh"])
                elif hspec["result"] == "registered":
                    results([hh], 2020, state=State.NOT_PROPOSED)
                if hspec["move"] == "group" and len(made) > 1:
                    registry.update_household(
                        hh, actor=TEST, group=made[(g + 1) % len(made)], moved_on=date(2020, 6, 1)
                    )
                elif hspec["move"] == "away":
                    registry.change_household_status(
                        hh, actor=TEST, status=HouseholdStatus.MOVED_OUT, on=date(2020, 8, 1)
                    )
            results(
                [gu],
                2020,
                title="tdpvh",
                signed=signed["tdpvh"],
                state=State.DECIDED if gspec["titled"] else State.NOT_PROPOSED,
            )
            for a, recognised in enumerate(gspec["agencies"]):
                agency = registry.create_agency(actor=TEST, ward=wd, name=f"Cơ quan {w}{g}{a}", group=gu)
                results(
                    [agency],
                    2020,
                    title="cqvh",
                    signed=signed["cqvh"],
                    state=State.DECIDED if recognised else State.NOT_PROPOSED,
                )
            if gspec["street"] is not None:
                street = registry.create_street(actor=TEST, ward=wd, name=f"Đường {w}{g}", groups=[gu])
                results(
                    [street],
                    2020,
                    title="tpvm",
                    signed=signed["tpvm"],
                    state=State.DECIDED if gspec["street"] else State.NOT_PROPOSED,
                )
    return province, city, wards


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=st.lists(ward, min_size=1, max_size=3))
def test_a_city_is_the_sum_of_its_wards_and_its_province_adds_the_other_wards(db, spec):
    with transaction.atomic():
        cache.clear()
        province, city, wards = _build(spec)
        f = ind.Figures(2020, None, [province, city, *wards])
        assert f.wards_of(city.pk) == sorted((w.pk for w in wards), key=lambda pk: f.graph.nodes[pk].name)
        for code in SUMMED:
            whole = getattr(f, code)(city.pk)
            parts = [getattr(f, code)(w.pk) for w in wards]
            assert whole.numerator == sum(p.numerator or 0 for p in parts), code
            assert whole.denominator == sum(p.denominator or 0 for p in parts), code
            assert getattr(f, code)(province.pk).numerator == whole.numerator, code  # the other ward is empty
        households = sum(len(g["households"]) for w in spec for g in w)
        away = sum(1 for w in spec for g in w for h in g["households"] if h["move"] == "away")
        assert f.cultural_family_rate(city.pk).denominator == households - away
        transaction.set_rollback(True)
