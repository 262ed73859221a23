import random

from django.db.models import Count

from cases import demo
from cases.models import Case, CaseEvent, CaseExtension, Notification
from cases.selectors import work_queue
from orgs import demo as orgs_demo
from orgs.kinds import UnitKind


def test_it_loads_a_few_hundred_cases_in_every_state(cats):
    rng = random.Random(7)
    region = orgs_demo.load_units(rng=rng)
    users = orgs_demo.load_users(region=region)
    demo.load(region=region, users=users, rng=rng)

    cases = Case.objects.all()
    assert 250 <= cases.count() <= 400
    by_status = dict(cases.values_list("status").annotate(n=Count("id")))
    assert set(by_status) == {"reported", "handling", "resolved", "closed", "cancelled"}
    assert by_status["closed"] > cases.count() // 3
    assert cases.values("grid").distinct().count() > 100
    assert set(cases.values_list("highest_level", flat=True)) == {
        "grid",
        "community",
        "street",
        "district",  # sent by the street to a district department
    }
    assert cases.filter(overdue_at__isnull=False).exists()
    assert cases.filter(supervised_at__isnull=False).exists()
    assert cases.filter(self_handled=True).exists()
    assert cases.filter(closed_on_time=False).exists()
    assert cases.filter(reopen_count__gt=0).exists()
    assert cases.filter(merged_into__isnull=False).exists()
    assert cases.filter(responsible_unit__kind=UnitKind.DEPARTMENT).exists()
    # Every case's history starts with its filing, and moved only by events.
    assert CaseEvent.objects.filter(action="file").count() == cases.count()

    leader = users["demo_grid"]
    home = leader.positions.get().unit
    assert cases.filter(grid=home).count() >= 8
    queue = list(work_queue(user=leader))
    assert len(queue) >= 4
    assert any(c.overdue_at for c in queue)
    assert {c.status for c in cases.filter(grid=home)} >= {
        "reported",
        "handling",
        "resolved",
        "closed",
    }
    assert work_queue(user=users["demo_community"]).exists()
    # The district department's handler has cases waiting and some done.
    assert work_queue(user=users["demo_department"]).exists()
    assert Case.objects.visible_to(users["demo_department"]).filter(status="closed").exists()
    assert Notification.objects.filter(recipient=users["demo_community"]).exists()
    # What the deadlines and their supervision look like to the demo users:
    # overdue cases, a case the community supervises, a merged case, and
    # extension requests waiting, granted and refused.
    community = users["demo_community"].positions.get().unit
    assert cases.filter(was_overdue=True, status__in=["reported", "handling"]).exists()
    assert cases.filter(supervising_unit=community).exists()
    assert cases.filter(grid=home, merged_into__grid=home).exists()
    assert set(CaseExtension.objects.filter(case__grid=home).values_list("status", flat=True)) == {
        "pending",
        "granted",
        "refused",
    }
    assert CaseExtension.objects.filter(decider_unit=community, status="pending").exists()
    # The other street's leader sees none of the first street's cases.
    other = users["demo_grid_other"]
    assert not Case.objects.visible_to(other).filter(grid=home).exists()
