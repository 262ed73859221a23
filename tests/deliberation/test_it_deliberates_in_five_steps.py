"""Deliberation through the API: a topic from 问 to 评, a decline, a merge,
an escalation, an unsatisfied evaluation sending it back, a task turned into
a case whose closure closes the task; every step the table does not allow
answers 409 and writes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from cases import services as cases
from cases.models import CaseCategory, CaseDeadline
from cases.seed import seed_categories
from participation.deliberation_flow import TRANSITIONS, USER_ACTIONS
from participation.models import Activity, Topic, TopicEvent, TopicTask
from tests.participation.helpers import at, party, photo

from .topics import PEOPLE, TASKS, drive, fresh, raise_topic


@pytest.fixture
def w(world):
    return party(world)


def step(api, user, topic, action, body=None, fmt="json"):
    return api(user).post(
        reverse("api-deliberation-step", args=[topic.pk, action]), body or {}, format=fmt
    )


def history(topic):
    return list(
        TopicEvent.objects.filter(topic=topic).values_list("action", "from_status", "to_status")
    )


def test_it_states_the_transition_table_literally():
    assert {(s, a): t for (s, a), t in TRANSITIONS.items()} == {
        ("raised", "accept"): "deliberating",
        ("raised", "decline"): "declined",
        ("raised", "merge"): "merged",
        ("raised", "escalate"): "raised",
        ("deliberating", "escalate"): "raised",
        ("deliberating", "meet"): "deliberating",
        ("deliberating", "record"): "deliberating",
        ("deliberating", "decide"): "decided",
        ("decided", "start"): "doing",
        ("doing", "complete_task"): "doing",
        ("doing", "task_to_case"): "doing",
        ("doing", "case_closed"): "doing",
        ("doing", "supervise"): "doing",
        ("doing", "finish"): "evaluating",
        ("evaluating", "evaluate"): "done",
        ("evaluating", "send_back"): "doing",
    }


def test_it_walks_a_topic_from_raised_to_done(w, api):
    r = api(w.teammate).post(
        reverse("api-deliberation-list"),
        {
            "title": "3栋加装电梯",
            "description": "老人多，上下楼难。",
            "unit": w.g1.pk,
            "backers": 24,
            "on_behalf_of": "张奶奶",
            "photos": [photo()],
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["status"], body["level"], body["backers"], len(body["photos"])) == (
        "raised",
        "compound",
        24,
        1,
    )
    assert body["actions"] == ["accept", "decline", "merge", "escalate"]
    # The photo is served to those who see the topic, and to nobody else.
    [url] = body["photos"]
    for user, status in ((w.leader, 200), (w.outsider, 404)):
        browser = Client()
        browser.force_login(user)
        assert browser.get(url).status_code == status
    topic = Topic.objects.get(pk=body["id"])
    # The grid worker raises but does not review: that is the branch's.
    assert step(api, w.teammate, topic, "accept").status_code == 403
    assert step(api, w.leader, topic, "accept").status_code == 200
    r = step(
        api,
        w.leader,
        topic,
        "meet",
        {"venue": w.venue.pk, "starts_at": at(-1).isoformat(), "ends_at": at(-1, 2).isoformat()},
    )
    assert r.status_code == 200, r.content
    meeting = Activity.objects.get(pk=r.json()["meeting"])
    assert (meeting.kind, meeting.organizer_id, meeting.venue_id) == (
        "deliberation",
        w.g1.pk,
        w.venue.pk,
    )
    people = [*PEOPLE, {"kind": "member", "name": "李普通", "member": w.m2.pk}]
    r = step(
        api,
        w.teammate,
        topic,
        "record",
        {"participants": people, "options": ["加装电梯", "暂缓"], "minutes": "费用按楼层分摊。"},
    )
    assert r.status_code == 200, r.content
    meeting.refresh_from_db()
    # The meeting's attendance counts: the member by name, the rest by count.
    assert (meeting.status, meeting.attended, meeting.residents, meeting.minutes) == (
        "held",
        1,
        5,
        "费用按楼层分摊。",
    )
    r = step(
        api,
        w.leader,
        topic,
        "decide",
        {
            "decision": "加装电梯",
            "votes_for": 5,
            "votes_against": 1,
            "votes_abstain": 0,
            "tasks": TASKS,
        },
    )
    assert r.status_code == 200, r.content
    tasks = r.json()["tasks"]
    assert [(t["title"], t["responsible"], t["due_on"], t["status"]) for t in tasks] == [
        ("征集加装电梯意见", "网格长", "2026-12-20", "open"),
        ("联系电梯公司报价", "物业王经理", "2026-12-31", "open"),
    ]
    assert step(api, w.leader, topic, "start").status_code == 200
    # Not every task is done: finishing is refused.
    r = step(api, w.leader, topic, "finish")
    assert r.status_code == 409
    assert "联系电梯公司报价" in r.json()["detail"]
    for t in tasks:
        r = step(api, w.teammate, topic, "complete_task", {"task": t["id"], "note": "已办"})
        assert r.status_code == 200, r.content
    assert step(api, w.leader, topic, "finish").status_code == 200
    r = step(
        api,
        w.teammate,
        topic,
        "evaluate",
        {"satisfied": 4, "basically_satisfied": 1, "unsatisfied": 1},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["status"], body["satisfied"], body["unsatisfied"], body["actions"]) == (
        "done",
        4,
        1,
        [],
    )
    assert history(topic) == [
        ("raise", "", "raised"),
        ("accept", "raised", "deliberating"),
        ("meet", "deliberating", "deliberating"),
        ("record", "deliberating", "deliberating"),
        ("decide", "deliberating", "decided"),
        ("start", "decided", "doing"),
        ("complete_task", "doing", "doing"),
        ("complete_task", "doing", "doing"),
        ("finish", "doing", "evaluating"),
        ("evaluate", "evaluating", "done"),
    ]


def test_it_declines_with_a_reason_the_raiser_sees(w, api):
    topic = raise_topic(w, user=w.teammate)
    r = step(api, w.leader, topic, "decline", {})
    assert r.status_code == 400
    assert r.json() == {"reason": ["该字段是必填项。"]}
    assert fresh(topic).status == "raised"
    assert step(api, w.outsider, topic, "decline", {"reason": "x"}).status_code == 404
    r = step(api, w.leader, topic, "decline", {"reason": "属物业合同范围，请向物业反映。"})
    assert r.status_code == 200
    seen = api(w.teammate).get(reverse("api-deliberation-detail", args=[topic.pk])).json()
    assert (seen["status"], seen["decline_reason"]) == (
        "declined",
        "属物业合同范围，请向物业反映。",
    )
    # A decision on a declined topic: 409, nothing written.
    r = step(
        api,
        w.leader,
        topic,
        "decide",
        {"decision": "x", "votes_for": 1, "votes_against": 0, "votes_abstain": 0, "tasks": TASKS},
    )
    assert r.status_code == 409
    assert (r.json()["status"], r.json()["allowed_actions"]) == ("declined", [])
    assert not TopicTask.objects.exists()
    assert fresh(topic).version == 2


def test_it_merges_a_topic_into_another(w, api):
    first = raise_topic(w, backers=10)
    second = raise_topic(w, title="3栋电梯（重复）", backers=5)
    far = raise_topic(w, user=w.outsider, unit=w.g2)
    r = step(api, w.leader, second, "merge", {"into": far.pk})
    assert r.status_code == 400
    assert r.json() == {"into": ["请选择另一个未结束的议题进行合并。"]}
    assert step(api, w.leader, second, "merge", {"into": second.pk}).status_code == 400
    r = step(api, w.leader, second, "merge", {"into": first.pk})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["merged_into"]) == ("merged", first.pk)
    assert fresh(first).backers == 15
    assert history(second)[-1] == ("merge", "raised", "merged")


def test_it_sends_a_topic_up_level_by_level_keeping_its_history(w, api):
    topic = raise_topic(w, unit=w.p1, title="楼道加装扶手")
    assert fresh(topic).level == "building"
    r = step(api, w.leader, topic, "escalate", {"note": "楼栋议不定"})
    assert r.status_code == 200
    assert (r.json()["level"], r.json()["unit"], r.json()["status"]) == (
        "compound",
        w.g1.pk,
        "raised",
    )
    assert step(api, w.leader, topic, "accept").status_code == 200
    assert step(api, w.leader, topic, "escalate").status_code == 200
    body = api(w.leader).get(reverse("api-deliberation-detail", args=[topic.pk])).json()
    assert (body["level"], body["unit"], body["status"]) == ("community", w.c1.pk, "raised")
    # The community's party organization reviews it now, not the grid's.
    assert step(api, w.leader, topic, "accept").status_code == 403
    r = step(api, w.community, topic, "escalate")
    assert r.status_code == 409
    assert r.json()["detail"] == "社区已是最高一级，议题不能再上报。"
    assert step(api, w.community, topic, "accept").status_code == 200
    assert [(e["action"], e["from_unit"], e["to_unit"]) for e in body["events"]] == [
        ("raise", None, w.p1.pk),
        ("escalate", w.p1.pk, w.g1.pk),
        ("accept", w.g1.pk, w.g1.pk),
        ("escalate", w.g1.pk, w.c1.pk),
    ]


def test_it_sends_an_unsatisfied_evaluation_back_to_doing(w, api):
    topic = drive(w, raise_topic(w), "evaluating")
    r = step(
        api,
        w.leader,
        topic,
        "evaluate",
        {"satisfied": 1, "basically_satisfied": 1, "unsatisfied": 3},
    )
    assert r.status_code == 200
    assert r.json()["status"] == "doing"
    assert history(topic)[-1] == ("send_back", "evaluating", "doing")
    assert step(api, w.leader, topic, "finish").status_code == 200
    r = step(
        api,
        w.leader,
        topic,
        "evaluate",
        {"satisfied": 4, "basically_satisfied": 1, "unsatisfied": 0},
    )
    assert r.json()["status"] == "done"


def test_it_closes_a_task_when_the_case_it_became_closes(w, api):
    seed_categories(CaseCategory, CaseDeadline)
    leaf = CaseCategory.objects.get(code="0204")
    topic = drive(w, raise_topic(w), "doing")
    task = fresh(topic).tasks.first()
    r = step(api, w.teammate, topic, "task_to_case", {"task": task.pk, "category": leaf.pk})
    assert r.status_code == 200, r.content
    task.refresh_from_db()
    case = task.case
    assert (case.grid_id, case.title, case.status) == (w.g1.pk, "征集加装电梯意见", "reported")
    # The case loop runs it now; it is not ticked off by hand.
    r = step(api, w.leader, topic, "complete_task", {"task": task.pk})
    assert r.status_code == 409
    case = cases.case_accept(case=case, user=w.leader, version=case.version)
    case = cases.case_resolve(case=case, user=w.leader, version=case.version, result="已征集")
    cases.case_close(case=case, user=w.teammate, version=case.version, satisfaction="satisfied")
    task.refresh_from_db()
    assert task.status == "done"
    assert history(topic)[-2:] == [
        ("task_to_case", "doing", "doing"),
        ("case_closed", "doing", "doing"),
    ]
    other = fresh(topic).tasks.exclude(pk=task.pk).get()
    assert step(api, w.leader, topic, "complete_task", {"task": other.pk}).status_code == 200
    assert step(api, w.leader, topic, "finish").status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({"votes_for": -1}, "votes_for"),
        ({"votes_for": 5, "votes_against": 2}, "votes_for"),
        ({"tasks": [{"title": "报价", "responsible": "物业"}]}, "tasks"),
        ({"tasks": []}, "tasks"),
        ({"decision": ""}, "decision"),
    ],
)
def test_it_refuses_a_bad_decision_and_writes_nothing(w, api, body, field):
    topic = drive(w, raise_topic(w), "recorded")
    data = {
        "decision": "加装电梯",
        "votes_for": 3,
        "votes_against": 1,
        "votes_abstain": 0,
        "tasks": TASKS,
    }
    data.update(body)
    r = step(api, w.leader, topic, "decide", data)
    assert r.status_code == 400, r.content
    assert field in r.json()
    assert (fresh(topic).status, fresh(topic).version, TopicTask.objects.count()) == (
        "deliberating",
        4,
        0,
    )


@pytest.mark.parametrize(
    "status", ["raised", "deliberating", "decided", "doing", "evaluating", "done", "declined"]
)
def test_it_answers_every_action_its_step_does_not_allow_with_409(w, api, status):
    topic = raise_topic(w)
    if status == "declined":
        topic = fresh(services_decline(w, topic))
    elif status != "raised":
        topic = drive(w, topic, status)
    before = (fresh(topic).version, TopicEvent.objects.filter(topic=topic).count())
    for action in USER_ACTIONS:
        if (status, action) in TRANSITIONS:
            continue
        r = step(api, w.admin, topic, action, {})
        assert r.status_code == 409, (status, action, r.content)
        assert r.json()["status"] == status
    assert (fresh(topic).version, TopicEvent.objects.filter(topic=topic).count()) == before


def services_decline(w, topic):
    from participation import services

    return services.topic_decline(topic=topic, user=w.leader, reason="不属议事范围")


def test_it_keeps_topics_to_their_subtree(w, api):
    mine = raise_topic(w)
    far = raise_topic(w, user=w.outsider, unit=w.g2, title="三网格停车")
    listed = api(w.outsider).get(reverse("api-deliberation-list")).json()["results"]
    assert [t["id"] for t in listed] == [far.pk]
    assert (
        api(w.outsider).get(reverse("api-deliberation-detail", args=[mine.pk])).status_code == 404
    )
    assert step(api, w.outsider, mine, "accept").status_code == 404
    r = api(w.outsider).post(
        reverse("api-deliberation-list"),
        {"title": "x", "description": "y", "unit": w.g1.pk},
        format="json",
    )
    assert r.status_code == 400
    assert Topic.objects.count() == 2


# The step each action is tried at, and whether the grid worker (the
# teammate) may take it: review steps are the party organization's.
STEP_AT = {
    "accept": ("raised", False),
    "decline": ("raised", False),
    "merge": ("raised", False),
    "escalate": ("raised", False),
    "meet": ("deliberating", False),
    "record": ("met", True),
    "decide": ("recorded", False),
    "start": ("decided", False),
    "complete_task": ("doing", True),
    "task_to_case": ("doing", True),
    "finish": ("doing", False),
    "evaluate": ("evaluating", True),
}


@pytest.mark.parametrize("action", sorted(STEP_AT))
def test_it_answers_the_outsider_404_and_the_teammate_403_at_every_step(w, api, action):
    assert set(STEP_AT) == set(USER_ACTIONS)
    where, teammate_may = STEP_AT[action]
    topic = raise_topic(w)
    if where != "raised":
        topic = drive(w, topic, where)
    before = (fresh(topic).version, TopicEvent.objects.count())
    assert step(api, w.outsider, topic, action, {}).status_code == 404
    r = step(api, w.teammate, topic, action, {})
    assert r.status_code == (400 if teammate_may else 403), r.content
    assert (fresh(topic).version, TopicEvent.objects.count()) == before
