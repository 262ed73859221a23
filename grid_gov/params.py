"""Ids read from query strings: ASCII digits within the database's range, or
nothing (str.isdigit() also accepts '²', which int() refuses)."""

import django_filters
from django import forms

MAX_ID = 2**63 - 1


def parse_id(raw: str | None) -> int | None:
    """A database id written in the query string, or None when it is not one."""
    if raw and raw.isascii() and raw.isdigit():
        value = int(raw)
        if value <= MAX_ID:
            return value
    return None


class IdFilter(django_filters.NumberFilter):
    """`?name=ID`: a whole number in the id range, else a 400 naming the field."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
