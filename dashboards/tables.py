"""The tables of the dashboard pages, defined once: the page renders them
and the Excel export writes the same headers and raw values."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# Cell kinds: how a value is shown on the page and formatted in Excel.
INT, PCT, HOURS, SCORE, STARS, TEXT = "int", "pct", "hours", "score", "stars", "text"
AUTO = "auto"


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list[Any]]
    links: list[int | None] | None = None  # per row: unit id to drill down to

    def head(self):
        """(header, is the column numeric) for the template."""
        return [(h, k not in (TEXT, AUTO)) for h, k in zip(self.headers, self.kinds, strict=True)]

    def cells(self):
        """Rows as (value, kind) pairs, with the row's link, for the template."""
        links = self.links or [None] * len(self.rows)
        return [
            {"link": link, "cells": list(self.typed(row))}
            for row, link in zip(self.rows, links, strict=True)
        ]

    def typed(self, row):
        """(value, kind) per cell; an "auto" column carries its own kind."""
        for value, kind in zip(row, self.kinds, strict=True):
            yield value if kind == AUTO else (value, kind)


def _case(key):
    return lambda row: (row["cases"] or {}).get(key) if row.get("cases") else None


def _people(key):
    return lambda row: (row.get("people") or {}).get(key)


def _party(key):
    return lambda row: (row.get("participation") or {}).get(key)


CHILD_COLUMNS = [
    (_("Grids"), lambda r: r["structure"]["grids"], INT),
    (_("Party groups"), lambda r: r["structure"]["party_groups"], INT),
    (_("Households"), lambda r: r["structure"]["households"], INT),
    (_("Party members"), _people("members"), INT),
    (_("Reported"), _case("reported"), INT),
    (_("Self-handled share"), _case("self_handled_share"), PCT),
    (_("To community"), _case("escalated_community"), INT),
    (_("To street"), _case("escalated_street"), INT),
    (_("To district"), _case("escalated_district"), INT),
    (_("Closed"), _case("closed"), INT),
    (_("Finished at grid"), _case("finished_grid"), INT),
    (_("Finished at community"), _case("finished_community"), INT),
    (_("Finished at street"), _case("finished_street"), INT),
    (_("Finished at district"), _case("finished_district"), INT),
    (_("Finished by departments"), _case("finished_department"), INT),
    (_("Closure rate"), _case("closure_rate"), PCT),
    (_("On-time rate"), _case("on_time_rate"), PCT),
    (_("Mean hours to close"), _case("mean_hours_to_close"), HOURS),
    (_("Satisfaction"), _case("satisfaction_rate"), PCT),
    (_("Reopen rate"), _case("reopen_rate"), PCT),
    (_("Activities held"), _party("activities_held"), INT),
    (_("Organizational life attendance"), _party("org_life_attendance_rate"), PCT),
    (_("Volunteer hours"), _party("volunteer_hours"), HOURS),
    (_("Demands done"), _party("demands_done"), INT),
    (_("Assessment score"), lambda r: (r["assessment"] or {}).get("score"), SCORE),
    (_("Stars"), lambda r: (r["assessment"] or {}).get("stars"), STARS),
]


def rank_key(row):
    """Best first: assessment score, then closure rate, then name."""
    score = (row.get("assessment") or {}).get("score")
    closure = (row.get("cases") or {}).get("closure_rate") or 0
    return (score is None, -(score or 0), -closure, row["name"])


def children_table(figures) -> Table:
    children = sorted(figures["children"], key=rank_key)
    return Table(
        key="children",
        title=str(_("Ranking of the units below")),
        headers=[str(_("Rank")), str(_("Unit")), str(_("Level"))]
        + [str(h) for h, _g, _k in CHILD_COLUMNS],
        kinds=[INT, TEXT, TEXT] + [k for _h, _g, k in CHILD_COLUMNS],
        rows=[
            [i + 1, c["name"], c["kind_label"]] + [g(c) for _h, g, _k in CHILD_COLUMNS]
            for i, c in enumerate(children)
        ],
        links=[c["id"] for c in children],
    )


