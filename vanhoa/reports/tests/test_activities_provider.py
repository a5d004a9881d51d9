"""The reports read the activities app through its registered provider: funds raised and spent fill the
funding indicators, and the activity counts are listed with Vietnamese labels."""

from datetime import date
from decimal import Decimal

from vanhoa.activities import funding
from vanhoa.reports import indicators, providers
from vanhoa.testing.actors import TEST


def test_the_activities_provider_feeds_the_funding_indicators_and_the_report_section(world):
    assert "activities" in providers.registered()
    funding.record_allocation(
        actor=TEST,
        ward=world.ward,
        source="Ngân sách phường",
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 2, 1),
        amount=12_500_000,
    )
    collected = providers.collect(world.ward, date(2026, 1, 1), date(2026, 12, 31))
    assert providers.money(collected, "funds_raised") == Decimal(12_500_000)
    labels = {item.key: item.label for item in collected["activities"]}
    assert labels["trainings"] == "Lớp tập huấn"
    assert indicators.funds_raised(world.ward, 2026).value == Decimal(12_500_000)
