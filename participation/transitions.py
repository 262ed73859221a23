"""The demands board's one table: which action may follow which status and
where it leads. Services and pages ask here; nothing else decides.

    posted ─claim─▶ claimed ─complete─▶ done ─rate─▶ rated
       │               │
       └────cancel─────┴──▶ cancelled
"""

from django.db import models
from django.utils.translation import pgettext_lazy

from .models import DemandStatus


class DemandAction(models.TextChoices):
    POST = "post", pgettext_lazy("demand action", "Post")
    CLAIM = "claim", pgettext_lazy("demand action", "Claim")
    COMPLETE = "complete", pgettext_lazy("demand action", "Complete")
    RATE = "rate", pgettext_lazy("demand action", "Rate")
    CANCEL = "cancel", pgettext_lazy("demand action", "Cancel")
    REMIND = "remind", pgettext_lazy("demand action", "Remind")


A = DemandAction
S = DemandStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.POSTED, A.CLAIM): S.CLAIMED,
    (S.CLAIMED, A.COMPLETE): S.DONE,
    (S.DONE, A.RATE): S.RATED,
    (S.POSTED, A.CANCEL): S.CANCELLED,
    (S.CLAIMED, A.CANCEL): S.CANCELLED,
    # The reminder of an unclaimed need changes nothing but is logged.
    (S.POSTED, A.REMIND): S.POSTED,
}

USER_ACTIONS = (A.CLAIM, A.COMPLETE, A.RATE, A.CANCEL)
OPEN_STATUSES = (S.POSTED, S.CLAIMED)


def status_allows(status: str, action: str) -> bool:
    return (status, action) in TRANSITIONS


def next_status(status: str, action: str) -> str:
    return TRANSITIONS[(status, action)]


def actions_for_status(status: str) -> list[str]:
    return [a.value for a in USER_ACTIONS if (status, a) in TRANSITIONS]
