"""The demo district holds topics at every step and level, and the last
weeks' weekly reports, some late and some missing."""

import pytest
from django.utils import timezone

from participation.models import Topic, TopicEvent, WeeklyReport
from participation.services import weekly


@pytest.mark.django_db
def test_the_demo_has_topics_at_every_step_and_level_and_weeks_of_reports(demo, db):
    assert set(Topic.objects.values_list("status", flat=True)) >= {
        "raised",
        "deliberating",
        "decided",
        "doing",
        "evaluating",
        "done",
        "declined",
    }
    assert set(Topic.objects.values_list("level", flat=True)) == {
        "building",
        "compound",
        "community",
    }
    assert TopicEvent.objects.filter(action="escalate").exists()
    # Every topic's timeline ends where the topic stands.
    for topic in Topic.objects.all()[:200]:
        assert list(topic.events.all())[-1].to_status == topic.status
    weeks = set(WeeklyReport.objects.values_list("week", flat=True))
    assert len(weeks) == 8 and max(weeks) == weekly.last_full_week()
    past = WeeklyReport.objects.filter(due_at__lt=timezone.now())
    assert past.filter(status="submitted", late=False).count() > past.count() / 2
    assert past.filter(late=True).exists()
    assert past.filter(submitted_at__isnull=True).exists()
