"""The unit a dashboard request names: parsed, then opened only when the
caller may see it (`orgs.access`), for every dashboard URL, API and page."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from orgs.access import has_capability, scope_roots
from orgs.kinds import Capability
from orgs.models import OrgUnit

# What a refusal says, by what was missing: the page the person asked for,
# not another one.
REFUSALS = {
    Capability.VIEW_DASHBOARDS: lambda: _("Your position does not give access to dashboards here."),
    Capability.ENTER_ASSESSMENTS: lambda: _(
        "Your position does not enter assessment scores here. Ask the organization department."
    ),
    Capability.MANAGE_TREE: lambda: _("Only an administrator publishes assessment results here."),
}


class UnitNotFound(Exception):
    """Unknown or outside the caller's subtree: both answered alike."""


def parse_unit_id(raw) -> tuple[int | None, list[str]]:
    if raw in (None, ""):
        return None, []
    try:
        value = int(str(raw).strip())
        if value <= 0:
            raise ValueError
    except ValueError:
        return None, [
            _("“%(value)s” is not a unit id: give the number of a unit, e.g. 12.") % {"value": raw}
        ]
    return value, []


def visible_unit(user, unit_id: int | None, capability=Capability.VIEW_DASHBOARDS) -> OrgUnit:
    """The unit `unit_id` if the user may see it (the user's first granted
    root when None). Raises UnitNotFound, or PermissionDenied for a role
    without `capability` there."""
    if unit_id is None:
        roots = scope_roots(user)
        if not roots:
            raise UnitNotFound
        unit = roots[0]
    else:
        unit = OrgUnit.objects.visible_to(user).filter(pk=unit_id).first()
        if unit is None:
            raise UnitNotFound
    if not has_capability(user, capability, unit):
        raise PermissionDenied(REFUSALS.get(capability, REFUSALS[Capability.VIEW_DASHBOARDS])())
    return unit


def not_found_message(unit_id) -> str:
    return _(
        "There is no unit %(id)s in your area. Pick one from your own dashboard's ranking table."
    ) % {"id": unit_id}
