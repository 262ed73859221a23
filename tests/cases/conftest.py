import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases import services
from cases.models import CaseCategory, CaseDeadline
from cases.seed import seed_categories


@pytest.fixture
def cats(db):
    """The seeded category tree (a transactional test elsewhere may have
    flushed what the migration loaded)."""
    seed_categories(CaseCategory, CaseDeadline)
    return {c.code: c for c in CaseCategory.objects.all()}


def png_bytes(size=(40, 30), color=(200, 30, 30), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def photo(name="photo.png", **kwargs) -> SimpleUploadedFile:
    fmt = kwargs.pop("fmt", "PNG")
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, png_bytes(fmt=fmt, **kwargs), content_type=content_type)


def file_case(world, cats, *, user=None, grid=None, urgency="normal", **extra):
    """A case filed through the service, as the grid leader by default."""
    values = {
        "title": "楼道堆放杂物",
        "description": "3栋2单元楼道堆放大量纸箱，堵塞消防通道。",
        "category": cats["0204"],
        "address": "3栋2单元",
        "source": "grid_patrol",
    }
    values.update(extra)
    return services.case_file(
        user=user or world.leader, grid=grid or world.g1, urgency=urgency, **values
    )


@pytest.fixture
def filed(world, cats):
    return file_case(world, cats)


def act(client, case, action, **data):
    """POST an action through the API with the version the case has now."""
    from cases.models import Case

    data.setdefault("version", Case.objects.get(pk=case.pk).version)
    fmt = "multipart" if "photos" in data else "json"
    return client.post(f"/api/v1/cases/{case.pk}/{action}/", data, format=fmt)


def make_case(world, cats, *, at="g1", status="reported", **extra):
    """A case filed at G1 by the leader, then driven by the district admin
    (who covers everything) to sit at `at` in `status`; closed by the street
    office (the resolver does not record the satisfaction).

    at: "g1" (sent back down by C1, so it has a sender), "g1_new" (just
    filed), "c1", "s1", "d1" (dispatched by S1), "region".
    """
    from cases import services
    from cases.models import Case

    w = world
    case = file_case(w, cats, **extra)

    def run(fn, **kw):
        nonlocal case
        case = fn(case=case, user=w.admin, version=Case.objects.get(pk=case.pk).version, **kw)

    if at != "g1_new":
        run(services.case_escalate, note="网格无法处置")
        if at == "g1":
            run(services.case_dispatch, to_unit=w.g1, note="请网格处置")
        elif at in ("s1", "d1", "region"):
            run(services.case_escalate, note="社区无法处置")
            if at == "d1":
                run(services.case_dispatch, to_unit=w.d1, note="请执法队处置")
            elif at == "region":
                run(services.case_escalate, note="街道无法处置")
    if status in ("handling", "resolved", "closed"):
        run(services.case_accept)
    if status in ("resolved", "closed"):
        run(services.case_resolve, result="已处置")
    if status == "closed":
        # The follow-up is someone other than the resolver: the street office
        # covers every place but the district's own.
        assert at != "region", "no one but the resolver covers the district here"
        case = services.case_close(
            case=case,
            user=w.street,
            version=Case.objects.get(pk=case.pk).version,
            satisfaction="satisfied",
        )
    if status == "cancelled":
        run(services.case_cancel, reason="不属实")
    return Case.objects.get(pk=case.pk)


def media_files(settings) -> list:
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
