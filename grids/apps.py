from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Grids and staff")

    def ready(self):
        # The members' receivers re-copy ancestor columns when a subtree
        # moves; the people counts are rebuilt from those columns, so they are
        # connected first.
        from members import receivers as _members_receivers  # noqa: F401

        from . import (
            receivers,  # noqa: F401
            resources,  # noqa: F401  (registers the units and staff sheets)
        )
