"""Grid staff are positions; whether each is a party member and whether the
grid leader is also the branch secretary (一肩挑) are derived, never typed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grids import selectors, services
from grids.models import PartyBranch
from members import services as people
from members.models import Category
from orgs.kinds import Role
from tests.members.factories import household, member
from tests.world import make_user


@pytest.fixture
def staffed(world):
    """G1: leader is a member and the secretary; G1b: a leader who is not a
    member, a worker who is; G2: a branch whose secretary is not the leader."""
    w = world
    w.leader_member = member(w.leader, w.g1, name="李网格长", category=Category.ORDINARY)
    w.leader_member.user = w.leader
    w.leader_member.save()
    services.branch_set(grid=w.g1, user=w.leader, name="一网格党支部", secretary=w.leader_member)
    w.leader_b = make_user("leader_b", w.g1b, Role.GRID_LEADER)
    w.worker_b = make_user("worker_b", w.g1b, Role.GRID_WORKER)
    linked = member(w.community, w.g1b, name="网格员党员", category=Category.FLOATING)
    linked.user = w.worker_b
    linked.save()
    other = member(w.outsider, w.g2, name="三网格书记")
    services.branch_set(grid=w.g2, user=w.outsider, name="三网格党支部", secretary=other)
    return w


def test_it_counts_branch_coverage_and_one_shoulder(staffed):
    w = staffed
    assert selectors.branch_coverage(unit=w.region) == {
        "grids": 3,
        "with_branch": 2,
        "ratio": 0.667,
    }
    assert selectors.one_shoulder(unit=w.region)["one_shoulder"] == 1
    assert selectors.one_shoulder(unit=w.c1) == {"grids": 2, "one_shoulder": 1, "ratio": 0.5}
    rows = {r["id"]: r for r in selectors.grid_overview_rows(grids=[w.g1, w.g2], user=w.admin)}
    assert rows[w.g1.id]["one_shoulder"] is True and rows[w.g2.id]["one_shoulder"] is False


def test_one_shoulder_follows_the_positions(staffed):
    w = staffed
    # The leader leaves the grid: nothing to retype, the figure follows.
    w.leader.positions.all().delete()
    assert selectors.one_shoulder(unit=w.c1)["one_shoulder"] == 0


def test_it_computes_party_shares_of_leaders_and_workers(staffed):
    w = staffed
    shares = selectors.staff_party_shares(unit=w.c1)
    assert shares[Role.GRID_LEADER] == {"total": 2, "members": 1, "share": 0.5}
    assert shares[Role.GRID_WORKER] == {"total": 2, "members": 1, "share": 0.5}


def test_it_counts_members_by_category_and_visits_per_grid(staffed):
    w = staffed
    h = household(w.leader, w.g1)
    today = datetime.date.today()
    for days in (0, 3, 40):
        people.visit_create(
            household=h, user=w.leader, visited_on=today - datetime.timedelta(days=days), notes="x"
        )
    stats = selectors.members_by_category(unit=w.c1)
    assert stats["total"] == 2 and stats["by_category"]["floating"] == 1
    assert stats["floating_share"] == 0.5
    start = today - datetime.timedelta(days=30)
    assert selectors.visits_by_grid(unit=w.region, start=start, end=today) == {w.g1.id: 2}


def test_it_breaks_the_figures_down_by_child_in_a_few_queries(
    staffed, django_assert_max_num_queries
):
    w = staffed
    with django_assert_max_num_queries(6):
        by_child = selectors.people_stats_by_child(unit=w.region)
    s1, s2 = by_child[w.s1.id], by_child[w.s2.id]
    assert (s1["grids"], s1["with_branch"], s1["one_shoulder"]) == (2, 1, 1)
    assert (s1["leaders"], s1["leaders_members"], s1["workers_members"]) == (2, 1, 1)
    assert (s2["grids"], s2["with_branch"], s2["members"]) == (1, 1, 1)
    assert w.dr.id not in by_child or by_child[w.dr.id]["grids"] == 0


def test_the_figures_cost_the_same_queries_for_any_number_of_grids(
    staffed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        selectors.people_stats(
            unit=staffed.region, start=datetime.date(2024, 1, 1), end=datetime.date.today()
        )


def test_the_secretary_must_be_a_member_of_the_grid(staffed):
    w = staffed
    stranger = PartyBranch.objects.get(grid=w.g2).secretary
    with pytest.raises(ValidationError) as exc:
        services.branch_set(grid=w.g1, user=w.admin, name="一网格党支部", secretary=stranger)
    assert "secretary" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.branch_set(grid=w.g1, user=w.teammate, name="改名")
    assert PartyBranch.objects.get(grid=w.g1).secretary == w.leader_member
