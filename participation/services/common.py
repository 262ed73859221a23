from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def text(errors: dict, field: str, value, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(_("This field is required."))
    elif len(value) > limit:
        errors.setdefault(field, []).append(_("At most %(n)d characters, please.") % {"n": limit})
    return value


def raise_errors(errors: dict):
    if errors:
        raise ValidationError(errors)
