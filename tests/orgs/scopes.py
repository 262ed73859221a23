from django.urls import reverse

from tests.scoping import Scope


def _not_in_results(unit_attr):
    def check(response, w):
        ids = {row["id"] for row in response.json()["results"]}
        assert getattr(w, unit_attr).id not in ids

    return check


def _page_lacks(text):
    def check(response, w):
        assert text not in response.content.decode()

    return check


def _own_positions_only(response, w):
    assert [p["unit"]["id"] for p in response.json()["positions"]] == [w.g2.id]


SCOPES = [
    Scope(
        "home", lambda w: reverse("home"), sibling_status=200, sibling_check=_page_lacks("一网格")
    ),
    Scope("me", lambda w: reverse("me"), sibling_status=200, sibling_check=_page_lacks("一网格")),
    Scope("unit-detail", lambda w: reverse("unit-detail", args=[w.g1.id])),
    Scope("unit-children", lambda w: reverse("unit-children", args=[w.c1.id]), user="community"),
    Scope(
        "api-me",
        lambda w: reverse("api-me"),
        sibling_status=200,
        sibling_check=_own_positions_only,
    ),
    Scope(
        "api-unit-list",
        lambda w: reverse("api-unit-list") + f"?parent={w.c1.id}",
        user="community",
        sibling_status=200,
        sibling_check=_not_in_results("g1"),
    ),
    Scope("api-unit-detail", lambda w: reverse("api-unit-detail", args=[w.g1.id])),
    Scope("api-schema", lambda w: reverse("api-schema"), sibling_status=200),
    Scope("api-docs", lambda w: reverse("api-docs"), sibling_status=200),
]
