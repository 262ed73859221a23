from django.urls import reverse

from cases.models import CaseCategory, CaseDeadline
from cases.seed import seed_categories
from intake.models import IntakeReport
from tests.cases.conftest import file_case
from tests.scoping import Scope

from .conftest import IN_G1, give_boundaries, receive


def _report(w):
    seed_categories(CaseCategory, CaseDeadline)
    give_boundaries(w)
    w.cats = {c.code: c for c in CaseCategory.objects.all()}
    w.report = receive(category=w.cats["0401"])


def _with_photo(w):
    from tests.cases.conftest import photo

    seed_categories(CaseCategory, CaseDeadline)
    give_boundaries(w)
    w.report = receive(photo=photo())


def _page_lacks_report(response, w):
    assert w.report.receipt not in response.content.decode()


def _with_case(w):
    _report(w)
    w.case = file_case(w, w.cats)


def _lacks_report(response, w):
    assert w.report.id not in [row["id"] for row in response.json()["results"]]


def _still_pending(response, w):
    assert IntakeReport.objects.get(pk=w.report.pk).status == "pending"


def _move(name, data, setup=_report):
    return Scope(
        f"api-intake-{name}",
        lambda w: reverse(f"api-intake-{name}", args=[w.report.id]),
        method="post",
        data=data,
        setup=setup,
        sibling_check=_still_pending,
    )


SCOPES = [
    Scope(
        "api-intake-list",
        lambda w: reverse("api-intake-list"),
        setup=_report,
        sibling_status=200,
        sibling_check=_lacks_report,
    ),
    Scope(
        "api-intake-detail",
        lambda w: reverse("api-intake-detail", args=[w.report.id]),
        setup=_report,
    ),
    _move("accept", lambda w: {}),
    _move("merge", lambda w: {"case": w.case.id}, setup=_with_case),
    _move("decline", lambda w: {"reason": "不属实"}),
    Scope(
        "api-locate",
        lambda w: reverse("api-locate") + f"?lat={IN_G1[0]}&lng={IN_G1[1]}",
        setup=give_boundaries,
    ),
    Scope(
        "api-map",
        lambda w: reverse("api-map") + f"?unit={w.g1.id}",
        setup=_report,
    ),
    Scope("map", lambda w: reverse("map") + f"?unit={w.g1.id}", setup=give_boundaries),
    Scope(
        "intake-list",
        lambda w: reverse("intake-list"),
        setup=_report,
        sibling_status=200,
        sibling_check=_page_lacks_report,
    ),
    Scope("intake-detail", lambda w: reverse("intake-detail", args=[w.report.id]), setup=_report),
    Scope("intake-photo", lambda w: reverse("intake-photo", args=[w.report.id]), setup=_with_photo),
    Scope(
        "intake-move",
        lambda w: reverse("intake-move", args=[w.report.id, "decline"]),
        method="post",
        data=lambda w: {"reason": "不属实"},
        setup=_report,
        ok=302,
        sibling_check=_still_pending,
    ),
    Scope(
        "intake-import",
        lambda w: reverse("intake-import"),
        setup=_report,
        sibling_status=200,
        sibling_check=_page_lacks_report,
    ),
]
