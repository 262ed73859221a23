"""Ids and dates read from query strings: ASCII digits within the database's
range, or nothing (str.isdigit() also accepts '²', which int() refuses); a
date as YYYY-MM-DD that exists, or nothing (Django's parse_date raises on
2026-02-30)."""

import datetime

import django_filters
from django import forms
from django.utils.dateparse import parse_date as _parse_date
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1


def parse_id(raw: str | None) -> int | None:
    """A database id written in the query string, or None when it is not one."""
    if raw and raw.isascii() and raw.isdigit():
        value = int(raw)
        if value <= MAX_ID:
            return value
    return None


def parse_day(raw: str | None) -> datetime.date | None:
    """A calendar day written as YYYY-MM-DD, or None when it is not one."""
    try:
        return _parse_date(raw or "")
    except ValueError:
        return None


class IdFilter(django_filters.NumberFilter):
    """`?name=ID`: a whole number in the id range, else a 400 naming the field."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class _YesNoField(forms.NullBooleanField):
    """`true`/`false` (or `1`/`0`), or empty for "either"; anything else is
    an error, where Django's field would quietly read it as "either"."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False, "": None}

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        key = str(value).strip().lower()
        if key not in self.VALUES:
            raise forms.ValidationError(_("Write true or false."), code="invalid")
        return self.VALUES[key]

    def validate(self, value):
        pass


class YesNoFilter(django_filters.BooleanFilter):
    """`?name=true|false`: a 400 naming the field for any other value."""

    field_class = _YesNoField
