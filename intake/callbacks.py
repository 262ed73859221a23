"""Results back to the system a report came from (the 12345 hotline): when
the case closes, or when triage declines the report, a message goes to the
client's callback URL through the outbox, retried until it is taken. The
outbox key travels as the `Idempotency-Key` header, so a redelivery lets the
receiver ignore what it already has."""

import json
import urllib.request

from cases.models import Status
from grid_gov.outbox import outbox_write

RESULT_CALLBACK = "intake.result_callback"
TIMEOUT_SECONDS = 10


def result_post(message) -> None:
    """The outbox handler: POST the result; raises on a refusal or no answer,
    and the outbox tries again after its backoff."""
    payload = dict(message.payload)
    url = payload.pop("callback_url")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Idempotency-Key": message.key},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        if not 200 <= response.status < 300:
            raise RuntimeError(f"callback answered {response.status}")


def result_later(*, report, status: str, result: str, key: str) -> None:
    """Write the result message for `report` in the current transaction, if
    its outside system takes results."""
    client = report.client
    if client is None or not client.callback_url:
        return
    outbox_write(
        kind=RESULT_CALLBACK,
        key=key,
        payload={
            "callback_url": client.callback_url,
            "ticket": report.external_id,
            "service_request_id": report.receipt,
            "status": status,
            "result": result,
            "case_number": report.case.number if report.case_id else "",
        },
    )


def on_case_changed(*, case, event, before) -> None:
    """A case closed: every outside report filed into it hears the result."""
    if case.status != Status.CLOSED or (before and before.get("status") == Status.CLOSED):
        return
    for report in case.intake_reports.select_related("client").filter(client__callback_url__gt=""):
        report.case = case
        result_later(
            report=report,
            status="closed",
            result=case.result,
            key=f"intake.result:{report.pk}:closed:{event.pk}",
        )