def summary_table(figures) -> Table:
    s, c, p = figures["structure"], figures["cases"], figures.get("people") or {}
    rows = [
        (_("Streets"), s["streets"], INT),
        (_("Communities"), s["communities"], INT),
        (_("Grids"), s["grids"], INT),
        (_("Party groups"), s["party_groups"], INT),
        (_("Party member households"), s["member_households"], INT),
        (_("Households"), s["households"], INT),
        (_("Population"), s["population"], INT),
    ]
    if s.get("branch_coverage") is not None:
        rows.append((_("Branch coverage"), s["branch_coverage"], PCT))
    people_rows = [
        (_("Party members"), "members", INT),
        (_("Floating members' share"), "floating_share", PCT),
        (_("Grid leaders"), "leaders", INT),
        (_("Party members among grid leaders"), "leaders_member_share", PCT),
        (_("Grid workers"), "workers", INT),
        (_("Party members among grid workers"), "workers_member_share", PCT),
        (_("Leaders who are also branch secretaries"), "dual_role_share", PCT),
    ]
    rows += [(label, p[key], kind) for label, key, kind in people_rows if p.get(key) is not None]
    rows += [
        (_("Party members: %(category)s") % {"category": c["label"]}, c["n"], INT)
        for c in p.get("members_by_category") or []
    ]
    rows += [
        (_("Cases reported"), c["reported"], INT),
        (_("Self-handled at the grid"), c["self_handled"], INT),
        (_("Self-handled share"), c["self_handled_share"], PCT),
        (_("Escalated to the community"), c["escalated_community"], INT),
        (_("Escalated to the street"), c["escalated_street"], INT),
        (_("Escalated to the district"), c["escalated_district"], INT),
        (_("Closed in the period"), c["closed"], INT),
        (_("Finished at the grid"), c["finished_grid"], INT),
        (_("Finished at the community"), c["finished_community"], INT),
        (_("Finished at the street"), c["finished_street"], INT),
        (_("Finished at the district"), c["finished_district"], INT),
        (_("Finished by departments"), c["finished_department"], INT),
        (_("Closure rate"), c["closure_rate"], PCT),
        (_("On-time rate"), c["on_time_rate"], PCT),
        (_("Mean hours to close"), c["mean_hours_to_close"], HOURS),
        (_("Satisfaction rate"), c["satisfaction_rate"], PCT),
        (_("Reopen rate"), c["reopen_rate"], PCT),
        (_("Cancelled or merged"), c["cancelled"], INT),
    ]
    return Table(
        key="summary",
        title=str(_("Figures")),
        headers=[str(_("Figure")), str(_("Value"))],
        kinds=[TEXT, AUTO],
        rows=[[str(label), (value, kind)] for label, value, kind in rows],
    )


def category_table(figures) -> Table:
    return Table(
        key="categories",
        title=str(_("Cases by category")),
        headers=[str(_("Category")), str(_("Reported")), str(_("Closed"))],
        kinds=[TEXT, INT, INT],
        rows=[[r["name"], r["reported"], r["closed"]] for r in figures["by_category"]],
    )


def trend_table(figures) -> Table:
    return Table(
        key="trend",
        title=str(_("Weekly trend")),
        headers=[str(_("Week of")), str(_("Reported")), str(_("Closed"))],
        kinds=[TEXT, INT, INT],
        rows=[[r["week"], r["reported"], r["closed"]] for r in figures["trend"]],
    )


def participation_table(figures) -> Table:
    """The participation block: activities by kind, organizational-life
    attendance, volunteer hours, the demands board, dual-reported members."""
    p = figures.get("participation") or {}
    rows = [(k["label"], k["n"], INT) for k in p.get("activities_by_kind", [])]
    rows += [
        (_("Activities held"), p.get("activities_held"), INT),
        (_("Participations (members and residents)"), p.get("participations"), INT),
        (_("Organizational life held"), p.get("org_life_held"), INT),
        (_("Members expected at organizational life"), p.get("org_life_expected"), INT),
        (_("Members attending organizational life"), p.get("org_life_attended"), INT),
        (_("Organizational life attendance"), p.get("org_life_attendance_rate"), PCT),
        (_("Volunteer hours"), p.get("volunteer_hours"), HOURS),
        (_("Demands posted"), p.get("demands_posted"), INT),
        (_("Demands claimed"), p.get("demands_claimed"), INT),
        (_("Demands done"), p.get("demands_done"), INT),
        (_("Mean days to claim"), p.get("mean_days_to_claim"), HOURS),
        (_("Dual-reported members"), p.get("dual_reported_members"), INT),
        (_("Services done by dual-reported members"), p.get("dual_services"), INT),
        (_("Hours served by dual-reported members"), p.get("dual_service_hours"), HOURS),
    ]
    return Table(
        key="participation",
        title=str(_("Party life")),
        headers=[str(_("Figure")), str(_("Value"))],
        kinds=[TEXT, AUTO],
        rows=[[str(label), (value, kind)] for label, value, kind in rows],
    )


