"""Photos of venues, activities, services and demands: checked and
re-encoded in memory before anything is written (JPEG, PNG or WebP, under
the size limit; re-encoding drops the EXIF block with a phone's position)."""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PHOTOS = 9


def prepare_photo(upload, field: str = "photo") -> ContentFile:
    limit = getattr(settings, "GRIDGOV_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
    side = getattr(settings, "GRIDGOV_PHOTO_MAX_SIDE", 1920)
    if getattr(upload, "size", 0) and upload.size > limit:
        raise ValidationError(
            {field: [_("The photo is larger than %(mb)d MB.") % {"mb": limit // 2**20}]}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            if kind not in FORMATS:
                raise ValidationError({field: [_("Send a JPEG, PNG or WebP photo.")]})
            image = ImageOps.exif_transpose(image)
            image.thumbnail((side, side))
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=kind)
    except (UnidentifiedImageError, OSError):
        raise ValidationError({field: [_("This file is not a photo.")]}) from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{FORMATS[kind]}")


def prepare_photos(uploads, field: str = "photos") -> list[ContentFile]:
    uploads = [u for u in (uploads or ()) if u]
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({field: [_("At most %(n)d photos.") % {"n": MAX_PHOTOS}]})
    return [prepare_photo(u, field) for u in uploads]
