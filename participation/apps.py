from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Party life in the grid")

    def ready(self):
        from grid_gov import outbox

        from . import notify

        outbox.register(notify.REMIND, notify.handle_remind, first_retry=30, max_retry=3600)
