"""The triage table: which move may follow which status. A report waits
(pending) until it is filed as a case, merged into an open case or declined;
nothing moves it after that."""

from .models import ReportStatus as S

ACCEPT, MERGE, DECLINE, RECEIVE = "accept", "merge", "decline", "receive"

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PENDING, ACCEPT): S.ACCEPTED,
    (S.PENDING, MERGE): S.MERGED,
    (S.PENDING, DECLINE): S.DECLINED,
}


def allowed_moves(status: str) -> list[str]:
    return [move for (status_from, move) in TRANSITIONS if status_from == status]
