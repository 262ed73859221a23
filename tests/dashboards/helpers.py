"""Cases for dashboard tests, filed and moved the way the case services do:
the row changes, an event is appended, `case_changed` is sent, all in one
transaction."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from cases.models import Case, CaseCategory, CaseEvent, Level, Status
from cases.signals import case_changed, case_snapshot
from orgs.scoping import ancestor_ids

TZ = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def at(y, m, d, h=10, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=TZ)


def categories():
    """Two top-level categories with two leaves each."""
    made = {}
    for code, name, leaves in (
        ("safety", "安全隐患", [("fire", "消防"), ("gas", "燃气")]),
        ("env", "环境卫生", [("trash", "垃圾"), ("noise", "噪音")]),
    ):
        top = CaseCategory.objects.create(code=code, name=name)
        made[code] = top
        for leaf_code, leaf_name in leaves:
            made[leaf_code] = CaseCategory.objects.create(
                code=leaf_code, name=leaf_name, parent=top
            )
    return made


def file_case(*, grid, category, reporter, reported_at, **fields):
    with transaction.atomic():
        ids = ancestor_ids(grid)
        case = Case.objects.create(
            number=f"T{next(_numbers):06d}",
            title="测试事件",
            description="测试",
            category=category,
            grid=grid,
            community_id=ids["community"],
            street_id=ids["street"],
            region_id=ids["region"],
            responsible_unit=grid,
            reporter=reporter,
            reported_at=reported_at,
            **fields,
        )
        event = CaseEvent.objects.create(
            case=case,
            action="file",
            actor=reporter,
            at=reported_at,
            to_unit=grid,
            to_status=case.status,
        )
        case_changed.send(sender=Case, case=case, event=event, before=None)
    return case


def change_case(case, *, actor=None, action="change", **fields):
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = case_snapshot(case)
        for name, value in fields.items():
            setattr(case, name, value)
        case.version += 1
        case.save()
        event = CaseEvent.objects.create(
            case=case, action=action, actor=actor, at=fields.get("closed_at") or case.reported_at
        )
        case_changed.send(sender=Case, case=case, event=event, before=before)
    return case


def close_case(case, *, closed_at, satisfaction="satisfied", on_time=True, **extra):
    """Closed where it is now: finished at its responsible unit's level."""
    from cases.rules import finished_at_level

    if case.resolved_by_unit_id is None:
        case.resolved_by_unit = case.responsible_unit
    closing = Case(status=Status.CLOSED, resolved_by_unit=case.resolved_by_unit)
    return change_case(
        case,
        action="close",
        status=Status.CLOSED,
        closed_at=closed_at,
        satisfaction=satisfaction,
        closed_on_time=on_time,
        self_handled=case.highest_level == Level.GRID,
        resolved_by_unit=case.resolved_by_unit,
        finished_at_level=finished_at_level(closing),
        **extra,
    )


def ensure_checklist():
    """The seeded checklist, again if a transactional test flushed it."""
    import importlib

    from django.apps import apps

    from dashboards.models import AssessmentItem

    if not AssessmentItem.objects.exists():
        seed = importlib.import_module("dashboards.migrations.0002_seed_assessment_checklist")
        seed.seed(apps, None)
        later = importlib.import_module("dashboards.migrations.0006_org_life_attendance_item")
        later.convert(apps, None)


def seeded_categories():
    """The category tree every deployment starts with (again if a
    transactional test flushed it), by code."""
    from cases.models import CaseDeadline
    from cases.seed import seed_categories

    seed_categories(CaseCategory, CaseDeadline)
    return {c.code: c for c in CaseCategory.objects.all()}
