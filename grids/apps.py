from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Grids and staff")

    def ready(self):
        from . import resources  # noqa: F401  (registers the units and staff sheets)
