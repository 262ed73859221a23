"""ID-card numbers: checked (GB 11643 check digit), stored encrypted with a
keyed hash beside them, masked when shown."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from members.masking import mask_id_number, mask_phone
from members.models import PartyMember, Resident
from members.personal import search_hash, validate_id_number, validate_phone

from .factories import bad_check_digit, household, id_number, member, resident


def test_it_accepts_a_number_with_a_correct_check_digit():
    # A published example number whose check character is X.
    assert validate_id_number("11010519491231002x") == "11010519491231002X"
    assert validate_id_number(id_number()) is not None


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (bad_check_digit(id_number()), "check digit"),
        ("44040219800101123", "18 characters"),
        ("4404021980010112AB", "17 digits"),
        ("440402198013011234", "not a real date"),
        ("440402********1234", "masked"),
        (440402198001011234.0, "as text"),
        ("", "Enter the ID number"),
    ],
)
def test_it_rejects_a_bad_number_with_a_message_to_act_on(value, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert fragment in exc.value.messages[0]


def test_it_checks_phones():
    assert validate_phone("138 1234 5678") == "13812345678"
    assert validate_phone("0756-1234567") == "0756-1234567"
    with pytest.raises(ValidationError):
        validate_phone("12345")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("440402199001011234", "4****************4"),
        ("11010519491231002X", "1****************X"),
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("2123456", "*****56"),  # 7 digits
        ("21234567", "******67"),  # 8 digits
        ("0756-1234567", "********567"),  # area code + 7: 11 digits
        ("0756-12345678", "********5678"),  # area code + 8: 12 digits
        ("010-12345678", "********678"),
        ("", ""),
    ],
)
def test_it_masks_numbers_so_they_cannot_be_pieced_back(value, shown):
    masked = mask_phone(value) if len(value) != 18 else mask_id_number(value)
    assert masked == shown


def test_it_stores_numbers_encrypted_with_a_keyed_hash(world):
    number = id_number()
    m = member(world.leader, world.g1, id_number=number, phone="13812345678")
    h = household(world.leader, world.g1)
    r = resident(world.leader, h, id_number=id_number(), phone="13900001111")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, id_number_hash FROM members_partymember WHERE id = %s",
            [m.pk],
        )
        raw_id, raw_phone, raw_hash = cursor.fetchone()
        cursor.execute("SELECT id_number FROM members_resident WHERE id = %s", [r.pk])
        (raw_resident_id,) = cursor.fetchone()
    assert number not in raw_id and "13812345678" not in raw_phone
    assert r.id_number not in raw_resident_id
    assert raw_hash == search_hash(number) and number not in raw_hash
    # Read back through the model: the plaintext again.
    assert PartyMember.objects.get(pk=m.pk).id_number == number
    assert Resident.objects.get(id_number_hash=search_hash(r.id_number)).pk == r.pk


def test_it_refuses_the_same_person_twice(world):
    number = id_number()
    member(world.leader, world.g1, id_number=number)
    with pytest.raises(ValidationError) as exc:
        member(world.leader, world.g1, name="重复", id_number=number.lower())
    assert "id_number" in exc.value.message_dict
    assert PartyMember.objects.count() == 1
