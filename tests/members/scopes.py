"""Scoping tests of every people URL: in-scope user OK, the sibling subtree
404 (or sees nothing), anonymous 401/redirect."""

import io

from django.urls import reverse

from members import imports
from members.models import ImportJob, ImportStatus
from tests.scoping import Scope

from .factories import household, id_number, member, resident, xlsx


def people(w):
    """A member, a household with a resident and a visit, all in G1."""
    from members import services

    w.member = member(w.leader, w.g1, name="王党员", phone="13812345678")
    w.household = household(w.leader, w.g1, address="一网格幸福路1号")
    w.resident = resident(w.leader, w.household, name="赵居民", phone="13900001111")
    w.visit = services.visit_create(
        household=w.household, user=w.leader, visited_on=w.member.created_at.date(), notes="ok"
    )


def job(w):
    people(w)
    content = xlsx(
        ["姓名", "身份证号", "性别", "党员类别", "所属支部/党小组编码", "入党日期", "手机号"],
        [["钱新", id_number(), "", "普通党员", "TQ/01/001/01", "", ""]],
    )
    upload = io.BytesIO(content)
    upload.name = "members.xlsx"
    check = imports.import_start(user=w.leader, kind="members", upload=upload)
    w.job = check.job
    assert w.job is not None and w.job.status == ImportStatus.READY


def transfer(w):
    """A grid leader in G1b files G1's resident: a transfer for C1 to decide."""
    from members import services
    from members.models import PersonTransfer
    from orgs.kinds import Role
    from tests.world import make_user

    people(w)
    neighbour = make_user("neighbour", w.g1b, Role.GRID_LEADER)
    h = household(neighbour, w.g1b, address="二网格1号")
    services.resident_create(
        household=h, user=neighbour, name="赵居民", relation="head", id_number=w.resident.id_number
    )
    w.transfer = PersonTransfer.objects.get()


def _lacks_transfer(response, w):
    assert f'data-transfer="{w.transfer.id}"' not in response.content.decode()


def done_job(w):
    job(w)
    ImportJob.objects.filter(pk=w.job.pk).update(status=ImportStatus.DONE)


def _page_lacks(text):
    def check(response, w):
        assert text not in response.content.decode()

    return check


def _results_lack(key="results"):
    def check(response, w):
        assert response.json()[key] == []

    return check


def _search_empty(response, w):
    data = response.json()
    assert data["households"] == [] and data["residents"] == [] and data["members"] == []


def _xlsx_lacks(text):
    def check(response, w):
        from .factories import read_xlsx

        headers, rows = read_xlsx(response.content)
        assert text not in str(rows)

    return check


