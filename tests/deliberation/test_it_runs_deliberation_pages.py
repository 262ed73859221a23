"""The deliberation pages: raising a topic from a phone, the review, a step
refused in place with its message, and the steps each person is offered."""

import pytest
from django.test import Client
from django.urls import reverse

from participation.models import Topic, TopicEvent
from tests.participation.helpers import at, party, photo

from .topics import drive, fresh, raise_topic


@pytest.fixture
def w(world):
    return party(world)


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def test_it_raises_a_topic_with_photos_from_the_page(w):
    page = browser(w.teammate).get(reverse("party-topic-new"))
    assert page.status_code == 200
    assert "第一党小组（楼栋/党小组）" in page.content.decode()
    r = browser(w.teammate).post(
        reverse("party-topic-new"),
        {
            "unit": w.p1.pk,
            "title": "楼道灯不亮",
            "description": "2单元楼道灯坏了一个月。",
            "backers": 8,
            "on_behalf_of": "王阿姨",
            "photos": [photo("a.png"), photo("b.png")],
        },
    )
    topic = Topic.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("party-topic-detail", args=[topic.pk])
    assert (topic.level, topic.unit_id, topic.backers, topic.photos.count()) == (
        "building",
        w.p1.pk,
        8,
        2,
    )


def test_it_shows_what_is_missing_and_writes_nothing(w):
    r = browser(w.leader).post(
        reverse("party-topic-new"),
        {"unit": w.g1.pk, "title": "", "description": "x", "backers": -3},
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "该字段是必填项。" in body
    assert not Topic.objects.exists()
    topic = raise_topic(w)
    r = browser(w.leader).post(reverse("party-topic-step", args=[topic.pk, "decline"]), {})
    assert r.status_code == 400
    assert "该字段是必填项。" in r.content.decode()
    assert fresh(topic).status == "raised"


def test_it_offers_each_person_the_steps_they_may_take(w):
    topic = raise_topic(w)
    url = reverse("party-topic-detail", args=[topic.pk])
    leader_page = browser(w.leader).get(url).content.decode()
    teammate_page = browser(w.teammate).get(url).content.decode()
    accept = reverse("party-topic-step", args=[topic.pk, "accept"])
    assert accept in leader_page
    assert accept not in teammate_page
    assert browser(w.outsider).get(url).status_code == 404
    r = browser(w.teammate).post(accept, {})
    assert r.status_code == 403
    assert fresh(topic).status == "raised"


def test_it_runs_the_meeting_decision_and_evaluation_from_the_page(w):
    topic = drive(w, raise_topic(w), "deliberating")
    client = browser(w.leader)
    start = at(-1)
    r = client.post(
        reverse("party-topic-step", args=[topic.pk, "meet"]),
        {"venue": w.venue.pk, "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": "11:00"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    r = client.post(
        reverse("party-topic-step", args=[topic.pk, "record"]),
        {
            "kind_0": "resident",
            "name_0": "张居民",
            "kind_1": "property",
            "name_1": "物业王经理",
            "kind_2": "owners",
            "name_2": "业委会赵主任",
            "options": "加装电梯\n暂缓",
            "minutes": "讨论费用分摊。",
        },
    )
    assert r.status_code == 302
    assert fresh(topic).options == ["加装电梯", "暂缓"]
    # Four votes from three participants: refused in place, nothing written.
    bad = {
        "decision": "加装电梯",
        "votes_for": 3,
        "votes_against": 1,
        "votes_abstain": 0,
        "task_title_0": "征集意见",
        "task_responsible_0": "网格长",
        "task_due_0": "2026-12-20",
    }
    r = client.post(reverse("party-topic-step", args=[topic.pk, "decide"]), bad)
    assert r.status_code == 400
    assert "共4票，但参会只有3人，请核对票数。" in r.content.decode()
    assert fresh(topic).status == "deliberating"
    r = client.post(reverse("party-topic-step", args=[topic.pk, "decide"]), {**bad, "votes_for": 2})
    assert r.status_code == 302
    client.post(reverse("party-topic-step", args=[topic.pk, "start"]))
    task = fresh(topic).tasks.get()
    client.post(
        reverse("party-topic-step", args=[topic.pk, "complete_task"]),
        {"task": task.pk, "note": "意见已征集"},
    )
    client.post(reverse("party-topic-step", args=[topic.pk, "finish"]))
    r = client.post(
        reverse("party-topic-step", args=[topic.pk, "evaluate"]),
        {"satisfied": 2, "basically_satisfied": 1, "unsatisfied": 0},
    )
    assert r.status_code == 302
    assert fresh(topic).status == "done"
    page = client.get(reverse("party-topic-detail", args=[topic.pk])).content.decode()
    assert "已办结" in page and "满意 2" in page
    assert list(TopicEvent.objects.filter(topic=topic).values_list("action", flat=True)) == [
        "raise",
        "accept",
        "meet",
        "record",
        "decide",
        "start",
        "complete_task",
        "finish",
        "evaluate",
    ]
