from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cases.models import Case
from tests.cases.conftest import file_case

from .conftest import receive

TEXT = "3栋楼下垃圾堆了三天没人清运，气味很大。"


def case_at(world, cats, lat, lng, *, code="0401", text=TEXT, days_ago=0, title="垃圾堆积"):
    return file_case(
        world,
        cats,
        category=cats[code],
        title=title,
        description=text,
        latitude=Decimal(lat),
        longitude=Decimal(lng),
        at=timezone.now() - timedelta(days=days_ago),
    )


def suggested(api, user, report):
    response = api(user).get(f"/api/v1/intake/{report.id}/")
    assert response.status_code == 200
    return [(row["number"], row["distance_m"]) for row in response.json()["duplicates"]]


def test_it_offers_near_recent_alike_open_cases_of_the_same_category_best_first(mapped, cats, api):
    near = case_at(mapped, cats, "24.0051", "118.0050")
    nearer_but_less_alike = case_at(
        mapped, cats, "24.0050", "118.0050", text="楼下垃圾没人清运", title="垃圾"
    )
    case_at(mapped, cats, "24.0150", "118.0050")  # 1.1 km away
    case_at(mapped, cats, "24.0050", "118.0050", code="0402")  # another category
    case_at(mapped, cats, "24.0050", "118.0050", days_ago=30)  # old
    case_at(mapped, cats, "24.0050", "118.0050", text="邻居装修噪音很大", title="噪音")
    closed = case_at(mapped, cats, "24.0050", "118.0050")
    Case.objects.filter(pk=closed.pk).update(status="closed")
    report = receive(point=("24.005", "118.005"), category=cats["0401"])
    assert suggested(api, mapped.leader, report) == [
        (near.number, 11),
        (nearer_but_less_alike.number, 0),
    ]


def test_it_offers_only_cases_the_caller_can_see(mapped, cats, api):
    file_case(
        mapped,
        cats,
        user=mapped.outsider,
        grid=mapped.g2,
        category=cats["0401"],
        title="垃圾堆积",
        description=TEXT,
        latitude=Decimal("24.005"),
        longitude=Decimal("118.005"),
    )
    report = receive(point=("24.005", "118.005"), category=cats["0401"])
    assert suggested(api, mapped.leader, report) == []


def test_it_offers_nothing_without_a_point_or_a_category(mapped, cats, api):
    case_at(mapped, cats, "24.0050", "118.0050")
    assert suggested(api, mapped.leader, receive(category=None)) == []
    no_point = receive(point=None, category=cats["0401"], address="3栋")
    assert suggested(api, mapped.admin, no_point) == []
