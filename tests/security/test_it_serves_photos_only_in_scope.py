"""Case photos are served only through the photo view, which answers for the
case's scope; no address serves the media folder, whatever DEBUG says."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from cases.models import CasePhoto
from tests.cases.conftest import file_case, photo
from tests.test_url_scoping import registered_patterns


def _case_with_photo(world, cats):
    case = file_case(world, cats, photos=[photo("p.png")])
    return case, CasePhoto.objects.get(case=case)


def test_it_has_no_route_for_the_media_folder():
    media = settings.MEDIA_URL.strip("/")
    assert not [route for _, route in registered_patterns() if route.startswith(media)]


def test_it_does_not_serve_the_stored_file_by_its_path(world, cats):
    _, stored = _case_with_photo(world, cats)
    client = Client()
    client.force_login(world.leader)
    response = client.get(settings.MEDIA_URL + stored.image.name)
    assert response.status_code == 404


def test_it_serves_a_photo_to_the_cases_scope_only(world, cats):
    case, stored = _case_with_photo(world, cats)
    url = reverse("api-case-photo", args=[stored.pk])
    leader, outsider = Client(), Client()
    leader.force_login(world.leader)
    outsider.force_login(world.outsider)
    inside = leader.get(url)
    assert inside.status_code == 200
    assert inside["Content-Type"] == "image/png"
    assert inside["Cache-Control"] == "private, max-age=86400"
    assert b"".join(inside.streaming_content).startswith(b"\x89PNG")
    sibling = outsider.get(url)
    assert sibling.status_code == 404
    assert sibling.json() == {"detail": "未找到。"}
    assert Client().get(url).status_code == 401


def test_it_points_pages_and_the_api_at_the_photo_view(world, cats, api):
    case, stored = _case_with_photo(world, cats)
    url = reverse("api-case-photo", args=[stored.pk])
    client = Client()
    client.force_login(world.leader)
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert f'src="{url}"' in page
    assert settings.MEDIA_URL not in page
    detail = api(world.leader).get(f"/api/v1/cases/{case.pk}/").json()
    assert [p.endswith(url) for p in detail["photos"]] == [True]
