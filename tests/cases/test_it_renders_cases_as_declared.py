"""The case list and detail write their rows out by hand (for speed); each
row equals what DRF's declared fields render, field by field, for cases in
every state, seen by people with and without the right to personal data."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from cases import selectors, services
from cases.models import Case
from cases.serializers import CaseDetailSerializer, CaseListSerializer

from .conftest import file_case, make_case, photo


def _declared(serializer, case):
    """DRF's own rendering: every declared field in turn."""
    return serializers.ModelSerializer.to_representation(serializer, case)


def _request(user):
    request = Request(APIRequestFactory().get("/api/v1/cases/"))
    request.user = user
    return request


@pytest.fixture
def many(world, cats):
    filed = file_case(
        world,
        cats,
        latitude=Decimal("22.27"),
        longitude=Decimal("113.543678"),
        resident_name="李四",
        resident_phone="13812345678",
        photos=[photo()],
    )
    duplicate = file_case(world, cats)
    services.case_merge(case=duplicate, user=world.admin, version=1, into=filed, note="重复")
    return [
        filed,
        duplicate,
        make_case(world, cats, at="g1", status="closed"),
        make_case(world, cats, at="d1", status="resolved"),
        make_case(world, cats, at="s1", status="handling", urgency="emergency"),
        make_case(world, cats, at="region", status="reported"),
    ]


@pytest.mark.parametrize("who", ["leader", "orgdept", "street"])
def test_every_row_equals_the_declared_fields(world, many, who, settings):
    user = getattr(world, who)
    request = _request(user)
    context = {"request": request}
    rows = list(selectors.cases_for_list(user=user).order_by("pk"))
    selectors.attach_briefs(rows)
    assert rows
    for case in rows:
        serializer = CaseListSerializer(case, context=context)
        assert serializer.data == _declared(serializer, case)
    for case in Case.objects.visible_to(user):
        full = selectors.case_get(user=user, pk=case.pk)
        serializer = CaseDetailSerializer(full, context=context)
        assert serializer.data == _declared(serializer, full), case.number
    with timezone.override("UTC"):
        full = selectors.case_get(user=user, pk=rows[0].pk)
        serializer = CaseDetailSerializer(full, context=context)
        assert serializer.data == _declared(serializer, full)