def participation_children_table(figures) -> Table:
    """Each child's participation figures, for the drill-down."""
    columns = [
        (_("Activities held"), _party("activities_held"), INT),
        (_("Organizational life held"), _party("org_life_held"), INT),
        (_("Organizational life attendance"), _party("org_life_attendance_rate"), PCT),
        (_("Participations (members and residents)"), _party("participations"), INT),
        (_("Volunteer hours"), _party("volunteer_hours"), HOURS),
        (_("Demands posted"), _party("demands_posted"), INT),
        (_("Demands claimed"), _party("demands_claimed"), INT),
        (_("Demands done"), _party("demands_done"), INT),
        (_("Mean days to claim"), _party("mean_days_to_claim"), HOURS),
        (_("Dual-reported members"), _party("dual_reported_members"), INT),
        (_("Services done by dual-reported members"), _party("dual_services"), INT),
    ]
    children = sorted(
        figures["children"],
        key=lambda c: (
            (c.get("participation") or {}).get("org_life_attendance_rate") is None,
            -((c.get("participation") or {}).get("org_life_attendance_rate") or 0),
            c["name"],
        ),
    )
    return Table(
        key="participation_children",
        title=str(_("Party life of the units below")),
        headers=[str(_("Rank")), str(_("Unit")), str(_("Level"))]
        + [str(h) for h, _g, _k in columns],
        kinds=[INT, TEXT, TEXT] + [k for _h, _g, k in columns],
        rows=[
            [i + 1, c["name"], c["kind_label"]] + [g(c) for _h, g, _k in columns]
            for i, c in enumerate(children)
        ],
        links=[c["id"] for c in children],
    )


def deliberation_table(figures) -> Table:
    """Residents' deliberation: topics raised by step and level, topics done
    and the mean days it took, the evaluations' satisfaction, and the weekly
    grid reports on time."""
    from participation.models import TopicLevel, TopicStatus

    d = figures.get("deliberation") or {}
    by_step, by_level = d.get("deliberations_by_step") or {}, d.get("deliberations_by_level") or {}
    rows = [(_("Topics raised"), d.get("deliberations_raised"), INT)]
    rows += [(s.label, by_step.get(s.value, 0), INT) for s in TopicStatus]
    rows += [(lv.label, by_level.get(lv.value, 0), INT) for lv in TopicLevel]
    rows += [
        (_("Topics done"), d.get("deliberations_done"), INT),
        (_("Mean days from raised to done"), d.get("mean_days_to_done"), HOURS),
        (_("Topics evaluated"), d.get("deliberations_evaluated"), INT),
        (_("Deliberation satisfaction"), d.get("deliberation_satisfaction_rate"), PCT),
        (_("Weekly reports due"), d.get("weekly_reports_due"), INT),
        (_("Weekly reports on time"), d.get("weekly_reports_on_time"), INT),
        (_("Weekly reports on time (share)"), d.get("weekly_reports_on_time_rate"), PCT),
    ]
    return Table(
        key="deliberation",
        title=str(_("Deliberation and weekly reports")),
        headers=[str(_("Figure")), str(_("Value"))],
        kinds=[TEXT, AUTO],
        rows=[[str(label), (value, kind)] for label, value, kind in rows],
    )


def deliberation_children_table(figures) -> Table:
    """Each child's deliberation and weekly-report figures."""

    def of(key):
        return lambda row: (row.get("deliberation") or {}).get(key)

    columns = [
        (_("Topics raised"), of("deliberations_raised"), INT),
        (_("Topics done"), of("deliberations_done"), INT),
        (_("Mean days from raised to done"), of("mean_days_to_done"), HOURS),
        (_("Deliberation satisfaction"), of("deliberation_satisfaction_rate"), PCT),
        (_("Weekly reports due"), of("weekly_reports_due"), INT),
        (_("Weekly reports on time (share)"), of("weekly_reports_on_time_rate"), PCT),
    ]
    children = figures["children"]
    return Table(
        key="deliberation_children",
        title=str(_("Deliberation and weekly reports of the units below")),
        headers=[str(_("Unit")), str(_("Level"))] + [str(h) for h, _g, _k in columns],
        kinds=[TEXT, TEXT] + [k for _h, _g, k in columns],
        rows=[[c["name"], c["kind_label"]] + [g(c) for _h, g, _k in columns] for c in children],
        links=[c["id"] for c in children],
    )


def dashboard_tables(figures) -> dict[str, Table]:
    tables = [
        summary_table(figures),
        category_table(figures),
        trend_table(figures),
        children_table(figures),
        participation_table(figures),
        participation_children_table(figures),
        deliberation_table(figures),
        deliberation_children_table(figures),
    ]
    return {t.key: t for t in tables}
