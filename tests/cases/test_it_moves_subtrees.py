from cases.models import Case
from orgs.services import unit_update

from .conftest import file_case, make_case


def test_it_recopies_ancestors_when_a_community_moves_to_another_street(world, cats, api):
    here = file_case(world, cats)
    there = make_case(world, cats, at="c1", grid=world.g1b, user=world.community)
    untouched = file_case(world, cats, grid=world.g2, user=world.outsider)
    unit_update(unit=world.c1, parent=world.s2, code="002")  # 001 is taken there
    for case in (here, there):
        case = Case.objects.get(pk=case.pk)
        assert (case.street_id, case.community_id, case.region_id) == (
            world.s2.id,
            world.c1.id,
            world.region.id,
        )
    assert Case.objects.get(pk=untouched.pk).street_id == world.s2.id
    # Scoping follows: the second street now sees them, the first no longer.
    ids = {row["id"] for row in api(world.street2).get("/api/v1/cases/").json()["results"]}
    assert ids == {here.id, there.id, untouched.id}
    assert api(world.street).get("/api/v1/cases/").json()["count"] == 0


def test_it_recopies_when_a_grid_moves_to_another_community(world, cats):
    case = file_case(world, cats, grid=world.g1b, user=world.community)
    unit_update(unit=world.g1b, parent=world.c2, code="02")
    case.refresh_from_db()
    assert (case.grid_id, case.community_id, case.street_id) == (
        world.g1b.id,
        world.c2.id,
        world.s2.id,
    )
