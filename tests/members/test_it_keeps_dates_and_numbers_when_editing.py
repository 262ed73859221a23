"""Editing a person or a household in the pages keeps what the form did not
change: dates reach the browser's date picker in ISO form (anything else
shows an empty field, and saving would wipe the date), and an ID number or
phone left blank stays on file, as the form's help text promises."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from grids.models import PartyBranch
from members.models import Category, PartyMember

from .factories import household, member, resident

JOINED = datetime.date(2001, 7, 1)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


class _FormReader(HTMLParser):
    """What a browser submits for a page's forms: inputs, selects, textareas.
    A date input whose value is not an ISO date is empty in a browser."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file", "checkbox"):
            value = a.get("value") or ""
            if a.get("type") == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                value = ""
            self.data[name] = value
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            self.data.setdefault(name, []).append(a.get("value", "on"))
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.strip("\n")


def form_values(response):
    reader = _FormReader()
    main = response.content.decode().split("<main", 1)[1]
    reader.feed(main.split('action="/i18n/', 1)[0])
    reader.data.pop("csrfmiddlewaretoken", None)
    return reader.data


@pytest.fixture
def m(world):
    return member(
        world.leader,
        world.g1,
        name="周党员",
        category=Category.ORDINARY,
        joined_on=JOINED,
        phone="13800138000",
    )


def test_it_shows_the_joining_date_in_the_date_picker(world, m):
    page = client_for(world.leader).get(reverse("member-edit", args=[m.id]))
    html = page.content.decode()
    assert 'type="date" name="joined_on" value="2001-07-01"' in html


def test_it_keeps_date_and_phone_when_the_member_form_is_saved_unchanged(world, m):
    client = client_for(world.leader)
    page = client.get(reverse("member-edit", args=[m.id]))
    response = client.post(reverse("member-edit", args=[m.id]), form_values(page))
    assert response.status_code == 302
    m = PartyMember.objects.get(pk=m.pk)
    assert m.joined_on == JOINED
    assert m.phone == "13800138000"


def test_it_keeps_a_residents_phone_left_blank(world):
    h = household(world.leader, world.g1)
    r = resident(world.leader, h, phone="13900139000")
    response = client_for(world.leader).post(
        reverse("resident-edit", args=[r.id]), {"name": "李四改", "relation": r.relation}
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert (r.name, r.phone) == ("李四改", "13900139000")


def test_it_offers_todays_date_for_a_visit_and_a_ledger_entry(world, m):
    client = client_for(world.leader)
    today = datetime.date.today().isoformat()
    h = household(world.leader, world.g1)
    visit_form = client.get(reverse("household-detail", args=[h.id])).content.decode()
    assert f'name="visited_on" value="{today}"' in visit_form
    ledger_form = client.get(reverse("member-detail", args=[m.id])).content.decode()
    assert f'name="on" value="{today}"' in ledger_form


def test_it_keeps_the_branch_founding_date(world):
    PartyBranch.objects.update_or_create(
        grid=world.g1, defaults={"name": "一网格党支部", "founded_on": datetime.date(2019, 5, 4)}
    )
    page = client_for(world.community).get(reverse("grid-branch-edit", args=[world.g1.id]))
    assert 'name="founded_on" value="2019-05-04"' in page.content.decode()


def test_it_draws_labels_without_a_trailing_colon(world, m):
    html = client_for(world.leader).get(reverse("member-edit", args=[m.id])).content.decode()
    assert '<label for="id_name">姓名</label>' in html
