"""Reminders of the demands board, delivered through the outbox: written in
the reminding transaction, told to the grid's staff by the relay. The
delivery is the log line the site's channels read (an SMS or WeChat channel
hangs off the same logger); the key makes a redelivery say nothing twice."""

import logging

log = logging.getLogger("gridgov.participation")

REMIND = "participation.demand_remind"


def handle_remind(message) -> None:
    p = message.payload
    log.info(
        "remind grid %s key=%s: demand %s「%s」unclaimed for %s days",
        p.get("grid"),
        message.key,
        p.get("demand"),
        p.get("title"),
        p.get("days"),
    )


TOPIC_OVERDUE = "participation.topic_task_overdue"


def handle_topic_overdue(message) -> None:
    p = message.payload
    log.info(
        "supervise unit %s key=%s: topic %s task「%s」due %s is overdue",
        p.get("unit"),
        message.key,
        p.get("topic"),
        p.get("task"),
        p.get("due_on"),
    )


EMERGENCY_REPORT = "participation.emergency_report"


def handle_emergency_report(message) -> None:
    p = message.payload
    log.warning(
        "emergency report to unit %s key=%s: grid %s「%s」(report %s)",
        p.get("unit"),
        message.key,
        p.get("grid"),
        p.get("title"),
        p.get("report"),
    )
