"""The 12345 hotline hears each result at its callback URL, through the
outbox: a real local HTTP receiver, down at first, then up; the result
arrives once, with its idempotency key."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from cases import services as case_services
from cases.models import Case
from grid_gov import outbox
from grid_gov.models import OutboxMessage
from intake import services

from .conftest import make_client, receive


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    def __init__(self, port):
        self.port = port
        self.received = []
        self.server = None

    def start(self):
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.headers["Idempotency-Key"], json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver(free_port())
    yield r
    r.stop()


def relay_now():
    outbox.outbox_retry_now(ids=OutboxMessage.objects.values_list("id", flat=True))
    return outbox.outbox_relay(seconds=5)


def close_case(case, user, follow_up):
    """`user` handles and resolves; `follow_up` records the resident's answer."""
    for action, kw, by in [
        (case_services.case_accept, {}, user),
        (case_services.case_resolve, {"result": "垃圾已清运，现场已清洁"}, user),
        (case_services.case_close, {"satisfaction": "satisfied"}, follow_up),
    ]:
        case = action(case=case, user=by, version=Case.objects.get(pk=case.pk).version, **kw)
    return case


def test_it_delivers_the_result_once_after_the_receiver_comes_up(mapped, cats, receiver):
    hotline = make_client(
        mapped,
        channel="hotline",
        callback_url=f"http://127.0.0.1:{receiver.port}/results",
    )
    report = receive(channel="hotline", client=hotline, external_id="12345-0001")
    report = services.report_accept(report=report, user=mapped.leader, category=cats["0401"])
    close_case(report.case, mapped.leader, mapped.teammate)

    # The receiver is down: the delivery fails and stays due.
    relay_now()
    message = OutboxMessage.objects.get(kind="intake.result_callback")
    assert message.delivered_at is None and message.attempts == 1
    assert "Connection refused" in message.last_error or "URLError" in message.last_error

    receiver.start()
    relay_now()
    relay_now()
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 2
    assert receiver.received == [
        (
            message.key,
            {
                "ticket": "12345-0001",
                "service_request_id": report.receipt,
                "status": "closed",
                "result": "垃圾已清运，现场已清洁",
                "case_number": report.case.number,
            },
        )
    ]


def test_it_tells_the_hotline_of_a_declined_ticket(mapped, cats, receiver):
    receiver.start()
    hotline = make_client(
        mapped,
        channel="hotline",
        callback_url=f"http://127.0.0.1:{receiver.port}/results",
    )
    report = receive(channel="hotline", client=hotline, external_id="12345-0002")
    services.report_decline(report=report, user=mapped.leader, reason="非本辖区事项")
    relay_now()
    assert [(body["ticket"], body["status"], body["result"]) for _, body in receiver.received] == [
        ("12345-0002", "declined", "非本辖区事项")
    ]


def test_it_calls_back_for_a_ticket_merged_into_a_case_when_that_case_closes(
    mapped, cats, receiver
):
    receiver.start()
    hotline = make_client(
        mapped,
        channel="hotline",
        callback_url=f"http://127.0.0.1:{receiver.port}/results",
    )
    from tests.cases.conftest import file_case

    case = file_case(mapped, cats)
    report = receive(channel="hotline", client=hotline, external_id="12345-0003")
    services.report_merge(report=report, user=mapped.leader, case=case)
    close_case(case, mapped.leader, mapped.teammate)
    relay_now()
    assert [(body["ticket"], body["case_number"]) for _, body in receiver.received] == [
        ("12345-0003", case.number)
    ]


def test_it_sends_nothing_for_a_client_without_a_callback(mapped, cats):
    app = make_client(mapped, channel="open311")
    report = receive(channel="open311", client=app, external_id="a-1")
    services.report_decline(report=report, user=mapped.leader, reason="不属实")
    assert OutboxMessage.objects.filter(kind="intake.result_callback").count() == 0
