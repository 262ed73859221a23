"""Deliberation and weekly-report figures of a unit over a period, for the
dashboards' participation block: topics raised by step and level, topics
done and the mean days from raised to done, the evaluations' satisfaction,
and the weekly reports due in the period that came in on time.

Counted per unit from the rows' copied ancestor columns, one grouped query
per table and level, like the rest of the block. A rate whose denominator
is zero is None."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Q, Sum

from grid_gov.figures import mean, rate
from orgs.kinds import UnitKind

from .figures import COLUMNS, bounds
from .models.deliberation import TopicLevel, TopicStatus
from .models.weekly import WeeklyReport

K = UnitKind
TOPIC_COLUMNS = {**COLUMNS, K.PARTY_GROUP: "origin_id"}


def _groups(units, columns):
    groups = defaultdict(list)
    for u in units:
        column = columns.get(u.kind)
        if column:
            groups[column].append(u.pk)
    return groups


def deliberation_counts(units, date_from: date, date_to: date) -> dict[int, dict]:
    from .models import Topic

    start, end = bounds(date_from, date_to)
    out = {
        u.pk: {
            "raised": 0,
            "by_step": {s: 0 for s in TopicStatus.values},
            "by_level": {lv: 0 for lv in TopicLevel.values},
            "done": 0,
            "done_seconds": 0,
            "evaluated": 0,
            "satisfied": 0,
            "answers": 0,
            "reports_due": 0,
            "reports_on_time": 0,
        }
        for u in units
    }
    for column, ids in _groups(units, TOPIC_COLUMNS).items():
        topics = Topic.objects.filter(**{f"{column}__in": ids})
        raised = topics.filter(raised_at__gte=start, raised_at__lt=end)
        for unit_id, status, level, n in (
            raised.values(column, "status", "level")
            .annotate(n=Count("pk"))
            .values_list(column, "status", "level", "n")
            .order_by()
        ):
            row = out[unit_id]
            row["raised"] += n
            row["by_step"][status] += n
            row["by_level"][level] += n
        for unit_id, raised_at, done_at in (
            topics.filter(status=TopicStatus.DONE, done_at__gte=start, done_at__lt=end)
            .values_list(column, "raised_at", "done_at")
            .order_by()
        ):
            out[unit_id]["done"] += 1
            out[unit_id]["done_seconds"] += max(0, int((done_at - raised_at).total_seconds()))
        for unit_id, n, s, b, u in (
            topics.filter(evaluated_at__gte=start, evaluated_at__lt=end)
            .values(column)
            .annotate(
                n=Count("pk"),
                s=Sum("satisfied"),
                b=Sum("basically_satisfied"),
                u=Sum("unsatisfied"),
            )
            .values_list(column, "n", "s", "b", "u")
            .order_by()
        ):
            row = out[unit_id]
            row["evaluated"] = n
            row["satisfied"] = int(s or 0) + int(b or 0)
            row["answers"] = int(s or 0) + int(b or 0) + int(u or 0)
    # Weeks that ended inside the period (Monday on or after the first day,
    # Sunday on or before the last).
    first_monday = date_from + timedelta(days=(7 - date_from.weekday()) % 7)
    last_monday = date_to - timedelta(days=6)
    for column, ids in _groups(units, COLUMNS).items():
        for unit_id, due, on_time in (
            WeeklyReport.objects.filter(
                **{f"{column}__in": ids}, week__gte=first_monday, week__lte=last_monday
            )
            .values(column)
            .annotate(d=Count("pk"), t=Count("pk", filter=Q(status="submitted", late=False)))
            .values_list(column, "d", "t")
            .order_by()
        ):
            out[unit_id]["reports_due"] = due
            out[unit_id]["reports_on_time"] = on_time
    return out


def deliberation_figures(c: dict) -> dict:
    return {
        "deliberations_raised": c["raised"],
        "deliberations_by_step": c["by_step"],
        "deliberations_by_level": c["by_level"],
        "deliberations_done": c["done"],
        "mean_days_to_done": mean(c["done_seconds"], c["done"], per=86400),
        "deliberations_evaluated": c["evaluated"],
        "deliberation_satisfaction_rate": rate(c["satisfied"], c["answers"]),
        "weekly_reports_due": c["reports_due"],
        "weekly_reports_on_time": c["reports_on_time"],
        "weekly_reports_on_time_rate": rate(c["reports_on_time"], c["reports_due"]),
    }


def deliberation_of(units, date_from: date, date_to: date) -> dict[int, dict]:
    return {
        pk: deliberation_figures(c)
        for pk, c in deliberation_counts(units, date_from, date_to).items()
    }
