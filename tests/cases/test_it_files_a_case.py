import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from PIL import Image

from cases.models import Case, CaseDeadline, CaseEvent, CasePhoto, Notification
from cases.signals import case_changed
from grid_gov.models import OutboxMessage

from .conftest import file_case, photo


def _payload(world, cats, **extra):
    data = {
        "title": "消防通道被占用",
        "description": "小区消防通道停满私家车。",
        "category": cats["0201"].id,
        "grid": world.g1.id,
        "urgency": "normal",
        "source": "resident",
        "address": "5栋北侧",
    }
    data.update(extra)
    return data


def test_it_files_a_case_at_the_leaders_grid_with_copied_ancestors(world, cats):
    case = file_case(world, cats)
    assert re.fullmatch(r"TQ-\d{4}-000001", case.number)
    assert case.status == "reported"
    assert case.responsible_unit == world.g1
    assert (case.grid_id, case.community_id, case.street_id, case.region_id) == (
        world.g1.id,
        world.c1.id,
        world.s1.id,
        world.region.id,
    )
    assert case.highest_level == "grid"
    assert case.version == 1
    event = case.events.get()
    assert (event.action, event.actor, event.to_status, event.to_unit) == (
        "file",
        world.leader,
        "reported",
        world.g1,
    )


def test_it_numbers_cases_in_sequence_per_region_and_year(world, cats):
    numbers = [file_case(world, cats).number for _ in range(3)]
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == [1, 2, 3]
    assert len(set(numbers)) == 3


def test_it_sets_the_deadline_from_the_category_and_urgency(world, cats):
    # 0204 has no rows of its own: it inherits its top category's (fire: 72 h).
    case = file_case(world, cats, category=cats["0204"])
    assert case.due_at - case.reported_at == timedelta(hours=72)
    assert case.remind_at - case.reported_at == timedelta(hours=72 * 0.8)
    # 0104 has its own urgent row (12 h), beating the parent's 24 h.
    case = file_case(world, cats, category=cats["0104"], urgency="urgent")
    assert case.due_at - case.reported_at == timedelta(hours=12)
    # The table is data: an administrator's edit applies to the next filing.
    CaseDeadline.objects.filter(category=cats["02"], urgency="normal").update(hours=100)
    case = file_case(world, cats, category=cats["0204"])
    assert case.due_at - case.reported_at == timedelta(hours=100)


def test_it_sends_case_changed_with_no_before_on_filing(world, cats):
    seen = []

    def receiver(sender, case, event, before, **kwargs):
        seen.append((case.pk, event.action, before))

    case_changed.connect(receiver)
    try:
        case = file_case(world, cats)
    finally:
        case_changed.disconnect(receiver)
    assert seen == [(case.pk, "file", None)]


def test_it_lets_every_grid_staff_and_office_file_but_not_the_reviewer(world, cats):
    for user in (world.teammate, world.community, world.street, world.admin):
        assert file_case(world, cats, user=user).reporter == user
    with pytest.raises(PermissionDenied):
        file_case(world, cats, user=world.orgdept)
    with pytest.raises(ValidationError) as exc:
        file_case(world, cats, user=world.outsider)
    assert "grid" in exc.value.message_dict
    assert Case.objects.count() == 4


def test_it_files_through_the_api_with_photos(world, cats, api, settings):
    big = BytesIO()
    Image.new("RGB", (4000, 3000), (10, 120, 30)).save(big, "JPEG")
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _payload(
        world,
        cats,
        latitude="22.2712345678",
        longitude="113.5501",
        photos=[
            photo("a.png"),
            SimpleUploadedFile("big.jpg", big.getvalue(), content_type="image/jpeg"),
        ],
    )
    response = api(world.leader).post("/api/v1/cases/", data, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= {"id", "number", "status", "responsible_unit", "due_at", "version"}
    assert body["status"] == "reported"
    assert body["responsible_unit"] == {"id": world.g1.id, "name": "一网格", "kind": "grid"}
    assert body["version"] == 1
    assert len(body["photos"]) == 2
    case = Case.objects.get(pk=body["id"])
    assert str(case.latitude) == "22.271235"
    photos = list(CasePhoto.objects.filter(case=case).order_by("id"))
    assert all(p.event_id == case.events.get().id for p in photos)
    with Image.open(photos[1].image.path) as stored:
        assert max(stored.size) == 1920  # scaled down
    # The photo is served to those who can see the case.
    served = api(world.leader).get(body["photos"][0])
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"


def test_it_files_json_without_photos(world, cats, api):
    response = api(world.community).post(
        "/api/v1/cases/", _payload(world, cats, urgency="urgent"), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["urgency"] == "urgent"
    assert response.json()["reporter"]["id"] == world.community.id


def test_it_notifies_the_community_and_street_of_an_emergency(
    world, cats, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(world, cats, urgency="emergency")
    emergency = Notification.objects.filter(case=case, kind="emergency")
    assert {n.recipient for n in emergency} == {world.community, world.street}
    assert all(case.number in n.text for n in emergency)
    # The grid's other staff hear of the new case; the filer does not.
    assert {n.recipient for n in Notification.objects.filter(case=case, kind="new")} == {
        world.teammate
    }


def test_it_tells_nobody_of_an_emergency_until_the_filing_commits(
    world, cats, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        case = file_case(world, cats, urgency="emergency")
    assert Notification.objects.count() == 0
    # Written with the filing, delivered by the outbox once it commits.
    event = case.events.get()
    assert sorted(
        OutboxMessage.objects.filter(delivered_at__isnull=True).values_list("key", flat=True)
    ) == [f"cases.notify:{event.id}:emergency", f"cases.notify:{event.id}:new"]


def test_it_offers_a_one_screen_form_prefilled_from_the_query(world, cats):
    client = Client()
    client.force_login(world.leader)
    response = client.get(
        "/cases/new/",
        {
            "grid": world.g1.id,
            "address": "7栋302",
            "source": "visit",
            "title": "走访发现漏水",
            "description": "住户反映楼上漏水",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="7栋302"' in page
    assert 'value="走访发现漏水"' in page
    assert "住户反映楼上漏水</textarea>" in page
    assert '<option value="visit" selected>' in page
    assert 'name="photos"' in page and "multiple" in page
    assert "易燃杂物堆放" in page  # the category picker lists leaves


def test_it_ignores_a_prefilled_grid_outside_the_users_area(world, cats):
    client = Client()
    client.force_login(world.outsider)
    response = client.get("/cases/new/", {"grid": world.g1.id})
    assert "一网格" not in response.content.decode()


def test_it_files_from_the_page_and_shows_the_case(world, cats):
    client = Client()
    client.force_login(world.leader)
    data = _payload(world, cats)
    data["photos"] = [photo("p.png")]
    response = client.post("/cases/new/", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.id}/"
    assert case.photos.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert case.number in page and "消防通道被占用" in page


def test_it_shows_page_errors_and_writes_nothing(world, cats, settings):
    client = Client()
    client.force_login(world.leader)
    data = _payload(world, cats, title="", latitude="91")
    response = client.post("/cases/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "errorlist" in page
    assert Case.objects.count() == 0 and CaseEvent.objects.count() == 0


def test_it_refuses_the_filing_page_to_the_reviewer(world, cats):
    client = Client()
    client.force_login(world.orgdept)
    assert client.get("/cases/new/").status_code == 403
