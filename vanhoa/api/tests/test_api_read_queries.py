"""The new list endpoints read a page with a fixed number of queries (no query per row)."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.plans.models import Activity, Plan
from vanhoa.reports.tests.conftest import decision, results


def queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_lists_do_not_grow_with_the_rows(world, api_as):
    from vanhoa.titles.rules_data import load_rules

    load_rules()
    client = api_as("ward_head")
    client.get("/plans")  # warm up: token last-used write, unit graph cache
    paths = ["/plans", "/activities", "/titles/registrations", "/titles/decisions"]
    counts = []
    for year, n in ((2024, 2), (2025, 6)):
        plan = Plan.objects.create(ward=world.ward, year=year, issuer="BCĐ", place="Đoàn Kết", title=f"KH {year}")
        for i in range(n):
            Activity.objects.create(plan=plan, order=i, content=f"Việc {i}", periods=[i % 12 + 1])
        homes = [world.household(world.groups[i % 3], f"Trần Văn Hộ{year}{i}") for i in range(n)]
        for i in range(n // 2):
            results(homes[2 * i : 2 * i + 2], year, signed=decision(world.ward, year, "gdvh", date(year, 12, 1 + i)))
        counts.append([queries(client, p) for p in paths])
    assert counts[0] == counts[1], dict(zip(paths, zip(*counts, strict=True), strict=True))
