"""The two level figures say different things: the highest level a case was
escalated to (上报), and where it was finished (办结). A dispatch is not an
escalation: a street office sending a case to a district department does
not make it "上报区级", and a case that went up to the street counts under
"上报街道" wherever it was finished.

Eight cases of 一网格, filed in March 2025, each walked by the case services:

    case  its way                                           escalated  finished
    A     grid resolves                                     —          grid
    B     up to the community, which resolves               community  community
    C     up to the street, dispatched to 区城管局           street     department
    D     up to the street, dispatched to 街道执法队          street     department
    E     up to the street, up to the district, resolved    district   district
    F     up to the street, which resolves                  street     street
    G     up to the community, dispatched to 区城管局        community  department
    H     up to the community, still open                   community  —
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from cases import services as s
from dashboards.rollups import ROLLUPS
from orgs.kinds import Role
from tests.dashboards.helpers import at, seeded_categories
from tests.dashboards.pages import read_page
from tests.world import make_user

PERIOD = "from=2025-03-01&to=2025-03-31"


@pytest.fixture
def walked(world):
    w = world
    leaf = seeded_categories()["0204"]
    dr_handler = make_user("dr_handler", w.dr, Role.DEPARTMENT_HANDLER)
    closer = make_user("closer", w.region, Role.ADMIN)
    clock = [at(2025, 3, 2, 9)]

    def t():
        clock[0] += timedelta(minutes=10)
        return clock[0]

    def file():
        return s.case_file(
            user=w.leader,
            grid=w.g1,
            category=leaf,
            title="楼道堆放杂物",
            description="3栋楼道堆放纸箱，堵塞消防通道。",
            at=t(),
        )

    def up(case, user):
        return s.case_escalate(
            case=case, user=user, version=case.version, note="需上级协调", at=t()
        )

    def down(case, user, unit):
        return s.case_dispatch(case=case, user=user, version=case.version, to_unit=unit, at=t())

    def finish(case, user):
        case = s.case_accept(case=case, user=user, version=case.version, at=t())
        case = s.case_resolve(case=case, user=user, version=case.version, result="已处理", at=t())
        return s.case_close(
            case=case, user=closer, version=case.version, satisfaction="satisfied", at=t()
        )

    finish(file(), w.leader)  # A
    finish(up(file(), w.leader), w.community)  # B
    finish(down(up(up(file(), w.leader), w.community), w.street, w.dr), dr_handler)  # C
    finish(down(up(up(file(), w.leader), w.community), w.street, w.d1), w.handler)  # D
    finish(up(up(up(file(), w.leader), w.community), w.street), w.admin)  # E
    finish(up(up(file(), w.leader), w.community), w.street)  # F
    finish(down(up(file(), w.leader), w.community, w.dr), dr_handler)  # G
    up(file(), w.leader)  # H
    assert ROLLUPS.differences() == []
    return w


LEVELS = {
    "reported": 8,
    "self_handled": 1,
    "escalated_community": 3,
    "escalated_street": 3,
    "escalated_district": 1,
    "closed": 7,
    "finished_grid": 1,
    "finished_community": 1,
    "finished_street": 1,
    "finished_district": 1,
    "finished_department": 3,
}


def test_it_answers_the_api_with_both_level_figures(walked, api):
    w = walked
    for unit in (w.g1, w.c1, w.s1, w.region):
        response = api(w.admin).get(f"/api/v1/dashboard/?unit={unit.id}&{PERIOD}")
        assert response.status_code == 200
        cases = response.json()["cases"]
        assert {k: cases[k] for k in LEVELS} == LEVELS, unit.name
    # The other street's office sees none of it.
    other = api(w.admin).get(f"/api/v1/dashboard/?unit={w.s2.id}&{PERIOD}").json()["cases"]
    assert {k: other[k] for k in LEVELS} == dict.fromkeys(LEVELS, 0)


def test_it_shows_both_on_the_page_and_in_the_ranking(walked):
    w = walked
    client = Client()
    client.force_login(w.street)
    page = read_page(client.get(reverse("dashboard-unit", args=[w.c1.id]) + "?" + PERIOD))
    assert {k: page.figures[k] for k in LEVELS} == {k: str(v) for k, v in LEVELS.items()}
    # Reported, self-handled share, to community, to street, to district,
    # closed, finished at grid, community, street, district, departments.
    ranking = {row[1]: row[7:18] for row in page.tables["children"]}
    assert ranking == {
        "一网格": ["8", "12.5%", "3", "3", "1", "7", "1", "1", "1", "1", "3"],
        "二网格": ["0", "—", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
    }
    summary = dict(row for row in page.tables["summary"])
    assert [
        (label, summary[label])
        for label in (
            "网格自办自结",
            "上报社区（村）",
            "上报街道（镇）",
            "上报区级",
            "本期办结",
            "网格办结",
            "社区办结",
            "街道办结",
            "区级办结",
            "部门办结",
        )
    ] == [
        ("网格自办自结", "1"),
        ("上报社区（村）", "3"),
        ("上报街道（镇）", "3"),
        ("上报区级", "1"),
        ("本期办结", "7"),
        ("网格办结", "1"),
        ("社区办结", "1"),
        ("街道办结", "1"),
        ("区级办结", "1"),
        ("部门办结", "3"),
    ]
