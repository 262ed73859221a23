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
    }
    return f"{base}?{urlencode(query)}"
