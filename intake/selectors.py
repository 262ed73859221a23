"""Reads of intake: the triage queue in the caller's scope, and the open
cases that may tell of the same problem (duplicate suggestions)."""

import math
from datetime import timedelta

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Case, Status

from .models import IntakeReport, ReportStatus

EARTH_RADIUS_M = 6_371_000
OPEN = (Status.REPORTED, Status.HANDLING)


def reports_visible(*, user):
    return IntakeReport.objects.visible_to(user).select_related(
        "unit", "category", "case", "client"
    )


def report_get(*, user, pk) -> IntakeReport:
    return get_object_or_404(reports_visible(user=user), pk=pk)


def triage_queue(*, user, status: str | None = ReportStatus.PENDING):
    reports = reports_visible(user=user)
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-created_at", "-id")


def distance_m(lat1, lng1, lat2, lng2) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lng2) - float(lng1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _pairs(text: str) -> set[str]:
    text = "".join((text or "").split()).lower()
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1: the share of character pairs they
    have in common (Jaccard), which suits Chinese text without a tokenizer."""
    pa, pb = _pairs(a), _pairs(b)
    if not pa or not pb:
        return 0.0
    return len(pa & pb) / len(pa | pb)


def duplicate_candidates(*, user, latitude, longitude, category, text: str, now=None, limit=5):
    """Open cases in the caller's scope near the point (within
    GRIDGOV_DUPLICATE_METERS), in the same category, reported within
    GRIDGOV_DUPLICATE_DAYS, whose text is alike (at least
    GRIDGOV_DUPLICATE_SIMILARITY); best first. Each case carries
    `distance_m` and `similarity`."""
    if latitude is None or longitude is None or category is None:
        return []
    now = now or timezone.now()
    meters = settings.GRIDGOV_DUPLICATE_METERS
    dlat = meters / 111_320
    dlng = meters / (111_320 * max(math.cos(math.radians(float(latitude))), 0.01))
    lat, lng = float(latitude), float(longitude)
    cases = (
        Case.objects.visible_to(user)
        .filter(
            status__in=OPEN,
            category=category,
            reported_at__gte=now - timedelta(days=settings.GRIDGOV_DUPLICATE_DAYS),
            latitude__gte=lat - dlat,
            latitude__lte=lat + dlat,
            longitude__gte=lng - dlng,
            longitude__lte=lng + dlng,
        )
        .only("id", "number", "title", "description", "status", "latitude", "longitude")
        .order_by("-reported_at")[:200]
    )
    found = []
    for case in cases:
        case.distance_m = round(distance_m(lat, lng, case.latitude, case.longitude))
        if case.distance_m > meters:
            continue
        case.similarity = round(similarity(text, f"{case.title}{case.description}"), 2)
        if case.similarity < settings.GRIDGOV_DUPLICATE_SIMILARITY:
            continue
        found.append(case)
    found.sort(key=lambda c: (-c.similarity, c.distance_m, c.pk))
    return found[:limit]


def report_duplicates(*, user, report: IntakeReport):
    return duplicate_candidates(
        user=user,
        latitude=report.latitude,
        longitude=report.longitude,
        category=report.category,
        text=report.description,
        now=report.created_at,
    )
