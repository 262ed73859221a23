"""Photos are refused by their pixel count before any pixel is decoded, and a
request holds a bounded number of files and bytes."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases.models import Case, CasePhoto
from tests.cases.conftest import photo


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels and holds none: whatever
    decoded it would fail, so a refusal naming the pixels came from the
    header alone."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IEND", b"")


def png_bomb(side: int) -> bytes:
    """A real black side × side one-bit PNG: tens of kilobytes on the wire,
    side² pixels once decoded."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )


def _payload(world, cats, **extra):
    return {
        "title": "消防通道被占用",
        "description": "小区消防通道停满私家车。",
        "category": cats["0201"].id,
        "grid": world.g1.id,
        "urgency": "normal",
        "source": "resident",
        "address": "5栋北侧",
        **extra,
    }


def test_it_refuses_a_decompression_bomb_with_400_and_files_nothing(world, cats, api):
    bomb = png_bomb(12_000)
    assert len(bomb) < 500_000
    upload = SimpleUploadedFile("bomb.png", bomb, content_type="image/png")
    response = api(world.leader).post(
        "/api/v1/cases/", _payload(world, cats, photos=[upload]), format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"photos": ["bomb.png 像素过多：请不要超过 40 百万像素。"]}
    assert Case.objects.count() == 0
    assert CasePhoto.objects.count() == 0


def test_it_refuses_by_the_header_alone_before_decoding(world, cats, api):
    # 8,000 × 6,000 = 48 million: over the limit, under Pillow's own guard.
    upload = SimpleUploadedFile("wide.png", png_header_only(8_000, 6_000), content_type="image/png")
    response = api(world.leader).post(
        "/api/v1/cases/", _payload(world, cats, photos=[upload]), format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"photos": ["wide.png 像素过多：请不要超过 40 百万像素。"]}


def test_it_sets_pillows_own_guard_to_the_same_limit(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.GRIDGOV_PHOTO_MAX_PIXELS == 40_000_000


def test_it_still_takes_a_photo_within_the_limit(world, cats, api):
    response = api(world.leader).post(
        "/api/v1/cases/",
        _payload(world, cats, photos=[photo("ok.png", size=(800, 600))]),
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["photos"]) == 1


def test_it_refuses_too_many_files_in_one_request(world, cats, api):
    photos = [photo(f"p{i}.png") for i in range(11)]
    response = api(world.leader).post(
        "/api/v1/cases/", _payload(world, cats, photos=photos), format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "一次请求中的文件过多。"}
    assert Case.objects.count() == 0


def test_it_refuses_ten_photos_naming_the_limit(world, cats, api):
    photos = [photo(f"p{i}.png") for i in range(10)]
    response = api(world.leader).post(
        "/api/v1/cases/", _payload(world, cats, photos=photos), format="multipart"
    )
    assert response.status_code == 400
    assert "photos" in response.json()
    assert Case.objects.count() == 0


def test_it_refuses_a_request_over_the_size_limit_with_413(world, cats, api, settings):
    settings.GRIDGOV_REQUEST_MAX_BYTES = 200_000
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"\x00" * 300_000, content_type="image/png")
    response = api(world.leader).post(
        "/api/v1/cases/", _payload(world, cats, photos=[big]), format="multipart"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "请求大于 0.190735 MB。"}
    assert Case.objects.count() == 0
