"""The account page where a user creates and revokes their API tokens."""

import pytest

from vanhoa.api import services
from vanhoa.api.models import ApiToken, hash_token
from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST


def test_creating_a_token_stores_only_its_hash_shows_it_once_and_audits(world, client_for):
    client = client_for(world.users["ward_head"])
    response = client.post("/tai-khoan/khoa-api/", {"action": "create", "name": "Cổng thông tin thành phố"})
    assert response.status_code == 302
    token = ApiToken.objects.get()
    page = client.get("/tai-khoan/khoa-api/").content.decode()
    raw = page.split('id="new-token" class="form-control font-monospace" readonly value="')[1].split('"')[0]
    assert raw.startswith("vh_") and token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert token.prefix == raw[:10] and token.owner == world.users["ward_head"]
    assert raw not in client.get("/tai-khoan/khoa-api/").content.decode()  # once only
    entry = AuditEntry.objects.get(action="api.token.created")
    assert entry.actor == world.users["ward_head"] and entry.object_id == str(token.pk)


def test_a_token_needs_a_name(world, client_for):
    html = client_for(world.users["ward_head"]).post("/tai-khoan/khoa-api/", {"action": "create", "name": "  "})
    assert "Vui lòng đặt tên gợi nhớ cho khóa" in html.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_is_audited_and_only_the_owner_can_revoke(world, client_for):
    token, _ = services.create_token(actor=TEST, owner=world.users["ward_head"], name="Cổng tỉnh")
    other = client_for(world.users["front_officer"]).post(
        "/tai-khoan/khoa-api/", {"action": "revoke", "token": token.pk}
    )
    assert other.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client = client_for(world.users["ward_head"])
    assert client.post("/tai-khoan/khoa-api/", {"action": "revoke", "token": token.pk}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token.revoked", object_id=str(token.pk)).exists()
    assert "Đã thu hồi" in client.get("/tai-khoan/khoa-api/").content.decode()


def test_revoking_twice_is_refused(world):
    token, _ = services.create_token(actor=TEST, owner=world.users["ward_head"], name="Cổng tỉnh")
    services.revoke_token(token, actor=TEST)
    with pytest.raises(services.TokenError, match="đã được thu hồi"):
        services.revoke_token(token, actor=TEST)


def test_the_page_needs_a_login_and_lists_only_ones_own_tokens(world, client_for):
    services.create_token(actor=TEST, owner=world.users["front_officer"], name="Khóa của người khác")
    assert client_for(None).get("/tai-khoan/khoa-api/").status_code == 302
    page = client_for(world.users["ward_head"]).get("/tai-khoan/khoa-api/").content.decode()
    assert "Khóa của người khác" not in page and "Bạn chưa có khóa nào." in page


def test_the_account_menu_links_to_the_page(world, client_for):
    html = client_for(world.users["leader_group1"]).get("/").content.decode()
    assert 'href="/tai-khoan/khoa-api/"' in html and "Khóa truy cập API" in html


def test_the_token_read_of_every_call_finds_what_the_orm_finds(world):
    """auth.usable_token reads the token and its owner in plain SQL on PostgreSQL: the same token, the same
    owner with the same field values, and nothing for a revoked token, an inactive owner or an unknown hash."""
    from vanhoa.api.auth import usable_token

    owner = world.users["ward_head"]
    token, raw = services.create_token(actor=TEST, owner=owner, name="Cổng tỉnh")
    revoked, revoked_raw = services.create_token(actor=TEST, owner=owner, name="Cũ")
    services.revoke_token(revoked, actor=TEST)
    found = usable_token(hash_token(raw))
    expected = ApiToken.objects.usable().select_related("owner").get(pk=token.pk)
    assert found is not None and found.pk == expected.pk and found.name == "Cổng tỉnh"
    assert found.last_used_at == expected.last_used_at and found.prefix == expected.prefix
    fields = [f.attname for f in type(owner)._meta.concrete_fields]
    assert [getattr(found.owner, f) for f in fields] == [getattr(expected.owner, f) for f in fields]
    assert found.owner.is_active is True and found.owner.is_superuser is False
    assert usable_token(hash_token(revoked_raw)) is None
    assert usable_token(hash_token("vh_unknown")) is None
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert usable_token(hash_token(raw)) is None


def test_the_token_read_also_reads_the_roles_and_the_graph_version_as_their_own_reads_do(world, api_as):
    """The same statement reads the owner's active roles (what permissions._memberships reads) and the unit
    graph's version (what tree._version reads): on PostgreSQL the call then asks neither again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vanhoa.accounts.models import Membership
    from vanhoa.accounts.permissions import Role, _memberships, forget
    from vanhoa.api.auth import usable_token
    from vanhoa.units import tree

    if connection.vendor != "postgresql":
        pytest.skip("one statement on PostgreSQL only")
    owner = world.users["ward_head"]
    Membership.objects.create(user=owner, unit=world.groups[2], role=Role.GROUP_LEADER, active=False)
    Membership.objects.create(user=owner, unit=world.city, role=Role.VIEWER)
    _, raw = services.create_token(actor=TEST, owner=owner, name="Cổng tỉnh")
    tree.get_graph()  # built once in this process
    with tree.request_scope():
        found = usable_token(hash_token(raw))
        assert found is not None
        read = sorted(found.owner._vanhoa_memberships, key=str)
        with CaptureQueriesContext(connection) as ctx:
            tree.get_graph()
        assert ctx.captured_queries == []  # the version came with the token
    fresh = type(owner).objects.get(pk=owner.pk)
    forget(fresh)
    assert read == sorted(_memberships(fresh), key=str) and len(read) == 2
    with tree.request_scope():
        usable_token(hash_token(raw))
        tree.bump()  # a change during the request: the primed version is dropped, the next look reads it again
        with CaptureQueriesContext(connection) as ctx:
            tree.get_graph()
        assert len(ctx.captured_queries) >= 1
    assert tree._version() == tree._built[0]
