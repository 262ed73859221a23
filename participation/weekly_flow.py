"""The weekly report's one table: which action may follow which status.

draft ─edit─▶ draft ─submit─▶ submitted ─return─▶ returned ─edit─▶ returned
                                  ▲                   │
                                  └──────submit───────┘
"""

from django.db import models
from django.utils.translation import pgettext_lazy

from .models.weekly import ReportStatus


class ReportAction(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report action", "Drafted from the records")
    EDIT = "edit", pgettext_lazy("report action", "Edited")
    SUBMIT = "submit", pgettext_lazy("report action", "Submitted")
    RETURN = "return", pgettext_lazy("report action", "Returned")


A = ReportAction
S = ReportStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, A.EDIT): S.DRAFT,
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.RETURNED, A.EDIT): S.RETURNED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
}


def status_allows(status: str, action: str) -> bool:
    return (status, action) in TRANSITIONS


def next_status(status: str, action: str) -> str:
    return TRANSITIONS[(status, action)]


def report_actions(status: str) -> list[str]:
    return [a for (s, a) in TRANSITIONS if s == status]
