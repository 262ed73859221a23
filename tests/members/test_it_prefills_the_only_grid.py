"""A grid leader files households in the one grid they lead: the form
starts there. Someone over several grids chooses."""

from django.test import Client
from django.urls import reverse


def _grid_options(user):
    client = Client()
    client.force_login(user)
    page = client.get(reverse("household-new")).content.decode()
    select = page.split('name="grid"', 1)[1].split("</select>", 1)[0]
    return select


def test_it_starts_a_grid_leaders_household_in_their_grid(world):
    select = _grid_options(world.leader)
    assert f'<option value="{world.g1.id}" selected>' in select


def test_it_lets_the_community_choose_among_its_grids(world):
    select = _grid_options(world.community)
    assert "selected" not in select.split("</option>", 1)[1]
    assert f'value="{world.g1.id}"' in select and f'value="{world.g1b.id}"' in select
