from django.urls import reverse

from grids import services
from tests.members.factories import member
from tests.scoping import Scope


def branch(w):
    w.secretary = member(w.leader, w.g1, name="李书记")
    services.branch_set(grid=w.g1, user=w.leader, name="一网格党支部", secretary=w.secretary)


def _page_lacks(text):
    def check(response, w):
        assert text not in response.content.decode()

    return check


def _results_lack_g1(response, w):
    assert w.g1.id not in {r["id"] for r in response.json()["results"]}


SCOPES = [
    Scope(
        "grid-overview",
        lambda w: reverse("grid-overview"),
        setup=branch,
        sibling_status=200,
        sibling_check=_page_lacks("一网格党支部"),
    ),
    Scope(
        "grid-staff-list",
        lambda w: reverse("grid-staff-list"),
        sibling_status=200,
        sibling_check=_page_lacks("teammate"),
    ),
    Scope("grid-detail", lambda w: reverse("grid-detail", args=[w.g1.id]), setup=branch),
    Scope("grid-branch-edit", lambda w: reverse("grid-branch-edit", args=[w.g1.id]), setup=branch),
    Scope(
        "api-grid-list",
        lambda w: reverse("api-grid-list"),
        setup=branch,
        sibling_status=200,
        sibling_check=_results_lack_g1,
    ),
    Scope("api-grid-detail", lambda w: reverse("api-grid-detail", args=[w.g1.id]), setup=branch),
    Scope(
        "api-grid-stats",
        lambda w: reverse("api-grid-stats") + f"?unit={w.g1.id}",
        setup=branch,
    ),
]
