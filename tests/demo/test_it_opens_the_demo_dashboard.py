"""The demo publishes two quarters of assessment and its dashboard opens."""

from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from dashboards.models import AssessmentResult
from dashboards.rollups import ROLLUPS


def test_it_publishes_two_quarters_and_the_district_dashboard_opens(demo, db):
    assert AssessmentResult.objects.values("year", "quarter").distinct().count() == 2
    assert AssessmentResult.objects.filter(unit__kind="grid").count() == 2 * 493
    assert len(set(AssessmentResult.objects.values_list("stars", flat=True))) >= 2
    assert ROLLUPS.differences() == []
    client = Client()
    assert client.login(request=HttpRequest(), username="demo_orgdept", password="gridgov-demo")
    response = client.get(reverse("dashboard"), follow=True)
    assert response.status_code == 200
    assert "香洲区" in response.content.decode()
