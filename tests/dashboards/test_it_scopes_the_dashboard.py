"""A user sees the dashboard of their own subtree only, API and pages alike."""

from django.test import Client
from django.urls import reverse

from tests.dashboards.helpers import at, categories, file_case


def _page(user, name, *args, query=""):
    client = Client()
    client.force_login(user)
    return client.get(reverse(name, args=args) + query)


def test_it_answers_404_outside_the_subtree_in_the_api(world, api):
    for user, unit in [
        (world.leader, world.c1),  # a grid leader sees their grid only
        (world.leader, world.g1b),  # not even the grid next door
        (world.community, world.s1),  # never above the own root
        (world.street, world.region),
        (world.street2, world.g1),
    ]:
        response = api(user).get(reverse("api-dashboard") + f"?unit={unit.id}")
        assert response.status_code == 404, (user, unit)
    # Unknown and out of scope read alike: nothing tells that a unit exists.
    outside = api(world.leader).get(reverse("api-dashboard") + f"?unit={world.c1.id}").json()
    unknown = api(world.leader).get(reverse("api-dashboard") + "?unit=999999").json()
    assert outside["detail"].replace(str(world.c1.id), "N") == unknown["detail"].replace(
        "999999", "N"
    )


def test_it_answers_404_outside_the_subtree_on_the_pages(world):
    assert _page(world.leader, "dashboard-unit", world.c1.id).status_code == 404
    assert _page(world.leader, "dashboard-export", world.c1.id, "children").status_code == 404
    assert _page(world.street2, "assessment-unit", world.g1.id).status_code == 404
    assert _page(world.street2, "assessment-export", world.s1.id).status_code == 404
    assert _page(world.teammate, "assessment-enter", world.g2.id).status_code == 404


def test_it_shows_each_user_their_own_subtree(world, api):
    cats = categories()
    file_case(
        grid=world.g1, category=cats["fire"], reporter=world.leader, reported_at=at(2025, 2, 3)
    )
    file_case(
        grid=world.g2, category=cats["trash"], reporter=world.outsider, reported_at=at(2025, 2, 4)
    )
    period = "&from=2025-01-01&to=2025-12-31"
    own = api(world.street).get(reverse("api-dashboard") + f"?unit={world.s1.id}{period}").json()
    assert own["cases"]["reported"] == 1
    assert [c["name"] for c in own["children"]] == ["一社区"]  # the department is not ranked
    # No unit: the caller's own area.
    mine = api(world.leader).get(reverse("api-dashboard") + f"?{period[1:]}").json()
    assert mine["unit"]["id"] == world.g1.id
    assert mine["cases"]["reported"] == 1
    district = api(world.orgdept).get(reverse("api-dashboard") + f"?unit={world.region.id}{period}")
    assert district.json()["cases"]["reported"] == 2
    assert {c["name"] for c in district.json()["children"]} == {"一街道", "二街道"}


def test_it_refuses_a_role_without_dashboards_with_403(world, api):
    response = api(world.handler).get(reverse("api-dashboard") + f"?unit={world.d1.id}")
    assert response.status_code == 403
    assert _page(world.handler, "dashboard-unit", world.d1.id).status_code == 403


def test_it_needs_credentials(world, api):
    assert api().get(reverse("api-dashboard")).status_code == 401
    response = Client().get(reverse("dashboard-unit", args=[world.g1.id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_never_shows_a_breadcrumb_above_the_own_root(world):
    html = _page(world.street, "dashboard-unit", world.c1.id).content.decode()
    crumbs = html.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert "一街道" in crumbs and "测试区" not in crumbs
    html = _page(world.orgdept, "dashboard-unit", world.c1.id).content.decode()
    assert "测试区" in html.split('class="breadcrumb"')[1].split("</nav>")[0]


def test_it_exports_only_the_rows_of_the_page(world):
    from io import BytesIO

    from openpyxl import load_workbook

    response = _page(world.street, "dashboard-export", world.region.id, "children")
    assert response.status_code == 404
    response = _page(
        world.orgdept,
        "dashboard-export",
        world.s1.id,
        "children",
        query="?from=2025-01-01&to=2025-03-31",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "一社区" in values and "三社区" not in values


def test_it_tells_a_user_without_dashboards_so(world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="pw-123456-x")
    for user in (nobody, world.handler):
        response = _page(user, "dashboard")
        assert response.status_code == 200
        assert "没有可查看的数据看板" in response.content.decode()
