"""The home page shows each role its work: grid staff their counts and the
big button to file a case, offices also the most overdue and supervised
cases, the organization department its headline figures and links; every
page carries the phone's tab bar with what the role has."""

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from cases import services
from cases.models import Case
from members import services as people
from tests.members.factories import household

from .conftest import file_case

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="(\w+)"><strong>([^<]+)</strong>', html)) | dict(
        re.findall(r'<strong data-figure="(\w+)">(\d+)</strong>', html)
    )


def _tabbar(html: str) -> list[str]:
    bar = re.search(r'<nav class="tabbar".*?</nav>', html, re.S).group(0)
    return re.findall(r'href="([^"]+)"', bar)


def test_it_counts_the_grid_leaders_work(world, cats):
    with time_machine.travel(T0, tick=False):
        late = file_case(world, cats, title="超期事件", urgency="emergency")
        soon = file_case(world, cats, title="即将到期", urgency="urgent")
        file_case(world, cats, title="刚上报")
        up = file_case(world, cats, title="已上报社区")
        services.case_escalate(case=up, user=world.leader, version=up.version, note="上报")
    due = {c.pk: c.due_at for c in Case.objects.filter(pk__in=[late.pk, soon.pk])}
    # Past the emergency deadline, within a day of the urgent one.
    now = due[late.pk] + timedelta(minutes=5)
    assert due[soon.pk] - now < timedelta(hours=24)
    h = household(world.leader, world.g1, address="幸福路1号")
    with time_machine.travel(now, tick=False):
        people.visit_create(
            user=world.leader, household=h, visited_on=timezone.localdate(), notes="老人身体尚可"
        )
        html = _home(world.leader)
    assert _figures(html) == {
        "todo": "3",
        "due_soon": "1",
        "overdue": "1",
        "reported_open": "4",
        "visits_mine": "1",
        "visits_area": "1",
    }
    assert 'class="button primary big-file" href="/cases/new/"' in html
    assert 'href="/cases/?view=reported"' in html
    assert 'data-home="headline"' not in html
    assert _tabbar(html) == ["/", "/cases/", "/cases/new/", "/households/", "/me/"]
    # The teammate filed nothing and logged no visit.
    with time_machine.travel(now, tick=False):
        theirs = _figures(_home(world.teammate))
    assert theirs["reported_open"] == "0" and theirs["visits_mine"] == "0"
    assert theirs["visits_area"] == "1" and theirs["todo"] == "3"


def test_it_lists_the_offices_overdue_and_supervised_cases(world, cats):
    with time_machine.travel(T0, tick=False):
        case = file_case(world, cats, title="路面塌陷", urgency="emergency")
        case = services.case_escalate(
            case=case, user=world.leader, version=case.version, note="无法处置"
        )
        case = services.case_escalate(
            case=case, user=world.community, version=case.version, note="社区无法处置"
        )
    Case.objects.filter(pk=case.pk).update(supervised_at=T0 + timedelta(hours=30))
    with time_machine.travel(T0 + timedelta(hours=40), tick=False):
        html = _home(world.street)
    assert _figures(html)["todo"] == "1"
    assert _figures(html)["overdue"] == "1"
    overdue, supervised = re.findall(
        r"<h2>(?:超期最久|督办中)</h2>\s*<ul[^>]*>(.*?)</ul>", html, re.S
    )
    assert f'href="/cases/{case.pk}/"' in overdue
    assert f'href="/cases/{case.pk}/"' in supervised
    # Another street sees none of it.
    other = _home(world.street2)
    assert f"/cases/{case.pk}/" not in other
    assert _figures(other)["todo"] == "0"


def test_it_gives_the_organization_department_its_figures_and_links(world, cats):
    file_case(world, cats)
    html = _home(world.orgdept)
    assert 'data-home="cases"' not in html
    assert 'data-home="headline"' in html
    assert f'href="/dashboard/{world.region.pk}/"' in html
    assert f'href="/dashboard/{world.region.pk}/?print=1"' in html
    assert re.search(r"<strong>1</strong>上报事件", html)


def test_it_offers_a_department_only_its_tabs(world, cats):
    html = _home(world.handler)
    assert _tabbar(html) == ["/", "/cases/", "/me/"]
    assert "big-file" not in html


def test_it_keeps_desk_pages_out_of_the_phones_menu(world):
    client = Client()
    client.force_login(world.street)
    html = client.get("/me/").content.decode()
    for path in ("/imports/", "/dashboard/", "/transfers/"):
        link = re.search(rf'<a href="{path}"[^>]*>', html)
        assert link and 'class="wide-only"' in link.group(0), path
    assert re.search(r'<a href="/visits/">', html)
    assert "退出登录" in html
