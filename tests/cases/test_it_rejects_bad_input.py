"""Bad input: 400 with a message per field, and nothing written — no case,
no event, no photo row, no file on disk, no number handed out."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case, CaseCounter, CaseEvent, CasePhoto

from .conftest import act, make_case, media_files, photo


def _payload(world, cats, **extra):
    data = {
        "title": "路灯损坏",
        "description": "小区主干道三盏路灯不亮。",
        "category": cats["0603"].id,
        "grid": world.g1.id,
        "urgency": "normal",
        "source": "grid_patrol",
        "address": "主干道",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def _nothing_written(settings):
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert CasePhoto.objects.count() == 0
    assert CaseCounter.objects.count() == 0
    assert media_files(settings) == []


BAD_FIELDS = [
    ("title", {"title": None}),
    ("title", {"title": "  "}),
    ("title", {"title": "长" * 101}),
    ("description", {"description": None}),
    ("description", {"description": "字" * 2001}),
    ("address", {"address": "址" * 201}),
    ("category", {"category": 999999}),
    ("category", {"category": "abc"}),
    ("category", {"category": "PARENT"}),  # a non-leaf
    ("grid", {"grid": None}),
    ("grid", {"grid": "G2"}),  # outside the leader's area
    ("grid", {"grid": "C1"}),  # a unit that is not a grid
    ("urgency", {"urgency": "whenever"}),
    ("source", {"source": "rumour"}),
    ("latitude", {"latitude": "91"}),
    ("latitude", {"latitude": "north"}),
    ("longitude", {"longitude": "-180.5"}),
    ("resident_phone", {"resident_phone": "1" * 21}),
]


@pytest.mark.parametrize(("field", "change"), BAD_FIELDS)
def test_it_rejects_a_bad_field_when_filing(world, cats, api, settings, field, change):
    change = dict(change)
    if change.get("category") == "PARENT":
        change["category"] = cats["02"].id
    if change.get("grid") == "G2":
        change["grid"] = world.g2.id
    if change.get("grid") == "C1":
        change["grid"] = world.c1.id
    data = _payload(world, cats, **change)
    if change.get(field, "") is None:
        data.pop(field, None)
    data["photos"] = [photo("ok.png")]
    response = api(world.leader).post("/api/v1/cases/", data, format="multipart")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert all(isinstance(m, str) and m for m in response.json()[field])
    _nothing_written(settings)


def test_it_rejects_a_file_that_is_not_an_image(world, cats, api, settings):
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a jpeg", content_type="image/jpeg")
    data = _payload(world, cats, photos=[photo("ok.png"), fake])
    response = api(world.leader).post("/api/v1/cases/", data, format="multipart")
    assert response.status_code == 400
    assert "virus.jpg" in response.json()["photos"][0]
    _nothing_written(settings)


def test_it_rejects_an_image_of_another_format(world, cats, api, settings):
    gif = SimpleUploadedFile("a.gif", b"GIF89a" + b"\x00" * 40, content_type="image/gif")
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    gif = SimpleUploadedFile("a.gif", out.getvalue(), content_type="image/gif")
    response = api(world.leader).post(
        "/api/v1/cases/", _payload(world, cats, photos=[gif]), format="multipart"
    )
    assert response.status_code == 400
    assert "photos" in response.json()
    _nothing_written(settings)


def test_it_rejects_a_photo_over_the_size_limit(world, cats, api, settings):
    settings.GRIDGOV_PHOTO_MAX_BYTES = 200
    big = photo("big.png", size=(400, 400))
    response = api(world.leader).post(
        "/api/v1/cases/", _payload(world, cats, photos=[big]), format="multipart"
    )
    assert response.status_code == 400
    assert "big.png" in response.json()["photos"][0]
    _nothing_written(settings)


def test_it_rejects_more_than_nine_photos(world, cats, api, settings):
    photos = [photo(f"{i}.png") for i in range(10)]
    response = api(world.leader).post(
        "/api/v1/cases/", _payload(world, cats, photos=photos), format="multipart"
    )
    assert response.status_code == 400
    assert "photos" in response.json()
    _nothing_written(settings)


def test_it_rejects_malformed_json(world, cats, api, settings):
    response = api(world.leader).post(
        "/api/v1/cases/", data='{"title": "x",', content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    _nothing_written(settings)


def test_it_reports_every_bad_field_at_once(world, cats, api, settings):
    response = api(world.leader).post(
        "/api/v1/cases/",
        {"title": "", "category": 0, "grid": world.g2.id, "latitude": 100},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"title", "description", "category", "grid", "latitude"}
    _nothing_written(settings)


def test_it_writes_nothing_when_the_transaction_fails_after_photos_were_stored(
    world, cats, settings
):
    """A failure inside the filing's transaction (here a receiver of the
    change signal) rolls the rows back and removes the stored files."""
    from cases.signals import case_changed

    from .conftest import file_case

    def explode(**kwargs):
        raise RuntimeError("rollup unavailable")

    case_changed.connect(explode)
    try:
        with pytest.raises(RuntimeError):
            file_case(world, cats, photos=[photo("a.png"), photo("b.png")])
    finally:
        case_changed.disconnect(explode)
    assert Case.objects.count() == 0 and CasePhoto.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("accept", {"version": "x"}, "version"),
        ("escalate", {"note": ""}, "note"),
        ("escalate", {"note": "长" * 2001}, "note"),
        ("dispatch", {"note": "x"}, "to_unit"),
        ("dispatch", {"to_unit": 999999}, "to_unit"),
        ("return", {}, "note"),
        ("cancel", {"reason": ""}, "reason"),
        ("merge", {"note": "重复"}, "into"),
        ("merge", {"into": "x"}, "into"),
        ("request_extension", {"reason": "需协调"}, "due_at"),
        ("request_extension", {"due_at": "明天", "reason": "需协调"}, "due_at"),
        ("request_extension", {"due_at": "2099-01-01T00:00:00+08:00"}, "reason"),
    ],
)
def test_it_rejects_bad_action_input_and_changes_nothing(
    world, cats, api, settings, action, data, field
):
    case = make_case(world, cats, at="c1")
    events = CaseEvent.objects.count()
    if field != "version":
        data = {"version": case.version, **data}
    response = api(world.community).post(f"/api/v1/cases/{case.id}/{action}/", data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    after = Case.objects.get(pk=case.pk)
    assert (after.version, after.status, after.responsible_unit_id) == (
        case.version,
        case.status,
        case.responsible_unit_id,
    )
    assert CaseEvent.objects.count() == events


def test_it_rejects_a_dispatch_to_a_unit_outside_the_targets(world, cats, api):
    case = make_case(world, cats, at="c1")
    # G2 exists, but lies under another street: not a place C1 dispatches to.
    response = act(api(world.community), case, "dispatch", to_unit=world.g2.id)
    assert response.status_code == 400
    assert "to_unit" in response.json()
    assert Case.objects.get(pk=case.pk).responsible_unit == world.c1


def test_it_rejects_bad_after_photos_and_keeps_no_file(world, cats, api, settings):
    case = make_case(world, cats, at="g1_new", status="handling")
    before = media_files(settings)
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = act(api(world.leader), case, "resolve", result="已处理", photos=[photo(), fake])
    assert response.status_code == 400
    assert "photos" in response.json()
    assert Case.objects.get(pk=case.pk).status == "handling"
    assert media_files(settings) == before
