from django.urls import reverse
from knox.models import AuthToken

from tests.world import PASSWORD


def test_it_gives_a_token_for_the_right_password(world, api):
    response = api().post(
        reverse("api-token"), {"username": "leader", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = api().get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json()["username"] == "leader"


def test_it_answers_a_wrong_password_like_an_unknown_user(world, api):
    wrong = api().post(reverse("api-token"), {"username": "leader", "password": "nope"})
    unknown = api().post(reverse("api-token"), {"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()
    assert AuthToken.objects.count() == 0


def test_it_names_missing_fields(world, api):
    response = api().post(reverse("api-token"), {}, format="json")
    assert response.status_code == 400
    assert {"username", "password"} <= set(response.json())


def test_it_rejects_a_bad_token(world, api):
    response = api().get(reverse("api-me"), HTTP_AUTHORIZATION="Token 0000")
    assert response.status_code == 401
