"""Links into the case loop: filing a case from a household visit."""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def case_from_visit_url(visit) -> str | None:
    """The case form prefilled from a visit, or None where the case form is
    not installed (the link is then left out of the page)."""
    try:
        base = reverse("case-new")
    except NoReverseMatch:
        return None
    household = visit.household
    query = {
        "grid": household.grid_id,
        "address": household.address,
        "source": "visit",
        "title": _("Found on a visit: %(address)s") % {"address": household.address},
        "description": visit.problems or visit.notes,
        "visit": visit.pk,
    }
    return f"{base}?{urlencode(query)}"


def cases_filed_from(visits) -> dict[int, list[dict]]:
    """The cases filed from each of `visits` (number and page), read by name
    so that people files work without the case loop installed."""
    try:
        from django.apps import apps

        case_model = apps.get_model("cases", "Case")
    except LookupError:
        return {}
    out: dict[int, list[dict]] = {}
    rows = (
        case_model.objects.filter(visit_id__in=[v.pk for v in visits])
        .order_by("id")
        .values_list("visit_id", "pk", "number")
    )
    for visit_id, pk, number in rows:
        out.setdefault(visit_id, []).append(
            {"number": number, "url": reverse("case-detail", args=[pk])}
        )
    return out
