"""Rows copy their region/street/community/grid ids; moving a subtree
re-copies them inside the tree lock."""

from members import services
from members.models import DualReport, Household, PartyMember, Resident, Visit
from orgs.services import unit_move, unit_update

from .factories import household, member, resident


def test_moving_a_community_moves_its_people_with_it(world):
    h = household(world.leader, world.g1, party_group=world.p1)
    r = resident(world.leader, h)
    v = services.visit_create(
        household=h, user=world.leader, visited_on=h.created_at.date(), notes="x"
    )
    m = member(world.leader, world.p1, category="in_service")
    services.dual_report_set(
        member=m,
        user=world.leader,
        community_unit=world.c1,
        workplace="单位",
        reported_on=h.created_at.date(),
    )
    unit_update(unit=world.c1, parent=world.s2, code="002")
    for model, pk in [(Household, h.pk), (Resident, r.pk), (Visit, v.pk), (PartyMember, m.pk)]:
        row = model.objects.get(pk=pk)
        assert (row.street_id, row.community_id, row.grid_id) == (
            world.s2.pk,
            world.c1.pk,
            world.g1.pk,
        ), model
    report = DualReport.objects.get(member=m)
    assert report.street_id == world.s2.pk
    assert list(Household.objects.visible_to(world.street2)) == [h]
    assert Household.objects.visible_to(world.street).count() == 0


def test_moving_a_building_to_another_grid_moves_its_households(world):
    h = household(world.leader, world.g1, party_group=world.p1)
    unit_move(unit=world.p1, new_parent=world.g1b)
    h.refresh_from_db()
    assert h.grid_id == world.g1b.pk
