"""Small builders for people tests: valid ID numbers, members, households."""

import datetime
import io
import itertools

from openpyxl import Workbook, load_workbook

from members import services
from members.models import Category, Relation
from members.personal import id_check_char

_seq = itertools.count(100)


def ensure_catalogue():
    """The points catalogue the migrations seed, again if a transactional
    test flushed it."""
    import importlib

    from django.apps import apps

    seed = importlib.import_module("members.migrations.0004_points_catalogue")
    seed.add(apps, None)


def id_number(birth="19800101", area="440402", seq=None) -> str:
    seq = f"{next(_seq) % 1000:03d}" if seq is None else seq
    first17 = f"{area}{birth}{seq}"
    return first17 + id_check_char(first17)


def bad_check_digit(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def member(user, unit, name="张三", category=Category.ORDINARY, **extra):
    extra.setdefault("id_number", id_number())
    return services.member_create(user=user, unit=unit, name=name, category=category, **extra)


def household(user, grid, address="幸福路1号", **extra):
    return services.household_create(user=user, grid=grid, address=address, **extra)


def resident(user, household, name="李四", relation=Relation.HEAD, **extra):
    extra.setdefault("id_number", id_number())
    return services.resident_create(
        household=household, user=user, name=name, relation=relation, **extra
    )


def xlsx(headers, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_xlsx(content: bytes) -> tuple[list, list[list]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def today():
    return datetime.date.today()
