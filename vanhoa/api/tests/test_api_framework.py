"""What every endpoint shares: declared capabilities, the schema, JSON errors everywhere under /api/v1/."""

from django.urls import URLPattern, get_resolver

from vanhoa.accounts.permissions import Cap
from vanhoa.api.framework import LOGIN, PUBLIC
from vanhoa.api.main import api


def test_every_operation_declares_a_capability_from_the_cap_enum():
    schema = api.get_openapi_schema()
    declared = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared[f"{method.upper()} {path}"] = operation["x-capability"]
    assert declared["GET /api/v1/health"] == PUBLIC
    assert declared["GET /api/v1/me"] == LOGIN
    assert declared["GET /api/v1/households"] == Cap.HOUSEHOLDS_VIEW
    assert declared["PATCH /api/v1/households/{household_id}"] == Cap.HOUSEHOLDS_CHANGE
    allowed = {str(c) for c in Cap} | {PUBLIC, LOGIN}
    assert set(declared.values()) <= allowed
    # the router refuses an operation without one
    from vanhoa.api.framework import Router

    try:
        Router().get("/x")  # type: ignore[call-arg]
    except TypeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("an operation without cap= must not be accepted")


def test_every_api_url_pattern_is_marked_for_the_url_walk():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p.callback
            else:
                yield from walk(p.url_patterns, prefix + str(p.pattern))

    api_views = [(route, cb) for route, cb in walk(get_resolver().url_patterns) if route.startswith("api/v1/")]
    assert len(api_views) > 20
    assert all(getattr(cb, "capability", None) == "api" for _, cb in api_views)


def test_the_openapi_schema_is_public_json_with_bearer_auth(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()
    assert "/api/v1/households" in schema["paths"]


def test_the_docs_page_loads_swagger_from_our_own_static_files(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


def test_health_answers_without_a_token_and_without_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/api/v1/health")
    assert response.json() == {"status": "ok"}


def test_unknown_addresses_and_wrong_methods_answer_in_json(world, api_as):
    client = api_as("ward_head")
    missing = client.get("/khong-co")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong = client.client.delete("/api/v1/households", headers=client.headers)
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"


def test_malformed_json_is_a_422_not_a_crash(world, api_as):
    client = api_as("ward_head")
    response = client.client.post(
        "/api/v1/households", "{not json", content_type="application/json", headers=client.headers
    )
    assert response.status_code in (400, 422)
    assert response.json()["code"] in ("bad_request", "validation_error")


def test_me_tells_the_caller_who_it_acts_as(world, api_as):
    body = api_as("leader_group1").get("/me").json()
    assert body["username"] == "leader_group1" and body["token_name"] == "Cổng thông tin thử nghiệm"
    assert body["roles"] == [
        {
            "role": "group_leader",
            "role_label": "Tổ trưởng / Ban công tác Mặt trận tổ dân phố",
            "unit_id": world.groups[0].pk,
            "unit_name": "Tổ dân phố số 1",
        }
    ]
    assert "households.change" in body["capabilities"] and "users.manage" not in body["capabilities"]


def test_using_a_token_records_when_it_was_last_used(world, api_as):
    from vanhoa.api.models import ApiToken

    client = api_as("ward_head")
    assert ApiToken.objects.get().last_used_at is None
    client.get("/me")
    assert ApiToken.objects.get().last_used_at is not None


def test_a_session_cookie_alone_does_not_open_the_api(world, client_for):
    """The API takes tokens only: a page's session cannot be abused cross-site (no CSRF exposure)."""
    response = client_for(world.users["ward_head"]).get("/api/v1/households")
    assert response.status_code == 401


def test_no_web_page_answers_under_api_v1():
    """The API's addresses are resolved first (config/urls.py): that changes nothing only while no other
    pattern would match an address under /api/v1/."""
    from django.urls import URLResolver, get_resolver
    from django.urls.exceptions import Resolver404

    samples = ["api/v1/households", "api/v1/households/12", "api/v1/", "api/v1/openapi.json", "api/v1/x/y/z"]
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == "api/v1/":
            continue
        for sample in samples:
            try:
                match = pattern.resolve(sample)
            except Resolver404:
                match = None
            assert match is None, (pattern, sample)
