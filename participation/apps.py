from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Party life in the grid")

    def ready(self):
        from grid_gov import outbox

        from . import notify

        outbox.register(notify.REMIND, notify.handle_remind, first_retry=30, max_retry=3600)
        outbox.register(
            notify.TOPIC_OVERDUE, notify.handle_topic_overdue, first_retry=30, max_retry=3600
        )

        outbox.register(
            notify.EMERGENCY_REPORT, notify.handle_emergency_report, first_retry=5, max_retry=300
        )

        from cases.signals import case_changed

        from . import receivers

        case_changed.connect(receivers.case_closed_closes_task, dispatch_uid="topic-task-case")

        from orgs.signals import subtree_moved

        from . import rollups  # noqa: F401 - registers the participation rollup

        subtree_moved.connect(receivers.subtree_moved_recopies, dispatch_uid="party-recopy")
