from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and assessment")

    def ready(self):
        from cases.signals import case_changed

        from . import rollups

        case_changed.connect(rollups.on_case_changed, dispatch_uid="dashboards-rollups")
