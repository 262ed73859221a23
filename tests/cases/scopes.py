from datetime import timedelta

from django.urls import reverse

from cases.models import CaseCategory, CaseDeadline, CasePhoto, Notification
from cases.seed import seed_categories
from tests.scoping import Scope

from .conftest import make_case, photo


def _case(at="g1_new", status="reported", **extra):
    def setup(w):
        seed_categories(CaseCategory, CaseDeadline)
        cats = {c.code: c for c in CaseCategory.objects.all()}
        w.case = make_case(w, cats, at=at, status=status, **extra)

    return setup


def _not_urged(response, w):
    from cases.models import CaseEvent

    assert not CaseEvent.objects.filter(case=w.case, action="urge").exists()


def _with_photo(w):
    _case(photos=[photo()])(w)
    w.photo = CasePhoto.objects.get(case=w.case)


def _with_notification(w):
    _case()(w)
    w.note = Notification.objects.create(
        recipient=w.leader, case=w.case, kind="new", text="一网格有新事件", key="scope-1"
    )


def _with_duplicate(w):
    _case()(w)
    from cases import services

    w.other = services.case_file(
        user=w.leader,
        grid=w.g1,
        category=w.case.category,
        title="同一问题",
        description="重复上报",
    )


def _with_extension(w):
    _case()(w)
    from cases import services

    w.case = services.case_request_extension(
        case=w.case,
        user=w.leader,
        version=w.case.version,
        due_at=w.case.due_at + timedelta(days=3),
        reason="需协调物业",
    )


def _lacks_case(response, w):
    ids = {row["id"] for row in response.json()["results"]}
    assert w.case.id not in ids


def _page_lacks(text):
    def check(response, w):
        assert text(w) not in response.content.decode()

    return check


def _still_unread(response, w):
    w.note.refresh_from_db()
    assert w.note.read_at is None


def _action(name, user, at, status, also_outside=(), **data):
    return Scope(
        f"api-case-{name}",
        lambda w: reverse(f"api-case-{name}", args=[w.case.id]),
        user=user,
        method="post",
        data=lambda w: {"version": w.case.version, **(data(w) if callable(data) else data)},
        setup=_case(at, status),
        also_outside=also_outside,
    )


SCOPES = [
    Scope(
        "api-case-list",
        lambda w: reverse("api-case-list"),
        setup=_case(),
        sibling_status=200,
        sibling_check=_lacks_case,
    ),
    Scope("api-case-detail", lambda w: reverse("api-case-detail", args=[w.case.id]), setup=_case()),
    _action("accept", "leader", "g1_new", "reported", also_outside=("street2", "handler")),
    _action("escalate", "leader", "g1_new", "reported", note="上报"),
    Scope(
        "api-case-dispatch",
        lambda w: reverse("api-case-dispatch", args=[w.case.id]),
        user="community",
        method="post",
        data=lambda w: {"version": w.case.version, "to_unit": w.g1b.id},
        setup=_case("c1"),
        also_outside=("street2",),
    ),
    _action("return", "community", "c1", "reported", note="退回"),
    _action("resolve", "leader", "g1_new", "handling", result="已处理"),
    _action("close", "leader", "g1_new", "resolved", satisfaction="satisfied"),
    _action("reopen", "community", "c1", "closed", note="重办"),
    _action("cancel", "community", "c1", "reported", reason="不属实"),
    _action("urge", "community", "g1_new", "reported", note="请尽快"),
    _action(
        "request_extension",
        "leader",
        "g1_new",
        "reported",
        due_at="2099-01-01T09:00:00+08:00",
        reason="需协调",
    ),
    Scope(
        "api-case-merge",
        lambda w: reverse("api-case-merge", args=[w.case.id]),
        user="community",
        method="post",
        data=lambda w: {"version": w.case.version, "into": w.other.id},
        setup=_with_duplicate,
    ),
    Scope(
        "api-case-decide_extension",
        lambda w: reverse("api-case-decide_extension", args=[w.case.id]),
        user="community",
        method="post",
        data=lambda w: {"version": w.case.version, "grant": True},
        setup=_with_extension,
    ),
    Scope(
        "case-extension-list",
        lambda w: reverse("case-extension-list"),
        user="community",
        setup=_with_extension,
        sibling_status=200,
        sibling_check=_page_lacks(lambda w: "需协调物业"),
    ),
    Scope(
        "api-case-photo",
        lambda w: reverse("api-case-photo", args=[w.photo.id]),
        setup=_with_photo,
    ),
    Scope(
        "api-case-category-list",
        lambda w: reverse("api-case-category-list"),
        sibling_status=200,
    ),
    Scope(
        "case-list",
        lambda w: reverse("case-list") + "?view=area",
        setup=_case(),
        sibling_status=200,
        sibling_check=_page_lacks(lambda w: w.case.number),
    ),
    Scope(
        "case-new",
        lambda w: reverse("case-new") + f"?grid={w.g1.id}",
        sibling_status=200,
        sibling_check=_page_lacks(lambda w: "一网格"),
    ),
    Scope("case-detail", lambda w: reverse("case-detail", args=[w.case.id]), setup=_case()),
    Scope(
        "case-reveal",
        lambda w: reverse("case-reveal", args=[w.case.id]),
        method="post",
        setup=_case(resident_phone="13812345678"),
    ),
    Scope(
        "api-case-reveal",
        lambda w: reverse("api-case-reveal", args=[w.case.id]),
        method="post",
        setup=_case(resident_phone="13812345678"),
    ),
    Scope(
        "case-bulk-urge",
        lambda w: reverse("case-bulk-urge"),
        user="street",
        sibling="street2",
        method="post",
        data=lambda w: {"case": [w.case.id], "note": "请尽快处理"},
        ok=302,
        sibling_status=302,
        sibling_check=_not_urged,
        setup=_case(),
    ),
    Scope(
        "case-action",
        lambda w: reverse("case-action", args=[w.case.id, "accept"]),
        method="post",
        data=lambda w: {"version": w.case.version},
        ok=302,
        setup=_case(),
    ),
    Scope(
        "case-notification-list",
        lambda w: reverse("case-notification-list"),
        setup=_with_notification,
        sibling_status=200,
        sibling_check=_page_lacks(lambda w: w.note.text),
    ),
    Scope(
        "case-notification-read",
        lambda w: reverse("case-notification-read"),
        method="post",
        data=lambda w: {"id": w.note.id},
        setup=_with_notification,
        ok=302,
        sibling_status=302,
        sibling_check=_still_unread,
    ),
]
