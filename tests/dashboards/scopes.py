from django.urls import reverse

from dashboards.models import AssessmentItem, AssessmentResult
from dashboards.services import assessment_publish
from tests.scoping import Scope


def _redirects_to_own(unit_attr):
    def check(response, w):
        assert response["Location"] == reverse("dashboard-unit", args=[getattr(w, unit_attr).id])

    return check


def _publish(w):
    from tests.dashboards.helpers import ensure_checklist

    ensure_checklist()
    assessment_publish(year=2025, quarter=1)


def _result_of(unit_attr):
    return lambda w: reverse(
        "api-assessment-detail",
        args=[AssessmentResult.objects.get(unit=getattr(w, unit_attr), year=2025, quarter=1).pk],
    )


def _score(w):
    from tests.dashboards.helpers import ensure_checklist

    ensure_checklist()
    item = AssessmentItem.objects.filter(auto_source="", for_grids=True).first()
    return {"unit": w.g1.id, "quarter": "2025Q1", "item": item.id, "points": str(item.max_points)}


SCOPES = [
    Scope(
        "dashboard",
        lambda w: reverse("dashboard"),
        ok=302,
        sibling_status=302,
        sibling_check=_redirects_to_own("g2"),
    ),
    Scope("dashboard-unit", lambda w: reverse("dashboard-unit", args=[w.g1.id])),
    Scope(
        "dashboard-unit",
        lambda w: reverse("dashboard-unit", args=[w.s1.id]),
        user="street",
        sibling="street2",
    ),
    Scope(
        "dashboard-export",
        lambda w: reverse("dashboard-export", args=[w.c1.id, "children"]),
        user="community",
    ),
    Scope("assessment-unit", lambda w: reverse("assessment-unit", args=[w.g1.id])),
    Scope(
        "assessment-unit",
        lambda w: reverse("assessment-unit", args=[w.s1.id]),
        user="street",
        sibling="street2",
    ),
    Scope("assessment-export", lambda w: reverse("assessment-export", args=[w.g1.id])),
    Scope(
        "assessment-enter", lambda w: reverse("assessment-enter", args=[w.g1.id]), user="community"
    ),
    Scope(
        "assessment-publish",
        lambda w: reverse("assessment-publish", args=[w.s1.id]),
        user="admin",
        sibling="street2",
        method="post",
        data=lambda w: {"quarter": "2025Q1"},
        ok=302,
        setup=lambda w: _publish(w),
    ),
    Scope("api-dashboard", lambda w: reverse("api-dashboard") + f"?unit={w.g1.id}"),
    Scope(
        "api-dashboard",
        lambda w: reverse("api-dashboard") + f"?unit={w.c1.id}&from=2025-01-01&to=2025-03-31",
        user="community",
    ),
    Scope(
        "api-assessment-list",
        lambda w: reverse("api-assessment-list") + f"?unit={w.c1.id}",
        user="community",
        setup=_publish,
    ),
    Scope("api-assessment-detail", _result_of("g1"), setup=_publish),
    Scope(
        "api-assessment-score",
        lambda w: reverse("api-assessment-score"),
        user="community",
        method="post",
        data=_score,
        ok=201,
    ),
]
