from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and assessment")

    def ready(self):
        from django.db.models.signals import pre_save

        from cases.signals import case_changed
        from orgs.models import OrgUnit
        from orgs.signals import subtree_moved

        from . import rollups

        case_changed.connect(rollups.on_case_changed, dispatch_uid="dashboards-rollups")
        # A moved subtree takes its cases to other ancestors' rows.
        pre_save.connect(
            rollups.remember_old_ancestors, sender=OrgUnit, dispatch_uid="dashboards-old-ancestors"
        )
        subtree_moved.connect(rollups.on_subtree_moved, dispatch_uid="dashboards-rollups-moved")
