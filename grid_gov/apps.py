from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridGovConfig(AppConfig):
    name = "grid_gov"
    verbose_name = _("System")

    def ready(self):
        from . import outbox

        outbox.register(outbox.TASK_KIND, outbox.publish_task)
