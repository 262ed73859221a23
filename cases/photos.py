"""Photos of a case: checked and scaled in memory before anything is written,
stored with fresh names, and removed again if the transaction fails."""

import io
import uuid
import warnings
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 9
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _max_bytes() -> int:
    return getattr(settings, "GRIDGOV_PHOTO_MAX_BYTES", 10 * 1024 * 1024)


def _max_side() -> int:
    return getattr(settings, "GRIDGOV_PHOTO_MAX_SIDE", 1920)


def max_pixels() -> int:
    return getattr(settings, "GRIDGOV_PHOTO_MAX_PIXELS", 40_000_000)


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:g}"


def _too_many_pixels(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s has too many pixels: at most %(mp)s million, please.")
        % {"name": name, "mp": _megapixels(max_pixels())}
    )


def prepare_photo(upload) -> ContentFile:
    """One uploaded photo, checked and re-encoded: JPEG, PNG or WebP only,
    under the size limit, longest side scaled down to the limit. Re-encoding
    also drops the EXIF block (a phone photo's GPS position and device)."""
    name = getattr(upload, "name", "") or "photo"
    size = getattr(upload, "size", None)
    if size is not None and size > _max_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(mb)d MB.")
            % {"name": name, "mb": _max_bytes() // (1024 * 1024)}
        )
    try:
        upload.seek(0)
        # Opening reads the header only: the size is known before a single
        # pixel is decoded, so a small file that unpacks to gigabytes is
        # refused here at the cost of a few bytes.
        with warnings.catch_warnings():
            # Pillow warns past MAX_IMAGE_PIXELS; the check below refuses.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(upload, formats=tuple(FORMATS))
        with probe:
            width, height = probe.size
            if width * height > max_pixels():
                raise _too_many_pixels(name)
            probe.verify()
        upload.seek(0)
        image = Image.open(upload, formats=tuple(FORMATS))
        fmt = image.format
        if fmt not in FORMATS:
            raise ValidationError(_("%(name)s is not a JPEG, PNG or WebP photo.") % {"name": name})
        image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        # Pillow's own guard (Image.MAX_IMAGE_PIXELS, set in CasesConfig), also
        # raised while opening, before decoding.
        raise _too_many_pixels(name) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError(
            _("%(name)s is not a JPEG, PNG or WebP photo.") % {"name": name}
        ) from exc
    image = ImageOps.exif_transpose(image)
    if max(image.size) > _max_side():
        image.thumbnail((_max_side(), _max_side()), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{FORMATS[fmt]}")


def prepare_photos(uploads, field: str = "photos") -> list[ContentFile]:
    """All photos of one request, or a ValidationError naming `field`."""
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({field: [_("At most %(n)d photos, please.") % {"n": MAX_PHOTOS}]})
    prepared, errors = [], []
    for upload in uploads:
        try:
            prepared.append(prepare_photo(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({field: errors})
    return prepared


@contextmanager
def files_removed_on_error():
    """Yields a list; file names appended to it are deleted from storage if
    the block raises (the transaction inside rolled back)."""
    saved: list[str] = []
    try:
        yield saved
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise


def save_photos(*, case, event, photos, saved: list[str]):
    from .models import CasePhoto

    rows = []
    for content in photos:
        photo = CasePhoto(case=case, event=event)
        photo.image.save(content.name, content, save=False)
        saved.append(photo.image.name)
        photo.save()
        rows.append(photo)
    return rows
