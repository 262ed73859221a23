"""The party organization supervises the project's overdue tasks: once per
task, an event in the topic's timeline and a message to the level's unit,
written in the same transaction (the outbox); a second scan adds nothing."""

import datetime

import pytest
from django.utils import timezone

from grid_gov.models import OutboxMessage
from participation import services
from participation.models import TopicEvent
from tests.participation.helpers import party

from .topics import drive, fresh, raise_topic


@pytest.fixture
def w(world):
    return party(world)


def test_it_supervises_each_overdue_task_once(w):
    topic = drive(w, raise_topic(w), "doing")
    today = timezone.localdate()
    late, due = fresh(topic).tasks.order_by("pk")
    late.due_on = today - datetime.timedelta(days=2)
    late.save()
    due.due_on = today
    due.save()
    far = drive(
        w, raise_topic(w, user=w.outsider, unit=w.g2), "decided", user=w.outsider, venue=None
    )
    far.tasks.update(due_on=today - datetime.timedelta(days=9))  # not started: not supervised

    assert services.topics_supervise() == 1
    assert services.topics_supervise() == 0
    event = TopicEvent.objects.get(action="supervise")
    assert (event.topic_id, event.to_status, event.actor) == (topic.pk, "doing", None)
    assert event.note == f"征集加装电梯意见应于{late.due_on}完成。"
    sent = OutboxMessage.objects.filter(kind="participation.topic_task_overdue")
    assert [(m.payload["unit"], m.payload["task"]) for m in sent] == [(w.g1.pk, "征集加装电梯意见")]
