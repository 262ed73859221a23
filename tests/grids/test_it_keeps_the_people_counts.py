"""The people counts behind the dashboards' structure and people figures
stays equal to a recount through every kind of write: units, staff
positions, party members, accounts, branches, moves and deletions."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dashboards.selectors import dashboard_figures
from grids import counts
from grids import services as branches
from grids.models import PeopleTally
from members import services as people
from members.models import Category, PartyMember
from orgs.kinds import Role, UnitKind
from orgs.models import Position
from orgs.services import unit_create, unit_update
from tests.dashboards import recount
from tests.members.factories import id_number
from tests.threads import join_all, start_line
from tests.world import make_user

K = UnitKind


def _member(world, unit, **fields):
    return people.member_create(
        user=world.admin, unit=unit, name="党员", id_number=id_number(), **fields
    )


def _figures_match(world, *units):
    for unit in units:
        unit.refresh_from_db()
        figures = dashboard_figures(unit=unit, date_from=_day(), date_to=_day())
        assert figures["structure"] == recount.structure(unit), unit.name
        assert figures["people"] == recount.people(unit), unit.name


def _day():
    from datetime import date

    return date(2026, 1, 1)


def _ok(world):
    assert counts.PEOPLE_COUNTS.differences() == []
    _figures_match(world, world.region, world.s1, world.s2, world.c1, world.g1, world.p1)


def test_it_follows_members_staff_and_branches(world):
    _ok(world)
    leader_member = _member(world, world.g1, category=Category.FLOATING)
    other = _member(world, world.p1, category=Category.ELDERLY)
    _ok(world)
    # The leader's account becomes a party member's: a staff figure and,
    # once the member leads the branch, 一肩挑.
    leader_member.user = world.leader
    leader_member.save(update_fields=["user", "updated_at"])
    _ok(world)
    branches.branch_set(
        grid=world.g1, user=world.admin, name="一网格党支部", secretary=leader_member
    )
    _ok(world)
    assert counts.rows_of([world.g1.pk])[world.g1.pk]["grids_one_shoulder"] == 1
    # A new category and another grid for the second member.
    people.member_update(member=other, user=world.admin, category=Category.IN_SERVICE)
    people.member_update(member=other, user=world.admin, unit=world.g2)
    _ok(world)
    # Staff come and go; a position moves to another grid.
    worker = make_user("worker2", world.g1b, Role.GRID_WORKER)
    _ok(world)
    position = Position.objects.get(user=worker)
    position.unit = world.g2
    position.save()
    _ok(world)
    position.delete()
    _ok(world)
    # The secretary leaves: the branch loses its secretary, 一肩挑 goes.
    leader_member.delete()
    _ok(world)
    branches.branch_remove(grid=world.g1, user=world.admin)
    _ok(world)


def test_it_follows_the_tree(world):
    member = _member(world, world.g1b)
    make_user("g1b_leader", world.g1b, Role.GRID_LEADER)
    branches.branch_set(grid=world.g1b, user=world.admin, name="二网格党支部", secretary=member)
    _ok(world)
    grid = unit_create(parent=world.c2, name="新网格", kind=K.GRID, code="09", households=120)
    group = unit_create(parent=grid, name="新党小组", kind=K.PARTY_GROUP, code="01")
    household = unit_create(parent=group, name="党员中心户", kind=K.MEMBER_HOUSEHOLD, code="01")
    _ok(world)
    unit_update(unit=grid, households=150, population=333)
    _ok(world)
    # Moves: a grid to another community, a community to another street.
    unit_update(unit=world.g1b, parent=world.c2, code="02")
    _ok(world)
    unit_update(unit=world.c1, parent=world.s2, code="002")
    _ok(world)
    # Deleting units takes their counts back from every unit above them.
    household.delete()
    _ok(world)
    group.refresh_from_db()
    group.delete()
    _ok(world)
    grid.refresh_from_db()
    grid.delete()
    _ok(world)
    street = unit_create(parent=world.region, name="三街道", kind=K.STREET, code="03")
    _ok(world)
    street.delete()
    _ok(world)


def test_it_follows_an_account_deleted(world):
    member = _member(world, world.g1)
    member.user = world.teammate
    member.save(update_fields=["user", "updated_at"])
    _ok(world)
    get_user_model().objects.filter(pk=world.teammate.pk).delete()
    assert PartyMember.objects.get(pk=member.pk).user_id is None
    _ok(world)


def test_the_people_counts_can_be_verified_and_rebuilt(world, capsys):
    _member(world, world.g1)
    PeopleTally.objects.filter(unit=world.region, own=False).update(members_ordinary=0)
    assert counts.PEOPLE_COUNTS.differences()
    with pytest.raises(Exception, match="differ"):
        call_command("verify_counters", "people_counts")
    call_command("rebuild_counters", "people_counts")
    call_command("verify_counters", "people_counts")
    assert "0 differences" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_it_loses_nothing_under_concurrent_writes(needs_postgres):
    import threading

    from django.db import connection

    from tests.world import build_world

    world = build_world()
    threads_n, each = 6, 3
    start, errors = start_line(threads_n), []

    def work(n):
        try:
            start.wait()
            grid = (world.g1, world.g1b, world.g2)[n % 3]
            for i in range(each):
                member = _member(world, grid, category=Category.values[i % 5])
                if i == 1:
                    people.member_update(member=member, user=world.admin, unit=world.g1)
                make_user(f"w-{n}-{i}", grid, Role.GRID_WORKER)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(daemon=True, target=work, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    join_all(threads)
    assert errors == [], [str(e) for e in errors]
    assert counts.PEOPLE_COUNTS.differences() == []
    row = counts.rows_of([world.region.pk])[world.region.pk]
    assert sum(row[f"members_{c}"] for c in Category.values) == threads_n * each
