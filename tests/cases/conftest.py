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
