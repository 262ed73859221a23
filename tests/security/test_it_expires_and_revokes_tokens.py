"""API tokens (django-rest-knox): a new one on every sign-in, valid for ten
hours, revoked one at a time or all at once."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from knox.models import AuthToken

from tests.world import PASSWORD


def _token(api, username="leader"):
    response = api().post(reverse("api-token"), {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()


def _me(api, token):
    return api().get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {token}").status_code


def test_it_gives_a_different_token_on_every_sign_in(world, api):
    first, second = _token(api), _token(api)
    assert first["token"] != second["token"]
    assert _me(api, first["token"]) == _me(api, second["token"]) == 200
    # Only a digest is stored, never the token itself.
    assert not AuthToken.objects.filter(digest=first["token"]).exists()


def test_it_says_when_the_token_expires(world, api):
    body = _token(api)
    expiry = parse_datetime(body["expiry"])
    assert abs(expiry - (timezone.now() + timedelta(hours=10))) < timedelta(minutes=1)


def test_it_refuses_a_token_after_ten_hours(world, api):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = _token(api)["token"]
    with time_machine.travel(start + timedelta(hours=9, minutes=59), tick=False):
        assert _me(api, token) == 200
    with time_machine.travel(start + timedelta(hours=10, minutes=1), tick=False):
        assert _me(api, token) == 401
    assert not AuthToken.objects.filter(user=world.leader).exists()


def test_it_revokes_the_token_on_logout_and_keeps_the_others(world, api):
    phone, laptop = _token(api)["token"], _token(api)["token"]
    response = api().post(reverse("api-logout"), HTTP_AUTHORIZATION=f"Token {phone}")
    assert response.status_code == 204
    assert _me(api, phone) == 401
    assert _me(api, laptop) == 200


def test_it_revokes_every_token_of_the_caller_on_logout_all(world, api):
    phone, laptop = _token(api)["token"], _token(api)["token"]
    teammate = _token(api, "teammate")["token"]
    response = api().post(reverse("api-logout-all"), HTTP_AUTHORIZATION=f"Token {phone}")
    assert response.status_code == 204
    assert _me(api, phone) == _me(api, laptop) == 401
    assert _me(api, teammate) == 200


def test_it_answers_a_malformed_token_with_401(world, api):
    for header in ("Token \u00e9\u00e9\u00e9", "Token a\x00b", "Token ../../x", "Token"):
        response = api().get(reverse("api-me"), HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response.json()["detail"]
