"""Repeated wrong passwords lock the account and the address (django-axes):
the right password is refused until the lock ends or an administrator
unlocks it in the admin. The same holds for the API's token endpoint."""

from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.world import PASSWORD

LIMIT = 5
LOCKED = "登录失败次数过多，该账号或地址已被暂时锁定。请稍后再试，或请管理员解锁。"
HERE, ELSEWHERE = "198.51.100.7", "198.51.100.8"


def _sign_in(username, password, address=HERE, client=None):
    client = client or Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_it_refuses_the_right_password_after_five_wrong_ones(world):
    for _ in range(LIMIT - 1):
        client, response = _sign_in("leader", "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码错误" in response.content.decode()
    client, response = _sign_in("leader", "wrong-password")
    assert response.status_code == 429
    client, response = _sign_in("leader", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not _signed_in(client)


def test_it_lets_four_failures_and_then_the_right_password_in(world):
    for _ in range(LIMIT - 1):
        _sign_in("leader", "wrong-password")
    client, response = _sign_in("leader", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)
    # Success starts the count again.
    assert not AccessAttempt.objects.filter(username="leader").exists()


def test_it_locks_an_address_that_tries_many_accounts(world):
    for i in range(LIMIT):
        _sign_in(f"guess{i}", "wrong-password")
    client, response = _sign_in("leader", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    client, response = _sign_in("leader", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302
    assert _signed_in(client)


def test_it_lets_an_administrator_unlock_in_the_admin(world):
    for _ in range(LIMIT):
        _sign_in("leader", "wrong-password")
    assert _sign_in("leader", PASSWORD)[1].status_code == 429

    admin = Client()
    world.admin.is_superuser = True
    world.admin.save()
    admin.force_login(world.admin)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "leader" in listing.content.decode()
    attempts = list(AccessAttempt.objects.filter(username="leader").values_list("pk", flat=True))
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    client, response = _sign_in("leader", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_it_locks_the_admin_sign_in_page_too(world):
    client = Client(REMOTE_ADDR=HERE)
    for _ in range(LIMIT):
        client.post(reverse("admin:login"), {"username": "admin", "password": "wrong-password"})
    response = client.post(reverse("admin:login"), {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_it_locks_the_token_endpoint_with_a_json_answer(world, api):
    client = api()
    for _ in range(LIMIT - 1):
        response = client.post(
            reverse("api-token"), {"username": "leader", "password": "nope"}, REMOTE_ADDR=HERE
        )
        assert response.status_code == 400
    client.post(reverse("api-token"), {"username": "leader", "password": "nope"}, REMOTE_ADDR=HERE)
    response = client.post(
        reverse("api-token"), {"username": "leader", "password": PASSWORD}, REMOTE_ADDR=ELSEWHERE
    )
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED}
    assert "token" not in response.json()


def test_it_counts_failures_from_the_address_the_server_saw(world, api):
    # A client cannot escape the address lock by writing X-Forwarded-For.
    for i in range(LIMIT):
        _sign_in(f"guess{i}", "wrong-password")
    client = Client(REMOTE_ADDR=HERE, HTTP_X_FORWARDED_FOR="203.0.113.9")
    _, response = _sign_in("leader", PASSWORD, client=client)
    assert response.status_code == 429
