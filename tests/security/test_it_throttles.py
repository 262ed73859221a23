"""Rate limits on the API: the token endpoint per address, writes per user;
over the rate a 429 with a Chinese message and Retry-After."""

import re

import pytest
from django.urls import reverse

from grid_gov.settings import base
from tests.world import PASSWORD


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"write": "3/minute", "token": "3/minute"},
    }


def test_it_ships_rates_a_person_never_reaches():
    assert base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {
        "write": "120/minute",
        "token": "20/minute",
    }


def test_it_answers_a_burst_of_token_requests_with_429(world, api, low_rates):
    client = api()
    answers = [
        client.post(reverse("api-token"), {"username": "leader", "password": PASSWORD}).status_code
        for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    response = client.post(reverse("api-token"), {"username": "leader", "password": PASSWORD})
    assert response.status_code == 429
    assert re.fullmatch(r"请求过于频繁，请在 \d+ 秒后重试。", response.json()["detail"])
    assert 0 < int(response["Retry-After"]) <= 60


def test_it_counts_token_requests_per_address(world, api, low_rates):
    client = api()
    for _ in range(3):
        client.post(reverse("api-token"), {"username": "leader", "password": PASSWORD})
    other = client.post(
        reverse("api-token"),
        {"username": "leader", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.20",
    )
    assert other.status_code == 200


def test_it_limits_writes_per_user_and_leaves_reads_alone(world, api, low_rates):
    leader = api(world.leader)
    # A refused write counts like any other: the rate is about requests.
    for _ in range(3):
        assert leader.post("/api/v1/cases/", {}, format="json").status_code == 400
    response = leader.post("/api/v1/cases/", {}, format="json")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("请求过于频繁")
    for _ in range(5):
        assert leader.get(reverse("api-me")).status_code == 200
    # Another user has a count of their own.
    assert api(world.teammate).post(reverse("api-logout")).status_code == 204
