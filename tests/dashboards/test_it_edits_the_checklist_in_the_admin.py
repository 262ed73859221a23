from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse

from dashboards.models import AssessmentCategory, StarThreshold
from tests.dashboards.helpers import ensure_checklist


def test_it_lets_an_administrator_edit_items_and_thresholds(world, client):
    ensure_checklist()
    boss = get_user_model().objects.create_superuser("boss", password="pw-123456-x")
    client.force_login(boss)
    for name in ["assessmentcategory", "assessmentitem", "starthreshold", "assessmentresult"]:
        assert client.get(reverse(f"admin:dashboards_{name}_changelist")).status_code == 200
    category = AssessmentCategory.objects.get(name="安全生产")
    assert (
        client.get(
            reverse("admin:dashboards_assessmentcategory_change", args=[category.pk])
        ).status_code
        == 200
    )
    five = StarThreshold.objects.get(stars=5)
    response = client.post(
        reverse("admin:dashboards_starthreshold_change", args=[five.pk]),
        {"stars": 5, "min_score": "92.5"},
    )
    assert response.status_code == 302
    five.refresh_from_db()
    assert five.min_score == Decimal("92.5")
