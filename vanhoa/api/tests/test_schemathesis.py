"""Property-based run of every operation in the OpenAPI schema (schemathesis): whatever a client sends, the API
answers 2xx or a JSON 4xx error {code, message} — never a 5xx — and 2xx bodies match the schema.

Bounded for the CI budget: a fixed number of examples per operation, derandomised (the same cases every run).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from vanhoa.api.tests.conftest import token_for
from vanhoa.registry import services
from vanhoa.testing.actors import TEST

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def api_schema(db):
    """The schema, served by the real WSGI app. As Django's test client does, keep the request signals from
    closing the test's database connection (PostgreSQL would lose the test transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _plans_and_titles(world, household):
    """One plan, activity, registration (reviewed) and decision in the ward, for the pinned path parameters."""
    from datetime import date

    from vanhoa.plans.models import Activity, Plan
    from vanhoa.reports.tests.conftest import decision, results
    from vanhoa.titles.rules_data import load_rules

    load_rules()
    plan = Plan.objects.create(ward=world.ward, year=2026, issuer="BAN CHỈ ĐẠO", place="Đoàn Kết", title="Kế hoạch")
    activity = Activity.objects.create(plan=plan, content="Tuyên truyền", periods=[2, 3])
    signed = decision(world.ward, 2025, "gdvh", date(2025, 12, 10))
    registration = results([household], 2025, signed=signed)[0]
    return {
        "plan_id": plan.pk,
        "activity_id": activity.pk,
        "registration_id": registration.pk,
        "decision_id": signed.pk,
        "code": "cultural_family_rate",
    }


@pytest.mark.slow
def test_no_operation_answers_5xx_to_generated_input(world, api_schema):
    token = token_for(world.users["ward_head"])
    household = world.household(world.groups[0], "Nguyễn Văn Đức", phone="0912345678")
    world.household(world.groups[0], "Lê Thị Ánh")
    agency = services.create_agency(actor=TEST, ward=world.ward, name="Trường Tiểu học Đoàn Kết")
    street = services.create_street(actor=TEST, ward=world.ward, name="Đường Trần Phú", groups=[world.groups[0]])
    real_ids = {"household_id": household.pk, "unit_id": world.ward.pk, "agency_id": agency.pk, "street_id": street.pk}
    real_ids.update(_plans_and_titles(world, household))
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    failures = []

    for operation in operations:
        pinned = {k: v for k, v in real_ids.items() if "{" + k + "}" in operation.path}
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        if pinned:
            strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=pinned))

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=st.one_of(strategies))
        def run(case):
            response = case.call(headers=headers)
            where = f"{case.method} {case.formatted_path} {case.query or ''} {str(case.body)[:200]}"
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {where}: {response.text[:300]}")
                return
            if response.status_code >= 400:
                body = response.json()
                if not (body.get("code") and body.get("message")):
                    failures.append(f"error without code/message {where}: {response.text[:300]}")
            elif case.meta and case.meta.generation.mode == GenerationMode.POSITIVE:
                try:
                    case.validate_response(response, checks=[response_schema_conformance])
                except Exception as exc:  # noqa: BLE001 - collect every non-conformance, report together
                    failures.append(f"schema mismatch {where}: {str(exc)[:300]}")

        run()

    assert not failures, "\n".join(failures[:20])
