from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People and households")

    def ready(self):
        from . import (
            points,  # noqa: F401  (registers member_points with grid_gov.counters)
            receivers,  # noqa: F401
        )
