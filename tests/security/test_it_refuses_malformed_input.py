"""Malformed input anywhere in the API is a 400 or 404 with a JSON message,
never a server error: NUL characters, ids that are not numbers, numbers out
of range, oversized bodies, coordinates off the globe."""

import functools
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from orgs.models import OrgUnit
from tests.test_url_scoping import registered_patterns

# Values no form would send, for every query parameter an endpoint documents
# (and `q` and `page` everywhere).
BAD_VALUES = ["a\x00b", "abc", "99999999999999999999", "-1", "²", "2026-02-30"]
BAD_IDS = ["abc", "1.5", "99999999999999999999", "²", "1%00"]


@functools.cache
def _documented_params() -> dict[str, set[str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    params = {}
    for path, operations in schema["paths"].items():
        names = {"q", "page"}
        for operation in operations.values():
            names |= {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        params[path] = names
    return params


def _params_of(route: str) -> set[str]:
    return _documented_params().get(route, {"q", "page"})


def _api_routes():
    for name, route in registered_patterns():
        if route.startswith("api/v1/"):
            yield name, "/" + route.replace("^", "").replace("$", "")


def _list_routes():
    return [(n, r) for n, r in _api_routes() if "<" not in r and "(?P" not in r]


def _detail_routes():
    return [(n, r) for n, r in _api_routes() if "<" in r or "(?P" in r]


def _with_id(route: str, value: str) -> str:
    return re.sub(r"\(\?P<\w+>[^)]*\)|<[^>]+>", value, route)


def _assert_refused_with_json(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json"), (
            f"{what}: {response.status_code} {response['Content-Type']}"
        )
        assert response.json(), what


@pytest.mark.parametrize("name,route", _list_routes(), ids=[n for n, _ in _list_routes()])
def test_it_answers_every_bad_query_parameter_with_a_4xx(world, api, name, route):
    client = api(world.admin)
    for param in sorted(_params_of(route)):
        for value in BAD_VALUES:
            what = f"GET {route}?{param}={value!r}"
            response = client.get(route, {param: value})
            _assert_refused_with_json(response, what)
            if "\x00" in value:
                assert response.status_code == 400, what


@pytest.mark.parametrize("name,route", _detail_routes(), ids=[n for n, _ in _detail_routes()])
def test_it_answers_every_bad_id_with_a_404(world, api, name, route):
    client = api(world.admin)
    for value in BAD_IDS:
        path = _with_id(route, value)
        for method in ("get", "post"):
            response = getattr(client, method)(path, {}, format="json")
            what = f"{method.upper()} {path}"
            assert response.status_code in (404, 405), f"{what}: {response.status_code}"
            assert response["Content-Type"].startswith("application/json"), what


def test_it_answers_a_non_numeric_grid_with_404(world, api):
    response = api(world.leader).get("/api/v1/grids/abc/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


@pytest.mark.parametrize(
    "path", ["/api/v1/people-search/", "/api/v1/households/", "/api/v1/members/"]
)
def test_it_refuses_a_nul_in_the_search_of_people(world, api, path):
    response = api(world.leader).get(path + "?q=%00")
    assert response.status_code == 400
    assert response.json() == {"detail": "查询参数中含有空字符（NUL）。"}


def test_it_refuses_a_nul_in_a_json_body_and_writes_nothing(world, api):
    before = OrgUnit.objects.count()
    response = api(world.admin).post(
        reverse("api-unit-list"),
        {"name": "新\x00网格", "kind": "grid", "parent": world.g1.parent_id},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容中含有空字符（NUL）。"}
    assert OrgUnit.objects.count() == before


def test_it_refuses_a_nul_in_a_page_query_with_the_400_page(world, client):
    client.force_login(world.leader)
    response = client.get("/?q=%00")
    assert response.status_code == 400
    assert "查询参数中含有空字符（NUL）。" in response.content.decode()


def test_it_answers_an_oversized_json_body_with_413_json(world, api, settings):
    body = '{"title": "' + "长" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 10) + '"}'
    response = api(world.leader).post(
        "/api/v1/cases/", body.encode(), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "请求大于 2.5 MB。"}


def test_it_answers_an_oversized_upload_with_413_json(world, api, settings):
    settings.GRIDGOV_REQUEST_MAX_BYTES = 1000
    response = api(world.leader).post("/api/v1/cases/", {"title": "x" * 2000}, format="multipart")
    assert response.status_code == 413
    assert response.json()["detail"].startswith("请求大于")


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("latitude", "999", "请确保该值小于或者等于 90。"),
        ("latitude", "-90.5", "请确保该值大于或者等于 -90。"),
        ("longitude", "180.000001", "请确保该值小于或者等于 180。"),
        ("longitude", "abc", "请填写合法的数字。"),
    ],
)
def test_it_refuses_a_unit_off_the_globe(world, api, field, value, message):
    response = api(world.admin).post(
        reverse("api-unit-list"),
        {
            "name": "新网格",
            "code": "G-NEW",
            "kind": "grid",
            "parent": world.g1.parent_id,
            field: value,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not OrgUnit.objects.filter(name="新网格").exists()


def test_it_refuses_a_stored_unit_off_the_globe_in_the_model_too(world):
    world.g1.latitude = 999
    with pytest.raises(ValidationError) as refused:
        world.g1.full_clean()
    assert set(refused.value.message_dict) == {"latitude"}


def test_it_keeps_a_unit_on_the_globe(world, api):
    response = api(world.admin).patch(
        reverse("api-unit-detail", args=[world.g1.pk]),
        {"latitude": "-90", "longitude": "180"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["latitude"], response.json()["longitude"]) == (
        "-90.000000",
        "180.000000",
    )
