"""Pages of the quarterly assessment: a unit's scorecard, the ranking below a
node, hand-entered scores, publishing."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from grid_gov.errors import field_messages
from orgs.access import breadcrumb, has_capability
from orgs.kinds import Capability, UnitKind
from orgs.scoping import subtree_q

from .assessment import (
    ASSESSED_KINDS,
    by_hand,
    items_for,
    latest_published_quarter,
    quarter_label,
    scorecards,
)
from .excel import table_response
from .models import AssessmentResult, AssessmentScore
from .periods import parse_quarter, previous_quarter, quarter_name, quarter_of, today
from .services import assessment_publish, assessment_score_enter
from .tables import INT, SCORE, STARS, TEXT, Table
from .unit_param import UnitNotFound, visible_unit

RANK_PAGE = 100


def _unit(request, unit_id, capability=Capability.VIEW_DASHBOARDS):
    try:
        return visible_unit(request.user, unit_id, capability)
    except UnitNotFound:
        raise Http404 from None


def _quarter(request, source=None) -> tuple[tuple[int, int], str | None]:
    """The quarter asked for, or the latest published (else the last finished one)."""
    raw = (source or request.GET).get("quarter")
    if raw:
        parsed = parse_quarter(raw)
        if parsed is None:
            return previous_quarter(*quarter_of(today())), _(
                "“%(value)s” is not a quarter: write it like 2025Q1."
            ) % {"value": raw}
        return parsed, None
    return latest_published_quarter(today()) or previous_quarter(*quarter_of(today())), None


def _quarter_choices(selected):
    year, quarter = quarter_of(today())
    out = []
    for _i in range(8):
        out.append(quarter_label(year, quarter))
        year, quarter = previous_quarter(year, quarter)
    label = quarter_label(*selected)
    if label not in out:
        out.insert(0, label)
    return out


def _lines_table(unit, lines) -> Table:
    return Table(
        key="items",
        title=str(_("Assessment items")),
        headers=[
            str(_("Category")),
            str(_("Item")),
            str(_("Maximum")),
            str(pgettext("assessment", "Points")),
            str(_("Points lost")),
            str(_("How it was scored")),
        ],
        kinds=[TEXT, TEXT, SCORE, SCORE, SCORE, TEXT],
        rows=[
            [
                line["category"],
                line["item"],
                float(line["max"]),
                # Not applicable: an empty cell, as a rate without a figure.
                None if line["points"] is None else float(line["points"]),
                None if line["lost"] is None else float(line["lost"]),
                line["note"],
            ]
            for line in lines
        ],
    )


def _ranking(node, year, quarter, kind):
    qs = AssessmentResult.objects.filter(
        subtree_q(node, "unit"), year=year, quarter=quarter, unit__kind=kind
    ).select_related("unit", "unit__parent")
    return qs.order_by("-score", "unit__name", "id")


def _ranking_table(results, offset=0) -> Table:
    return Table(
        key="ranking",
        title=str(_("Assessment ranking")),
        headers=[
            str(_("Rank")),
            str(_("Unit")),
            str(_("Belongs to")),
            str(pgettext("assessment", "Score")),
            str(_("Stars")),
        ],
        kinds=[INT, TEXT, TEXT, SCORE, STARS],
        rows=[
            [
                offset + i + 1,
                r.unit.name,
                r.unit.parent.name if r.unit.parent else "",
                float(r.score),
                r.stars,
            ]
            for i, r in enumerate(results)
        ],
    )


def _scorecard_context(unit, year, quarter):
    result = (
        AssessmentResult.objects.filter(unit=unit, year=year, quarter=quarter)
        .prefetch_related("items")
        .first()
    )
    if result is not None:
        lines = [
            {
                "category": i.category_name,
                "item": i.item_name,
                "max": i.max_points,
                "points": i.points,
                "note": i.note,
                "auto": bool(i.auto_source),
                "lost": i.lost,
            }
            for i in result.items.all()
        ]
        return {
            "result": result,
            "lines": lines,
            "provisional": False,
            "not_applicable": _not_applicable(lines),
        }
    card = scorecards([unit], year, quarter)[0]
    lines = [
        {
            "category": line.item.category.name,
            "item": line.item.name,
            "max": line.item.max_points,
            "points": line.points,
            "note": str(line.note),
            "auto": not by_hand(line.item),
            "lost": line.lost,
        }
        for line in card.lines
    ]
    return {
        "result": None,
        "card": card,
        "lines": lines,
        "provisional": True,
        "not_applicable": _not_applicable(lines),
    }


def _not_applicable(lines):
    """The maximum of the items not applicable this quarter (left out of the total)."""
    return sum((line["max"] for line in lines if line["points"] is None), Decimal(0))


@login_required
def assessment(request, unit_id):
    unit = _unit(request, unit_id)
    (year, quarter), error = _quarter(request)
    context = {
        "unit": unit,
        "crumbs": breadcrumb(request.user, unit),
        "quarter": quarter_label(year, quarter),
        "quarters": _quarter_choices((year, quarter)),
        "error": error,
        "can_enter": unit.kind in ASSESSED_KINDS
        and has_capability(request.user, Capability.ENTER_ASSESSMENTS, unit),
        "can_publish": has_capability(request.user, Capability.MANAGE_TREE, unit),
        "export_url": reverse("assessment-export", args=[unit.pk])
        + f"?quarter={quarter_label(year, quarter)}",
    }
    if unit.kind in ASSESSED_KINDS:
        context.update(_scorecard_context(unit, year, quarter))
        context["table"] = _lines_table(unit, context["lines"])
    else:
        kind = request.GET.get("kind") or UnitKind.GRID
        if kind not in ASSESSED_KINDS:
            kind = UnitKind.GRID
        page = Paginator(_ranking(unit, year, quarter, kind), RANK_PAGE).get_page(
            request.GET.get("page")
        )
        table = _ranking_table(page.object_list, offset=page.start_index() - 1 if page else 0)
        table.links = [r.unit_id for r in page.object_list]
        context.update({"page": page, "table": table, "kind": kind})
        context["export_url"] += f"&kind={kind}"
    return render(request, "dashboards/assessment.html", context, status=400 if error else 200)


@login_required
def assessment_export(request, unit_id):
    unit = _unit(request, unit_id)
    (year, quarter), error = _quarter(request)
    if error:
        raise Http404
    label = quarter_label(year, quarter)
    if unit.kind in ASSESSED_KINDS:
        table = _lines_table(unit, _scorecard_context(unit, year, quarter)["lines"])
    else:
        kind = request.GET.get("kind") or UnitKind.GRID
        if kind not in ASSESSED_KINDS:
            kind = UnitKind.GRID
        table = _ranking_table(list(_ranking(unit, year, quarter, kind)))
    return table_response(
        table, filename=f"{unit.name}-{table.title}-{label}.xlsx", subtitle=f"{unit.name} · {label}"
    )


@login_required
def assessment_enter(request, unit_id):
    unit = _unit(request, unit_id, Capability.ENTER_ASSESSMENTS)
    if unit.kind not in ASSESSED_KINDS:
        raise Http404
    (year, quarter), error = _quarter(request, request.POST if request.method == "POST" else None)
    items = [i for i in items_for(unit.kind) if by_hand(i)]
    entered = {
        s.item_id: s for s in AssessmentScore.objects.filter(unit=unit, year=year, quarter=quarter)
    }
    rows = [{"item": i, "points": "", "note": "", "errors": []} for i in items]
    for row in rows:
        score = entered.get(row["item"].pk)
        if score is not None:
            row["points"], row["note"] = score.points, score.note
    status = 400 if error else 200
    if request.method == "POST" and not error:
        failed = False
        with transaction.atomic():
            for row in rows:
                item = row["item"]
                raw = request.POST.get(f"points_{item.pk}", "").strip()
                note = request.POST.get(f"note_{item.pk}", "")
                row["points"], row["note"] = raw, note
                if raw == "":
                    continue
                try:
                    assessment_score_enter(
                        user=request.user,
                        unit=unit,
                        year=year,
                        quarter=quarter,
                        item=item,
                        points=raw,
                        note=note,
                    )
                except ValidationError as exc:
                    failed = True
                    row["errors"] = [m for msgs in field_messages(exc).values() for m in msgs]
            if failed:
                transaction.set_rollback(True)
        if not failed:
            messages.success(request, _("Scores saved."))
            return redirect(
                reverse("assessment-unit", args=[unit.pk])
                + f"?quarter={quarter_label(year, quarter)}"
            )
        status = 400
    return render(
        request,
        "dashboards/assessment_enter.html",
        {
            "unit": unit,
            "crumbs": breadcrumb(request.user, unit),
            "quarter": quarter_label(year, quarter),
            "quarters": _quarter_choices((year, quarter)),
            "rows": rows,
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def assessment_publish_view(request, unit_id):
    unit = _unit(request, unit_id, Capability.MANAGE_TREE)
    (year, quarter), error = _quarter(request, request.POST)
    if error:
        messages.error(request, error)
        return redirect("assessment-unit", unit_id=unit.pk)
    n = assessment_publish(year=year, quarter=quarter, root=unit)
    messages.success(
        request,
        _("%(quarter)s published: %(n)s results.")
        % {"quarter": quarter_name(year, quarter), "n": n},
    )
    return redirect(
        reverse("assessment-unit", args=[unit.pk]) + f"?quarter={quarter_label(year, quarter)}"
    )
