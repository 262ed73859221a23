from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from PIL import Image

        from . import receivers  # noqa: F401
        from .photos import max_pixels

        # Pillow warns above this many pixels and refuses above twice it.
        Image.MAX_IMAGE_PIXELS = max_pixels()
