"""Builders for deliberation tests: a topic raised at G1 (the compound
level) by its leader, driven through the services to a given step."""

from participation import services
from participation.models import Topic
from tests.participation.helpers import at

PEOPLE = [
    {"kind": "resident", "name": "张居民"},
    {"kind": "resident", "name": "李居民"},
    {"kind": "property", "name": "物业王经理"},
    {"kind": "owners", "name": "业委会赵主任"},
    {"kind": "resident", "name": "陈居民"},
]
TASKS = [
    {"title": "征集加装电梯意见", "responsible": "网格长", "due_on": "2026-12-20"},
    {"title": "联系电梯公司报价", "responsible": "物业王经理", "due_on": "2026-12-31"},
]


def raise_topic(w, user=None, unit=None, **extra) -> Topic:
    data = {
        "user": user or w.leader,
        "unit": unit or w.g1,
        "title": "3栋加装电梯",
        "description": "3栋老人多，上下楼困难，居民希望加装电梯。",
        "backers": 24,
    }
    data.update(extra)
    return services.topic_raise(**data)


def fresh(topic) -> Topic:
    return Topic.objects.get(pk=topic.pk)


STEPS = ("deliberating", "met", "recorded", "decided", "doing", "evaluating", "done")


def drive(w, topic, to: str, user=None, meeting_day=-1, venue="default") -> Topic:
    """Take the topic through the steps up to `to` (one of STEPS) as the
    grid leader of G1."""
    user = user or w.leader
    steps = STEPS[: STEPS.index(to) + 1]
    for step in steps:
        if step == "deliberating":
            services.topic_accept(topic=topic, user=user)
        elif step == "met":
            services.topic_meet(
                topic=topic,
                user=user,
                venue=w.venue if venue == "default" else venue,
                place="网格说事点",
                starts_at=at(meeting_day),
                ends_at=at(meeting_day, hours=2),
            )
        elif step == "recorded":
            services.topic_record(
                topic=topic,
                user=user,
                participants=PEOPLE,
                options=["加装电梯", "暂缓"],
                minutes="讨论了加装电梯的费用分摊。",
            )
        elif step == "decided":
            services.topic_decide(
                topic=topic,
                user=user,
                decision="加装电梯",
                votes_for=4,
                votes_against=1,
                votes_abstain=0,
                tasks=TASKS,
            )
        elif step == "doing":
            services.topic_start(topic=topic, user=user)
        elif step == "evaluating":
            for task in fresh(topic).tasks.all():
                services.topic_task_complete(topic=topic, user=user, task=task.pk, note="已完成")
            services.topic_finish(topic=topic, user=user)
        elif step == "done":
            services.topic_evaluate(
                topic=topic, user=user, satisfied=4, basically_satisfied=1, unsatisfied=0
            )
    return fresh(topic)
