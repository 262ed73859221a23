"""'File a case from this visit' is offered to those who may file a case in
the visit's grid; a reviewer reading the visits would only meet a refusal."""

import datetime

from django.test import Client
from django.urls import reverse

from members import services

from .factories import household


def _page(user, name, *args):
    client = Client()
    client.force_login(user)
    return client.get(reverse(name, args=args)).content.decode()


def test_it_offers_the_case_form_only_to_those_who_file(world):
    h = household(world.leader, world.g1)
    services.visit_create(
        user=world.leader,
        household=h,
        visited_on=datetime.date.today(),
        problems="楼道灯不亮",
    )
    case_form = reverse("case-new") + "?"
    assert case_form in _page(world.leader, "visit-list")
    assert case_form in _page(world.community, "household-detail", h.id)
    reviewer = _page(world.orgdept, "visit-list")
    assert "楼道灯不亮" in reviewer and case_form not in reviewer
    assert case_form not in _page(world.orgdept, "household-detail", h.id)
    # The link leads to the form for those who are offered it.
    client = Client()
    client.force_login(world.leader)
    href = _page(world.leader, "visit-list").split(f'href="{case_form}', 1)[1].split('"', 1)[0]
    assert client.get(case_form + href.replace("&amp;", "&")).status_code == 200
