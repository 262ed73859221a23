"""Personal data: ID-card numbers and phones.

Stored encrypted (Fernet) with a keyed HMAC of the normalized value beside
them, so an exact-match search is an indexed equality and the plaintext never
sits in the database or its backups. Both keys derive from
settings.PERSONAL_DATA_KEY through HKDF with distinct labels: one secret to
keep, and the search hash never equals the encryption key.
"""

import base64
import datetime
import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .masking import MASK, age, mask_id_number, mask_phone

# GB 11643-1999: weights of the first 17 digits and the check character for
# each remainder mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


@functools.lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[Fernet, bytes]:
    if not secret:
        raise ImproperlyConfigured("Set GRIDGOV_PERSONAL_DATA_KEY to protect personal data.")

    def derive(label: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(
            secret.encode()
        )

    fernet = Fernet(base64.urlsafe_b64encode(derive(b"gridgov personal data encryption")))
    return fernet, derive(b"gridgov personal data search hash")


def encrypt(value: str) -> str:
    return _keys(settings.PERSONAL_DATA_KEY)[0].encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys(settings.PERSONAL_DATA_KEY)[0].decrypt(token.encode()).decode()
    except InvalidToken as exc:
        # A wrong key must never read as an empty value.
        raise ImproperlyConfigured(
            "Personal data cannot be decrypted with the configured key."
        ) from exc


def search_hash(value: str) -> str:
    """Keyed hash of a normalized value, for exact-match lookups."""
    if not value:
        return ""
    key = _keys(settings.PERSONAL_DATA_KEY)[1]
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Holds plaintext in Python and Fernet ciphertext in the database.

    Encryption is randomized, so the column cannot be filtered on: search by
    the hash column kept beside it."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)


# --- ID-card numbers ------------------------------------------------------


def normalize_id_number(value) -> str:
    return re.sub(r"\s+", "", str(value or "")).upper()


def id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_birth_date(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_number(value) -> str:
    """The normalized number, or a ValidationError a person can act on."""
    if isinstance(value, (int, float)):
        # Excel stores long digit strings as floating-point numbers and drops
        # the last digits; the number cannot be recovered from the cell.
        raise ValidationError(
            _("Enter the ID number as text: Excel turned it into a number and lost digits."),
            code="id_number_numeric",
        )
    number = normalize_id_number(value)
    if not number:
        raise ValidationError(_("Enter the ID number."), code="id_number_required")
    if MASK in number:
        raise ValidationError(
            _("The ID number is masked. Enter the full number."), code="id_number_masked"
        )
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(n)d.") % {"n": len(number)},
            code="id_number_length",
        )
    if not _ID_SHAPE.match(number):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code="id_number_shape"
        )
    birth = id_birth_date(number)
    if birth is None or birth > datetime.date.today() or birth.year < 1900:
        raise ValidationError(
            _("The birth date inside the ID number (%(date)s) is not a real date.")
            % {"date": f"{number[6:10]}-{number[10:12]}-{number[12:14]}"},
            code="id_number_birth",
        )
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("The check digit of this ID number is wrong: check it for a typo."),
            code="id_number_check",
        )
    return number


# --- Phones -----------------------------------------------------------------


def normalize_phone(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"[\s()（）]", "", str(value or ""))


def validate_phone(value) -> str:
    phone = normalize_phone(value)
    if not phone:
        return ""
    if MASK in phone:
        raise ValidationError(
            _("The phone number is masked. Enter the full number."), code="phone_masked"
        )
    if not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        raise ValidationError(
            _("Enter an 11-digit mobile number or a landline such as 0756-1234567."),
            code="phone_shape",
        )
    return phone


def looks_like_id_number(q: str) -> bool:
    return bool(_ID_SHAPE.match(normalize_id_number(q)))


def looks_like_phone(q: str) -> bool:
    phone = normalize_phone(q)
    return bool(_MOBILE.match(phone) or _LANDLINE.match(phone))


class PersonalDataModel(models.Model):
    """Rows holding an ID number and a phone, each encrypted with its hash."""

    personal_fields = ("id_number", "phone")

    id_number = EncryptedTextField(gettext_lazy("ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    phone = EncryptedTextField(gettext_lazy("phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # A claim on a person registered elsewhere, held until the office that
    # covers both decides (members.transfers). Never shown to anyone.
    transfer_pending = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.sync_hashes()
        super().save(*args, **kwargs)

    def sync_hashes(self):
        self.id_number = normalize_id_number(self.id_number)
        self.phone = normalize_phone(self.phone)
        self.id_number_hash = search_hash(self.id_number)
        self.phone_hash = search_hash(self.phone)

    def clean(self):
        super().clean()
        errors = {}
        try:
            self.id_number = validate_id_number(self.id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
        try:
            self.phone = validate_phone(self.phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
        if errors:
            raise ValidationError(errors)
        self.sync_hashes()
        # Whether the number is already registered is decided by
        # members.transfers, which never says so about another area.

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def age(self) -> int | None:
        return age(getattr(self, "birth_date", None))