SCOPES = [
    # Person transfers: decided by the office covering both places (C1 here).
    Scope(
        "transfer-list",
        lambda w: reverse("transfer-list"),
        user="community",
        sibling="street2",
        setup=transfer,
        sibling_status=200,
        sibling_check=_lacks_transfer,
    ),
    Scope(
        "transfer-decide",
        lambda w: reverse("transfer-decide", args=[w.transfer.id]),
        user="community",
        sibling="street2",
        method="post",
        data=lambda w: {"decision": "approve"},
        ok=302,
        setup=transfer,
    ),
    # Party members (leader and outsider both grid leaders with VIEW_PARTY_MEMBERS).
    Scope(
        "member-list",
        lambda w: reverse("member-list"),
        setup=people,
        sibling_status=200,
        sibling_check=_page_lacks("王党员"),
    ),
    Scope("member-new", lambda w: reverse("member-new"), sibling_status=200),
    Scope(
        "member-dual-report-list",
        lambda w: reverse("member-dual-report-list"),
        setup=people,
        sibling_status=200,
        sibling_check=_page_lacks("王党员"),
    ),
    Scope("member-detail", lambda w: reverse("member-detail", args=[w.member.id]), setup=people),
    Scope("member-edit", lambda w: reverse("member-edit", args=[w.member.id]), setup=people),
    Scope(
        "member-reveal",
        lambda w: reverse("member-reveal", args=[w.member.id]),
        setup=people,
        method="post",
    ),
    Scope(
        "member-score-add",
        lambda w: reverse("member-score-add", args=[w.member.id]),
        setup=people,
        method="post",
        data=lambda w: {"on": "2024-01-02", "points": 5, "reason": "志愿服务"},
        ok=302,
    ),
    Scope(
        "member-dual-report",
        lambda w: reverse("member-dual-report", args=[w.member.id]),
        setup=people,
    ),
    Scope("member-pioneer", lambda w: reverse("member-pioneer", args=[w.member.id]), setup=people),
    # Households.
    Scope(
        "household-list",
        lambda w: reverse("household-list"),
        setup=people,
        sibling_status=200,
        sibling_check=_page_lacks("幸福路1号"),
    ),
    Scope("household-new", lambda w: reverse("household-new"), sibling_status=200),
    Scope(
        "household-search",
        lambda w: reverse("household-search") + "?q=赵居民",
        setup=people,
        sibling_status=200,
        sibling_check=_page_lacks("household-"),
    ),
    Scope(
        "household-detail",
        lambda w: reverse("household-detail", args=[w.household.id]),
        setup=people,
    ),
    Scope(
        "household-edit", lambda w: reverse("household-edit", args=[w.household.id]), setup=people
    ),
    Scope("resident-new", lambda w: reverse("resident-new", args=[w.household.id]), setup=people),
    Scope("visit-new", lambda w: reverse("visit-new", args=[w.household.id]), setup=people),
    Scope("resident-edit", lambda w: reverse("resident-edit", args=[w.resident.id]), setup=people),
    Scope(
        "resident-reveal",
        lambda w: reverse("resident-reveal", args=[w.resident.id]),
        setup=people,
        method="post",
    ),
    Scope(
        "visit-list",
        lambda w: reverse("visit-list"),
        setup=people,
        sibling_status=200,
        sibling_check=_page_lacks("幸福路1号"),
    ),
    # Excel.
    Scope("import-index", lambda w: reverse("import-index"), sibling_status=200),
    Scope(
        "import-upload", lambda w: reverse("import-upload", args=["members"]), sibling_status=200
    ),
    Scope(
        "import-template",
        lambda w: reverse("import-template", args=["members"]),
        sibling_status=200,
    ),
    Scope(
        "import-download",
        lambda w: reverse("import-download", args=["households"]),
        setup=people,
        sibling_status=200,
        sibling_check=_xlsx_lacks("幸福路1号"),
    ),
    Scope("import-detail", lambda w: reverse("import-detail", args=[w.job.id]), setup=job),
    Scope(
        "import-confirm",
        lambda w: reverse("import-confirm", args=[w.job.id]),
        setup=job,
        method="post",
        ok=302,
    ),
    Scope("import-progress", lambda w: reverse("import-progress", args=[w.job.id]), setup=job),
    # API.
    Scope(
        "api-member-list",
        lambda w: reverse("api-member-list"),
        setup=people,
        sibling_status=200,
        sibling_check=_results_lack(),
    ),
    Scope(
        "api-member-detail",
        lambda w: reverse("api-member-detail", args=[w.member.id]),
        setup=people,
    ),
    Scope(
        "api-member-reveal",
        lambda w: reverse("api-member-reveal", args=[w.member.id]),
        setup=people,
        method="post",
    ),
    Scope(
        "api-member-scores",
        lambda w: reverse("api-member-scores", args=[w.member.id]),
        setup=people,
    ),
    Scope(
        "api-household-list",
        lambda w: reverse("api-household-list"),
        setup=people,
        sibling_status=200,
        sibling_check=_results_lack(),
    ),
    Scope(
        "api-household-detail",
        lambda w: reverse("api-household-detail", args=[w.household.id]),
        setup=people,
    ),
    Scope(
        "api-resident-list",
        lambda w: reverse("api-resident-list"),
        setup=people,
        sibling_status=200,
        sibling_check=_results_lack(),
    ),
    Scope(
        "api-resident-detail",
        lambda w: reverse("api-resident-detail", args=[w.resident.id]),
        setup=people,
    ),
    Scope(
        "api-resident-reveal",
        lambda w: reverse("api-resident-reveal", args=[w.resident.id]),
        setup=people,
        method="post",
    ),
    Scope(
        "api-visit-list",
        lambda w: reverse("api-visit-list"),
        setup=people,
        sibling_status=200,
        sibling_check=_results_lack(),
    ),
    Scope(
        "api-visit-detail", lambda w: reverse("api-visit-detail", args=[w.visit.id]), setup=people
    ),
    Scope(
        "api-people-search",
        lambda w: reverse("api-people-search") + "?q=赵居民",
        setup=people,
        sibling_status=200,
        sibling_check=_search_empty,
    ),
]
