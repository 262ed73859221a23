from orgs.access import positions_of
from orgs.kinds import UnitKind

from .notify import unread_count
from .transitions import FILING_ROLES


def notifications(request):
    """The unread count shown in the navigation on every page, and whether
    the user files cases (the 上报 button of the phone's tab bar)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    files_cases = any(
        p.role in FILING_ROLES and p.unit.kind != UnitKind.DEPARTMENT for p in positions_of(user)
    )
    return {"unread_notifications": unread_count(user), "files_cases": files_cases}
