"""The `count` of a case list: exact from the case counts when the filters are
ones it keeps (unit, status, urgency, category), counted up to a bound
otherwise, with `count_exact` telling which."""

from urllib.parse import urlencode

import pytest
from django.core.management import call_command

from cases import counts, services
from cases.models import Case, CaseTally
from orgs.services import unit_update
from tests.threads import join_all, start_line

from .conftest import file_case, make_case


def _walk(client, url):
    """Every id of a list, page by page, and the first page's body."""
    first = body = client.get(url).json()
    ids = [row["id"] for row in body["results"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        ids += [row["id"] for row in body["results"]]
    return first, ids


@pytest.fixture
def spread(world, cats):
    """Cases in every status at G1, G1b, G2 and one sent to D1."""
    return [
        file_case(world, cats),
        file_case(world, cats, urgency="urgent"),
        file_case(world, cats, grid=world.g1b, user=world.community, category=cats["0101"]),
        file_case(world, cats, grid=world.g2, user=world.outsider, urgency="emergency"),
        make_case(world, cats, at="g1_new", status="closed"),
        make_case(world, cats, at="c1", status="handling"),
        make_case(world, cats, at="s1", status="resolved"),
        make_case(world, cats, at="g1_new", status="cancelled"),
        make_case(world, cats, at="d1", status="handling"),
    ]


QUERIES = [
    "",
    "?status=handling",
    "?status=closed",
    "?urgency=urgent",
    "?category={cat}",
    "?unit={c1}",
    "?unit={g1}&status=reported",
    "?unit={s1}&urgency=normal&status=handling",
    "?unit={region}",
    "?unit={g2}",
]


@pytest.mark.parametrize("who", ["leader", "community", "street", "outsider", "orgdept"])
def test_it_tells_the_exact_count_of_every_filter_the_counts_keep(world, cats, api, spread, who):
    client = api(getattr(world, who))
    for query in QUERIES:
        url = "/api/v1/cases/" + query.format(
            cat=cats["02"].id,
            c1=world.c1.id,
            g1=world.g1.id,
            s1=world.s1.id,
            region=world.region.id,
            g2=world.g2.id,
        )
        response = client.get(url + ("&" if "?" in url else "?") + "page_size=2")
        if response.status_code == 404:  # a unit outside the caller's subtree
            continue
        first, ids = _walk(client, url + ("&" if "?" in url else "?") + "page_size=2")
        assert first["count_exact"] is True, url
        assert first["count"] == len(ids), url


def test_it_counts_a_text_search_up_to_the_bound(world, cats, api, settings):
    settings.GRIDGOV_CASE_COUNT_LIMIT = 2
    for _ in range(3):
        file_case(world, cats, title="路灯不亮")
    file_case(world, cats, title="噪声扰民")
    client = api(world.leader)
    search = "/api/v1/cases/?" + urlencode({"q": "路灯", "page_size": 1})
    body = client.get(search).json()
    # Three match: the answer stops counting at the bound and says so.
    assert (body["count"], body["count_exact"]) == (2, False)
    _, ids = _walk(client, search)
    assert len(ids) == 3
    body = client.get("/api/v1/cases/", {"q": "噪声"}).json()
    assert (body["count"], body["count_exact"]) == (1, True)
    # Filters the counts keep stay exact past the bound.
    body = client.get("/api/v1/cases/").json()
    assert (body["count"], body["count_exact"]) == (4, True)


def test_it_counts_overdue_and_department_lists_by_their_rows(world, cats, api, settings):
    settings.GRIDGOV_CASE_COUNT_LIMIT = 1
    sent = [make_case(world, cats, at="d1", status="handling") for _ in range(2)]
    body = api(world.handler).get("/api/v1/cases/").json()
    assert (body["count"], body["count_exact"]) == (1, False)
    assert {row["id"] for row in body["results"]} == {c.id for c in sent}
    # The outsider sees none of them: zero is exact under any bound.
    body = api(world.outsider).get("/api/v1/cases/?overdue=true").json()
    assert (body["count"], body["count_exact"]) == (0, True)


def test_an_unknown_category_counts_nothing(world, cats, api, spread):
    body = api(world.street).get("/api/v1/cases/?category=999999").json()
    assert (body["count"], body["count_exact"], body["results"]) == (0, True, [])


def test_the_counts_follow_every_action_and_a_moved_subtree(world, cats, spread):
    assert counts.CASE_COUNTS.differences() == []
    case = Case.objects.get(pk=spread[0].pk)
    case = services.case_escalate(case=case, user=world.leader, version=case.version, note="上报")
    services.case_cancel(case=case, user=world.community, version=case.version, reason="重复")
    assert counts.CASE_COUNTS.differences() == []
    unit_update(unit=world.c1, parent=world.s2, code="002")
    assert counts.CASE_COUNTS.differences() == []
    unit_update(unit=world.g1b, parent=world.c2, code="02")
    assert counts.CASE_COUNTS.differences() == []
    # The counts went with the cases: nothing is left at the first street.
    assert sum(CaseTally.objects.filter(unit=world.s1).values_list("n", flat=True)) == 0


def test_the_counts_can_be_verified_and_rebuilt(world, cats, spread, capsys):
    CaseTally.objects.filter(unit=world.g1).update(n=0)
    assert counts.CASE_COUNTS.differences()
    with pytest.raises(Exception, match="differ"):
        call_command("verify_counters", "case_counts")
    call_command("rebuild_counters", "case_counts")
    assert counts.CASE_COUNTS.differences() == []
    call_command("verify_counters", "case_counts")
    assert "0 differences" in capsys.readouterr().out


def test_the_list_page_tells_the_count_from_the_counts(world, cats, spread, client):
    client.force_login(world.street)
    response = client.get(f"/cases/?view=area&unit={world.c1.id}")
    expected = Case.objects.filter(community=world.c1).count()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == expected
    assert len(response.context["page"].object_list) == expected


@pytest.mark.django_db(transaction=True)
def test_the_counts_lose_nothing_under_concurrent_actions(needs_postgres, cats):
    import threading

    from django.db import connection

    from tests.world import build_world

    world = build_world()
    threads_n, each = 6, 4
    start, errors = start_line(threads_n), []

    def work(n):
        try:
            start.wait()
            user, grid = (world.leader, world.g1) if n % 2 else (world.community, world.g1b)
            for i in range(each):
                case = file_case(world, cats, user=user, grid=grid)
                if i % 2:
                    case = services.case_accept(case=case, user=user, version=case.version)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(daemon=True, target=work, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    join_all(threads)
    assert errors == [], [str(e) for e in errors]
    assert counts.CASE_COUNTS.differences() == []
    assert counts.count_cases(units=[world.region]) == threads_n * each
    assert counts.count_cases(units=[world.c1], status="handling") == threads_n * each // 2
